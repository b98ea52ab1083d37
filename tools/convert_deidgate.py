"""Convert the labelled seed corpus shipped in the PyPI package ``deidgate`` to phigate's corpus format.

``deidgate`` (MIT licence) ships ``deidgate/data/safeharbor_seed.jsonl``: short synthetic notes, each
with the PHI *values* it contains and a category. We locate every occurrence of each value in its
text and label it with the mapped category. Run from the repository root::

    python tools/convert_deidgate.py [--out tests/data/external/deidgate.jsonl]

Type mapping (deidgate -> phigate): name NAME · geo ZIP when the value is a 5 or 9 digit ZIP, else
LOCATION · date DATE, except an age written ``94-year-old`` (which deidgate files under date), which
becomes AGE on the number only, and a leading "the " is left out of a date ·
phone PHONE · fax FAX · email EMAIL · ssn SSN · mrn MRN · health_plan
HEALTH_PLAN · account ACCOUNT · license LICENSE · vehicle VEHICLE · device DEVICE · url URL · ip IP ·
biometric BIOMETRIC · photo PHOTO · other ID. No type is dropped: all of deidgate's are Safe Harbor.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from _wheel import convert_main

from phigate.evaluation.corpus import LabelledDoc, Span
from phigate.model import Category as C

PACKAGE, VERSION = "deidgate", "0.1.0"
MEMBER = "deidgate/data/safeharbor_seed.jsonl"
DEFAULT_OUT = Path("tests/data/external/deidgate.jsonl")
TYPES = {
    "name": C.NAME,
    "date": C.DATE,
    "phone": C.PHONE,
    "fax": C.FAX,
    "email": C.EMAIL,
    "ssn": C.SSN,
    "mrn": C.MRN,
    "health_plan": C.HEALTH_PLAN,
    "account": C.ACCOUNT,
    "license": C.LICENSE,
    "vehicle": C.VEHICLE,
    "device": C.DEVICE,
    "url": C.URL,
    "ip": C.IP,
    "biometric": C.BIOMETRIC,
    "photo": C.PHOTO,
    "other": C.ID,
}
_AGE = re.compile(r"(\d+)-year-old")


def _label(value: str, kind: str) -> tuple[str, C]:
    """The part of ``value`` to label and its category."""
    if kind == "geo":
        return value, C.ZIP if re.fullmatch(r"\d{5}(-\d{4})?", value) else C.LOCATION
    age = _AGE.fullmatch(value)
    if kind == "date" and age:
        return age.group(1), C.AGE
    if kind == "date" and value.lower().startswith("the "):
        return value[4:], C.DATE  # "the third of July": the article is not part of the date
    return value, TYPES[kind]


def convert(raw: bytes) -> list[LabelledDoc]:
    docs = []
    for line in raw.decode("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text: str = row["text"]
        spans: set[Span] = set()
        for phi in row["phi"]:
            value, category = _label(phi["value"], phi["category"])
            start = text.find(value)
            if start < 0:
                raise SystemExit(f"{row['id']}: a labelled value is not in its text")
            while start >= 0:
                spans.add(Span(start, start + len(value), category))
                start = text.find(value, start + 1)
        # a value found inside a longer labelled value (e.g. a name inside its hyphenated form) is dropped
        kept = [s for s in spans if not any(o != s and o.start <= s.start and s.end <= o.end for o in spans)]
        docs.append(LabelledDoc(f"deidgate-{row['id']}", text, tuple(sorted(kept))))
    return docs


def main(argv: list[str]) -> int:
    return convert_main(argv, __doc__.splitlines()[0], (PACKAGE, VERSION, MEMBER), convert, DEFAULT_OUT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
