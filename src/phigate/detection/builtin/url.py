"""Web addresses: with a scheme (``https://portal.example.org/p?id=9``), ``www.`` addresses, and
bare domains with a common top-level domain (``myclinic-example.com/records``).

Email domains are left to the email recognizer. A trailing sentence dot, comma or an unbalanced
closing bracket is not part of the URL. A bare domain needs a letter in its labels and no empty label,
and a top-level domain that is also a clinical abbreviation must not head a value: ``RATE 12..TV 500``,
``support.tv 150cc`` and ``20.tv`` are sentences run together, not hosts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._shared import ascii_lower, match, run_start
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["URLRecognizer", "register"]

_TLDS = (
    "com org net edu gov mil int io us uk ca au de fr nl eu info biz health care clinic hospital md "
    "me co ai app dev ly tv xyz online site med nhs"
).split()
#: Where a URL is sure to be: ``scheme://`` or ``www.`` (lowercased text, literal prefixes).
_ANCHOR = re.compile(r"://|www\.")
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]{1,15}$")
#: A dot followed by a known TLD, then not a letter: the end of a bare domain.
_TLD = re.compile(r"\.(?:" + "|".join(sorted(_TLDS, key=len, reverse=True)) + r")(?![a-z0-9\-])")
#: The characters of a host name before its top-level domain.
_HOST = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
#: Top-level domains that are also clinical abbreviations (``TV`` tidal volume, ``CO`` cardiac output,
#: ``MD``, ``med``, ``US`` ultrasound, ``CA``): after a sentence dot with no blank, they head a value.
_CLINICAL_TLDS = frozenset("tv co md med us ca me care health".split())
_VALUE_AFTER = re.compile(r"[ \t]*[:=]?[ \t]*[-+~]?\.?\d")
_REST = re.compile(r"[^\s<>\"'`{}|\\^\[\]]*")
_TRAILING = ".,;:!?'\""


class URLRecognizer:
    """URLs with a scheme, ``www.`` addresses and bare domains with a known TLD."""

    id = "url"
    version = "1"
    categories = frozenset({Category.URL})

    def find(self, text: str) -> Iterator[Match]:
        """Yield URL matches in ``text``."""
        lower = ascii_lower(text)
        covered = -1
        found: list[tuple[int, int]] = []  # URLs with a scheme or www., in order
        anchored = "://" in text or "www." in lower
        for m in _ANCHOR.finditer(lower) if anchored else ():
            if m.start() < covered:
                continue
            if m.group() == "://":
                scheme = _SCHEME.search(lower, max(0, m.start() - 16), m.start())
                if scheme is None:
                    continue
                start, score = scheme.start(), 0.95
            else:
                start, score = m.start(), 0.9
                if start and (lower[start - 1].isalnum() or lower[start - 1] in "./@"):
                    continue
            end = _end(text, start, m.end())
            if end > m.end():
                covered = end
                found.append((start, end))
                yield match(start, end, Category.URL, score)
        covered = -1
        for m in _TLD.finditer(lower):
            i = bisect_right(found, (m.start(), len(text))) - 1
            if m.start() < covered or (i >= 0 and m.start() < found[i][1]):
                continue
            start = run_start(lower, m.start(), _HOST, max(0, m.start() - 128))
            while start < m.start() and not lower[start].isalnum():
                start += 1  # a host starts with a letter or digit
            if start == m.start():
                continue
            if start and (lower[start - 1] in "@./:-_" or lower[start - 1].isalnum()):
                continue  # part of an email, a longer host, or a URL found above
            end = m.end()
            path = text.startswith("/", end)
            if not path and not _plausible_host(lower, start, m):
                continue
            if path:
                end = _end(text, start, end)
            covered = end
            yield match(start, end, Category.URL, 0.85 if path else 0.75)


def _plausible_host(lower: str, start: int, tld: re.Match[str]) -> bool:
    """True when the bare domain from ``start`` to the end of ``tld`` can be a host name: a letter in
    its labels, no empty label (``PEEP...TV``, ``lasix..co``, ``20.tv``), and not a clinical
    abbreviation followed by its value (``support.tv 150cc``: tidal volume; ``..CO 7.6``: cardiac output).
    """
    host = lower[start : tld.start()]
    if ".." in lower[start : tld.start() + 1] or not any(c.isalpha() for c in host):
        return False
    return tld.group()[1:] not in _CLINICAL_TLDS or _VALUE_AFTER.match(lower, tld.end()) is None


def _end(text: str, start: int, pos: int) -> int:
    """Where a URL starting at ``start`` ends when its characters run on from ``pos``: trailing
    punctuation and unbalanced closing brackets are dropped.
    """
    rest = _REST.match(text, pos)
    end = rest.end() if rest is not None else pos
    while end > pos:
        ch = text[end - 1]
        if ch in _TRAILING or (ch == ")" and text.count("(", start, end) < text.count(")", start, end)):
            end -= 1
        else:
            break
    return end


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the URL recognizer."""
    registry.register(URLRecognizer.id, URLRecognizer)
