"""Places named again in one text: once a place or a facility is found with confidence, its other
mentions in the same text are places too, in any letter case (``Transferred from Kettlesburgh
General ... back to KETTLESBURGH ... kettlesburgh team called``), as the name recognizer does for
people.

Only a distinct name is found again in any case: one with a word of three letters or more that no
shipped list calls a common English or clinical word (``kettlesburgh``, ``north kenneth``); ``harbor``
or ``sacred heart`` alone stay words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import compress

from phigate.detection.builtin._caps import Words, english_shaped, lookup
from phigate.detection.dictionaries import CLINICAL, REGION, WORD

__all__ = ["distinct", "mentions"]


def distinct(name: tuple[str, ...]) -> bool:
    """True when the place ``name`` (lowercase keys) may be found again in any letter case: a word of
    three letters or more that is no English or clinical word, none of its words a clinical term, and,
    for a name of one word, no word of a state's or country's name.
    """
    flags = [lookup(key) for key in name]
    if any(f & CLINICAL for f in flags) or not all(key.isalpha() for key in name):
        return False
    common = WORD | REGION if len(name) == 1 else WORD
    pairs = zip(name, flags, strict=True)
    return any(len(key) > 2 and not f & common and not english_shaped(key) for key, f in pairs)


def mentions(w: Words, names: Iterable[tuple[str, ...]], taken: set[int]) -> Iterator[tuple[int, int]]:
    """Word spans ``(a, b)`` of the mentions in ``w`` of ``names`` (tuples of lowercase keys) outside
    the words ``taken``, the longest name first at each word; ``taken`` grows with each mention.
    """
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in set(names):
        by_first.setdefault(name[0], []).append(name)
    if not by_first:
        return
    for found in by_first.values():
        found.sort(key=len, reverse=True)
    keys, gaps = w.keys, w.gaps
    for k in compress(range(len(keys)), map(by_first.__contains__, keys)):
        if k in taken:
            continue
        for name in by_first[keys[k]]:
            end = k + len(name)
            inside = range(k + 1, end)
            if tuple(keys[k:end]) == name and not any(j in taken or gaps[j] != " " for j in inside):
                taken.update(range(k, end))
                yield k, end
                break
