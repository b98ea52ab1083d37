"""Shared, cached passes that find where number-shaped identifiers can be: the digit dispatcher.

- :func:`ocr_view`: the text with OCR confusions undone (``O``/``l``/``S`` inside numbers, ``0``/``1``/
  ``5`` inside words), which the recognizers search instead of the text.
- :func:`chunk_index`: one pass over the text's *number chunks*, maximal runs of digits joined by
  separators (``555-234-5678``, ``3/4/21 14:30``, ``192.168.1.10:8080``, ``4111 1111 1111 1111``),
  that sorts them by what they may hold: a numeric date, a long identifier, an age over 89. Each
  recognizer of digit-led shapes (dates, phones, SSNs, IPs, cards, NPIs, long ids, ages) walks only
  the chunks handed to it, instead of searching the text itself.
- :func:`code_tokens`: uppercase tokens that mix letters and digits (``RAD-2021-000123``,
  ``1EG4-TE5-MK73``, ``AB1234563``, ``1M8GDM9AXKP042788``) for the shape-validated recognizers; found
  from the number chunks, since every such token holds one.

Each pass runs once per text (cached for the last few texts), however many recognizers use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Chunk", "ChunkIndex", "chunk_index", "chunk_matches", "code_tokens", "ocr_view"]

#: ``(start, end, chunk)`` of a number chunk, in the OCR view's offsets (those of the text).
Chunk = tuple[int, int, str]

_SEPARATORS = r"[0-9\-./:() +\u2010\u2011\u2013]"
#: A run of ASCII digits joined by separators, ending on a digit; one line break may sit inside
#: (hard-wrapped faxes and scans). Written unrolled (separators, then line breaks each followed by
#: separators) so a chunk costs one forward scan. The empty groups mark a chunk with a possible OCR
#: confusion at its edges (an ``O``, ``l``, ``I`` or ``S`` next to it, ``l-``, ``+l `` or ``+l (``
#: before it, a 0, 1, 5 or 8 next to a letter), so that only those are looked at closely. Optional
#: parts are written ``(?:...|)``, not ``(?:...)?``: the same match, but ``re`` runs a group made
#: optional by ``?`` as a repeat, which costs more on every chunk.
_CHUNK = re.compile(
    r"[0-9](?:(?<=[OolIS][0-9])(?P<a>)|(?<=[lI][\-. /][0-9])(?P<b>)|(?<=[A-Za-z][0158])(?P<c>)"
    r"|(?<=[lI] \([0-9])(?P<f>)|)"
    r"(?:" + _SEPARATORS + r"*(?:\n(?!\n)" + _SEPARATORS + r"*)*[0-9]|)"
    r"(?:(?=[OolISs])(?P<d>)|(?<=[0158])(?=[A-Za-z])(?P<e>)|)"
)
#: Letters that OCR reads for digits (``O``/``o`` for 0, ``l``/``I`` for 1, ``S`` for 5), where they
#: sit inside a number: between a digit (or number punctuation after a digit) and a digit, or
#: between a digit and number punctuation (``(523)l75-O613``, but not the spine levels ``L5-S1``,
#: ``t12-l1``); before the ``T`` of a timestamp (``2021-10-3lT02:20``); the hour of a time after a
#: date (``2019-09-07 O2:51``); ending a number that no letter precedes (``10O years``,
#: ``322 92l 7655``, but not ``H2O``); or starting one: before four digits (``S4245``, but not the
#: ICD-10 code ``I48.91``), an ``O`` before three digits or a short group (``O713-3116``,
#: ``O6.09.2022``, ``(O1)0074``; not ``O24.4``) or a two-digit number (``O23``), an ``l`` before a two- or
#: three-digit number (``l01 years``, ``ext l77``) or a date (``l0/2``, ``l2/3/21``, ``l/15/25``; not the
#: levels ``l4/5``, ``l5-s1``), an ``S`` before a phone or SSN group (``S79-8991``, ``S76 1629``; not the
#: injury code ``S72.001A``, the pathology number ``S21-12345`` or ``SOB``); or first in the middle group
#: of an SSN (``354 S2 2659``). A lowercase ``s`` only between two digits each side (``44s812``) or
#: ending the middle group of a spaced number (``2827 251s 37``; not ``the 1990s``).
_OCR_DIGIT = re.compile(
    r"[OolIS](?:(?<=\d[OolIS])(?=\d)|(?<=\d[\-./():+][OolIS])(?<![A-Za-z]\d-[OolIS])"
    r"(?<![A-Za-z]\d\d-[OolIS])(?=\d)"
    r"|(?<=\d[OolIS])(?=[\-./():+]\d|T\d\d:)|(?<=\+[lI])(?=[-. ]?[(\d])"
    r"|(?:(?<=[\-/.]\d\d[ T][OolI])|(?<=[\-/]\d{4}[ T][OolI]))(?=\d:[0-5]\d)"
    r"|(?<![A-Za-z0-9][lI])(?<=[lI])(?=[-.]\d)"
    r"|(?<=\d[OolIS])(?<![A-Za-z]\d[OolIS])(?<![A-Za-z]\d\d[OolIS])(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9][OolIS])(?:(?<=[Oo])(?=\d{3}|\d{1,2}(?:[-/)]\d|\.\d{1,2}\.\d)|\d\d(?![A-Za-z0-9]|\.\d))"
    r"|(?<=l)(?=\d{2,3}(?![A-Za-z0-9]|\.\d)|0[-./]\d|\d?[-./]\d{1,2}[-./]\d)"
    r"|(?<=S)(?=\d\d(?:[- ]\d{2,3})?[- ]\d{4}(?![A-Za-z0-9]))|(?=\d{4}))"
    r"|(?<=\d{3}[- ][OolIS])(?=\d[- ]\d{4}(?![A-Za-z0-9])))"
    r"|s(?:(?<=\d\ds)(?=\d\d)|(?<=\d[ ]\d{3}s)(?=[ ]\d{2,}(?![A-Za-z0-9])))"
)
#: Two or three ``O`` in a row after a digit, ending the number or inside it (``1OO``, ``31OO``,
#: ``2OO5``): each alone sits next to a letter, so :data:`_OCR_DIGIT` leaves them.
_OCR_ZEROS = re.compile(r"(?<=\d)(?<![A-Za-z]\d)(?<![A-Za-z]\d\d)[Oo]{2,3}(?=\d|(?![A-Za-z0-9]))")
_OCR_TO_DIGIT = str.maketrans("OolISs", "001155")
#: Digits that OCR reads for letters (``0`` for o, ``1`` for l, ``5`` for s, ``8`` for B) inside a
#: word: between letters (``c1aim``, ``SEPTEM8ER``), or ending or starting a word of three more
#: letters (``Apri1``, ``5ocial``). Only in a word of four letters or more with no other digit, so
#: codes (``3XG8ZKC``), ``q8h`` and ``A1c`` stay as written.
_OCR_LETTER = re.compile(
    r"[0158](?:(?<=[A-Za-z][0158])(?=[A-Za-z])|(?<=[A-Za-z]{3}[015])(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9][015])(?<=[015])(?=[A-Za-z]{3}))"
)
_OCR_TO_LETTER = str.maketrans("0158", "olsB")
_WORD_AROUND = re.compile(r"[A-Za-z0-9]*")
_ASCII_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#: The first character is matched first (so ``re`` skips to candidates), then: not inside a word,
#: a letter and a digit somewhere (the first character included), hyphenated groups.
_CODE = re.compile(
    r"[A-Z0-9](?<![A-Za-z0-9\-][A-Z0-9])(?:(?<=[A-Z])|(?=[A-Z0-9\-]*[A-Z]))(?:(?<=\d)|(?=[A-Z0-9\-]*\d))"
    r"[A-Z0-9]*(?:-[A-Z0-9]+)*(?![a-z0-9])"
)
#: The characters of code tokens, and those next to a digit that can make it part of one.
_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
_CODE_EDGE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
#: Longest code token searched for from a chunk; longer ones are no identifier any recognizer knows.
_CODE_REACH = 64
#: Ages 90-125 as a standalone number of a chunk (not a decimal, a fraction, a range or a time), and
#: 90-99 zero-padded to three digits as DICOM writes ages (``093Y``; the age recognizer wants a unit
#: or a label for these).
_AGE_NUMBERS = frozenset([*(str(n) for n in range(90, 126)), *(f"0{n}" for n in range(90, 100))])
_AGE_PIECE = re.compile(
    r"(?<![\d.,/:\-\u2010\u2011\u2013])(?:0?9\d|1[01]\d|12[0-5])(?!\d|[.,/:\-\u2010\u2011\u2013]\d)"
)
_OCR_LETTERS = frozenset("OolISs")
#: Hyphenated shapes that hold no date: US phone numbers and SSNs.
_PHONE_OR_SSN = re.compile(r"(?:1-)?[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{3}-[0-9]{2}-[0-9]{4}")
_OCR_DIGITS = frozenset("0158")
#: Every character :func:`_scan` may undo.
_SUSPECTS = _OCR_LETTERS | _OCR_DIGITS


def ocr_view(text: str) -> str:
    """``text`` with OCR confusions undone: letters for digits inside numbers (``(523)l75-O613``
    reads ``(523)175-0613``) and digits for letters inside words (``c1aim``, ``Apri1``, ``5ocial``).
    Same length, so offsets carry over; the text itself (the same object) when there is nothing to undo.
    """
    return _scan(text)[0]


@lru_cache(maxsize=8)
def _scan(text: str) -> tuple[str, list[Chunk]]:
    """The OCR view of ``text`` and its number chunks.

    Every confusion sits next to a digit, at the edge of a number chunk: so the chunks of the text
    are found first, the exact patterns are tried only around chunks with an OCR letter next to
    them (or one or two characters off, ``+l 555``, ``l-555``, ``+l (555)``) or a 0, 1, 5 or 8 next
    to a letter, and the chunks are searched again only when something was undone.
    """
    chunks, suspect = _chunks(text)
    letters = _OCR_LETTERS
    fixes: dict[int, str] = {}
    size = len(text)
    for start, end in suspect:
        for pos in (start - 3, start - 2, start - 1, start, end - 1, end, end + 1):
            if pos < 0 or pos >= size:
                continue
            char = text[pos]
            if char not in _SUSPECTS or pos in fixes:
                continue
            zeros = _OCR_ZEROS.match(text, pos) if pos == end and char in "Oo" else None
            if zeros is not None:
                fixes.update(dict.fromkeys(range(pos, zeros.end()), "0"))
            elif char in letters and _OCR_DIGIT.match(text, pos) is not None:
                fixes[pos] = char.translate(_OCR_TO_DIGIT)
            elif (
                char in _OCR_DIGITS
                and _OCR_LETTER.match(text, pos) is not None
                and _one_digit_word(text, pos)
            ):
                fixes[pos] = char.translate(_OCR_TO_LETTER)
    if not fixes:
        return text, chunks
    parts: list[str] = []
    done = 0
    for pos in sorted(fixes):
        parts += (text[done:pos], fixes[pos])
        done = pos + 1
    parts.append(text[done:])
    view = "".join(parts)
    return view, _chunks(view)[0]


@lru_cache(maxsize=8)
def _chunks(text: str) -> tuple[list[Chunk], list[tuple[int, int]]]:
    """The number chunks of ``text`` and the spans of those with a possible OCR confusion at their
    edges; cached apart from :func:`_scan`, so that the scan of an OCR view (its labels are read too)
    reuses the chunks found when the view was made.
    """
    found = list(_CHUNK.finditer(text))
    return [(m.start(), m.end(), m.group()) for m in found], [m.span() for m in found if m.lastindex]


def _one_digit_word(text: str, pos: int) -> bool:
    """True when the digit at ``pos`` is the only one in a word of five to 32 characters."""
    window = text[max(0, pos - 32) : pos]
    if window.isascii():  # the letters and digits before ``pos``, counted in C
        start = pos - (len(window) - len(window.rstrip(_ASCII_ALNUM)))
    else:
        start = pos
        while start > 0 and pos - start < 32 and text[start - 1].isalnum():
            start -= 1
    word = _WORD_AROUND.match(text, start, min(len(text), start + 33))
    size = word.end() - start if word is not None else 0
    return 5 <= size <= 32 and sum(map(str.isdigit, text[start : start + size])) == 1


class ChunkIndex(NamedTuple):
    """A text's number chunks, sorted once by what they may hold.

    ``view`` is :func:`ocr_view` of the text; the chunks are the view's. ``dated`` holds the chunks
    that may hold a numeric date (see :func:`_may_hold_date`); ``long`` those of
    six characters or more (phones, SSNs, cards, NPIs, IPs, long ids); ``edged`` those next to an
    uppercase letter or a hyphen (where code tokens are); ``ages`` the ``(start, end)`` of standalone
    numbers 90-125 and of 090-099 (not part of a decimal, fraction, range or time).
    """

    view: str
    dated: tuple[Chunk, ...]
    long: tuple[Chunk, ...]
    edged: tuple[Chunk, ...]
    ages: tuple[tuple[int, int], ...]


def _may_hold_date(chunk: str) -> bool:
    """True when a numeric date may start in ``chunk`` (four characters or more): a slash, two dots,
    a hyphen (but not a whole US phone number or SSN), or eight, twelve or fourteen digits.
    """
    if "/" in chunk or chunk.count(".") > 1 or not chunk.isascii():
        return True
    if "-" in chunk:
        return _PHONE_OR_SSN.fullmatch(chunk) is None
    return len(chunk) >= 8 and (not chunk.isdigit() or len(chunk) in (8, 12, 14))


@lru_cache(maxsize=8)
def chunk_index(text: str) -> ChunkIndex:
    """The number chunks of ``text`` (of its OCR view), sorted for the recognizers: one pass, cached."""
    view, chunks = _scan(text)
    dated: list[Chunk] = []
    long: list[Chunk] = []
    edged: list[Chunk] = []
    ages: list[tuple[int, int]] = []
    edge = _CODE_EDGE
    for chunk in chunks:
        start, end, digits = chunk
        if view[start - 1 : start] in edge or view[end : end + 1] in edge:
            edged.append(chunk)
        size = end - start
        if size < 4:
            if digits in _AGE_NUMBERS:
                ages.append((start, end))
            elif "/" in digits or "-" in digits or not digits.isascii():
                dated.append(chunk)
            continue
        if size >= 6:
            long.append(chunk)
        if _may_hold_date(digits):
            dated.append(chunk)
        if " " in digits or "\n" in digits or "(" in digits or ")" in digits:
            ages.extend((start + p.start(), start + p.end()) for p in _AGE_PIECE.finditer(digits))
    return ChunkIndex(view, tuple(dated), tuple(long), tuple(edged), tuple(ages))


@lru_cache(maxsize=8)
def code_tokens(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every uppercase token mixing letters and digits (hyphens inside allowed).

    Every such token holds a digit, so it touches a number chunk next to an uppercase letter or a
    hyphen; only there is the token pattern tried. When OCR fixes moved digits, the whole text is
    searched instead.
    """
    index = chunk_index(text)
    if index.view is not text:
        return tuple(m.span() for m in _CODE.finditer(text))
    size = len(text)
    found: list[tuple[int, int]] = []
    done = 0
    for start, end, _chunk in index.edged:
        if end <= done:
            continue
        if start and text[start - 1] in _CODE_EDGE:
            done = _code_at(text, _run_start(text, max(done, start - _CODE_REACH), start), found, done)
        if end < size and text[end] in _CODE_EDGE and end > done:
            done = _code_at(text, _run_start(text, max(done, start, end - _CODE_REACH), end), found, done)
    return tuple(found)


def _run_start(text: str, low: int, stop: int) -> int:
    """Where the run of code characters that ends at ``stop`` begins (not before ``low``)."""
    pos = stop
    while pos > low and text[pos - 1] in _CODE_CHARS:
        pos -= 1
    return pos


def _code_at(text: str, pos: int, found: list[tuple[int, int]], done: int) -> int:
    """Record the code token starting at ``pos``, if there is one; the new end of what is covered."""
    m = _CODE.match(text, pos)
    if m is None:
        return done
    found.append(m.span())
    return m.end()


def chunk_matches(
    pattern: re.Pattern[str],
    chunks: Sequence[Chunk],
    target: str,
    *,
    min_len: int = 1,
    before: int = 0,
    after: int = 2,
) -> Iterator[re.Match[str]]:
    """``pattern``'s matches in ``target`` that start inside one of ``chunks`` of at least ``min_len``
    characters (``chunks`` is a bucket of :func:`chunk_index`; ``target`` its view, or a same-length
    view of it such as the lowercased view).

    The search window runs from ``before`` characters before the chunk (for a leading ``+`` or
    ``(``) to ``after`` characters past it (so look-aheads see the next character, and suffixes such
    as an extension or a time can be matched). Matches come in order, without repeats.
    """
    size = len(target)
    done = 0
    search = pattern.search
    for start, end, _chunk in chunks:
        if end - start < min_len or end <= done:
            continue
        pos = max(done, start - before)
        stop = min(size, end + after)
        while pos < end:
            m = search(target, pos, stop)
            if m is None or m.start() >= end:
                break
            yield m
            done = pos = max(m.end(), m.start() + 1)
