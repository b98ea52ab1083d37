"""Convert PhysioNet's gold-standard nursing notes (the ``deid`` 1.1 package) to phigate's corpus format.

Real clinical text: 2,434 ICU nursing notes of 163 patients from MIMIC-II, whose PHI the authors replaced
with realistic surrogates and labelled by hand (Neamatullah et al., BMC Med Inform Decis Mak 2008;8:32).
It is not shipped in this repository (real notes, even with surrogate PHI, stay out of it): download the
``deid`` package from https://physionet.org/content/deid/1.1/ (open access, GPL-2.0) and point this script
at the folder holding ``id.text`` and ``id-phi.phrase``::

    python tools/convert_physionet_deid.py DEID_DIR --split test --out /tmp/physionet-test.jsonl
    phigate eval --corpus /tmp/physionet-test.jsonl

``--split`` keeps the notes of odd-numbered patients (``dev``), even-numbered ones (``test``) or all: look
at the misses of ``dev`` only, and report ``test``, so the figures stay those of unseen notes.

Type mapping (PhysioNet -> phigate): PTName, PTNameInitial, RelativeProxyName, HCPName NAME · Location
LOCATION · Date DATE · Phone PHONE · Age AGE · Other ID. ``DateYear`` (a bare year such as ``1992`` or
``'92``) is dropped: Safe Harbor keeps years, so phigate leaves them in the text on purpose.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from phigate.evaluation.corpus import LabelledDoc, Span, write_corpus
from phigate.model import Category as C

TYPES = {
    "PTName": C.NAME,
    "PTNameInitial": C.NAME,
    "RelativeProxyName": C.NAME,
    "HCPName": C.NAME,
    "Location": C.LOCATION,
    "Date": C.DATE,
    "Phone": C.PHONE,
    "Age": C.AGE,
    "Other": C.ID,
}
DROPPED = {"DateYear"}
_RECORD = re.compile(r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", re.S)


class ConversionError(Exception):
    """The input files are missing or do not agree with each other."""


def _phrases(path: Path) -> dict[tuple[int, int], list[tuple[int, int, str, str]]]:
    """``(patient, note) -> [(start, end, type, phrase)]`` from ``id-phi.phrase``."""
    found: dict[tuple[int, int], list[tuple[int, int, str, str]]] = defaultdict(list)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(" ", 5)
        if len(parts) < 6:
            raise ConversionError(f"{path}:{number}: expected 'patient note start end type phrase'")
        patient, note, start, end = (int(p) for p in parts[:4])
        found[patient, note].append((start, end, parts[4], parts[5]))
    return found


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    """The spans sorted, overlapping ones joined (the gold file labels a few phrases twice)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            last = out[-1]
            out[-1] = Span(last.start, max(last.end, span.end), last.type)
        else:
            out.append(span)
    return tuple(out)


def convert(
    text: str, phrases: dict[tuple[int, int], list[tuple[int, int, str, str]]], split: str
) -> list[LabelledDoc]:
    """The notes of ``split`` (dev: odd patients, test: even, all) with their gold spans."""
    docs = []
    for m in _RECORD.finditer(text):
        patient, note, body = int(m[1]), int(m[2]), m[3]
        if (split == "dev" and patient % 2 == 0) or (split == "test" and patient % 2 == 1):
            continue
        spans = []
        for start, end, kind, phrase in phrases.get((patient, note), []):
            if body[start:end] != phrase:
                raise ConversionError(f"patient {patient} note {note}: {start}-{end} is not {phrase!r}")
            if kind in DROPPED:
                continue
            if kind not in TYPES:
                raise ConversionError(f"patient {patient} note {note}: unknown PHI type {kind!r}")
            spans.append(Span(start, end, TYPES[kind]))
        docs.append(LabelledDoc(f"physionet-{patient}-{note}", body, _merged(spans)))
    return docs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder holding id.text and id-phi.phrase")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        text = (args.folder / "id.text").read_text(encoding="utf-8")
        docs = convert(text, _phrases(args.folder / "id-phi.phrase"), args.split)
    except (OSError, UnicodeDecodeError, ValueError, ConversionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_corpus(args.out, docs)
    print(f"{len(docs)} notes, {sum(len(d.spans) for d in docs)} spans written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
