"""Context words: whether a keyword lies within N tokens before or after a span.

Tokens are runs of letters and digits, lowercased; ``#`` is a token of its own, so ``MR#`` reads as
``mr #`` and ``Acct#:`` as ``acct #``. Other punctuation separates tokens and is not counted. A keyword
may be a phrase (``medical record number``); it matches when its tokens appear consecutively inside
the window. Only a slice of text around the span is looked at, so a check costs microseconds however
long the text is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = [
    "Keywords",
    "has_keyword_after",
    "has_keyword_before",
    "has_keyword_near",
    "tokens_after",
    "tokens_before",
]

_TOKEN = re.compile(r"[^\W_]+|#")
#: For ASCII text, the same tokens through C string methods (a regex costs hundreds of machine
#: instructions a character here): letters lowered, digits and ``#`` kept, anything else a blank.
_ASCII_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c == 35) else 32 for c in range(256)
)
#: Characters of text looked at per token of window; generous, since a token is rarely longer.
_CHARS_PER_TOKEN = 24


def _tokenize(text: str) -> list[str]:
    spaced = _spaced(text)
    return spaced.split() if spaced is not None else _TOKEN.findall(text.lower())


def _spaced(text: str) -> str | None:
    """ASCII ``text`` as its tokens separated by blanks (``None`` if not ASCII): the string to split."""
    if not text.isascii():
        return None
    raw = text.encode("ascii").translate(_ASCII_TABLE)
    if b"#" in raw:
        raw = raw.replace(b"#", b" # ")
    return raw.decode("ascii")


def tokens_before(text: str, start: int, n: int) -> list[str]:
    """The last ``n`` tokens ending at or before ``start`` (lowercased, in text order)."""
    if n <= 0:
        return []
    lo = max(0, start - n * _CHARS_PER_TOKEN)
    window = text[lo:start]
    spaced = _spaced(window)
    if spaced is None:
        found = _TOKEN.findall(window.lower())
    else:
        found = spaced.rsplit(None, n)  # only the last n tokens are split off
        if len(found) > n:
            return found[1:]  # a token before them: the first, cut or not, is not among them
    if lo > 0 and found and text[lo - 1].isalnum() and text[lo].isalnum():
        found = found[1:]  # the window cut a token in half
    return found[-n:]


def tokens_after(text: str, end: int, n: int) -> list[str]:
    """The first ``n`` tokens starting at or after ``end`` (lowercased, in text order)."""
    if n <= 0:
        return []
    hi = min(len(text), end + n * _CHARS_PER_TOKEN)
    window = text[end:hi]
    spaced = _spaced(window)
    if spaced is None:
        found = _TOKEN.findall(window.lower())
    else:
        found = spaced.split(None, n)
        if len(found) > n:
            return found[:n]
    if hi < len(text) and found and text[hi - 1].isalnum() and text[hi].isalnum():
        found = found[:-1]
    return found[:n]


class Keywords:
    """An immutable set of keywords and phrases, matched case-insensitively against token windows."""

    __slots__ = ("_by_first", "longest")

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        longest = 0
        for phrase in phrases:
            tokens = tuple(_tokenize(phrase))
            if not tokens:
                raise ValueError("a keyword needs at least one letter, digit or '#'")
            by_first.setdefault(tokens[0], []).append(tokens)
            longest = max(longest, len(tokens))
        if not by_first:
            raise ValueError("Keywords needs at least one keyword")
        self._by_first: dict[str, tuple[tuple[str, ...], ...]] = {
            first: tuple(sorted(set(group), key=len, reverse=True)) for first, group in by_first.items()
        }
        #: The number of tokens in the longest phrase.
        self.longest = longest

    def __contains__(self, token: object) -> bool:
        """True when ``token`` alone is a one-word keyword."""
        return isinstance(token, str) and (token.lower(),) in self._by_first.get(token.lower(), ())

    def in_tokens(self, tokens: Sequence[str], *, start_below: int | None = None, end_above: int = 0) -> bool:
        """True when a keyword occurs as consecutive ``tokens``.

        Only occurrences that start at an index below ``start_below`` (default: anywhere) and end
        (exclusive) above ``end_above`` count; the window helpers use this so that a phrase counts
        when any of its tokens lies inside the window.
        """
        by_first = self._by_first
        if by_first.keys().isdisjoint(tokens):
            return False  # the common case, decided in C
        limit = len(tokens) if start_below is None else min(start_below, len(tokens))
        for i in range(limit):
            phrases = by_first.get(tokens[i])
            if phrases is None:
                continue
            for phrase in phrases:
                size = len(phrase)
                if i + size > end_above and (size == 1 or tuple(tokens[i : i + size]) == phrase):
                    return True
        return False


def has_keyword_before(text: str, start: int, keywords: Keywords, n: int = 4) -> bool:
    """True when a keyword lies within the ``n`` tokens before ``start``."""
    tokens = tokens_before(text, start, n + keywords.longest - 1)
    return keywords.in_tokens(tokens, end_above=len(tokens) - n)


def has_keyword_after(text: str, end: int, keywords: Keywords, n: int = 2) -> bool:
    """True when a keyword lies within the ``n`` tokens after ``end``."""
    return keywords.in_tokens(tokens_after(text, end, n + keywords.longest - 1), start_below=n)


def has_keyword_near(
    text: str, start: int, end: int, keywords: Keywords, *, before: int = 4, after: int = 2
) -> bool:
    """True when a keyword lies within ``before`` tokens before the span or ``after`` tokens after it."""
    return has_keyword_before(text, start, keywords, before) or has_keyword_after(text, end, keywords, after)
