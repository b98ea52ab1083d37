"""The word lists shipped in ``phigate/detection/data/``: names, places, ZIP codes, clinical terms.

Each list is a UTF-8 text file, one lowercase ASCII entry per line after ``#`` header lines naming its
source and licence (``data/SOURCES.md``; rebuilt by ``tools/build_dictionaries.py``). Lists load on
first use and are cached for the life of the process; every loader is thread-safe and returns
immutable values, so recognizers and surrogate transforms share one copy.

- :func:`load_list` keeps file order (names are most frequent first, for surrogates);
  :func:`load_set` is for membership tests.
- :func:`lexicon` folds the name, word and place lists into one ``token -> flags`` mapping, so a
  recognizer learns everything about a token with one dictionary lookup.
- :func:`zip_codes` is a 100,000-bit bitmap (12.5 kB) of the ZIP codes in use.
- :func:`fold` is the normal form all lookups use (lowercase, accents stripped).

A site extends a list with files of its own: the ``detection.site_lists`` setting (read from the
config file the first time a list loads, unless :func:`configure` was called with settings first), or
:func:`add_site_list`. Either must happen before the lists are first used.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal, get_args

from phigate.errors import ConfigError

__all__ = [
    "CITY",
    "CLINICAL",
    "EPONYM",
    "FIRST",
    "LIST_NAMES",
    "REGION",
    "SURNAME",
    "WORD",
    "ListName",
    "ZipCodes",
    "add_site_list",
    "fold",
    "lexicon",
    "load_list",
    "load_set",
    "us_states",
    "zip_codes",
]

ListName = Literal[
    "first_names",
    "surnames",
    "english_words",
    "clinical_terms",
    "eponyms",
    "us_cities",
    "world_cities",
    "us_counties",
    "countries",
    "facility_names",
    "zip_codes",
]
#: Every list a site may extend, in the order of :data:`ListName`.
LIST_NAMES: Final[tuple[str, ...]] = get_args(ListName)

# Lexicon flags (plain ints: cheap to test in a hot loop).
FIRST: Final = 1  #: a first name (SSA, Census, nicknames)
SURNAME: Final = 2  #: a surname (Census 2010 and 1990)
WORD: Final = 4  #: a common English word (SCOWL 35): a name that is also a word is ambiguous
CLINICAL: Final = 8  #: a clinical term or strong eponym: not a name without a strong cue
EPONYM: Final = 16  #: a surname that also names a sign or disease when a clinical head word follows
CITY: Final = 32  #: a one-word city name (US or world)
REGION: Final = 64  #: a word of a US state or country name: not identifying on its own

#: Calendar words: also first names (April, June), never names on their own.
_CALENDAR = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
).split()
#: Languages and nationalities, which the word list holds only capitalised (``English``, ``Russian``
#: speaking): flagged as words so that alone they are not names.
_LANGUAGES = (
    "english spanish russian french italian portuguese german greek polish haitian creole chinese "
    "mandarin cantonese vietnamese korean japanese arabic hindi urdu bengali punjabi tagalog farsi "
    "persian hebrew yiddish somali amharic swahili turkish armenian albanian ukrainian romanian "
    "hungarian czech dutch swedish norwegian danish finnish irish american african asian hispanic "
    "latino caucasian"
).split()

_PACKAGE = "phigate.detection"
#: ``phigate.config.ENV_CONFIG``, the variable naming the config file (not imported: see above).
_ENV_CONFIG = "PHIGATE_CONFIG"
_lock = threading.Lock()
_site_lists: dict[str, list[Path]] = {}
_frozen = False
_configured = False


def fold(value: str) -> str:
    """The lookup form of a token: lowercase, accents stripped, curly apostrophes made straight."""
    value = value.lower()
    if value.isascii():
        return value
    value = unicodedata.normalize("NFKD", value.replace("’", "'"))
    return "".join(c for c in value if not unicodedata.combining(c))


def add_site_list(name: str, path: Path) -> None:
    """Extend the shipped list ``name`` with the entries of a local file (one per line, ``#`` comments).

    Must be called before the list is first loaded; afterwards (or for an unknown list, or a file that
    does not exist) it raises ``ConfigError``, so a site list never silently fails to apply.
    """
    if name not in LIST_NAMES:
        raise ConfigError(f"unknown dictionary {name!r} (known: {', '.join(LIST_NAMES)})")
    if not path.is_file():
        raise ConfigError(f"site list for {name} not found: {path}")
    with _lock:
        if _frozen:
            raise ConfigError("site lists must be added before the dictionaries are first used")
        _site_lists.setdefault(name, []).append(path)


def configure(site_lists: Mapping[str, Sequence[Path]]) -> None:
    """Add every site list of a ``detection.site_lists`` setting (see :func:`add_site_list`).

    Called with the settings a program loaded; when nobody calls it, the first list load reads the
    setting from the default config (``$PHIGATE_CONFIG``).
    """
    global _configured
    with _lock:
        _configured = True
    for name, paths in site_lists.items():
        for path in paths:
            add_site_list(name, path)


def _configure_from_settings() -> None:
    """Apply ``detection.site_lists`` of the default config, once, if :func:`configure` was not called."""
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
    if not os.environ.get(_ENV_CONFIG):
        return  # the built-in defaults hold no site lists: skip loading pydantic (a fifth of start-up)
    from phigate.config import load_settings

    for name, paths in load_settings().detection.site_lists.items():
        for path in paths:
            add_site_list(name, path)


def _entries(text: str) -> list[str]:
    lines = text.split("\n")
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    return [line for line in lines[start:] if line]


def _read_site(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"site list unreadable: {path}: {type(exc).__name__}") from exc
    return [fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def load_list(name: ListName) -> tuple[str, ...]:
    """The entries of list ``name`` in file order, then any site entries, without duplicates."""
    global _frozen
    _configure_from_settings()
    with _lock:
        _frozen = True
        site = list(_site_lists.get(name, ()))
    resource = files(_PACKAGE).joinpath("data", f"{name}.txt")
    entries = _entries(resource.read_text(encoding="utf-8"))
    for path in site:
        entries.extend(_read_site(path))
    return tuple(dict.fromkeys(entries)) if site else tuple(entries)


@cache
def load_set(name: ListName) -> frozenset[str]:
    """The entries of list ``name`` as a set."""
    return frozenset(load_list(name))


@cache
def us_states() -> Mapping[str, str]:
    """USPS state, DC, territory and military codes -> names (``TX`` -> ``Texas``)."""
    resource = files(_PACKAGE).joinpath("data", "us_states.txt")
    pairs = (line.split("\t", 1) for line in _entries(resource.read_text(encoding="utf-8")))
    return MappingProxyType({code: name for code, name in pairs})


@cache
def lexicon() -> Mapping[str, int]:
    """``token -> flags`` (:data:`FIRST`, :data:`SURNAME`, :data:`WORD`, ...) over all one-word entries.

    Multi-word entries (``de la cruz``) are split, so each part is known; hyphenated entries keep both
    the whole and the parts. Callers must not modify the mapping (a plain dict: lookups are hot).
    """
    flags: dict[str, int] = {}
    sources: tuple[tuple[ListName, int], ...] = (
        ("surnames", SURNAME),
        ("first_names", FIRST),
        ("english_words", WORD),
        ("clinical_terms", CLINICAL),
        ("eponyms", EPONYM),
        ("us_cities", CITY),
        ("world_cities", CITY),
    )
    get = flags.get
    regions = [*load_list("countries"), *(name.lower() for name in us_states().values())]
    for entry in regions:
        for part in entry.replace("-", " ").split():
            flags[part] = get(part, 0) | REGION
    for word in (*_CALENDAR, *_LANGUAGES):
        flags[word] = get(word, 0) | WORD
    for name, flag in sources:
        for entry in load_list(name):
            if " " in entry:
                if flag == CITY:
                    continue  # multi-word places are matched whole by the place recognizer
                parts = entry.split()
            elif "-" in entry and flag != CLINICAL:
                parts = [entry, *entry.split("-")]
            else:
                flags[entry] = get(entry, 0) | flag
                continue
            for part in parts:
                if part:
                    flags[part] = get(part, 0) | flag
    return flags


class ZipCodes:
    """The set of ZIP codes in use, as a bitmap over 00000-99999 (12.5 kB)."""

    __slots__ = ("_bits", "count")

    def __init__(self, codes: Sequence[str]) -> None:
        bits = bytearray(100_000 // 8)
        for code in codes:
            n = int(code)
            bits[n >> 3] |= 1 << (n & 7)
        self._bits = bytes(bits)
        #: How many codes are in the set.
        self.count = sum(bin(b).count("1") for b in self._bits)

    def __contains__(self, code: object) -> bool:
        """True for a five-digit string (or the first five digits of ZIP+4) that is a ZIP code in use."""
        if not isinstance(code, str) or len(code) < 5 or not code[:5].isdigit() or not code[:5].isascii():
            return False
        n = int(code[:5])
        return bool(self._bits[n >> 3] & (1 << (n & 7)))

    def __len__(self) -> int:
        return self.count


@cache
def zip_codes() -> ZipCodes:
    """The shipped ZIP codes (plus site entries) as a :class:`ZipCodes` bitmap."""
    codes = [c for c in load_list("zip_codes") if len(c) == 5 and c.isdigit()]
    return ZipCodes(codes)
