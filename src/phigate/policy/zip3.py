"""Restricted three-digit ZIP codes (45 CFR 164.514(b)(2)(i)(B)) as named, versioned tables.

A ZIP3 whose area holds 20,000 people or fewer must become ``000``. Which ZIP3s those are depends on
the census used, so each table has a name, a version and a digest, and every run records the name
and digest of the table it used (see ``docs/deid.md``; sources in the Safe Harbor reference note):

- ``hhs-2000``: the 17 prefixes HHS listed from the 2000 Census (2012 de-identification guidance).
- ``census-2010``: the 14 prefixes with 20,000 people or fewer in the 2010 Census ZCTA populations,
  plus 4 prefixes with no populated ZCTA (202, 204, 753, 772).
- ``union-default`` (default): the union of both, 23 prefixes; conservative and cheap.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from phigate.errors import ConfigError

__all__ = ["DEFAULT_ZIP3_TABLE", "ZIP3_TABLES", "Zip3Table", "get_zip3_table"]


@dataclass(frozen=True, slots=True)
class Zip3Table:
    """A named set of restricted ZIP3 prefixes."""

    name: str
    version: str
    source: str
    prefixes: frozenset[str]

    def __post_init__(self) -> None:
        bad = sorted(p for p in self.prefixes if len(p) != 3 or not p.isdigit())
        if bad or not self.prefixes:
            raise ConfigError(f"ZIP3 table {self.name!r} holds invalid prefixes: {bad}")

    @property
    def digest(self) -> str:
        """``sha256:`` of the name, version and sorted prefixes: changes whenever the table does."""
        body = "\n".join([self.name, self.version, *sorted(self.prefixes)])
        return "sha256:" + hashlib.sha256(body.encode()).hexdigest()

    def generalize(self, zip_code: str) -> str:
        """The first three digits of a 5- or 9-digit ZIP, or ``000`` if restricted or unreadable."""
        digits = "".join(c for c in zip_code if c.isdigit())
        if len(digits) not in (5, 9):
            return "000"
        prefix = digits[:3]
        return "000" if prefix in self.prefixes else prefix


_HHS_2000 = frozenset("036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893".split())
_CENSUS_2010 = frozenset("036 059 102 202 203 204 205 369 556 692 753 772 821 823 878 879 884 893".split())

#: Every shipped table, by name.
ZIP3_TABLES: dict[str, Zip3Table] = {
    t.name: t
    for t in (
        Zip3Table("hhs-2000", "2000", "HHS de-identification guidance (2012), 2000 Census", _HHS_2000),
        Zip3Table("census-2010", "2010", "2010 Census ZCTA5 populations, <= 20,000 or none", _CENSUS_2010),
        Zip3Table("union-default", "1", "union of hhs-2000 and census-2010", _HHS_2000 | _CENSUS_2010),
    )
}

DEFAULT_ZIP3_TABLE = "union-default"


def get_zip3_table(name: str = DEFAULT_ZIP3_TABLE) -> Zip3Table:
    """The table called ``name``; an unknown name is a ``ConfigError``."""
    try:
        return ZIP3_TABLES[name]
    except KeyError:
        raise ConfigError(f"unknown ZIP3 table {name!r} (known: {', '.join(sorted(ZIP3_TABLES))})") from None
