"""tools/convert_physionet_deid.py on a made-up corpus in PhysioNet's deid file format."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from phigate.evaluation.corpus import read_corpus
from phigate.model import Category as C

ROOT = Path(__file__).resolve().parents[3]
NOTE_1 = "Pt seen by Dr Oakes at Fernhill Hosp on 7/22. PMH: MI 1992.\n"
NOTE_2 = "Son Bram called 555-0142.\n"
TEXT = (
    f"START_OF_RECORD=1||||1||||\n{NOTE_1}||||END_OF_RECORD\n\n"
    f"START_OF_RECORD=2||||1||||\n{NOTE_2}||||END_OF_RECORD\n"
)
PHRASES = (
    "1 1 14 19 HCPName Oakes\n"
    "1 1 23 31 Location Fernhill\n"
    "1 1 23 36 Location Fernhill Hosp\n"
    "1 1 40 44 Date 7/22\n"
    "1 1 54 58 DateYear 1992\n"
    "2 1 4 8 RelativeProxyName Bram\n"
    "2 1 16 24 Phone 555-0142\n"
)


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "convert_physionet", ROOT / "tools" / "convert_physionet_deid.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _corpus(tmp_path: Path, phrases: str = PHRASES) -> Path:
    (tmp_path / "id.text").write_text(TEXT, encoding="utf-8")
    (tmp_path / "id-phi.phrase").write_text(phrases, encoding="utf-8")
    return tmp_path


def test_all_split_maps_types_drops_bare_years_and_joins_overlaps(tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert _tool().main([str(_corpus(tmp_path)), "--split", "all", "--out", str(out)]) == 0
    first, second = read_corpus(out)
    assert first.id == "physionet-1-1" and first.text == NOTE_1
    assert [(first.text[s.start : s.end], s.type) for s in first.spans] == [
        ("Oakes", C.NAME),
        ("Fernhill Hosp", C.LOCATION),
        ("7/22", C.DATE),
    ]
    assert [(second.text[s.start : s.end], s.type) for s in second.spans] == [
        ("Bram", C.NAME),
        ("555-0142", C.PHONE),
    ]


@pytest.mark.parametrize(("split", "patients"), [("dev", ["physionet-1-1"]), ("test", ["physionet-2-1"])])
def test_splits_keep_odd_or_even_patients(tmp_path: Path, split: str, patients: list[str]) -> None:
    out = tmp_path / f"{split}.jsonl"
    assert _tool().main([str(_corpus(tmp_path)), "--split", split, "--out", str(out)]) == 0
    assert [doc.id for doc in read_corpus(out)] == patients


def test_a_phrase_that_does_not_match_the_text_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    corpus = _corpus(tmp_path, "1 1 14 19 HCPName Smith\n")
    assert _tool().main([str(corpus), "--split", "all", "--out", str(out)]) == 1
    assert "is not 'Smith'" in capsys.readouterr().err
    assert not out.exists()


def test_missing_files_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _tool().main([str(tmp_path), "--out", str(tmp_path / "out.jsonl")]) == 1
    assert "error:" in capsys.readouterr().err
