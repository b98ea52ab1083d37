"""Synthetic identifier values in many surface forms, drawn from Faker and a seeded RNG.

Every value is made up. Formats follow real shapes (valid SSN ranges, NPI and card Luhn digits, DEA
and VIN check digits), so validating detectors see plausible input. ``Faker`` is imported lazily.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass
from typing import Any

from phigate.errors import MissingExtraError

__all__ = ["Person", "Values"]

#: Name locales and their weights: mostly US English, plus names that are not English.
NAME_LOCALES: tuple[tuple[str, int], ...] = (
    ("en_US", 40),
    ("es_MX", 10),
    ("de_DE", 4),
    ("fr_FR", 4),
    ("it_IT", 4),
    ("pl_PL", 4),
    ("vi_VN", 5),
    ("pt_BR", 4),
    ("ga_IE", 3),
    ("nl_NL", 3),
    ("en_IN", 6),
    ("yo_NG", 4),
    ("ja_JP", 3),
    ("tr_TR", 2),
)

#: Given names and surnames that are also English words or eponyms.
WORD_FIRST = (
    "Hope",
    "Grace",
    "Faith",
    "Joy",
    "Rose",
    "Autumn",
    "Sunny",
    "Will",
    "Mark",
    "Bill",
    "Dawn",
    "Iris",
)
WORD_LAST = (
    "Baker",
    "Foley",
    "Parkinson",
    "Cushing",
    "Young",
    "King",
    "Brown",
    "White",
    "Hunter",
    "Park",
    "Bell",
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NUMBER_WORDS = {90: "ninety", 91: "ninety-one", 92: "ninety-two", 93: "ninety-three", 94: "ninety-four"}
FACILITY_SUFFIXES = (
    "Medical Center",
    "Hospital",
    "Regional Medical Center",
    "Community Hospital",
    "Clinic",
    "Health Center",
    "Family Practice",
    "Rehabilitation Center",
    "Memorial Hospital",
    "Urgent Care",
    "Imaging Center",
    "Surgical Center",
    "Nursing Home",
)
FACILITY_PREFIXES = ("St. Mary's", "Mercy", "Good Samaritan", "Sacred Heart", "Providence", "St. Luke's")


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@dataclass(frozen=True, slots=True)
class Person:
    """A made-up person: names in their parts, for the many ways a note writes them."""

    first: str
    middle: str
    last: str
    female: bool


class Values:
    """Draws identifier values; all randomness comes from one seeded ``random.Random``."""

    def __init__(self, seed: int) -> None:
        try:
            from faker import Faker  # lazy: only the generator needs it
        except ImportError as exc:
            raise MissingExtraError(
                "the synthetic corpus generator needs Faker: pip install 'phigate[dev]'"
            ) from exc

        # Synthetic test data, not secrets: a seeded, reproducible RNG is what we want.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self._fake: Any = Faker([loc for loc, _ in NAME_LOCALES])
        self._fake.seed_instance(seed)
        self._us: Any = self._fake["en_US"]

    # ---------------------------------------------------------------- helpers
    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        """One of ``options``."""
        return self.rng.choice(options)

    def digits(self, n: int, *, lead_zero: bool = True) -> str:
        """``n`` random digits."""
        first = self.rng.choice(string.digits if lead_zero else "123456789")
        return first + "".join(self.rng.choice(string.digits) for _ in range(n - 1))

    def letters(self, n: int) -> str:
        """``n`` random capital letters."""
        return "".join(self.rng.choice(string.ascii_uppercase) for _ in range(n))

    # ---------------------------------------------------------------- names
    def person(self) -> Person:
        """A person from a weighted locale; sometimes a word-like or hyphenated name."""
        loc = self.rng.choices([x for x, _ in NAME_LOCALES], [w for _, w in NAME_LOCALES])[0]
        fake = self._fake[loc]
        female = self.rng.random() < 0.5
        if loc == "ja_JP":
            first, last = fake.first_romanized_name(), fake.last_romanized_name()
            middle = ""
        else:
            first = fake.first_name_female() if female else fake.first_name_male()
            last = fake.last_name()
            middle = (
                (fake.first_name_female() if female else fake.first_name_male()) if loc == "en_US" else ""
            )
        roll = self.rng.random()
        if roll < 0.08:
            first = self.pick(WORD_FIRST)
        elif roll < 0.16:
            last = self.pick(WORD_LAST)
        elif roll < 0.24:
            last = f"{last}-{self._us.last_name()}"
        return Person(first.split()[0], middle.split()[0] if middle else "", last, female)

    def employer(self) -> str:
        """An employer's name."""
        return str(self._us.company())

    # ---------------------------------------------------------------- places
    def street(self) -> str:
        """A street address line, sometimes abbreviated or with a unit."""
        line = str(self._us.street_address())
        roll = self.rng.random()
        if roll < 0.2:
            line = line.replace(" Street", " St").replace(" Avenue", " Ave").replace(" Road", " Rd")
        elif roll < 0.3:
            direction = self.pick(("N", "S", "E", "W"))
            line = f"{self.digits(4, lead_zero=False)} {direction} {self._us.street_name()}"
        elif roll < 0.38:
            line = self.rural_route()
        return line

    def rural_route(self) -> str:
        """A rural or numbered-road address: ``RR 2 Box 45``, ``4410 County Road 12``, ``PO Box 552``."""
        road = str(self.rng.randint(1, 99))
        box = str(self.rng.randint(1, 999))
        return self.pick(
            (
                f"RR {self.rng.randint(1, 9)} Box {box}",
                f"Rural Route {self.rng.randint(1, 9)}, Box {box}",
                f"HC {self.rng.randint(1, 9)} Box {box}",
                f"Rte {road} Box {box}",
                f"{self.digits(4, lead_zero=False)} County Road {road}",
                f"{self.digits(4, lead_zero=False)} State Route {road}",
                f"{self.digits(3, lead_zero=False)} US Hwy {road}",
                f"PO Box {self.digits(4, lead_zero=False)}",
                f"P.O. Box {box}",
            )
        )

    def unit(self) -> str:
        """An apartment or suite."""
        return str(self._us.secondary_address())

    def city(self) -> str:
        """A city name."""
        return str(self._us.city())

    def county(self) -> str:
        """A county name."""
        return f"{self._us.last_name()} County"

    def state_abbr(self) -> str:
        """A US state abbreviation (not an identifier)."""
        return str(self._us.state_abbr(include_territories=False, include_freely_associated_states=False))

    def state_name(self) -> str:
        """A US state name (not an identifier)."""
        return str(self._us.state())

    def zip(self) -> str:
        """A ZIP or ZIP+4 code."""
        return str(self._us.zipcode_plus4() if self.rng.random() < 0.2 else self._us.zipcode())

    def facility(self) -> str:
        """A named hospital, clinic or practice."""
        roll = self.rng.random()
        if roll < 0.3:
            head = self.pick(FACILITY_PREFIXES)
        elif roll < 0.65:
            head = self.city()
        else:
            head = f"{self._us.last_name()}"
        return f"{head} {self.pick(FACILITY_SUFFIXES)}"

    def geocode(self) -> str:
        """A latitude/longitude pair."""
        lat = self.rng.uniform(25, 48)
        lon = -self.rng.uniform(70, 123)
        return f"{lat:.4f}, {lon:.4f}"

    # ---------------------------------------------------------------- dates
    def day(self, start_year: int = 2015, end_year: int = 2025) -> dt.date:
        """A random calendar day."""
        start = dt.date(start_year, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(end_year, 12, 31).toordinal()))

    def date_text(self, day: dt.date, form: str | None = None) -> str:
        """``day`` written in one of many surface forms."""
        forms = (
            "m/d/yy",
            "mm/dd/yyyy",
            "m/d/yyyy",
            "mm-dd-yyyy",
            "iso",
            "Month d, yyyy",
            "Mon d yyyy",
            "d Mon yyyy",
            "Month dth",
            "the dth of Month",
            "Mon 'yy",
            "Month yyyy",
            "dd.mm.yyyy",
            "mm/dd",
            "MONTH d",
            "yyyymmdd",
        )
        form = form or self.pick(forms)
        month, mon = MONTHS[day.month - 1], MONTHS[day.month - 1][:3]
        out = {
            "m/d/yy": f"{day.month}/{day.day}/{day.year % 100:02d}",
            "mm/dd/yyyy": f"{day.month:02d}/{day.day:02d}/{day.year}",
            "m/d/yyyy": f"{day.month}/{day.day}/{day.year}",
            "mm-dd-yyyy": f"{day.month:02d}-{day.day:02d}-{day.year}",
            "iso": day.isoformat(),
            "Month d, yyyy": f"{month} {day.day}, {day.year}",
            "Mon d yyyy": f"{mon} {day.day} {day.year}",
            "d Mon yyyy": f"{day.day} {mon} {day.year}",
            "Month dth": f"{month} {_ordinal(day.day)}",
            "the dth of Month": f"{_ordinal(day.day)} of {month}",
            "Mon 'yy": f"{mon} '{day.year % 100:02d}",
            "Month yyyy": f"{month} {day.year}",
            "dd.mm.yyyy": f"{day.day:02d}.{day.month:02d}.{day.year}",
            "mm/dd": f"{day.month}/{day.day}",
            "MONTH d": f"{month.upper()} {day.day}",
            "yyyymmdd": f"{day.year}{day.month:02d}{day.day:02d}",
        }[form]
        return out

    def date(self) -> str:
        """A date in a random form, in recent years."""
        return self.date_text(self.day())

    def dob(self) -> str:
        """A birth date, in the forms registration fields use."""
        day = self.day(1935, 2010)
        return self.date_text(
            day, self.pick(("mm/dd/yyyy", "m/d/yyyy", "iso", "Month d, yyyy", "d Mon yyyy", "m/d/yy"))
        )

    def timestamp(self) -> str:
        """A date with a time."""
        day = self.day()
        hh, mm, ss = self.rng.randint(0, 23), self.rng.randint(0, 59), self.rng.randint(0, 59)
        meridiem = "AM" if hh < 12 else "PM"
        return self.pick(
            (
                f"{day.isoformat()}T{hh:02d}:{mm:02d}:{ss:02d}",
                f"{day.isoformat()} {hh:02d}:{mm:02d}",
                f"{day.month:02d}/{day.day:02d}/{day.year} {hh:02d}{mm:02d}",
                f"{day.month}/{day.day}/{day.year % 100:02d} {hh % 12 or 12}:{mm:02d} {meridiem}",
            )
        )

    def old_age(self) -> str:
        """An age over 89, as digits or (rarely) words."""
        age = self.rng.randint(90, 104)
        return NUMBER_WORDS[age] if age in NUMBER_WORDS and self.rng.random() < 0.15 else str(age)

    # ---------------------------------------------------------------- contact
    def phone(self, *, extension: bool = True) -> str:
        """A US phone number in one of many forms, sometimes with an extension."""
        a, e, n = self.digits(3, lead_zero=False), self.digits(3, lead_zero=False), self.digits(4)
        if a[0] == "1":
            a = "2" + a[1:]
        number = self.pick(
            (
                f"({a}) {e}-{n}",
                f"{a}-{e}-{n}",
                f"{a}.{e}.{n}",
                f"{a} {e} {n}",
                f"+1 {a} {e} {n}",
                f"1-{a}-{e}-{n}",
                f"({a}){e}-{n}",
                f"{a}{e}{n}",
                f"+1-{a}-{e}-{n}",
            )
        )
        if extension and self.rng.random() < 0.12:
            number += self.pick((" ext. ", " x", " ext ", " x.")) + self.digits(self.rng.randint(2, 4))
        return number

    def pager(self) -> str:
        """A pager number: short in-house or full."""
        return self.pick((f"{self.digits(1, lead_zero=False)}-{self.digits(4)}", self.phone(extension=False)))

    def email(self, person: Person | None = None) -> str:
        """An email address, often built from a name."""
        domain = self.pick((str(self._us.free_email_domain()), str(self._us.domain_name())))
        if person is not None and self.rng.random() < 0.6:
            first = person.first.lower().encode("ascii", "ignore").decode() or "pt"
            last = person.last.lower().replace(" ", "").encode("ascii", "ignore").decode() or "x"
            user = self.pick(
                (
                    f"{first}.{last}",
                    f"{first[0]}{last}",
                    f"{first}{self.digits(2)}",
                    f"{last}.{first}+mychart",
                )
            )
        else:
            user = str(self._us.user_name())
        return f"{user}@{domain}"

    def url(self, person: Person | None = None) -> str:
        """A web address: a portal link, a personal page or a social profile."""
        domain = str(self._us.domain_name())
        handle = (person.first + person.last).lower() if person else str(self._us.user_name())
        handle = handle.encode("ascii", "ignore").decode().replace(" ", "").replace("-", "") or "user"
        return self.pick(
            (
                f"https://portal.{domain}/patients/{self.digits(6)}",
                f"http://www.{domain}/{handle}",
                f"www.{domain}",
                f"https://www.facebook.com/{handle}.{self.digits(2)}",
                f"https://{domain}/records?id={self.digits(7)}",
                f"{domain}/~{handle}",
            )
        )

    def ipv4(self) -> str:
        """An IPv4 address."""
        return str(self._us.ipv4_public() if self.rng.random() < 0.7 else self._us.ipv4_private())

    def ipv6(self) -> str:
        """An IPv6 address, full or compressed."""
        full = str(self._us.ipv6())
        if self.rng.random() < 0.4:
            groups = full.split(":")
            return ":".join(groups[:3]) + "::" + groups[-1]
        return full

    # ---------------------------------------------------------------- numbers
    def ssn(self) -> str:
        """A valid-shaped SSN, with dashes, spaces or none."""
        area = self.rng.choice([n for n in range(1, 900) if n != 666])
        group, serial = self.rng.randint(1, 99), self.rng.randint(1, 9999)
        a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
        return self.pick((f"{a}-{g}-{s}", f"{a}-{g}-{s}", f"{a} {g} {s}", f"{a}{g}{s}", f"{a}.{g}.{s}"))

    def ssn_last4(self) -> str:
        """The last four digits of an SSN."""
        return f"{self.rng.randint(1, 9999):04d}"

    def mrn(self) -> str:
        """A medical record number in one of several site formats."""
        return self.pick(
            (
                self.digits(7, lead_zero=False),
                self.digits(8),
                f"{self.letters(1)}{self.digits(7)}",
                f"{self.digits(2)}-{self.digits(2)}-{self.digits(2)}-{self.digits(2)}",
                f"MR{self.digits(6)}",
                f"E{self.digits(9)}",
                f"{self.digits(3)}-{self.digits(3)}-{self.digits(3)}",
                self.digits(10),
            )
        )

    def accession(self) -> str:
        """A laboratory, radiology or pathology accession or specimen number."""
        yy = self.rng.randint(15, 25)
        return self.pick(
            (
                f"S{yy}-{self.digits(5)}",
                f"{self.letters(2)}{yy}-{self.digits(6)}",
                f"RAD-20{yy}-{self.digits(6)}",
                f"SP{yy}-{self.digits(6)}-A{self.rng.randint(1, 9)}",
                f"{self.letters(1)}{self.digits(9)}",
                f"ACC{self.digits(8)}",
            )
        )

    def member_id(self) -> str:
        """A health plan member number: commercial, Medicare MBI or Medicaid."""
        mbi_letters = "ACDEFGHJKMNPQRTUVWXY"

        def mbi_l() -> str:
            return self.rng.choice(mbi_letters)

        def mbi_x() -> str:
            return self.rng.choice(mbi_letters + string.digits)

        mbi = (
            f"{self.rng.randint(1, 9)}{mbi_l()}{mbi_x()}{self.digits(1)}-"
            f"{mbi_l()}{mbi_x()}{self.digits(1)}-"
            f"{mbi_l()}{mbi_l()}{self.digits(2)}"
        )
        return self.pick(
            (
                f"{self.letters(3)}{self.digits(9)}",
                f"W{self.digits(9)}",
                mbi,
                mbi.replace("-", ""),
                f"{self.digits(8)}{self.letters(1)}",
                f"{self.letters(3)}-{self.digits(3)}-{self.digits(3)}-{self.digits(2)}",
                f"{self.digits(3)}{self.letters(2)}{self.digits(6)}",
            )
        )

    def account(self) -> str:
        """A hospital account, billing or claim number."""
        return self.pick(
            (
                self.digits(10),
                f"{self.digits(4)}-{self.digits(3)}-{self.digits(4)}",
                f"HAR{self.digits(8)}",
                f"CLM-{self.day().strftime('%Y%m%d')}-{self.digits(4)}",
                f"{self.digits(2)}{self.letters(1)}{self.digits(7)}",
                f"{self.digits(12)}",
                f"INV-{self.digits(6)}",
            )
        )

    def card(self) -> str:
        """A payment card number with a valid Luhn digit."""
        body = self.pick(("4", "51", "52", "37", "6011")) + ""
        length = 15 if body == "37" else 16
        body += self.digits(length - 1 - len(body))
        number = body + _luhn_digit(body)
        if self.rng.random() < 0.5:
            return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        return number

    def drivers_license(self) -> str:
        """A driver licence number in a state format."""
        return self.pick(
            (
                f"{self.letters(1)}{self.digits(7)}",
                f"{self.letters(1)}{self.digits(3)}-{self.digits(4)}-{self.digits(4)}",
                self.digits(9),
                f"{self.letters(1)}{self.digits(12)}",
                f"{self.digits(3)}-{self.digits(3)}-{self.digits(3)}",
                f"{self.letters(2)}{self.digits(6)}",
            )
        )

    def dea(self, last: str) -> str:
        """A DEA registration number with a valid check digit."""
        first = self.pick(("A", "B", "F", "M"))
        second = last[:1].upper() if last[:1].isalpha() and last[:1].isascii() else "X"
        d = [int(c) for c in self.digits(6)]
        check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
        return f"{first}{second}{''.join(map(str, d))}{check}"

    def npi(self) -> str:
        """A National Provider Identifier with a valid Luhn digit (prefix 80840)."""
        body = self.pick(("1", "2")) + self.digits(8)
        return body + _luhn_digit("80840" + body)

    def state_license(self) -> str:
        """A professional licence or certificate number."""
        return self.pick(
            (
                f"{self.letters(1)}{self.digits(5)}",
                f"RN{self.digits(7)}",
                f"MD-{self.digits(6)}",
                f"{self.digits(2)}-{self.digits(6)}",
                f"{self.letters(2)}.{self.digits(7)}",
                f"{self.digits(4)}-{self.digits(6)}",
            )
        )

    def vin(self) -> str:
        """A vehicle identification number with a valid check digit."""
        chars = [self.rng.choice(_VIN_CHARS) for _ in range(17)]
        total = sum(_VIN_VALUES[c] * w for c, w in zip(chars, _VIN_WEIGHTS, strict=True))
        chars[8] = "X" if total % 11 == 10 else str(total % 11)
        return "".join(chars)

    def plate(self) -> str:
        """A licence plate."""
        return self.pick(
            (
                f"{self.digits(1, lead_zero=False)}{self.letters(3)}{self.digits(3)}",
                f"{self.letters(3)}-{self.digits(4)}",
                f"{self.letters(3)} {self.digits(3)}",
                f"{self.digits(3)} {self.letters(3)}",
                f"{self.letters(2)}{self.digits(5)}",
            )
        )

    def device_serial(self) -> str:
        """A device serial number."""
        return self.pick(
            (
                f"{self.letters(3)}{self.digits(6)}{self.letters(1)}",
                f"{self.digits(1)}{self.letters(1)}{self.digits(1)}-{self.digits(4)}{self.letters(1)}-{self.digits(2)}",
                f"SN{self.digits(9)}",
                f"{self.letters(2)}{self.digits(8)}",
                f"{self.digits(4)}-{self.letters(4)}-{self.digits(4)}",
            )
        )

    def udi(self) -> str:
        """A GS1 unique device identifier with production identifiers."""
        gtin = "00" + self.digits(12)
        expiry = self.day(2024, 2030).strftime("%y%m%d")
        return self.pick(
            (
                f"(01){gtin}(17){expiry}(10){self.letters(1)}{self.digits(3)}(21){self.digits(7)}",
                f"(01){gtin}(21){self.letters(2)}{self.digits(6)}",
                f"01{gtin}17{expiry}21{self.digits(8)}",
            )
        )

    def biometric_id(self) -> str:
        """A reference to an enrolled fingerprint, voiceprint, retina or palm template."""
        return self.pick(
            (
                f"FP-{self.digits(6)}-{self.pick(('L', 'R'))}",
                f"VP{self.digits(7)}",
                f"BIO-{self.letters(2)}{self.digits(5)}",
                f"RTN-{self.digits(4)}-{self.digits(4)}",
                f"{self.digits(3)}{self.letters(3)}{self.digits(3)}",
            )
        )

    def photo_ref(self, person: Person) -> str:
        """A file name or reference of a full-face photograph."""
        last = person.last.lower().replace(" ", "_").encode("ascii", "ignore").decode() or "pt"
        day = self.day()
        return self.pick(
            (
                f"IMG_{day.strftime('%Y%m%d')}_{self.digits(6)}.jpg",
                f"{last}_face_{self.digits(3)}.png",
                f"PHOTO-{self.digits(7)}",
                f"DSC{self.digits(5)}.JPG",
                f"headshot_{last}_{day.year}.jpeg",
            )
        )

    def other_id(self) -> str:
        """Another unique code: study subject, employee, badge, passport, registry ids."""
        return self.pick(
            (
                f"{self.letters(3)}-{self.digits(3)}-{self.digits(4)}",
                f"{self.digits(3)}-{self.digits(4)}",
                f"E{self.digits(6)}",
                f"{self.letters(1)}{self.digits(8)}",
                f"{self.letters(3)}{self.digits(4)}",
                f"{self.letters(4)}{self.digits(4)}",
                f"{self.digits(2)}{self.letters(2)}{self.digits(5)}",
            )
        )

    # ------------------------------------------------- wider surface forms of dates, ages and numbers
    def age_words(self) -> str:
        """An age over 89 in words: ``ninety-two``, ``Ninety two``, ``one hundred and one``."""
        age = self.rng.randint(90, 109)
        if age >= 100:
            rest = age - 100
            head = self.pick(("one hundred", "a hundred", "one-hundred"))
            return head if not rest else f"one hundred and {_SMALL_WORDS[rest]}"
        unit = _SMALL_WORDS[age - 90] if age > 90 else ""
        word = "ninety" + (self.pick(("-", " ")) + unit if unit else "")
        return word.capitalize() if self.rng.random() < 0.3 else word

    def age_glued(self, age: int) -> str:
        """``age`` with its unit or sex glued on, one token: ``92yo``, ``92yoF``, ``92M``, ``92yrs``."""
        return f"{age}{self.pick(('yo', 'yo', 'y/o', 'yoF', 'yoM', 'M', 'F', 'yF', 'yrs', 'y'))}"

    def date_wide(self) -> str:
        """A date (sometimes with a time) in a form that :meth:`date_text` does not write."""
        day = self.day()
        month, mon = MONTHS[day.month - 1], MONTHS[day.month - 1][:3]
        hh, mm = self.rng.randint(0, 23), self.rng.randint(0, 59)
        meridiem = "AM" if hh < 12 else "PM"
        yy = f"{day.year % 100:02d}"
        return self.pick(
            (
                f"{_ordinal(day.day)} {month} {day.year}",
                f"{mon}.{day.day}.{yy}",
                f"{day.day:02d}{mon.upper()}{day.year}",
                f"{day.year}/{day.month:02d}/{day.day:02d}",
                f"{day.isoformat()}T{hh:02d}:{mm:02d}:{self.rng.randint(0, 59):02d}Z",
                f"{day.month}-{day.day}-{yy}",
                f"{'Sept' if day.month == 9 else mon} {day.day}",
                f"{day.month:02d}/{day.year}",
                f"{day.day}-{mon}-{day.year}",
                f"{_DAY_WORDS[day.day - 1]} of {month}",
                f"{month} {_ordinal(day.day)}, {day.year} at {hh % 12 or 12}:{mm:02d} {meridiem}",
                f"{day.day} {mon} {day.year} {hh:02d}:{mm:02d}",
                f"{mon} {day.day} @ {hh:02d}{mm:02d}",
                f"{month.upper()} {day.day}, {day.year}",
                f"{mon}. {_ordinal(day.day)}",
                f"{day.day:02d}-{mon.upper()}-{yy}",
            )
        )

    def ssn_wide(self) -> str:
        """An SSN written in full, or masked down to its last four digits."""
        area = self.rng.choice([n for n in range(1, 900) if n != 666])
        a, g, s = f"{area:03d}", f"{self.rng.randint(1, 99):02d}", f"{self.rng.randint(1, 9999):04d}"
        return self.pick(
            (f"XXX-XX-{s}", f"***-**-{s}", f"xxx-xx-{s}", f"{a} {g} {s}", f"{a}-{g}-{s}", f"{a}{g}{s}")
        )

    def mrn_wide(self) -> str:
        """A medical record number in a less common site format."""
        return self.pick(
            (
                f"{self.letters(2)}{self.digits(7)}",
                f"{self.digits(4)}-{self.digits(4)}-{self.digits(2)}",
                f"{self.digits(4)} {self.digits(4)} {self.digits(2)}",
                f"{self.digits(2)}-{self.digits(6)}",
                f"M{self.digits(9)}",
                f"{self.digits(6)}-{self.digits(1)}",
                f"{self.digits(3)} {self.digits(3)} {self.digits(4)}",
            )
        )

    def phone_wide(self) -> str:
        """A phone number in a less common form: country code with brackets, long extensions, abroad."""
        a, e, n = self.digits(3, lead_zero=False), self.digits(3, lead_zero=False), self.digits(4)
        a = "2" + a[1:] if a[0] == "1" else a
        return self.pick(
            (
                f"+1 ({a}) {e}-{n}",
                f"{a}.{e}.{n} ext. {self.digits(4)}",
                f"({a}) {e}-{n} x{self.digits(4)}",
                f"+44 20 {self.digits(4)} {self.digits(4)}",
                f"{a}-{e}-{n}, ext {self.digits(2)}",
                f"1.{a}.{e}.{n}",
                f"({a})-{e}-{n}",
                f"+52 55 {self.digits(4)} {self.digits(4)}",
            )
        )

    def pager_wide(self) -> str:
        """An in-house pager or extension of five digits."""
        return self.pick(
            (self.digits(5, lead_zero=False), f"{self.digits(1, lead_zero=False)}-{self.digits(4)}")
        )


_SMALL_WORDS = (
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
)
_DAY_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
    "thirty-first",
)
