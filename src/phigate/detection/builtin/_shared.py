"""Helpers shared by the built-in pattern recognizers: a cached lowercase view and label lookups.

Speed notes: every full pass of a regex over a megabyte of text costs 5-40 ms in CPython, so the
recognizers keep their passes few and cheap. Patterns start with a character class (so ``re`` can
skip quickly to candidate positions), put look-behinds *after* the first character, and find
keywords in the ASCII-lowercased text instead of using ``re.IGNORECASE``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import fields
from functools import lru_cache
from typing import NamedTuple

from phigate.detection.base import Match
from phigate.model import Category

__all__ = [
    "LabelHits",
    "ascii_lower",
    "hinted_finditer",
    "match",
    "run_start",
    "word_pattern",
]

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_DIGIT = re.compile(r"\d")
#: Blanks and punctuation between a label and its value in forms (``MRN ........ 123``, ``Age | 92``).
_LEADER = re.compile(r"[\s.:=#\-_|*>()\[\]]*")


@lru_cache(maxsize=8)
def ascii_lower(text: str) -> str:
    """``text`` lowercased with the same length, so offsets carry over unchanged.

    ``str.lower`` never shortens a string, so when the length is unchanged every character kept its
    place. The one letter that grows, ``İ`` (to ``i̇``), is lowered to a plain ``i`` first; should
    another ever grow, only the ASCII letters are lowered.
    """
    lower = text.lower()
    if len(lower) != len(text):
        lower = text.replace("\u0130", "i").lower()
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)


_GAP = r"[\s._-]{1,3}"
_END = ""


def word_pattern(words: Iterable[str]) -> str:
    """A regex for lowercase ``words`` as whole words, to run over the lowered text.

    A space in a word matches one to three spaces, dots, hyphens or underscores (``social security``
    also matches ``social-security``). A word may be followed directly by digits (``x4567``,
    ``MRN12345``) but not by letters, and must not follow a letter (callers that also refuse a digit
    before the word check it); the longest word wins.

    The match *starts with the character before the word* (group ``w`` is the word): a pattern that
    begins with that boundary class lets ``re`` skip straight to spaces and punctuation, and the words,
    compiled into a trie, branch on literal first letters from there. A word at the very start of the
    text has no character before it: match the pattern on ``" " + text[:64]`` to find it.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    escape = _escaped
    for word in set(words):
        node = trie
        for ch in word.strip():
            key = _GAP if ch == " " else escape.get(ch) or escape.setdefault(ch, re.escape(ch))
            node = node.setdefault(key, {})
        node[_END] = {}
    return r"[^a-z](?=[a-z])(?P<w>" + _trie_regex(trie) + r")(?![a-z])"


#: ``re.escape`` of each character seen by :func:`word_pattern` (thousands of words at import).
_escaped: dict[str, str] = {}


def _trie_regex(node: dict) -> str:  # type: ignore[type-arg]
    """The regex for the words below ``node``: longest alternatives first, end of word last."""
    if set(node) == {_END}:
        return ""
    children = [f"{key}{_trie_regex(child)}" for key, child in sorted(node.items()) if key != _END]
    body = children[0] if len(children) == 1 else "(?:" + "|".join(children) + ")"
    return f"(?:{body}|)" if _END in node else body


class LabelHits(NamedTuple):
    """Where a text's labels start and end, sorted, to ask "is there a label just before this span?".

    ``text`` is the text searched (a same-length view of the original, such as its OCR view);
    ``words`` holds each hit's label in its normal form (``"medical record number"``), when known.
    A named tuple: built for every text, so it must be cheap to make.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...] = ()

    def before(self, start: int, within: int = 24) -> bool:
        """True when a label ends at most ``within`` characters before ``start`` with no digit
        between, or further but with only blanks and punctuation between (``SSN.......... 123``).
        """
        i = bisect_right(self.ends, start) - 1
        if i < 0:
            return False
        end = self.ends[i]
        if start - end <= within:
            return _DIGIT.search(self.text, end, start) is None
        return start - end <= 80 and _LEADER.fullmatch(self.text, end, start) is not None


def hinted_finditer(
    pattern: re.Pattern[str], hints: LabelHits, lower: str, *, before: int = 0, reach: int = 48
) -> Iterator[re.Match[str]]:
    """``pattern``'s matches in the lowered text, searched only around ``hints`` (words found by the
    shared label scan).

    For patterns that cannot start with a literal (so ``re`` would try them at every position): every
    match contains a hint word at most ``before`` characters after the match's start, and ``pattern``
    is tried from there to ``reach`` characters after the hint. Matches come in order, no repeats.
    """
    done = 0
    for h_start, h_end in zip(hints.starts, hints.ends, strict=True):
        if h_end <= done:
            continue
        stop = min(len(lower), h_end + reach)
        if not before:  # the match starts with the hint word, or there is none
            m = pattern.match(lower, h_start, stop)
            if m is not None and m.end() > m.start():
                yield m
                done = m.end()
            done = max(done, h_end)
            continue
        pos = max(done, h_start - before)
        while True:
            m = pattern.search(lower, pos, stop)
            if m is None or m.start() > h_end:
                break
            if m.end() > m.start():
                yield m
            done = pos = max(m.end(), pos + 1)
        done = max(done, h_end)


#: ``Match`` is a frozen dataclass, whose ``__init__`` sets each field through ``object.__setattr__``;
#: the recognizers make tens of thousands per megabyte, so :func:`match` fills its slots directly.
#: Only while its fields are the four known ones; otherwise it calls the constructor.
_FIELDS = tuple(f.name for f in fields(Match))
_SETTERS = (
    tuple(Match.__dict__[name].__set__ for name in _FIELDS)
    if _FIELDS == ("start", "end", "category", "score")
    else ()
)
_new = object.__new__


def run_start(text: str, stop: int, allowed: frozenset[str], low: int = 0) -> int:
    """Where the run of ``allowed`` characters that ends at ``stop`` begins (not before ``low``).

    The quick way to look left: a regex ``[...]*$`` searched in a window tries every start in it.
    """
    pos = stop
    while pos > low and text[pos - 1] in allowed:
        pos -= 1
    return pos


def match(start: int, end: int, category: Category, score: float) -> Match:
    """A Match with the score clamped into 0..1 and rounded to three places."""
    if score > 1.0:
        score = 1.0
    elif score < 0.0:
        score = 0.0
    if not _SETTERS:
        return Match(start, end, category, round(score, 3))
    found = _new(Match)
    set_start, set_end, set_category, set_score = _SETTERS
    set_start(found, start)
    set_end(found, end)
    set_category(found, category)
    set_score(found, round(score, 3))
    return found
