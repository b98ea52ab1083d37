"""Build a labelled corpus from the sentence templates shipped in the PyPI package ``presidio-evaluator``.

``presidio-evaluator`` (MIT licence, Presidio contributors) ships
``presidio_evaluator/data_generator/raw_data/templates.txt``: about 200 sentences written by its
authors with ``{{placeholder}}`` slots, which its own generator fills with fake values. We fill each
template a few times with Faker values (fixed seed) and label the slots, so the sentences are text we
did not write. Its ``FakeNameGenerator.com_3000.csv`` record file (CC BY-SA 3.0) is not used. Run from
the repository root::

    python tools/convert_presidio_evaluator.py [--out tests/data/external/presidio_evaluator.jsonl]

Type mapping (placeholder -> phigate category):

- NAME: person, name, name_male, name_female, first_name, first_name_male, first_name_female,
  first_name_nonbinary, last_name, last_name_male, last_name_female
- LOCATION: street_name, building_number (with the street it precedes), secondary_address, city;
  ``address`` is written as street, city, state and ZIP, labelled LOCATION, LOCATION, -, ZIP
- ZIP: zipcode, postcode · PHONE: phone_number · EMAIL: email · SSN: ssn · IP: ip_address · URL: url
- LICENSE: us_driver_license · ACCOUNT: credit_card_number, iban · DATE: date_of_birth, date_time
- AGE: age, only when the drawn age is over 89 (younger ages are not identifiers)

Dropped (filled but not labelled, because they are not Safe Harbor identifiers): country,
nationality, nation_woman, nation_plural, state_abbr (a state is allowed), year (a bare year),
day_of_week, prefix, prefix_male, prefix_female, job, and organization (an organization is an
identifier only as the patient's employer, which these templates do not say).
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _wheel import convert_main

from phigate.evaluation.corpus import LabelledDoc, Span
from phigate.model import Category as C

PACKAGE, VERSION = "presidio-evaluator", "0.3.2"
MEMBER = "presidio_evaluator/data_generator/raw_data/templates.txt"
DEFAULT_OUT = Path("tests/data/external/presidio_evaluator.jsonl")
SEED = 5150
FILLS_PER_TEMPLATE = 3
SLOT = re.compile(r"\{\{\s*(\w+)\s*\}\}")

Piece = tuple[str, C | None]


def _state(fake: Any) -> str:
    """A state abbreviation of the 50 states and DC (no territories or freely associated states)."""
    return str(fake.state_abbr(include_territories=False, include_freely_associated_states=False))


def _fillers(fake: Any, rng: random.Random) -> dict[str, Callable[[], list[Piece]]]:
    def one(category: C | None, fn: Callable[[], object]) -> Callable[[], list[Piece]]:
        return lambda: [(str(fn()), category)]

    def address() -> list[Piece]:
        return [
            (fake.street_address(), C.LOCATION),
            (", ", None),
            (fake.city(), C.LOCATION),
            (", ", None),
            (_state(fake), None),
            (" ", None),
            (fake.zipcode(), C.ZIP),
        ]

    def age() -> list[Piece]:
        years = rng.randint(1, 104)
        return [(str(years), C.AGE if years > 89 else None)]

    names = {
        n: one(C.NAME, getattr(fake, n))
        for n in (
            "first_name", "first_name_male", "first_name_female", "first_name_nonbinary",
            "last_name", "last_name_male", "last_name_female",
        )
    }  # fmt: skip
    return {
        **names,
        # full names without Faker's titles and suffixes (Dr., MD), which the templates write themselves
        "person": one(C.NAME, lambda: f"{fake.first_name()} {fake.last_name()}"),
        "name": one(C.NAME, lambda: f"{fake.first_name()} {fake.last_name()}"),
        "name_male": one(C.NAME, lambda: f"{fake.first_name_male()} {fake.last_name()}"),
        "name_female": one(C.NAME, lambda: f"{fake.first_name_female()} {fake.last_name()}"),
        "street_name": one(C.LOCATION, fake.street_name),
        "building_number": one(C.LOCATION, fake.building_number),
        "secondary_address": one(C.LOCATION, fake.secondary_address),
        "city": one(C.LOCATION, fake.city),
        "address": address,
        "zipcode": one(C.ZIP, fake.zipcode),
        "postcode": one(C.ZIP, fake.postcode),
        "phone_number": one(C.PHONE, fake.phone_number),
        "email": one(C.EMAIL, fake.email),
        "ssn": one(C.SSN, fake.ssn),
        "ip_address": one(C.IP, lambda: fake.ipv4() if rng.random() < 0.8 else fake.ipv6()),
        "url": one(C.URL, fake.url),
        "us_driver_license": one(C.LICENSE, lambda: fake.bothify("?#######").upper()),
        "credit_card_number": one(C.ACCOUNT, fake.credit_card_number),
        "iban": one(C.ACCOUNT, fake.iban),
        "date_of_birth": one(
            C.DATE, lambda: fake.date_of_birth().strftime(rng.choice(("%m/%d/%Y", "%B %d, %Y")))
        ),
        "date_time": one(C.DATE, lambda: fake.date_time().strftime("%Y-%m-%d %H:%M")),
        "age": age,
        "country": one(None, fake.country),
        "nationality": one(None, lambda: rng.choice(("Italian", "Mexican", "Korean", "Nigerian", "Polish"))),
        "nation_woman": one(None, lambda: rng.choice(("Italian woman", "Brazilian woman", "Thai woman"))),
        "nation_plural": one(None, lambda: rng.choice(("Italians", "Mexicans", "Germans"))),
        "state_abbr": one(None, lambda: _state(fake)),
        "year": one(None, fake.year),
        "day_of_week": one(None, fake.day_of_week),
        "prefix": one(None, fake.prefix),
        "prefix_male": one(None, fake.prefix_male),
        "prefix_female": one(None, fake.prefix_female),
        "job": one(None, fake.job),
        "organization": one(None, fake.company),
    }


def convert(raw: bytes) -> list[LabelledDoc]:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 - synthetic fill values, not secrets
    fill = _fillers(fake, rng)
    templates = [t.strip() for t in raw.decode("utf-8").splitlines() if t.strip()]
    docs = []
    for n, template in enumerate(templates):
        template = template.replace("\\n", "\n")
        for k in range(FILLS_PER_TEMPLATE):
            pieces: list[Piece] = []
            pos = 0
            for match in SLOT.finditer(template):
                pieces.append((template[pos : match.start()], None))
                name = match.group(1)
                if name not in fill:
                    raise SystemExit(f"template {n}: unknown placeholder {name!r}; add it to the mapping")
                pieces.extend(fill[name]())
                pos = match.end()
            pieces.append((template[pos:], None))
            text, spans, at = "", [], 0
            for value, category in pieces:
                if category is not None and value.strip():
                    spans.append(Span(at, at + len(value), category))
                text += value
                at += len(value)
            docs.append(LabelledDoc(f"presidio-evaluator-t{n:03d}-{k}", text, tuple(spans)))
    return docs


def main(argv: list[str]) -> int:
    return convert_main(argv, __doc__.splitlines()[0], (PACKAGE, VERSION, MEMBER), convert, DEFAULT_OUT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
