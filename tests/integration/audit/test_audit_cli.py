"""``phigate audit ...`` end to end, in process through the real entry point (exit codes included)."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from audit_helpers import T0
from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent

from phigate.audit.offline import load_verifier
from phigate.cli import main
from phigate.crypto.keys import LocalKeyFile


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, key_file: Path):
        self.capsys, self.monkeypatch, self.key_file = capsys, monkeypatch, key_file
        monkeypatch.delenv("PHIGATE_CONFIG", raising=False)

    def __call__(self, *args: str, stdin: bytes = b"", keys: bool = True) -> tuple[int, str, str]:
        argv = ["phigate", "audit", *args]
        if keys:
            argv += ["--key-file", str(self.key_file)]
        self.monkeypatch.setattr(sys, "argv", argv)
        self.monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture()
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    return Cli(capsys, monkeypatch, LocalKeyFile.create(tmp_path / "audit.key").path)


def line(i: int, **extra: object) -> bytes:
    event = {
        "action": "de-identify",
        "actor": f"svc-{i}",
        "outcome": "success",
        "started_at": T0.isoformat(),
        "ended_at": "2025-01-02T04:04:05+01:00",
        "entity_counts": {"NAME": i},
        "patient_ref": f"{i:064x}",
        **extra,
    }
    return json.dumps(event).encode() + b"\n"


EVENTS = b"".join(line(i) for i in range(4)) + b"\n" + line(4, details={"note": "ok"})


def test_the_whole_command_line(cli: Cli, store_url: str, tmp_path: Path):
    code, out, _ = cli("append", "--store", store_url, stdin=EVENTS)
    assert (code, out.strip()) == (0, "appended 5 events (last seq 5)")
    code, out, _ = cli("verify", "--store", store_url)
    assert (code, out.strip()) == (0, "ok: 5 entries and 1 signed checkpoints verified")

    proof, vkey = tmp_path / "proof.json", tmp_path / "audit.vkey"
    assert cli("prove", "--store", store_url, "--seq", "3", "-o", str(proof), keys=False)[0] == 0
    assert cli("public-key", "-o", str(vkey))[0] == 0
    code, out, _ = cli("check-proof", str(proof), "--public-key", str(vkey), keys=False)
    assert code == 0
    assert out.startswith("ok: entry 3 is in phigate.local/audit at size 5")

    code, out, _ = cli("append", "--store", store_url, stdin=line(5))
    assert (code, out.strip()) == (0, "appended 1 events (last seq 6)")
    consistency = tmp_path / "consistency.json"
    assert cli("prove", "--store", store_url, "--from-size", "5", "-o", str(consistency), keys=False)[0] == 0
    code, out, _ = cli("check-proof", str(consistency), "--public-key", str(vkey), keys=False)
    assert (code, out.strip()) == (
        0,
        "ok: phigate.local/audit at size 6 extends size 5; nothing was rewritten",
    )

    at_five = tmp_path / "at5.json"
    assert (
        cli("prove", "--store", store_url, "--seq", "2", "--at-size", "5", "-o", str(at_five), keys=False)[0]
        == 0
    )
    code, out, _ = cli("check-proof", str(at_five), "--public-key", str(vkey), keys=False)
    assert out.startswith("ok: entry 2 is in phigate.local/audit at size 5")

    code, out, _ = cli("checkpoint", "--store", store_url)
    assert code == 0
    assert load_verifier(vkey.read_bytes(), name="unused").open(out).size == 6
    code, out, _ = cli("purge", "--store", store_url, "--actor", "dpo@example.test")
    assert code == 0
    assert out.startswith("purged details of 0 entries")
    assert cli("verify", "--store", store_url)[0] == 0


def test_exports(cli: Cli, store_url: str, tmp_path: Path):
    assert cli("append", "--store", store_url, stdin=EVENTS)[0] == 0
    target = tmp_path / "out" / "audit.jsonl"
    code, out, _ = cli("export", "--store", store_url, "--format", "jsonl", "-o", str(target), keys=False)
    assert (code, out.strip()) == (0, f"exported 5 entries to {target}")
    rows = [json.loads(x) for x in target.read_text().splitlines()]
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[4]["event"]["details"] == {"note": "ok"}

    code, out, _ = cli("export", "--store", store_url, "--format", "fhir", keys=False)
    assert code == 0
    resources = [FhirAuditEvent.model_validate_json(x) for x in out.splitlines()]
    assert [r.id for r in resources] == [f"phigate-audit-{i}" for i in range(1, 6)]

    code, out, _ = cli(
        "export", "--store", store_url, "-f", "syslog", "--hostname", "gw1", "--start", "4", keys=False
    )
    assert code == 0
    assert [x.split(" ")[2] for x in out.splitlines()] == ["gw1", "gw1"]
    code, out, _ = cli("export", "--store", store_url, "-f", "cef", keys=False)
    assert code == 0
    assert all(x.startswith("CEF:0|phigate|phigate|") for x in out.splitlines())
    assert len(out.splitlines()) == 5


def test_a_bad_line_stops_the_stream_with_its_number(cli: Cli, tmp_path: Path):
    store = f"sqlite:///{tmp_path / 'a.db'}"
    stdin = line(0) + line(1) + b'{"action": "x"}\n' + line(3)
    code, _, err = cli("append", "--store", store, stdin=stdin)
    assert code == 2
    assert err.startswith("error: line 3: required field is missing (path actor)")
    assert "2 earlier events were" in err
    assert cli("verify", "--store", store)[1].startswith("ok: 2 entries")
    code, _, err = cli("append", "--store", store, stdin=line(4) + b"not json\n")
    assert (code, err.strip()) == (
        2,
        "error: line 2: not a JSON object; nothing from this line on was appended (1 earlier events were)",
    )
    code, _, err = cli("append", "--store", store, stdin=line(5, patient_name="Jane Roe"))
    assert code == 2
    assert "unknown field 'patient_name'" in err
    assert "Jane" not in err


def test_verify_exits_1_naming_the_first_bad_entry(cli: Cli, tmp_path: Path):
    db = tmp_path / "a.db"
    assert cli("append", "--store", f"sqlite:///{db}", stdin=EVENTS)[0] == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE audit_entries SET entry_hash = zeroblob(32) WHERE seq = 2")
    code, out, err = cli("verify", "--store", f"sqlite:///{db}")
    assert (code, out) == (1, "")
    assert err.strip() == "FAILED: entry 2 fails the hash chain (first bad entry: seq 2)"


def test_tampered_proof_exits_1(cli: Cli, tmp_path: Path):
    store = f"sqlite:///{tmp_path / 'a.db'}"
    assert cli("append", "--store", store, stdin=EVENTS)[0] == 0
    proof, vkey = tmp_path / "p.json", tmp_path / "k.vkey"
    cli("prove", "--store", store, "--seq", "2", "-o", str(proof), keys=False)
    cli("public-key", "-o", str(vkey))
    doc = json.loads(proof.read_text())
    doc["entry"]["body"] = doc["entry"]["body"].replace("svc-1", "svc-9")
    proof.write_text(json.dumps(doc))
    code, _, err = cli("check-proof", str(proof), "--public-key", str(vkey), keys=False)
    assert code == 1
    assert err.startswith("FAILED: inclusion proof: computed root does not match")


def test_errors_exit_2_with_one_line(cli: Cli, tmp_path: Path):
    missing = f"sqlite:///{tmp_path / 'missing.db'}"
    cases = [
        (("verify", "--store", missing), True, f"error: no audit store at {tmp_path / 'missing.db'}"),
        (("prove", "--store", missing), False, "error: give exactly one of --seq"),
        (("prove", "--store", missing, "--seq", "1", "--from-size", "1"), False, "error: give exactly one"),
        (("prove", "--store", missing, "--seq", "1", "--to-size", "1"), False, "error: --to-size goes with"),
        (
            ("prove", "--store", missing, "--from-size", "1", "--at-size", "1"),
            False,
            "error: --at-size goes with",
        ),
        (("export", "--store", missing, "--format", "xml"), False, "error: unknown export format 'xml'"),
        (("export", "--store", "nope://x", "--format", "cef"), False, "error: invalid database URL"),
        (
            ("check-proof", str(tmp_path / "none.json"), "--public-key", str(tmp_path)),
            False,
            "error: cannot read",
        ),
    ]
    for args, keys, message in cases:
        code, _, err = cli(*args, keys=keys)
        assert code == 2, args
        assert err.startswith(message), err
        assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "missing.db").exists()
    cli.key_file.unlink()
    code, _, err = cli("verify", "--store", f"sqlite:///{tmp_path / 'x.db'}")
    assert code == 2
    assert "key file not found" in err


def test_failed_export_keeps_the_old_output(cli: Cli, tmp_path: Path):
    db = tmp_path / "a.db"
    assert cli("append", "--store", f"sqlite:///{db}", stdin=EVENTS)[0] == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE audit_entries SET body = CAST(body AS TEXT) WHERE seq = 3")
    target = tmp_path / "audit.jsonl"
    target.write_text("previous export\n")
    code, _, err = cli("export", "--store", f"sqlite:///{db}", "-f", "jsonl", "-o", str(target), keys=False)
    assert code == 2
    assert "run: phigate audit verify" in err
    assert target.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.db",
        "a.db-audit.lock",
        "a.db-shm",
        "a.db-wal",
        "audit.jsonl",
        "audit.key",
    ]


def test_help_does_not_load_the_audit_modules():
    code = (
        "import sys, phigate.cli; "
        "print([m for m in sys.modules if m.startswith('phigate.audit.') and m != 'phigate.audit.sink'])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
