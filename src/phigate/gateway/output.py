"""Scanning and re-identifying the model's answer, whole or as a stream.

``OutputFilter`` takes the model's text in pieces (``feed``) and gives back what may be shown (the same
object serves a whole answer: one ``feed`` and ``finish``). For each piece it

1. finds placeholders: those made for this call are re-identified for callers allowed to; any other
   known pseudonym is looked up through the vault (``reidentify``, audited there); the rest stay;
2. finds *leaks*: values that were replaced in the prompt and still appear in the answer;
3. finds PHI the model produced, with the detector (placeholders excluded);
4. for callers who may not re-identify, replaces leaks and detected PHI with category markers.

In a stream it holds back only what could still change: the tail that might be the start of a
placeholder (fewer characters than the longest placeholder), and, where output is redacted, the tail
that might be the start of a leaked value plus a short window for the detector, cut at a space. The
first token is therefore not delayed until the end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from json.encoder import encode_basestring

from phigate.detection.base import Detector
from phigate.gateway.deid import MAX_PLACEHOLDER_CHARS, PLACEHOLDER_RE
from phigate.model import Category

__all__ = ["OutputFilter", "json_string_escape"]

#: How much text a redacting stream holds back for the detector (then back to a space).
DETECTION_WINDOW = 48
#: How much already-emitted text the detector sees as left context.
LEFT_CONTEXT = 64


class LeakFinder:
    """Finds the prompt's replaced values in model text, ignoring case: ``str.find`` of each value in
    the lowered text, then leftmost first and, at one position, longest first, without overlaps (what
    an alternation of the values, longest first, would match). No regex to build per call.
    """

    def __init__(self, values: Collection[str]) -> None:
        self._values = sorted({v.lower() for v in values if v}, key=len, reverse=True)
        self._folded: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, value lowered)`` of each value found, left to right, not overlapping."""
        lowered = text.lower()
        if len(lowered) != len(text):  # lowering moved offsets (rare letters): match the text itself
            yield from self._folded_matches(text)
            return
        hits: list[tuple[int, int, str]] = []
        for value in self._values:
            at = lowered.find(value)
            while at >= 0:
                hits.append((at, -len(value), value))
                at = lowered.find(value, at + 1)
        hits.sort()
        position = 0
        for start, minus_length, value in hits:
            if start >= position:
                position = start - minus_length
                yield start, position, value

    def _folded_matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self._folded is None:
            self._folded = re.compile("|".join(map(re.escape, self._values)), re.IGNORECASE)
        for match in self._folded.finditer(text):
            yield match.start(), match.end(), match.group().lower()


def json_string_escape(text: str) -> str:
    """``text`` escaped for the inside of a JSON string (tool-call arguments)."""
    return encode_basestring(text)[1:-1]  # what json.dumps(text, ensure_ascii=False) gives


class OutputFilter:
    """Re-identifies and scans one stream of model text (a message's content or a tool call's arguments)."""

    def __init__(
        self,
        *,
        detector: Detector,
        placeholders: Mapping[str, str],
        originals: Mapping[str, Category],
        reidentify: bool,
        lookup: Callable[[str], str | None] | None = None,
        escape: Callable[[str], str] | None = None,
    ) -> None:
        self.detector = detector
        self.placeholders = placeholders
        self.reidentify = reidentify
        self.lookup = lookup
        self.escape = escape or (lambda text: text)
        self.redact = not reidentify
        values = [v for v in originals if len(v) >= 3]
        self._categories = {v.lower(): originals[v].value for v in values}
        self._leaks = LeakFinder(values) if values else None
        # Only a redacting stream holds back the start of a leaked value.
        self._prefixes = {v[:n] for v in self._categories for n in range(1, len(v))} if self.redact else set()
        self._longest = max(map(len, self._categories), default=0)
        self._pending = ""
        self._context = ""
        self._raw: list[str] = []
        self.reidentified = 0
        self.leaks = 0
        self.entities: Counter[str] = Counter()

    def feed(self, text: str) -> str:
        """Take more model text; return what may be shown now."""
        self._pending += text
        return self._emit(final=False)

    def finish(self) -> str:
        """The rest, at the end of the answer."""
        out = self._emit(final=True)
        if not self.redact:  # scan only: one pass over the whole answer, for the audit counts
            self._tally(self._spans("".join(self._raw), 0))
        return out

    def _tally(self, spans: list[tuple[int, int, str, bool]]) -> None:
        for _start, _end, category, leak in spans:
            if leak:
                self.leaks += 1
            else:
                self.entities[category] += 1

    def _emit(self, *, final: bool) -> str:
        pending = self._pending
        cut = len(pending) if final else self._safe_cut(pending)
        spans: list[tuple[int, int, str, bool]] = []
        if self.redact and cut > 0:
            found = self._spans(self._context + pending, len(self._context))
            for start, end, _category, _leak in found:
                if start < cut < end:
                    cut = start
            spans = [span for span in found if span[1] <= cut]
        if cut <= 0:
            return ""
        piece, self._pending = pending[:cut], pending[cut:]
        if self.redact:
            self._context = (self._context + piece)[-LEFT_CONTEXT:]
            self._tally(spans)
        else:
            self._raw.append(piece)
        return self._rewrite(piece, spans)

    def _safe_cut(self, pending: str) -> int:
        cut = len(pending)
        start = pending.rfind("[", max(0, cut - MAX_PLACEHOLDER_CHARS + 1))
        if start >= 0 and "]" not in pending[start:]:  # a placeholder that has begun but not ended
            cut = start
        if not self.redact:
            return cut
        lowered = pending.lower()
        for n in range(min(self._longest - 1, len(lowered)), 0, -1):  # the start of a leaked value
            if lowered[-n:] in self._prefixes:
                cut = min(cut, len(pending) - n)
                break
        cut = min(cut, len(pending) - DETECTION_WINDOW)  # a window for the detector, back to a space
        if cut <= 0:
            return 0
        return pending.rfind(" ", 0, cut + 1) + 1

    def _spans(self, text: str, offset: int) -> list[tuple[int, int, str, bool]]:
        """PHI and leaks in ``text[offset:]`` (offsets relative to it), placeholders excluded:
        ``(start, end, category, is_leak)``, sorted, without overlaps (leaks win).
        """
        holes = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]

        def free(start: int, end: int) -> bool:
            return end > offset and not any(s < end and start < e for s, e in holes)

        spans: list[tuple[int, int, str, bool]] = []
        if self._leaks is not None:
            for start, end, value in self._leaks.finditer(text):
                if free(start, end):
                    spans.append((start, end, self._categories.get(value, "PHI"), True))
        for finding in self.detector.find_text(text):
            if free(finding.start, finding.end) and not any(
                s < finding.end and finding.start < e for s, e, _, _ in spans
            ):
                spans.append((finding.start, finding.end, finding.category.value, False))
        return sorted((max(s, offset) - offset, e - offset, c, leak) for s, e, c, leak in spans)

    def _rewrite(self, piece: str, spans: list[tuple[int, int, str, bool]]) -> str:
        out: list[str] = []
        pos = 0
        marks = iter(spans)
        mark = next(marks, None)
        for match in PLACEHOLDER_RE.finditer(piece):
            while mark is not None and mark[0] < match.start():
                out.append(piece[pos : mark[0]] + f"[{mark[2]}]")
                pos = mark[1]
                mark = next(marks, None)
            out.append(piece[pos : match.start()])
            out.append(self._placeholder(match.group()))
            pos = match.end()
        while mark is not None:
            out.append(piece[pos : mark[0]] + f"[{mark[2]}]")
            pos = mark[1]
            mark = next(marks, None)
        out.append(piece[pos:])
        return "".join(out)

    def _placeholder(self, placeholder: str) -> str:
        if not self.reidentify:
            return placeholder
        original = self.placeholders.get(placeholder)
        if original is None and self.lookup is not None:
            original = self.lookup(placeholder)
        if original is None:
            return placeholder
        self.reidentified += 1
        return self.escape(original)
