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
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Chunk", "ChunkIndex", "chunk_index", "chunk_matches", "code_tokens", "ocr_view"]

#: ``(start, end, chunk)`` of a number chunk, in the OCR view's offsets (those of the text).
Chunk = tuple[int, int, str]

_SEPARATORS = r"[\d\-./:() +\u2010\u2011\u2013]"
#: A digit-run joined by separators, ending on a digit; one line break may sit inside (hard-wrapped
#: faxes and scans). Written unrolled (separators, then line breaks each followed by separators) so
#: a chunk costs one forward scan.
_CHUNK = re.compile(r"\d(?:" + _SEPARATORS + r"*(?:\n(?!\n)" + _SEPARATORS + r"*)*\d)?")
#: Letters that OCR reads for digits (``O``/``o`` for 0, ``l``/``I`` for 1, ``S`` for 5), where they
#: sit inside a number: a digit on one side, a digit or number punctuation on the other.
_OCR_DIGIT = re.compile(
    r"[OolIS](?:(?<=[\d\-./():+][OolIS])(?=\d)|(?<=\d[OolIS])(?=[\d\-./():+])|(?<=\+[lI])(?=[-. ]?\d)"
    r"|(?<![A-Za-z0-9][lI])(?<=[lI])(?=[-.]\d))"
)
_OCR_TO_DIGIT = str.maketrans("OolIS", "00115")
#: Digits that OCR reads for letters (``0`` for o, ``1`` for l, ``5`` for s) inside a word: between
#: letters (``c1aim``), or ending or starting a word of three more letters (``Apri1``, ``5ocial``).
_OCR_LETTER = re.compile(
    r"[015](?:(?<=[A-Za-z][015])(?=[A-Za-z])|(?<=[A-Za-z]{3}[015])(?![A-Za-z0-9])|(?<![A-Za-z0-9][015])(?=[A-Za-z]{3}))"
)
_OCR_TO_LETTER = str.maketrans("015", "ols")
#: Every place either pattern above would change, seen from the digit involved. Digits are rarer than
#: the letters ``o`` and ``l``, so this is the cheap test that most texts need no fixing.
_OCR_ANY = re.compile(
    r"\d(?:(?<=[\d\-./():+][OolIS]\d)|(?=[OolIS][\d\-./():+])|(?<=\+[lI]\d)|(?<=\+[lI][-. ]\d)"
    r"|(?<![A-Za-z0-9][lI][-.]\d)(?<=[lI][-.]\d)"
    r"|(?<=[A-Za-z][015])(?=[A-Za-z])|(?<=[A-Za-z]{3}[015])(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9][015])(?<=[015])(?=[A-Za-z]{3}))"
)
#: The first character is matched first (so ``re`` skips to candidates), then: not inside a word,
#: a letter and a digit somewhere (the first character included), hyphenated groups.
_CODE = re.compile(
    r"[A-Z0-9](?<![A-Za-z0-9\-][A-Z0-9])(?:(?<=[A-Z])|(?=[A-Z0-9\-]*[A-Z]))(?:(?<=\d)|(?=[A-Z0-9\-]*\d))"
    r"[A-Z0-9]*(?:-[A-Z0-9]+)*(?![a-z0-9])"
)
#: Where a code token touching a chunk can begin: the run of code characters ending at a position.
_CODE_TAIL = re.compile(r"[A-Z0-9\-]*$")
_CODE_EDGE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
#: Longest code token searched for from a chunk; longer ones are no identifier any recognizer knows.
_CODE_REACH = 64
#: Ages 90-125 as a standalone number of a chunk (not a decimal, a fraction, a range or a time).
_AGE_NUMBERS = frozenset(str(n) for n in range(90, 126))
_AGE_PIECE = re.compile(
    r"(?<![\d.,/:\-\u2010\u2011\u2013])(?:9\d|1[01]\d|12[0-5])(?!\d|[.,/:\-\u2010\u2011\u2013]\d)"
)


@lru_cache(maxsize=8)
def ocr_view(text: str) -> str:
    """``text`` with OCR confusions undone: letters for digits inside numbers (``(523)l75-O613``
    reads ``(523)175-0613``) and digits for letters inside words (``c1aim``, ``Apri1``, ``5ocial``).
    Same length, so offsets carry over; the text itself (the same object) when there is nothing to undo.
    """
    if _OCR_ANY.search(text) is None:
        return text
    fixes = sorted(
        [(m.start(), text[m.start()].translate(_OCR_TO_DIGIT)) for m in _OCR_DIGIT.finditer(text)]
        + [(m.start(), text[m.start()].translate(_OCR_TO_LETTER)) for m in _OCR_LETTER.finditer(text)]
    )
    parts: list[str] = []
    done = 0
    for i, char in fixes:
        parts += (text[done:i], char)
        done = i + 1
    parts.append(text[done:])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class ChunkIndex:
    """A text's number chunks, sorted once by what they may hold.

    ``view`` is :func:`ocr_view` of the text; the chunks are the view's. ``every`` holds all chunks;
    ``dated`` those that may hold a numeric date (a slash or hyphen, two dots, eight characters);
    ``long`` those of six characters or more (phones, SSNs, cards, NPIs, IPs, long ids); ``ages``
    the ``(start, end)`` of standalone numbers 90-125 (not part of a decimal, fraction, range or time).
    """

    view: str
    every: tuple[Chunk, ...]
    dated: tuple[Chunk, ...]
    long: tuple[Chunk, ...]
    ages: tuple[tuple[int, int], ...]


@lru_cache(maxsize=8)
def chunk_index(text: str) -> ChunkIndex:
    """The number chunks of ``text`` (of its OCR view), sorted for the recognizers: one pass, cached."""
    view = ocr_view(text)
    every: list[Chunk] = []
    dated: list[Chunk] = []
    long: list[Chunk] = []
    ages: list[tuple[int, int]] = []
    for m in _CHUNK.finditer(view):
        start, end = m.span()
        chunk = m.group()
        item = (start, end, chunk)
        every.append(item)
        size = end - start
        if size < 4:
            if chunk in _AGE_NUMBERS:
                ages.append((start, end))
            elif "/" in chunk or "-" in chunk or not chunk.isascii():
                dated.append(item)
            continue
        if size >= 6:
            long.append(item)
        if "/" in chunk or "-" in chunk or size >= 8 or chunk.count(".") > 1 or not chunk.isascii():
            dated.append(item)
        if " " in chunk or "\n" in chunk or "(" in chunk or ")" in chunk:
            ages.extend((start + p.start(), start + p.end()) for p in _AGE_PIECE.finditer(chunk))
    return ChunkIndex(view, tuple(every), tuple(dated), tuple(long), tuple(ages))


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
    for start, end, _chunk in index.every:
        if end <= done:
            continue
        if start and text[start - 1] in _CODE_EDGE:
            tail = _CODE_TAIL.search(text, max(done, start - _CODE_REACH), start)
            done = _code_at(text, tail.start() if tail else start, found, done)
        if end < size and text[end] in _CODE_EDGE and end > done:
            tail = _CODE_TAIL.search(text, max(done, start, end - _CODE_REACH), end)
            done = _code_at(text, tail.start() if tail else end, found, done)
    return tuple(found)


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
