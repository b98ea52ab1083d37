"""A text's words, found once and looked up once, shared by the name and place recognizers.

Names, cities, streets and employers are made of words, so these recognizers work on one word stream
instead of each running its own regex passes: one ``re.split`` cuts the text into words (runs of
letters and digits) and the gaps between them, C-level ``map`` calls give every word its lowercase
key and its :mod:`~phigate.detection.dictionaries` flags, and offsets come from summing the part
lengths. Nothing in that pass loops in Python, so it costs about as much as a single regex pass;
the recognizers then look closely (in Python) only at the few words that can start a name or a
place. The result is cached for the last few texts, so recognizers that run over the same text in
turn tokenise it once.

A hyphen or an apostrophe splits words (``Doe-Patel`` is ``Doe`` ``-`` ``Patel``): the recognizers
read the gap. Words that mix letters and digits are kept whole; :func:`ocr_key` reads the common
OCR confusions back into letters (``Natha1ie`` -> ``nathalie``).

A word no list knows may still be spelled like a name (``Oluwaseun``, ``Chaitaly``) or like an English
word (``mentating``): :func:`name_likeness` reads its letters with a character n-gram model trained
from the shipped name and word lists (``data/name_ngrams.txt``, built by ``tools/build_name_model.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import accumulate, compress, repeat
from operator import itemgetter, not_
from typing import Any, Final

from phigate.detection.dictionaries import CLINICAL, FIRST, SURNAME, WORD, fold, lexicon

__all__ = [
    "CAP_CLASS",
    "Words",
    "english_shaped",
    "NAME_LIKE",
    "lookup",
    "misread_word",
    "name_like",
    "name_likeness",
    "ocr_key",
    "one_letter_off",
    "trie_pattern",
    "words",
]

#: Capital letters: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (Latin Extended-A mixes
#: cases; callers check ``str.isupper``).
CAP_CLASS = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0391-\u03a9\u0400-\u042f"
_SPLIT_ASCII = re.compile(r"([A-Za-z0-9]+)")
_SPLIT = re.compile(r"([^\W_]+)")
_NAMEISH = FIRST | SURNAME
#: Digits that OCR makes of letters, read back as letters.
_OCR = str.maketrans("0158", "olsb")
#: A number and a unit written as one word (``5mg``, ``80MG``, ``4L``, ``11AM``): a dose or a time,
#: never a word misread.
_UNIT_WORD = re.compile(
    r"\d+(?:mg|mcg|ug|g|gm|gms|kg|ml|cc|l|u|units?|meq|mmol|mm|cm|h|hr|hrs|min|mins|am|pm|x|s|st|nd|rd|th|yo|k|iu)",
    re.I,
).fullmatch


def lookup(key: str) -> int:
    """The lexicon flags of a lowercase word, trying its folded, possessive-free and hyphen parts."""
    get = lexicon().get
    found = get(key)
    if found is not None:
        return found
    key = fold(key)
    if key.endswith("'s") and len(key) > 3:
        key = key[:-2]
    found = get(key)
    if found is None and "'" in key:
        found = get(key.replace("'", ""))
    if found is not None:
        return found
    if "-" not in key:
        return 0
    parts = [get(p, 0) for p in key.split("-") if p]
    flags = 0
    for p in parts:
        flags |= p & (_NAMEISH | CLINICAL)
    if parts and all(p & WORD for p in parts):
        flags |= WORD
    return flags


#: Endings of English words (``intubated``, ``mentating``, ``arousable``, ``delirious``).
_ENGLISH_ENDINGS = ("ed", "ing", "ly", "able", "ible", "ous", "ive", "tion", "ment", "ness", "ful", "less")


def english_shaped(key: str) -> bool:
    """True when ``key``, a word no list knows, ends like an English word (``intubated``): such a
    word is not a name or a place even where one is expected.
    """
    return len(key) > 5 and key.endswith(_ENGLISH_ENDINGS)


#: The score at or above which :func:`name_like` holds: on entries held out of training
#: (``tools/build_name_model.py --evaluate``) 84 % of names and 4 % of English words reach it.
NAME_LIKE: Final = 2.0
_ORDER = 4  # the longest n-gram of the model
_NOT_LETTERS = re.compile(r"[^a-z]+")


@cache
def _name_ngrams() -> dict[str, int]:
    """The name-likeness model: n-gram -> log-likelihood ratio in tenths (loaded on first use)."""
    text = files("phigate.detection").joinpath("data", "name_ngrams.txt").read_text(encoding="utf-8")
    model: dict[str, int] = {}
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            gram, weight = line.split("\t")
            model[gram] = int(weight)
    return model


@lru_cache(maxsize=1 << 14)
def name_likeness(key: str) -> float:
    """How much more ``key`` is spelled like a name than like an English word: the log-likelihood
    ratio of its letters under the character n-gram model (``oluwaseun`` 18, ``chaitaly`` 6,
    ``mentating`` -10). Positive leans to a name; a word no list knows scores near 0 when unsure.
    """
    letters = _NOT_LETTERS.sub("", fold(key))
    if not letters:
        return 0.0
    model = _name_ngrams()
    get = model.get
    padded = "^" * (_ORDER - 1) + letters + "$"
    total = 0
    for i in range(_ORDER - 1, len(padded)):
        weight = get(padded[i - 3 : i + 1])
        if weight is None:
            weight = get(padded[i - 2 : i + 1])
            if weight is None:
                weight = get(padded[i - 1 : i + 1], 0)
        total += weight
    return total / 10


def name_like(key: str) -> bool:
    """True when ``key``, a word no list knows, is spelled like a name (:data:`NAME_LIKE`): callers
    ask it only where the context already suggests a person.
    """
    return name_likeness(key) >= NAME_LIKE


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def misread_word(key: str) -> bool:
    """True when ``key``, a word no list knows, is one letter away from an English or clinical word
    (``paticnt``, ``denis``): a typo or OCR damage, not a name. Costs a few hundred look-ups, so
    callers ask it only of the rare words a strong context makes names.
    """
    get = lexicon().get
    mask = WORD | CLINICAL
    n = len(key)
    for i in range(n + 1):
        head, tail = key[:i], key[i:]
        if tail and get(head + tail[1:], 0) & mask:
            return True  # a letter too many
        if i + 1 < n and get(head + tail[1] + tail[0] + tail[2:], 0) & mask:
            return True  # two letters swapped
        for c in _LETTERS:
            if get(head + c + tail, 0) & mask:
                return True  # a letter missing
            if tail and c != tail[0] and get(head + c + tail[1:], 0) & mask:
                return True  # a letter misread
    return False


def one_letter_off(key: str, other: str) -> bool:
    """True when ``key`` and ``other`` have the same length and differ in one letter (``tekincr``,
    ``tekiner``): an OCR misreading of the same word.
    """
    return len(key) == len(other) and sum(a != b for a, b in zip(key, other, strict=True)) == 1


def ocr_key(word: str) -> str | None:
    """``word`` (letters with one or two digits OCR made of letters) as a lowercase key, else None.

    ``Natha1ie`` -> ``nathalie``, ``8ADOGLIO`` -> ``badoglio``; ``B12``, ``x4567``, ``2nd`` and doses
    such as ``5mg`` or ``80MG`` are not words misread, so they give None.
    """
    if word.isalpha() or word.isdigit():
        return None  # no digit to read, or nothing but digits: the quick answer for most words
    digits = sum(c.isdigit() for c in word)
    if not 0 < digits <= 2 or len(word) - digits < (2 if len(word) > 2 else 3) or _UNIT_WORD(word):
        return None
    key = word.lower().translate(_OCR)
    return key if key.isalpha() else None


@dataclass(frozen=True, slots=True)
class Words:
    """The words of one text as parallel lists.

    ``gaps[i]`` is the text before word ``i`` (``gaps[n]`` the text after the last word), so the
    gap between words ``i-1`` and ``i`` is ``gaps[i]``. ``keys`` are lowercase (accents folded),
    ``flags`` the lexicon flags (0 for a word no list knows). ``capitals`` lists the indices of the
    capitalised words (``Smith``, ``SMITH``, ``McDonald``), the only ones most recognizers look at.

    Looking a word up in the lexicon is the costliest step (the lists do not fit in the CPU cache),
    so in a text written with capitals only the capitalised words are looked up at once and
    ``flags`` holds 0 for the others: read a lowercase word's flags with :meth:`flag`. In a text
    written all in lowercase (``complete``), every word is looked up.
    """

    text: str
    words: list[str]
    gaps: list[str]
    starts: list[int]
    ends: list[int]
    keys: list[str]
    flags: list[int]
    capitals: list[int]
    complete: bool

    def flag(self, j: int) -> int:
        """The lexicon flags of word ``j`` (looked up now if the word is lowercase)."""
        f = self.flags[j]
        if f or self.complete:
            return f
        return lexicon().get(self.keys[j], 0)


@lru_cache(maxsize=4)
def words(text: str) -> Words:
    """The words of ``text`` (cached for the last few texts)."""
    ascii_text = text.isascii()
    parts = (_SPLIT_ASCII if ascii_text else _SPLIT).split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    found = parts[1::2]
    n = len(found)
    keys = list(map(str.lower, found))
    get = lexicon().get
    capitals = list(compress(range(n), map(str.isupper, map(itemgetter(0), found))))
    complete = len(capitals) * 10 < n
    if complete:
        flags = list(map(get, keys, repeat(0, n)))
    else:
        flags = [0] * n
        for j, f in zip(capitals, list(map(get, map(keys.__getitem__, capitals), repeat(0))), strict=True):
            if f:
                flags[j] = f
    if not ascii_text:
        for i in compress(range(n), map(not_, map(str.isascii, keys))):
            keys[i] = key = fold(keys[i])
            if not flags[i] and (complete or found[i][0].isupper()):
                flags[i] = get(key, 0)
    return Words(
        text,
        found,
        parts[0::2],
        offsets[1 : 2 * n : 2],
        offsets[2 : 2 * n + 1 : 2],
        keys,
        flags,
        capitals,
        complete,
    )


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex alternation of lowercase ``phrases`` shaped as a prefix tree.

    ``re`` tries the branches of a flat alternation one by one at every position; grouping them by
    shared prefixes (``p(?:t|atient)``) lets it reject a position after one character, which makes a
    pass over a megabyte of text several times faster. A space in a phrase matches spaces or tabs.
    """
    trie: dict[str, Any] = {}
    for phrase in set(phrases):
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            piece = r"[ \t]+" if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return "(?:" + body + ")?"
        return body

    return emit(trie)
