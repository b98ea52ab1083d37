"""Checked-in data of this area stays valid: converted outside corpora and the demo sample notes."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from phigate.evaluation.corpus import read_corpus
from phigate.model import Category as C

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("name", "docs"), [("deidgate", 15), ("presidio_evaluator", 630)])
def test_external_corpora_are_valid(name: str, docs: int) -> None:
    corpus = read_corpus(ROOT / "tests" / "data" / "external" / f"{name}.jsonl")
    assert len(corpus) == docs
    counts = Counter(s.type for d in corpus for s in d.spans)
    assert counts[C.NAME] > 0 and counts[C.PHONE] > 0


def test_deidgate_covers_every_safe_harbor_letter() -> None:
    corpus = read_corpus(ROOT / "tests" / "data" / "external" / "deidgate.jsonl")
    assert {s.type for d in corpus for s in d.spans} >= {C.AGE, C.BIOMETRIC, C.PHOTO, C.VEHICLE, C.ID}


def test_sample_notes_are_current() -> None:
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
    notes = sorted((ROOT / "src" / "phigate" / "data" / "samples").glob("*.txt"))
    assert 8 <= len(notes) <= 12
    assert all(n.read_text(encoding="utf-8").startswith("[SYNTHETIC SAMPLE NOTE") for n in notes)
