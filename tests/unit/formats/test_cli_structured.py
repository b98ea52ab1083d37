"""`phigate risk` and `phigate tabular-schema`."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from phigate.cli import app
from phigate.evaluation.synth_structured import csv_table, patients

runner = CliRunner()


def _table(path: Path, n: int = 300) -> Path:
    rng = random.Random(5)
    lines = ["age,zip3,sex,dx"] + [
        f"{rng.randrange(20, 90)},{rng.choice(['021', '100', '606'])},"
        f"{rng.choice('FM')},{rng.choice(['I10', 'E11'])}"
        for _ in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_risk_reports_and_fails_above_threshold(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["risk", str(_table(tmp_path / "t.csv")), "--qi", "age,zip3,sex", "--sensitive", "dx"]
    )
    assert result.exit_code == 1
    assert "does NOT meet the threshold 0.09" in result.output and "prosecutor max 1.0000" in result.output


def test_risk_reduce_writes_a_table_that_meets_it(tmp_path: Path) -> None:
    out = tmp_path / "reduced.csv"
    args = [
        "risk",
        str(_table(tmp_path / "t.csv")),
        "--qi",
        "age,zip3,sex",
        "--threshold",
        "0.05",
        "--reduce",
        str(out),
    ]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["meets_threshold"] and body["prosecutor_max"] <= 0.05 and body["steps"]
    again = runner.invoke(app, ["risk", str(out), "--qi", "age,zip3,sex", "--threshold", "0.05"])
    assert again.exit_code == 0 and "meets the threshold" in again.output


def test_risk_bad_column_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["risk", str(_table(tmp_path / "t.csv")), "--qi", "nope"])
    assert result.exit_code != 0 and isinstance(result.exception, Exception)


def test_tabular_schema_prints_yaml(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(csv_table(patients(3)))
    result = runner.invoke(app, ["tabular-schema", str(path)])
    assert result.exit_code == 0
    assert "format: tabular" in result.output and "patient_column: mrn" in result.output
    assert "- path: note\n  action: text" in result.output
