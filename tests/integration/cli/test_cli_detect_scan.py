"""``phigate detect`` output shape and ``phigate scan`` exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from cli_notes import NOTE, SECRETS
from cli_support import Cli

PREFIX = "Zoë née Ångström 🙂 — "  # non-ASCII before the PHI: offsets must be code points


def test_detect_text_file_gives_code_point_offsets(cli: Cli, workdir: Path) -> None:
    text = PREFIX + "SSN 401-27-3318 on 03/04/2021."
    (workdir / "note.txt").write_text(text)
    result = cli("detect", "note.txt", "--format", "jsonl")
    assert result.code == 0, result.err
    (line,) = result.out.splitlines()
    record = json.loads(line)
    assert set(record) == {"id", "spans"} and record["id"] == "note.txt"
    spans = {(text[s["start"] : s["end"]], s["type"]) for s in record["spans"]}
    assert ("401-27-3318", "SSN") in spans and ("03/04/2021", "DATE") in spans
    assert all(set(s) == {"start", "end", "type"} for s in record["spans"])


def test_detect_jsonl_reads_id_and_text_of_each_line(cli: Cli, workdir: Path) -> None:
    lines = [{"id": "a", "text": PREFIX + "SSN 401-27-3318"}, {"id": 7, "text": "nothing"}, {"text": "x"}]
    (workdir / "corpus.jsonl").write_text("".join(json.dumps(d) + "\n" for d in lines))
    result = cli("detect", "corpus.jsonl")
    assert result.code == 0, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["id"] for r in records] == ["a", "7", "corpus.jsonl:3"]
    (ssn,) = [s for s in records[0]["spans"] if s["type"] == "SSN"]
    assert lines[0]["text"][ssn["start"] : ssn["end"]] == "401-27-3318"  # type: ignore[index]
    assert records[1]["spans"] == []


def test_detect_stdin_folders_and_bad_input(cli: Cli, workdir: Path) -> None:
    piped = cli("detect", "-", stdin="SSN 401-27-3318")
    assert piped.code == 0 and json.loads(piped.out)["id"] == "stdin"
    (workdir / "d").mkdir()
    (workdir / "d" / "one.txt").write_text("SSN 401-27-3318")
    (workdir / "d" / "bad.jsonl").write_text("{not json\n")
    result = cli("detect", "d")
    assert result.code == 1
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == ["d/one.txt"]
    assert "bad.jsonl" in result.err and "invalid JSON" in result.err
    assert cli("detect", "missing.txt").code == 1


def test_scan_exit_codes_and_no_values(cli: Cli, workdir: Path) -> None:
    logs = workdir / "logs"
    logs.mkdir()
    (logs / "clean.log").write_text("service started\nok\n")
    assert cli("scan", str(logs)).code == 0
    (logs / "app.log").write_text("line one\nuser=alice ssn=401-27-3318 phone (617) 432-7781\n" + NOTE)
    (logs / "blob.bin").write_bytes(b"\x00\x01 SSN 401-27-3318")
    result = cli("scan", str(logs))
    assert result.code == 1
    assert f"{logs / 'app.log'}:2:" in result.out and ": SSN (" in result.out
    assert not any(secret in result.out + result.err for secret in (*SECRETS, "401-27-3318", "432-7781"))
    assert "1 binary skipped" in result.err
    as_json = cli("scan", str(logs / "app.log"), "--format", "jsonl")
    first = json.loads(as_json.out.splitlines()[0])
    assert first["file"] == str(logs / "app.log") and first["line"] == 2 and {"column", "type"} <= set(first)


def test_scan_bad_input_exits_2(cli: Cli, workdir: Path) -> None:
    (workdir / "blob.bin").write_bytes(b"\x00\x01\x02")
    assert cli("scan", "blob.bin").code == 2
    assert cli("scan", "missing.log").code == 2
    (workdir / "latin1.log").write_bytes("Zoé SSN 401-27-3318".encode("latin-1"))
    assert cli("scan", "latin1.log").code == 1  # undecodable bytes do not hide PHI
    assert cli("scan", "-", stdin="all clear").code == 0
