"""Check digits and structural rules of identifiers (used by recognizers and by surrogate makers).

Every function takes the identifier's characters (separators already removed unless noted) and
returns whether they pass. None of them raise on malformed input; they return ``False``.
"""

from __future__ import annotations

__all__ = [
    "dea_valid",
    "luhn_valid",
    "npi_valid",
    "ssn_valid",
    "vin_check_digit",
    "vin_valid",
]


def luhn_valid(digits: str) -> bool:
    """ISO/IEC 7812 Luhn check over a string of digits (payment cards, NPI with its prefix)."""
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def npi_valid(npi: str) -> bool:
    """A 10-digit NPI: Luhn over ``80840`` + the NPI (CMS NPI check digit), first digit 1 or 2."""
    return len(npi) == 10 and npi[:1] in ("1", "2") and luhn_valid("80840" + npi)


def dea_valid(dea: str) -> bool:
    """A DEA registration number: 2 letters + 7 digits; the last digit checks the first six.

    Check: (d1 + d3 + d5) + 2 * (d2 + d4 + d6) ends in d7. The first letter is a registrant type
    (A, B, F, G, M, P, R, X, ...), the second a letter or ``9``.
    """
    if len(dea) != 9 or not dea.isascii():
        return False
    head, digits = dea[:2].upper(), dea[2:]
    if not (head[0].isalpha() and (head[1].isalpha() or head[1] == "9") and digits.isdigit()):
        return False
    d = [ord(c) - 48 for c in digits]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def ssn_valid(area: str, group: str, serial: str) -> bool:
    """SSA structural rules: area not 000, 666 or 900-999; group not 00; serial not 0000."""
    if not (len(area) == 3 and len(group) == 2 and len(serial) == 4):
        return False
    if not (area + group + serial).isascii() or not (area + group + serial).isdigit():
        return False
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str | None:
    """The ISO 3779 / 49 CFR 565 check digit (``0``-``9`` or ``X``) a 17-character VIN should carry."""
    if len(vin) != 17:
        return None
    total = 0
    for ch, weight in zip(vin.upper(), _VIN_WEIGHTS, strict=True):
        value = _VIN_VALUES.get(ch)
        if value is None:  # I, O, Q and anything not alphanumeric
            return None
        total += value * weight
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def vin_valid(vin: str) -> bool:
    """A 17-character VIN whose 9th character is its check digit."""
    expected = vin_check_digit(vin)
    return expected is not None and vin[8].upper() == expected
