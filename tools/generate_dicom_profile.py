"""Generate ``src/phigate/formats/dicom/profile.py``: DICOM PS3.15 Annex E Table E.1-1, machine-read.

Sources (passed in as downloaded files; nothing is fetched here):

- ``--standard``: the ``dicom-standard`` wheel or sdist (innolitics' parse of the standard, JSON
  ``confidentiality_profile_attributes.json``): the basic-profile action and every option column.
- ``--kitware``: the ``dicom-anonymizer`` wheel; its ``dicomfields_2026c.py`` tag lists (the 2026c
  edition, basic profile only) are read with ``ast`` (never executed). Tags only in 2026c are added
  with their basic action; where the editions disagree on the basic action, 2026c wins and the row
  records both.

Get them with ``pip download --no-deps -d DIR dicom-standard==0.1.0 dicom-anonymizer==2.1.0``.

    python tools/generate_dicom_profile.py --standard DIR/dicom_standard-0.1.0-py3-none-any.whl \\
        --kitware DIR/dicom_anonymizer-2.1.0-py3-none-any.whl [--check]

``--check`` regenerates in memory and exits 1 if the checked-in file differs.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import re
import sys
import tarfile
import tokenize
import zipfile
from pathlib import Path

TAG = re.compile(r"^\([0-9A-Fa-fXx]{4},[0-9A-Fa-fXx]{4}\)$")
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "phigate" / "formats" / "dicom" / "profile.py"
STANDARD_MEMBER = "confidentiality_profile_attributes.json"
KITWARE_MEMBER = "dicomfields_2026c.py"

#: dicom-standard option columns -> phigate option names (PS3.15 Table E.1-1 columns).
OPTIONS = {
    "rtnSafePrivOpt": "retain_safe_private",
    "rtnUIDsOpt": "retain_uids",
    "rtnDevIdOpt": "retain_device_identity",
    "rtnInstIdOpt": "retain_institution_identity",
    "rtnPatCharsOpt": "retain_patient_characteristics",
    "rtnLongFullDatesOpt": "retain_long_full_dates",
    "rtnLongModifDatesOpt": "retain_long_modified_dates",
    "cleanDescOpt": "clean_descriptors",
    "cleanStructContOpt": "clean_structured_content",
    "cleanGraphOpt": "clean_graphics",
}
KITWARE_LISTS = {
    "D_TAGS": "D",
    "Z_TAGS": "Z",
    "X_TAGS": "X",
    "U_TAGS": "U",
    "Z_D_TAGS": "Z/D",
    "X_Z_TAGS": "X/Z",
    "X_D_TAGS": "X/D",
    "X_Z_D_TAGS": "X/Z/D",
    "X_Z_U_STAR_TAGS": "X/Z/U*",
}


def read_member(archive: Path, name: str) -> bytes:
    """The bytes of the member whose path ends with ``name`` in a wheel (zip), an sdist (tar.gz) or a file."""
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as z:
            (member,) = [m for m in z.namelist() if m.endswith("/" + name)]
            return z.read(member)
    if archive.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(archive) as t:
            (member,) = [m for m in t.getmembers() if m.name.endswith("/" + name)]
            handle = t.extractfile(member)
            if handle is None:
                raise SystemExit(f"{name} is not a file in {archive}")
            return handle.read()
    return archive.read_bytes()


def norm_tag(text: str) -> str:
    """``(0010,0010)`` / ``(50XX,XXXX)`` -> ``(0010,0010)`` / ``(50xx,xxxx)``."""
    group, element = text.strip("()").split(",")
    return f"({group.upper().replace('X', 'x')},{element.upper().replace('X', 'x')})"


def kitware_tag(values: tuple[int, ...]) -> str:
    group, element = values[0], values[1]
    gmask, emask = (values[2], values[3]) if len(values) == 4 else (0xFFFF, 0xFFFF)

    def hexmask(value: int, mask: int) -> str:
        digits = f"{value:04X}"
        return "".join(d if (mask >> (12 - 4 * i)) & 0xF else "x" for i, d in enumerate(digits))

    return f"({hexmask(group, gmask)},{hexmask(element, emask)})"


def parse_kitware(source: bytes) -> dict[str, tuple[str, str]]:
    """Tag -> (basic action, name) from the 2026c module, read with ``ast`` and the comments."""
    comments: dict[int, str] = {}
    for tok in tokenize.tokenize(io.BytesIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("# ").strip()
    out: dict[str, tuple[str, str]] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.List)):
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name) or target.id not in KITWARE_LISTS:
            continue
        for element in node.value.elts:
            values = ast.literal_eval(element)
            out[kitware_tag(tuple(values))] = (KITWARE_LISTS[target.id], comments.get(element.lineno, ""))
    return out


def build_rows(standard: bytes, kitware: bytes) -> list[tuple[str, str, str, dict[str, str], str]]:
    rows: dict[str, tuple[str, str, str, dict[str, str], str]] = {}
    for entry in json.loads(standard):
        if not TAG.match(entry["tag"]):
            continue  # "(gggg,eeee) where gggg is odd": private attributes, handled by the handler itself
        tag = norm_tag(entry["tag"])
        options = {OPTIONS[k]: v for k, v in entry.items() if k in OPTIONS and v}
        rows[tag] = (tag, entry["name"], entry["basicProfile"], dict(sorted(options.items())), "2020")
    for tag, (action, name) in parse_kitware(kitware).items():
        if tag in rows:
            old = rows[tag]
            origin = "2020+2026c" if old[2] == action else f"2020:{old[2]}+2026c"
            rows[tag] = (tag, old[1], action, old[3], origin)
        else:
            rows[tag] = (tag, name, action, {}, "2026c")
    return [rows[t] for t in sorted(rows)]


def table_digest(rows: list[tuple[str, str, str, dict[str, str], str]]) -> str:
    """sha256 of the rows as canonical JSON: the checked-in file carries it, a test recomputes it."""
    return hashlib.sha256(json.dumps(rows, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _lit(value: object) -> str:
    """A Python literal in ruff's format (double quotes)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_lit(k)}: {_lit(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_lit(v) for v in value) + ")"
    raise TypeError(type(value))


def render(rows: list[tuple[str, str, str, dict[str, str], str]], sources: dict[str, str]) -> str:
    lines = [
        "# ruff: noqa: E501",
        '"""DICOM PS3.15 Annex E Table E.1-1 (Basic Application Level Confidentiality Profile and options).',
        "",
        "AUTO-GENERATED by tools/generate_dicom_profile.py -- do not edit by hand; regenerate instead.",
        "Each row: (tag, attribute name, basic-profile action, {option: action}, source edition).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        '__all__ = ["ROWS", "SOURCES", "TABLE_SHA256"]',
        "",
        "#: The files the table was generated from, with their sha256.",
        "SOURCES: Final[dict[str, str]] = {",
        *[f"    {_lit(name)}: {_lit(digest)}," for name, digest in sorted(sources.items())],
        "}",
        "#: sha256 of ROWS as canonical JSON; tests recompute it to catch hand edits.",
        f"TABLE_SHA256: Final = {_lit(table_digest(rows))}",
        "",
        "# fmt: off",
        "ROWS: Final[tuple[tuple[str, str, str, dict[str, str], str], ...]] = (",
    ]
    for row in rows:
        lines.append(f"    {_lit(row)},")
    lines += [")", "# fmt: on"]
    return "\n".join(lines) + "\n"


def generate(standard_path: Path, kitware_path: Path) -> str:
    standard = read_member(standard_path, STANDARD_MEMBER)
    kitware = read_member(kitware_path, KITWARE_MEMBER)
    sources = {
        f"{standard_path.name}:{STANDARD_MEMBER}": hashlib.sha256(standard).hexdigest(),
        f"{kitware_path.name}:{KITWARE_MEMBER}": hashlib.sha256(kitware).hexdigest(),
    }
    return render(build_rows(standard, kitware), sources)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standard", type=Path, required=True)
    parser.add_argument("--kitware", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the checked-in file differs")
    args = parser.parse_args(argv)
    text = generate(args.standard, args.kitware)
    if args.check:
        if args.out.read_text(encoding="utf-8") != text:
            print(f"{args.out} is out of date: regenerate it", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
