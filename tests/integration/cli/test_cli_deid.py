"""``phigate deid`` as a user runs it: folders, files, stdin, bad inputs, resume, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_notes import NOTE, SECRETS, make_inputs
from cli_support import Cli


def test_a_folder_with_good_and_bad_files(cli: Cli, workdir: Path) -> None:
    notes = make_inputs(workdir)
    before = {p: p.read_bytes() for p in notes.rglob("*") if p.is_file()}
    result = cli("deid", str(notes), "--out", "out")
    assert result.code == 1  # some files failed
    out = workdir / "out"
    for name in ("a.txt", "ward/b.txt", "batch.jsonl"):
        text = (out / name).read_text()
        assert not any(secret in text for secret in SECRETS), name
    assert "2021" in (out / "a.txt").read_text() and "metoprolol 25 mg" in (out / "a.txt").read_text()
    lines = [json.loads(line) for line in (out / "batch.jsonl").read_text().splitlines()]
    assert [(d["id"], d.get("site")) for d in lines] == [("n1", "north"), ("n2", None)]
    assert lines[1]["text"] == "No identifiers in this one."
    for bad in ("scan.png", "latin1.txt", "broken.jsonl"):
        assert not (out / bad).exists()
        assert f"{notes / bad}" in result.err
    assert "not valid UTF-8" in result.err and "line 2: invalid JSON" in result.err and "binary" in result.err
    assert "Findings by category" in result.out and "SSN" in result.out
    assert "3 de-identified" in result.out and "3 failed" in result.out
    assert not any(secret in result.out + result.err for secret in SECRETS)
    assert {p: p.read_bytes() for p in notes.rglob("*") if p.is_file()} == before
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert sorted(m["output"] for m in manifest) == ["a.txt", "batch.jsonl", "ward/b.txt"]
    assert all(m["policy"] == "safe-harbor" and m["recognizers"] for m in manifest)
    verify = cli("audit", "verify")
    assert verify.code == 0, verify.err


def test_a_rerun_skips_what_is_done(cli: Cli, workdir: Path) -> None:
    notes = make_inputs(workdir)
    cli("deid", str(notes), "--out", "out")
    first = (workdir / "out" / "a.txt").read_bytes()
    again = cli("deid", str(notes), "--out", "out")
    assert again.code == 1  # the bad files still fail
    assert "0 de-identified, 3 already done (skipped), 3 failed" in again.out
    assert (workdir / "out" / "a.txt").read_bytes() == first
    one = cli("deid", str(notes / "a.txt"), "--out", "out")
    assert one.code == 0 and "1 already done" in one.out


def test_stdin_to_stdout(cli: Cli) -> None:
    result = cli("deid", "-", stdin=NOTE)
    assert result.code == 0, result.err
    assert not any(secret in result.out for secret in SECRETS)
    assert result.out.startswith("Discharge summary for ")
    assert "Findings by category" in result.err  # the summary stays off stdout
    jsonl = cli("deid", "-", stdin=json.dumps({"id": "z", "text": NOTE}) + "\n")
    assert json.loads(jsonl.out)["id"] == "z"
    binary = cli("deid", "-", stdin=b"\x00\x01\x02")
    assert binary.code == 1 and "binary" in binary.err and binary.out == ""


@pytest.mark.slow
def test_pseudonymize_is_consistent_and_keyed(cli: Cli, workdir: Path) -> None:
    (workdir / "in").mkdir()
    (workdir / "in" / "note.txt").write_text(NOTE)
    first = cli("deid", "in", "--out", "p1", "--policy", "pseudonymize")
    assert first.code == 0, first.err
    second = cli("deid", "in", "--out", "p2", "--policy", "pseudonymize")
    text = (workdir / "p1" / "note.txt").read_text()
    assert text == (workdir / "p2" / "note.txt").read_text()
    assert not any(secret in text for secret in SECRETS)
    assert "[" not in text.split("\n")[0]  # surrogates, not markers
    cli("keys", "init", "--key-file", "other.key")
    other_store = f"sqlite:///{workdir / 'other-audit.db'}"  # the audit log is keyed too
    other = cli(
        "deid",
        "in",
        "--out",
        "p3",
        "--policy",
        "pseudonymize",
        "--key-file",
        "other.key",
        "--audit",
        other_store,
    )
    assert other.code == 0, other.err
    assert (workdir / "p3" / "note.txt").read_text() != text
    mixed = cli("deid", "in", "--out", "p1", "--policy", "safe-harbor")
    assert mixed.code == 2 and "other settings" in mixed.err
    assert second.code == 0


def test_markers_and_explicit_audit_store(cli: Cli, workdir: Path) -> None:
    (workdir / "in").mkdir()
    (workdir / "in" / "note.txt").write_text("Patient SSN 401-27-3318.")
    store = f"sqlite:///{workdir / 'other-audit.db'}"
    result = cli("deid", "in", "--out", "o", "--marker", "stars", "--audit", store)
    assert result.code == 0, result.err
    assert (workdir / "o" / "note.txt").read_text() == "Patient SSN ***."
    assert cli("audit", "verify", "--store", store).code == 0


@pytest.mark.slow
def test_usage_errors_exit_2_with_one_line(cli: Cli, workdir: Path) -> None:
    notes = make_inputs(workdir)
    inside = cli("deid", str(notes), "--out", str(notes / "out"))
    assert inside.code == 2 and inside.err.startswith("error: ") and "inside the input folder" in inside.err
    assert not (notes / "out").exists()
    assert cli("deid", str(notes / "a.txt")).code == 2  # no --out
    assert "unknown policy" in cli("deid", "-", "--policy", "nope", stdin="x").err
    bad_marker = cli("deid", "-", "--marker", "{oops}", stdin="x")
    assert bad_marker.code == 2 and "marker" in bad_marker.err
    missing_key = cli("deid", "-", "--key-file", "missing.key", stdin="x")
    assert missing_key.code == 2 and "Traceback" not in missing_key.err


def test_missing_inputs_are_reported_and_the_rest_goes_on(cli: Cli, workdir: Path) -> None:
    notes = make_inputs(workdir)
    result = cli("deid", str(notes / "a.txt"), "nope.txt", "--out", "out")
    assert result.code == 1
    assert "nope.txt: no such file or folder" in result.err
    assert (workdir / "out" / "a.txt").exists()
