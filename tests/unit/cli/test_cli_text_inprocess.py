"""The text commands run in-process (Typer's runner) against real files, keys and a SQLite audit log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from phigate.cli import app
from phigate.crypto.keys import LocalKeyFile
from phigate.errors import ConfigError

NOTE = "SSN 401-27-3318 seen 03/04/2021, call (617) 432-7781.\n"


@pytest.fixture()
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PHIGATE_CONFIG", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    LocalKeyFile.create(tmp_path / "k.key")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(NOTE)
    (tmp_path / "in" / "b.jsonl").write_text(json.dumps({"id": "b1", "text": NOTE}) + "\n")
    (tmp_path / "in" / "c.bin").write_bytes(b"\x00\x01")
    return tmp_path


def deid(*args: str, stdin: str | None = None) -> Result:
    base = ["deid", *args, "--key-file", "k.key", "--audit", "sqlite:///audit.db"]
    return CliRunner().invoke(app, base, input=stdin)


def test_deid_folder(setup: Path) -> None:
    result = deid("in", "--out", "out")
    assert result.exit_code == 1
    out = result.output
    assert "Findings by category" in out and "SSN" in out and "c.bin" in out
    text = (setup / "out" / "a.txt").read_text()
    assert "401-27-3318" not in text and "2021" in text
    assert json.loads((setup / "out" / "b.jsonl").read_text())["id"] == "b1"
    again = deid("in/a.txt", "--out", "out")
    assert again.exit_code == 0 and "1 already done" in again.output


def test_deid_stdin_pseudonymize(setup: Path) -> None:
    result = deid("-", "--policy", "pseudonymize", "--marker", "stars", stdin=NOTE)
    assert result.exit_code == 0
    assert "401-27-3318" not in result.output


def test_deid_errors_surface_as_phigate_errors(setup: Path) -> None:
    inside = deid("in", "--out", "in/out")
    assert isinstance(inside.exception, ConfigError)
    with_config = setup / "c.yaml"
    with_config.write_text("deid:\n  policy: pseudonymize\n")
    result = CliRunner().invoke(app, ["deid", "-", "--config", str(with_config), "--audit", "sqlite:///a.db"])
    assert result.exception is not None  # keys: default phigate.key does not exist


def test_detect_and_scan(setup: Path) -> None:
    detect = CliRunner().invoke(app, ["detect", "in"])
    assert detect.exit_code == 1  # c.bin
    ids = [json.loads(line)["id"] for line in detect.stdout.splitlines()]
    assert ids == ["in/a.txt", "b1"]
    assert {s["type"] for s in json.loads(detect.stdout.splitlines()[0])["spans"]} >= {"SSN", "DATE", "PHONE"}
    scan = CliRunner().invoke(app, ["scan", "in"])
    assert scan.exit_code == 1 and "in/a.txt:1:" in scan.stdout and "401-27" not in scan.stdout
    assert CliRunner().invoke(app, ["scan", "in/c.bin"]).exit_code == 2
    assert CliRunner().invoke(app, ["scan", "-"], input="nothing here").exit_code == 0
    as_json = CliRunner().invoke(app, ["scan", "in/a.txt", "--format", "jsonl"])
    assert json.loads(as_json.stdout.splitlines()[0])["file"] == "in/a.txt"


def test_demo(setup: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--out", "demo"])
    assert result.exit_code == 0, result.output
    assert "output: demo/deidentified" in result.stdout
    assert (setup / "demo" / "audit.db").exists() and (setup / "demo" / "demo.key").exists()


def test_demo_without_samples_is_a_config_error(setup: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import phigate.samples

    empty = setup / "pkg"
    (empty / "data" / "samples").mkdir(parents=True)
    monkeypatch.setattr(phigate.samples, "files", lambda package: empty)
    result = CliRunner().invoke(app, ["demo", "--out", "demo"])
    assert isinstance(result.exception, ConfigError)
    assert "sample notes are missing" in str(result.exception)
