"""Realistic surrogates of the same shape: a name for a name, a phone for a phone, an MRN for an MRN.

``surrogate(category, value, keyed)`` builds a fake value from keyed draws (see ``pseudonymize.py``,
which keys them by secret, patient, category and the normalised value or word). Surrogates
keep the original's layout (separators, digit count, letter case) and are chosen from ranges that
belong to nobody:

- names and places from the shipped word lists (``phigate.detection.dictionaries``: the most frequent
  first names and surnames, US city names), word by word, so ``John Smith`` and ``Mr. Smith`` agree,
  and a first name gets a first name, a surname a surname;
- phones and faxes as valid-looking NANP numbers (area and exchange codes that start with 2-9);
- SSNs in area 900-999 with group 01-49, which the SSA never issues (ITINs use groups 50-99);
- emails at ``example.com``/``.org``/``.net`` and URLs at ``example.org`` (RFC 2606 reserved);
- IPv4 addresses in the documentation nets (RFC 5737), IPv6 in ``2001:db8::/32`` (RFC 3849);
- record, account, plan, licence, vehicle, device and other ids: each digit a digit, each letter a
  letter of the same case, everything else kept.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from phigate.detection.dictionaries import fold, load_list
from phigate.errors import TransformError
from phigate.model import Category
from phigate.policy.zip3 import get_zip3_table
from phigate.transforms.base import Draw

__all__ = ["POOL_SIZE", "Keyed", "has_surrogate", "normalize", "surrogate"]

#: Gives the deterministic draw for a label (bound to a secret, a patient and a category).
Keyed = Callable[[str], Draw]

#: How many of the most frequent first names and surnames surrogates are drawn from.
POOL_SIZE = 2000
_NEVER = 1 << 30
#: How deep into each list a word's rank is looked up (rarer words count as surnames).
_RANKED = 50_000


@dataclass(frozen=True, slots=True)
class _Pools:
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    places: tuple[str, ...]
    given_rank: Mapping[str, int]
    surname_rank: Mapping[str, int]

    def is_given(self, word: str) -> bool:
        """Whether ``word`` is more common as a first name than as a surname."""
        key = fold(word)
        return self.given_rank.get(key, _NEVER) < self.surname_rank.get(key, _NEVER)


def _usable(entries: tuple[str, ...]) -> list[str]:
    return [e.capitalize() for e in entries if e.isascii() and e.isalpha() and len(e) >= 3]


@functools.cache
def _pools() -> _Pools:
    """Surrogate pools from the shipped word lists (``phigate.detection.dictionaries``), loaded once."""
    first, last = load_list("first_names"), load_list("surnames")
    return _Pools(
        given=tuple(_usable(first[: POOL_SIZE * 2])[:POOL_SIZE]),
        surnames=tuple(_usable(last[: POOL_SIZE * 2])[:POOL_SIZE]),
        places=tuple(_usable(load_list("us_cities"))),
        given_rank={w: i for i, w in enumerate(first[:_RANKED])},
        surname_rank={w: i for i, w in enumerate(last[:_RANKED])},
    )


#: Words kept as they are inside names: titles, suffixes and particles.
_NAME_KEEP = frozenset(
    "dr mr mrs ms miss mx prof rev sr jr ii iii iv md do rn np pa phd dds dmd de la van von".split()
)
#: Words kept as they are inside places: facility and street words, directions.
_PLACE_KEEP = frozenset(
    """of the and hospital clinic medical center centre health healthcare memorial general university
    regional community children's childrens nursing home hospice care rehab rehabilitation institute
    st street ave avenue rd road blvd boulevard dr drive ln lane ct court pl place way apt suite unit
    fl floor county city north south east west n s e w ne nw se sw""".split()
)
_DIGIT_CATEGORIES = frozenset({Category.PHONE, Category.FAX, Category.SSN, Category.ZIP})
_NON_DIGIT = re.compile(r"\D")
_NON_ALNUM = re.compile(r"[\W_]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LOWER = string.ascii_lowercase
_UPPER = string.ascii_uppercase
_RESERVED_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")


def normalize(category: Category, value: str) -> str:
    """The form of ``value`` that surrogates are keyed on: digits for numbers, casefolded words else."""
    if category in _DIGIT_CATEGORIES:
        digits = _NON_DIGIT.sub("", value)
        if category in (Category.PHONE, Category.FAX) and len(digits) == 11 and digits[0] == "1":
            digits = digits[1:]
        return digits
    if category in (Category.NAME, Category.LOCATION):
        return " ".join(_WORD.findall(value.casefold()))
    return _NON_ALNUM.sub("", value.casefold())


def _like(word: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original.islower():
        return word.lower()
    return word


def _replace_words(value: str, pick: Callable[[str], str], keep: frozenset[str]) -> str:
    """Every word of ``value`` not in ``keep`` replaced by ``pick(word)``; every word if all are kept."""

    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        return word if word.casefold() in keep else _like(pick(word), word)

    out = _WORD.sub(one, value)
    return out if out != value or not keep else _replace_words(value, pick, frozenset())


def _word_from(options: tuple[str, ...], word: str, draw: Draw) -> str:
    choice = draw.choice(options)
    while choice.casefold() == word.casefold():
        choice = draw.choice(options)
    return choice


def _name(value: str, keyed: Keyed) -> str:
    def pick(word: str) -> str:
        draw = keyed("word\x1f" + word.casefold())
        if len(word) == 1:  # an initial
            return _word_from(tuple(_UPPER if word.isupper() else _LOWER), word, draw)
        pools = _pools()
        return _word_from(pools.given if pools.is_given(word) else pools.surnames, word, draw)

    return _replace_words(value, pick, _NAME_KEEP)


def _location(value: str, keyed: Keyed) -> str:
    digits = _digits(value, keyed(normalize(Category.LOCATION, value)), first_nonzero=True)

    def pick(word: str) -> str:
        return _word_from(_pools().places, word, keyed("word\x1f" + word.casefold()))

    return _replace_words(digits, pick, _PLACE_KEEP)


def _digits(value: str, draw: Draw, *, first_nonzero: bool = False, prefix: str = "") -> str:
    """``value`` with its digits replaced (the first ones by ``prefix``), all other characters kept."""
    out: list[str] = []
    n = 0
    for c in value:
        if c.isdigit():
            if n < len(prefix):
                out.append(prefix[n])
            elif n == 0 and first_nonzero:
                out.append(str(1 + draw.below(9)))
            else:
                out.append(str(draw.below(10)))
            n += 1
        else:
            out.append(c)
    return "".join(out)


def _nanp(draw: Draw) -> str:
    """Ten digits of a valid-looking North American number: NXX-NXX-XXXX, no N11 codes."""
    while True:
        area = f"{2 + draw.below(8)}{draw.below(9)}{draw.below(10)}"
        exchange = f"{2 + draw.below(8)}{draw.below(10)}{draw.below(10)}"
        if exchange[1:] != "11":
            return area + exchange + f"{draw.below(10_000):04d}"


def _phone(value: str, draw: Draw) -> str:
    digits = sum(c.isdigit() for c in value)
    core = normalize(Category.PHONE, value)
    if len(core) == 10:
        lead = "1" if digits == 11 else ""
        return _digits(value, draw, prefix=lead + _nanp(draw))
    if digits == 7:
        return _digits(value, draw, prefix=_nanp(draw)[3:])
    if digits > 10:  # a number with an extension: the first ten digits are the number
        return _digits(value, draw, prefix=_nanp(draw))
    return _digits(value, draw, first_nonzero=True)


def _ssn(value: str, draw: Draw) -> str:
    if sum(c.isdigit() for c in value) != 9:
        return _digits(value, draw)
    prefix = f"9{draw.below(100):02d}{1 + draw.below(49):02d}{1 + draw.below(9999):04d}"
    return _digits(value, draw, prefix=prefix)


def _zip(value: str, draw: Draw) -> str:
    restricted = get_zip3_table().prefixes
    while True:
        prefix = f"{1 + draw.below(998):03d}"
        if prefix not in restricted:
            return _digits(value, draw, prefix=prefix)


def _email(value: str, draw: Draw) -> str:
    pools = _pools()
    local = f"{draw.choice(pools.given)}.{draw.choice(pools.surnames)}{draw.below(100)}".lower()
    return f"{local}@{draw.choice(_EMAIL_DOMAINS)}"


def _url(value: str, draw: Draw) -> str:
    scheme = re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", value)
    token = "".join(draw.choice("0123456789abcdef") for _ in range(10))
    return f"{scheme.group(0) if scheme else ''}example.org/{token}"


def _ip(value: str, draw: Draw) -> str:
    try:
        address = ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return _identifier(value, draw)
    if address.version == 4:
        return f"{draw.choice(_RESERVED_NETS)}{1 + draw.below(254)}"
    groups = ":".join(f"{draw.below(0x10000):x}" for _ in range(4))
    return f"2001:db8::{groups}"


def _identifier(value: str, draw: Draw) -> str:
    out: list[str] = []
    for c in value:
        if c.isdigit():
            out.append(str(draw.below(10)))
        elif c in _UPPER:
            out.append(draw.choice(_UPPER))
        elif c in _LOWER:
            out.append(draw.choice(_LOWER))
        else:
            out.append(c)
    return "".join(out)


_BY_WORD: dict[Category, Callable[[str, Keyed], str]] = {
    Category.NAME: _name,
    Category.LOCATION: _location,
}
_BY_VALUE: dict[Category, Callable[[str, Draw], str]] = {
    Category.ZIP: _zip,
    Category.PHONE: _phone,
    Category.FAX: _phone,
    Category.EMAIL: _email,
    Category.SSN: _ssn,
    Category.MRN: _identifier,
    Category.HEALTH_PLAN: _identifier,
    Category.ACCOUNT: _identifier,
    Category.LICENSE: _identifier,
    Category.VEHICLE: _identifier,
    Category.DEVICE: _identifier,
    Category.URL: _url,
    Category.IP: _ip,
    Category.ID: _identifier,
}


def has_surrogate(category: Category) -> bool:
    """Whether ``surrogate`` can make a value of ``category`` (dates shift, ages generalize instead)."""
    return category in _BY_WORD or category in _BY_VALUE


def surrogate(category: Category, value: str, keyed: Keyed, *, attempts: int = 16) -> str:
    """A fake value of ``category`` shaped like ``value``, never equal to it (compared normalised).

    ``keyed(label)`` gives the deterministic draw for a label: names and places are replaced word by
    word (one label per word), everything else from one label, the normalised value.
    """
    original = normalize(category, value)
    if category in _BY_WORD:
        fake = _BY_WORD[category](value, keyed)
        if normalize(category, fake) != original or not original:
            return fake
        raise TransformError(f"could not make a {category.value} surrogate that differs from the original")
    try:
        build = _BY_VALUE[category]
    except KeyError:
        raise TransformError(f"no surrogate exists for category {category.value}") from None
    draw = keyed(original)
    for _ in range(attempts):
        fake = build(value, draw)
        if normalize(category, fake) != original or not original:
            return fake
    raise TransformError(f"could not make a {category.value} surrogate that differs from the original")
