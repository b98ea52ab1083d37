"""``phigate synth`` and ``phigate eval`` end to end, through the real entry point."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from phigate.cli import main


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["phigate", *args])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "tiny.jsonl"
    assert _run(monkeypatch, "synth", "--split", "heldout", "--docs", "6", "--out", str(path)) == 0
    return path


def test_synth_writes_a_valid_deterministic_corpus(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = tmp_path / "again.jsonl"
    assert _run(monkeypatch, "synth", "--split", "heldout", "--docs", "6", "--out", str(again)) == 0
    assert corpus.read_bytes() == again.read_bytes()
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 6 and all(row["spans"] for row in rows)


def test_eval_with_predictions_reports_and_writes_misses(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    predictions = tmp_path / "pred.jsonl"
    # every gold span but the first of the first document
    predictions.write_text(
        "".join(
            json.dumps({"id": r["id"], "spans": r["spans"][1:] if i == 0 else r["spans"]}) + "\n"
            for i, r in enumerate(rows)
        ),
        encoding="utf-8",
    )
    missed = tmp_path / "missed.jsonl"
    code = _run(
        monkeypatch,
        "eval",
        "--corpus",
        str(corpus),
        "--predictions",
        str(predictions),
        "--missed",
        str(missed),
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "overall" in out and "entity R" in out
    (miss,) = [json.loads(line) for line in missed.read_text(encoding="utf-8").splitlines()]
    assert miss["id"] == rows[0]["id"] and miss["start"] == rows[0]["spans"][0]["start"]


def test_eval_runs_the_default_detector(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "eval", "--corpus", str(corpus)) == 0
    assert "default detector" in capsys.readouterr().out


def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Secret Name", "spans": [{"start": 0, "end": 99, "type": "NAME"}]}\n')
    assert _run(monkeypatch, "eval", "--corpus", str(bad)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: line 1: span 0 ends at 99") and "Secret" not in err
    assert _run(monkeypatch, "synth", "--split", "nope", "--out", str(tmp_path / "x.jsonl")) == 2
    assert not (tmp_path / "x.jsonl").exists()
