"""Shipped word lists: content, flags, the ZIP bitmap, provenance headers and site lists."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

from phigate.config import DetectionSettings
from phigate.detection import dictionaries as d
from phigate.errors import ConfigError

DATA = files("phigate.detection").joinpath("data")


def test_name_lists_hold_diverse_names_in_frequency_order() -> None:
    first = d.load_list("first_names")
    last = d.load_list("surnames")
    assert first.index("mary") < 100 and last.index("smith") < 5
    for name in ("priya", "fatima", "jose", "olga", "minh", "oluwaseun"):
        assert name in d.load_set("first_names"), name
    for name in ("nguyen", "patel", "garcia", "kowalski", "okafor", "haddad", "kim"):
        assert name in d.load_set("surnames"), name
    assert len(first) > 50_000 and len(last) > 150_000


def test_lexicon_flags() -> None:
    lx = d.lexicon()
    assert lx["smith"] & d.SURNAME and lx["smith"] & d.WORD  # a surname that is also a word
    assert lx["nguyen"] & d.SURNAME and not lx["nguyen"] & d.WORD
    assert lx["foley"] & d.CLINICAL and lx["baker"] & d.EPONYM
    assert lx["texas"] & d.REGION and lx["june"] & d.WORD
    assert lx["albuquerque"] & d.CITY
    assert lx["cruz"] & d.SURNAME  # parts of multi-word entries are known


def test_places_states_and_countries() -> None:
    assert "san antonio" in d.load_set("us_cities")
    assert "lagos" in d.load_set("world_cities")
    assert "cook county" in d.load_set("us_counties")
    assert d.us_states()["TX"] == "Texas" and "PR" in d.us_states()
    assert {"FM", "MH", "PW"} <= set(d.us_states())  # USPS codes of the freely associated states
    assert "mexico" in d.load_set("countries")


def test_zip_bitmap() -> None:
    zips = d.zip_codes()
    assert "62704" in zips and "10001-1234" in zips
    assert "00000" not in zips and "6270" not in zips and 62704 not in zips and "abcde" not in zips
    assert len(zips) > 40_000
    small = d.ZipCodes(["00501", "99950"])
    assert "00501" in small and "99950" in small and "00502" not in small and len(small) == 2


def test_fold() -> None:
    assert d.fold("José") == "jose" and d.fold("Łukasz") == "łukasz"
    assert d.fold("O’Neil") == "o'neil" and d.fold("SMITH") == "smith"


def test_every_list_names_its_source_and_licence() -> None:
    sources = DATA.joinpath("SOURCES.md").read_text(encoding="utf-8")
    for name in d.LIST_NAMES:
        text = DATA.joinpath(f"{name}.txt").read_text(encoding="utf-8")
        assert text.startswith("# "), name
        assert f"`{name}.txt`" in sources, name
    assert "CC BY 4.0" in sources and "Kevin Atkinson" in sources


def test_lists_are_lowercase_and_unique() -> None:
    for name in ("first_names", "surnames", "english_words", "us_cities", "clinical_terms", "eponyms"):
        entries = d.load_list(name)  # type: ignore[arg-type]
        assert len(set(entries)) == len(entries), name
        assert all(e == e.lower() and e.strip() == e for e in entries), name


@pytest.fixture
def fresh_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with empty caches and no site lists; restore the process-wide state afterwards."""
    monkeypatch.setattr(d, "_site_lists", {})
    monkeypatch.setattr(d, "_frozen", False)
    monkeypatch.setattr(d, "_configured", False)
    for loader in (d.load_list, d.load_set, d.lexicon, d.zip_codes):
        loader.cache_clear()
    yield
    for loader in (d.load_list, d.load_set, d.lexicon, d.zip_codes):
        loader.cache_clear()


def test_site_list_extends_a_shipped_list(fresh_lists: None, tmp_path: Path) -> None:
    site = tmp_path / "staff.txt"
    site.write_text("# local staff surnames\nZzyzwicz\nSmith\n", encoding="utf-8")
    d.configure(DetectionSettings(site_lists={"surnames": [site]}).site_lists)
    surnames = d.load_list("surnames")
    assert surnames[-1] == "zzyzwicz" and surnames.count("smith") == 1
    assert d.lexicon()["zzyzwicz"] & d.SURNAME


def test_site_list_from_config_file(
    fresh_lists: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "clinics.txt"
    site.write_text("qqvale wellness\n", encoding="utf-8")
    config = tmp_path / "phigate.yaml"
    config.write_text(f"detection:\n  site_lists:\n    facility_names: ['{site}']\n", encoding="utf-8")
    monkeypatch.setenv("PHIGATE_CONFIG", str(config))
    assert "qqvale wellness" in d.load_set("facility_names")


def test_site_lists_fail_closed(fresh_lists: None, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown dictionary"):
        d.add_site_list("nicknames", tmp_path)
    with pytest.raises(ConfigError, match="not found"):
        d.add_site_list("surnames", tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    d.add_site_list("surnames", bad)
    with pytest.raises(ConfigError, match="unreadable"):
        d.load_list("surnames")
    late = tmp_path / "late.txt"
    late.write_text("x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="before"):
        d.add_site_list("first_names", late)


def test_without_a_config_file_the_defaults_hold_no_site_lists() -> None:
    # The lists skip loading the settings when no config file is named; that is only right while
    # the built-in defaults name no site lists, and while both modules read the same variable.
    from phigate.config import ENV_CONFIG, Settings

    assert Settings().detection.site_lists == {}
    assert d._ENV_CONFIG == ENV_CONFIG
