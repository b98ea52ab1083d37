"""Telephone, fax and pager numbers.

US forms: ``(555) 234-5678``, ``555-234-5678``, ``555.234.5678``, ``555 234 5678``, ``+1 555 234 5678``,
``1-555-234-5678``, ``001-555-234-5678``, with extensions (``x123``, ``ext. 45``, ``extension 6``);
seven-digit local numbers (``234-5678``); international numbers written with ``+`` and a country
code (``+44 20 7946 0958``); pagers and internal extensions after a label (``pager 4-1234``,
``ext 45678``, ``paged Dr. Lee at 4-6276``). Ten bare digits count only after a phone label or with
an extension (they are also MRN and account shapes). A number is a FAX when a fax label (``Fax:``,
``F:``, ``facsimile``) stands right before it or ``(fax)`` right after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from phigate.detection.allowlist import is_clinical_range, measurement_follows
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import CONNECTOR, label_scan, labelled_values
from phigate.detection.builtin._shared import LabelHits, ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index, chunk_matches
from phigate.detection.context import Keywords, has_keyword_before
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["PhoneRecognizer", "register"]

_SEP = r"(?:[ \t.\-\u2010\u2011\u2013]|\n(?![ \t]*\n))"
#: Optional parts are written ``(?:...|)``, not ``(?:...)?``: the same match, but ``re`` runs a group
#: made optional by ``?`` as a repeat, which costs more at every position a number is looked for.
_EXT = (
    r"(?:(?P<ext>[ \t]*(?:\n[ \t]*|),?[ \t]*(?:x\.?|[ec]xt\.?|extn\.?|extension|#)"
    r"[ \t]*(?:\n[ \t]*|)\d{1,6})|)"
)
_NANP = re.compile(
    r"(?<![\w+])(?:(?P<prefix>(?:\+|00|)1" + _SEP + r"{0,2})|)"
    r"(?:\((?P<a1>\d{3})\)" + _SEP + r"{0,2}|(?P<a2>\d{3})(?P<s1>" + _SEP + r"{0,2}|/))"
    r"(?P<ex>\d{3})(?P<s2>" + _SEP + r"{0,3})(?P<line>\d{4})(?![\d])" + _EXT
)
_INTL = re.compile(
    r"(?<![\w+])(?:\+|00)(?!1\b)(?P<cc>[2-9]\d{0,2})" + _SEP + r"{0,2}(?:\(0?\d{1,4}\)" + _SEP + r"{0,2}|)"
    r"\d{1,5}(?:" + _SEP + r"{0,2}\d{2,5}){1,4}(?!\d)" + _EXT
)
_LOCAL = re.compile(r"(?<![\w+\-.])(?P<ex>[2-9]\d{2})" + _SEP + r"(?P<line>\d{4})(?!\d)" + _EXT)
#: After a pager/extension label: a short internal number (``4-1234``, ``45678``).
_PAGER_VALUE = re.compile(CONNECTOR + r"(?P<v>\d(?:\d|-(?=\d)){3,9})(?![\w]|[-.]\d)")
#: A hospital's internal extension or pager number, ``4-6276``: a phone only near a pager/phone word.
_INTERNAL = re.compile(r"\d(?<![\w.\-/]\d)-\d{4}(?![\w]|[-./]\d)")
#: Three blank-separated groups in parentheses, the last of five digits (``(301 273 45166)``, one too
#: many for a US number, so the patterns above miss it): a phone number as typed, after a contact cue.
_GROUPED = re.compile(r"\((?P<v>[2-9]\d\d [2-9]\d\d \d{5})\)")
#: Words before a number that make it a contact's: phone labels are label hits; these are people.
_CONTACTS = Keywords(
    """contact contacts reach reached call called calling family son sons daughter daughters wife husband
    spouse partner brother sister mother father mom dad grandson granddaughter grandaughter niece nephew
    friend neighbor neighbour proxy hcp guardian""".split()
)
#: A local number that the OCR view read from a range of decades (``90S-100S`` as ``905-1005``).
_DECADES = re.compile(r"\d{2,3}[sS]-\d{2,3}[sS]?")
#: ``(fax)`` or ``fax`` right after a number, not followed by another number it would label.
_FAX_AFTER = re.compile(r"[ \t]{0,2}[(\[]?[ \t]?(?:fax|facsimile)(?![a-z])(?![ \t]*[:#]?[ \t]*[+(\d])")


class PhoneRecognizer:
    """Phone, fax and pager numbers; US and international formats, extensions, fax by context."""

    id = "phone"
    version = "2"
    categories = frozenset({Category.PHONE, Category.FAX})

    def find(self, text: str) -> Iterator[Match]:
        """Yield phone and fax matches in ``text``."""
        labels = label_scan(text)
        phone, fax, pager = labels.of("PHONE"), labels.of("FAX"), labels.of("PAGER")
        index = chunk_index(text)
        if not index.long and not pager.starts:
            return
        lower = ascii_lower(index.view)  # the numbers' patterns read "x" and "ext" in lowercase
        done = 0
        for chunk_start, chunk_end, chunk in index.long:
            size = chunk_end - chunk_start
            intl = "+" in chunk or "00" in chunk or lower[chunk_start - 1 : chunk_start] == "+"
            if size < 8 and not intl:
                continue  # a local number needs 8 characters, a US one 10
            # a leading "+" or "(" is just before the chunk; an extension may follow it
            pos, stop = max(done, chunk_start - 1), min(len(text), chunk_end + 16)
            while pos < chunk_end:
                found = self._number(lower, pos, stop, size >= 10, intl)
                if found is None:
                    break
                s, e, base = found
                if s >= chunk_end:
                    break
                is_fax = fax.before(s, 16) or _FAX_AFTER.match(lower, e) is not None
                if phone.before(s, 24) or is_fax:
                    base = max(base, 0.85) + 0.05
                elif (
                    base < 0.9
                    and not _label_near(phone, s)
                    and (is_clinical_range(text, s, e) or _DECADES.fullmatch(text, s, e))
                ):
                    base = 0  # "SVR 954-1183", "voiding 575-1000", "HR 90S-100S": a range of values
                if base > 0:
                    yield match(s, e, Category.FAX if is_fax else Category.PHONE, base)
                done = pos = e
        if pager.starts or phone.starts:
            hyphened = [c for c in index.long if "-" in c[2]]
            for m in chunk_matches(_INTERNAL, hyphened, lower, min_len=6):
                if pager.before(m.start(), 40) or phone.before(m.start(), 40):
                    yield match(m.start(), m.end(), Category.PHONE, 0.75)
        for label, s, e in labelled_values(index.view, "PAGER", _PAGER_VALUE) if pager.starts else ():
            if measurement_follows(text, e):
                continue  # "pager 1000 mg"; not "pg 24987\ncc: Dr. Lee"
            yield match(s, e, Category.PHONE, 0.7 if label == "x" else 0.8)
        for m in chunk_matches(_GROUPED, index.long, index.view, min_len=13, before=1):
            if _label_near(phone, m.start()) or has_keyword_before(text, m.start(), _CONTACTS, 8):
                yield match(m.start("v"), m.end("v"), Category.PHONE, 0.7)

    def _number(
        self, text: str, pos: int, stop: int, nanp: bool, intl: bool
    ) -> tuple[int, int, float] | None:
        """The first number at or after ``pos`` (before ``stop``): ``(start, end, base score)``.
        ``nanp`` and ``intl`` say whether the chunk is long enough for a US number and holds a ``+``
        or ``00`` for an international one.
        """
        best: tuple[int, int, float] | None = None
        m = _NANP.search(text, pos, stop) if nanp else None
        if m is not None:
            best = (m.start(), m.end(), _nanp_score(m))
        m = _INTL.search(text, pos, stop) if intl else None
        if m is not None and (best is None or m.start() < best[0]):
            number = m.group() if m["ext"] is None else text[m.start() : m.start("ext")]
            # seven digits at least, country code included: "+4701" is a fluid balance
            best = (m.start(), m.end(), 0.85 if sum(map(str.isdigit, number)) >= 7 else 0.0)
        if best is None:
            m = _LOCAL.search(text, pos, stop)
            if m is not None:
                best = (m.start(), m.end(), 0.55)
        return best


def _label_near(hits: LabelHits, start: int) -> bool:
    """True when a label of ``hits`` ends within 80 characters before ``start``, numbers between or not
    (``call 555-1234 or 555-1200``).
    """
    i = bisect_right(hits.ends, start) - 1
    return i >= 0 and start - hits.ends[i] <= 80


def _nanp_score(m: re.Match[str]) -> float:
    area = m["a1"] or m["a2"]
    prefix = m["prefix"] or ""
    separated = bool(m["a1"] or m["s1"] or m["s2"] or (prefix and not prefix.isdigit()))
    if not separated:
        return 0.85 if m["ext"] else 0.4  # ten bare digits: a phone next to a label or an extension
    valid = area[0] in "23456789" and m["ex"][0] in "23456789"
    score = 0.9 if valid else 0.7
    if prefix or m["ext"]:
        score += 0.05
    return score


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the phone/fax recognizer."""
    registry.register(PhoneRecognizer.id, PhoneRecognizer)
