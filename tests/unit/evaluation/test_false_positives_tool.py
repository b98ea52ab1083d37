"""tools/false_positives.py: predicted spans that overlap no gold span, grouped by category and text."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from phigate.evaluation.corpus import LabelledDoc, Span, write_corpus
from phigate.model import Category, Finding

ROOT = Path(__file__).resolve().parents[3]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("false_positives", ROOT / "tools" / "false_positives.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while it is built
    spec.loader.exec_module(module)
    return module


def test_only_findings_that_touch_no_gold_span_are_false_positives() -> None:
    tool = _tool()
    text = "Seen by Dr. Lee on 3/4. PSV 15/5 overnight."
    doc = LabelledDoc("d1", text, (Span(12, 15, Category.NAME), Span(19, 22, Category.DATE)))
    found = [
        Finding(0, 12, 15, Category.NAME, 0.9, "names"),  # exact
        Finding(0, 18, 20, Category.DATE, 0.6, "date"),  # partial overlap still overlaps
        Finding(0, 28, 32, Category.DATE, 0.6, "date"),  # "15/5": no gold
        Finding(0, 15, 18, Category.ID, 0.6, "other-id"),  # between gold spans, touching neither
    ]
    fps = list(tool.false_positives(doc, found, 4))
    assert [(fp.text, fp.category, fp.recognizer) for fp in fps] == [
        ("15/5", "DATE", "date"),
        (" on", "ID", "other-id"),
    ]
    assert fps[0].context == "PSV [[15/5]] ove"


def test_main_groups_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tool = _tool()
    corpus = tmp_path / "c.jsonl"
    text = "Call 555-234-5678 today. Call 555-234-5678 again."
    write_corpus(corpus, [LabelledDoc("d1", text, ()), LabelledDoc("d2", "Nothing here.", ())])
    out = tmp_path / "fp.jsonl"
    assert tool.main([str(corpus), "--category", "phone", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "== PHONE: 2 false positives" in printed
    assert "    2  phone" in printed and "'555-234-5678'" in printed
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["doc"], r["text"], r["category"]) for r in rows] == [
        ("d1", "555-234-5678", "PHONE"),
        ("d1", "555-234-5678", "PHONE"),
    ]
