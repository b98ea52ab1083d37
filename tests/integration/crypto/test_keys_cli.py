"""``phigate keys``: init, rotate (re-wrapping data keys, never touching data ciphertexts), rewrap,
retire, status and public-key, on a real key file and SQLite database."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from key_service_stand_ins import TransitServer

from phigate.audit.sink import NullAuditSink
from phigate.cli import main
from phigate.crypto.keys import LocalKeyFile
from phigate.crypto.signing import Verifier
from phigate.store.engine import make_engine
from phigate.store.keys_tables import data_keys
from phigate.store.vault_tables import vault_entries
from phigate.vault import PseudonymVault

ACTOR = {"actor": "dr.synth", "role": "clinician", "purpose": "TREAT"}


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """Run ``phigate ARGS`` through the real entry point; return (exit status, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["phigate", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PHIGATE_CONFIG", raising=False)
    return tmp_path


def test_init_creates_a_private_key_file_and_refuses_to_overwrite(workdir, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "keys", "init")
    assert code == 0 and "created phigate.key" in out
    assert stat.S_IMODE(os.stat(workdir / "phigate.key").st_mode) == 0o600
    before = (workdir / "phigate.key").read_bytes()
    code, out, err = run(capsys, monkeypatch, "keys", "init")
    assert code == 2 and err == "error: key file already exists, refusing to overwrite: phigate.key\n"
    assert (workdir / "phigate.key").read_bytes() == before
    code, _, _ = run(capsys, monkeypatch, "keys", "init", "--key-file", str(workdir / "sub" / "other.key"))
    assert code == 0 and (workdir / "sub" / "other.key").exists()


def test_rotate_rewraps_data_keys_without_touching_data(workdir, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run(capsys, monkeypatch, "keys", "init")
    store = f"sqlite:///{workdir / 'vault.db'}"
    engine = make_engine(store)
    vault = PseudonymVault(engine, LocalKeyFile("phigate.key"), NullAuditSink(), tenant="clinic-a")
    pseudonyms = {
        f"SYNTH-{n}": vault.pseudonym_for(
            patient=f"SYNTH-{n}", category="NAME", value=f"Value {n}", make=lambda: "P"
        )
        for n in range(4)
    }

    def snapshot(table: sa.Table, column: str) -> dict[object, bytes]:
        key = next(iter(table.primary_key.columns))
        with engine.connect() as conn:
            return {r[0]: bytes(r[1]) for r in conn.execute(sa.select(key, table.c[column]))}

    data_before, wrapped_before = snapshot(vault_entries, "original_ct"), snapshot(data_keys, "wrapped")
    pseudo_before = snapshot(vault_entries, "pseudonym_ct")

    code, out, _ = run(capsys, monkeypatch, "keys", "rotate", "--store", store)
    assert code == 0
    assert "version 2 is now active" in out and f"re-wrapped {len(wrapped_before)} data keys" in out

    assert snapshot(vault_entries, "original_ct") == data_before  # data ciphertexts untouched
    assert snapshot(vault_entries, "pseudonym_ct") == pseudo_before
    wrapped_after = snapshot(data_keys, "wrapped")
    assert wrapped_after.keys() == wrapped_before.keys()
    assert all(wrapped_after[k] != wrapped_before[k] for k in wrapped_before)
    with engine.connect() as conn:
        assert set(conn.execute(sa.select(data_keys.c.master_version)).scalars()) == {2}

    code, out, _ = run(capsys, monkeypatch, "keys", "status", "--store", store)
    assert code == 0
    rows = {line.split()[0]: (line.split()[2], line.split()[3]) for line in out.splitlines()[2:]}
    assert rows == {"1": ("decrypt-only", "0"), "2": ("active", str(len(wrapped_before)))}

    code, out, _ = run(capsys, monkeypatch, "keys", "retire", "1", "--store", store)
    assert code == 0 and "version 1 retired" in out
    fresh = PseudonymVault(engine, LocalKeyFile("phigate.key"), NullAuditSink(), tenant="clinic-a")
    for patient, pseudonym in pseudonyms.items():
        assert (
            fresh.reidentify(patient=patient, pseudonym=pseudonym, **ACTOR)
            == f"Value {patient.split('-')[1]}"
        )
    engine.dispose()


def test_retire_refuses_while_data_keys_still_need_the_version(workdir, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run(capsys, monkeypatch, "keys", "init")
    store = f"sqlite:///{workdir / 'vault.db'}"
    engine = make_engine(store)
    vault = PseudonymVault(engine, LocalKeyFile("phigate.key"), NullAuditSink(), tenant="clinic-a")
    pseudonym = vault.pseudonym_for(patient="SYNTH-1", category="NAME", value="Value 1", make=lambda: "P")
    run(capsys, monkeypatch, "keys", "rotate")  # no store: master rotated, data keys not re-wrapped
    code, _, err = run(capsys, monkeypatch, "keys", "retire", "1", "--store", store)
    assert code == 2 and "1 data keys are still wrapped by version 1" in err and "phigate keys rewrap" in err
    code, _, err = run(capsys, monkeypatch, "keys", "retire", "1")
    assert code == 2 and "retire needs the key-metadata store" in err
    code, out, _ = run(capsys, monkeypatch, "keys", "rewrap", "--store", store)
    assert code == 0 and "re-wrapped 1 data keys" in out
    code, _, _ = run(capsys, monkeypatch, "keys", "retire", "1", "--store", store)
    assert code == 0
    assert vault.reidentify(patient="SYNTH-1", pseudonym=pseudonym, **ACTOR) == "Value 1"
    code, _, err = run(capsys, monkeypatch, "keys", "rewrap")
    assert code == 2 and "rewrap needs the key-metadata store" in err
    engine.dispose()


def test_status_never_prints_key_bytes_and_public_key_verifies(workdir, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import base64
    import json

    run(capsys, monkeypatch, "keys", "init")
    code, out, _ = run(capsys, monkeypatch, "keys", "status")
    assert code == 0 and "active" in out and out.splitlines()[-1].rstrip().endswith("-")
    doc = json.loads((workdir / "phigate.key").read_bytes())
    for secret in [doc["purpose_root"], *(v["key"] for v in doc["versions"])]:
        assert secret not in out and base64.b64decode(secret).hex() not in out
    code, pem, _ = run(capsys, monkeypatch, "keys", "public-key")
    assert code == 0 and pem.startswith("-----BEGIN PUBLIC KEY-----")
    code, out, _ = run(capsys, monkeypatch, "keys", "public-key", "--out", "audit.pub")
    assert code == 0 and (workdir / "audit.pub").read_text() == pem
    Verifier(pem.encode())  # loads as an Ed25519 key


def test_errors_are_one_line_with_exit_status_2(workdir, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, monkeypatch, "keys", "status")
    assert code == 2 and err.count("\n") == 1 and "phigate keys init" in err
    run(capsys, monkeypatch, "keys", "init")
    os.chmod("phigate.key", 0o640)
    code, _, err = run(capsys, monkeypatch, "keys", "rotate")
    assert code == 2 and "chmod 600" in err
    config = workdir / "phigate.yaml"
    config.write_text("keys:\n  provider: nope\n")
    code, _, err = run(capsys, monkeypatch, "keys", "status", "--config", str(config))
    assert code == 2 and "unknown key provider 'nope'" in err


def test_vault_provider_from_a_config_file(workdir, capsys, monkeypatch, transit: TransitServer) -> None:  # type: ignore[no-untyped-def]
    httpx.post(f"{transit.address}/v1/transit/keys/cli-key", headers={"X-Vault-Token": transit.token})
    token = workdir / "token"
    token.write_text(transit.token)
    token.chmod(0o600)
    config = workdir / "phigate.yaml"
    config.write_text(
        "keys:\n  provider: vault\n"
        f"  vault_address: {transit.address}\n  vault_key_name: cli-key\n  vault_token_file: {token}\n"
        f"  store_url: sqlite:///{workdir / 'keys.db'}\n"
    )
    monkeypatch.setenv("PHIGATE_CONFIG", str(config))
    code, pem, _ = run(capsys, monkeypatch, "keys", "public-key")  # creates the purpose root in the store
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, "keys", "rotate")
    assert code == 0 and "version 2 is now active" in out and "re-wrapped 1 data keys" in out
    code, out, _ = run(capsys, monkeypatch, "keys", "retire", "1")
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, "keys", "status")
    assert "vault:transit/cli-key" in out and "retired" in out
    code, again, _ = run(capsys, monkeypatch, "keys", "public-key")
    assert again == pem  # the signing key survived rotation and retirement


def test_help_starts_fast_and_lists_keys() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "phigate.cli", "keys", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for command in ("init", "rotate", "rewrap", "retire", "status", "public-key"):
        assert command in result.stdout


@pytest.mark.usefixtures("aws_env")
def test_aws_kms_provider_from_a_config_file(workdir, capsys, monkeypatch, moto_kms_url: str) -> None:  # type: ignore[no-untyped-def]
    import boto3

    client = boto3.session.Session().client("kms", region_name="eu-west-1", endpoint_url=moto_kms_url)
    key_id = client.create_key()["KeyMetadata"]["KeyId"]
    config = workdir / "phigate.yaml"
    config.write_text(
        f"keys:\n  provider: aws-kms\n  kms_key_id: {key_id}\n  kms_region: eu-west-1\n"
        f"  kms_endpoint_url: {moto_kms_url}\n  store_url: sqlite:///{workdir / 'keys.db'}\n"
    )
    monkeypatch.setenv("PHIGATE_CONFIG", str(config))
    code, pem, _ = run(capsys, monkeypatch, "keys", "public-key")
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, "keys", "rotate")
    assert code == 0 and "version 2 is now active" in out and "re-wrapped 1 data keys" in out
    code, out, _ = run(capsys, monkeypatch, "keys", "status")
    assert code == 0 and key_id in out and "does not reveal: 1" in out
    code, _, err = run(capsys, monkeypatch, "keys", "retire", "1")
    assert code == 2 and "retire is not available" in err
    assert run(capsys, monkeypatch, "keys", "public-key")[1] == pem
