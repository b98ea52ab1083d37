from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from phigate.crypto import envelope
from phigate.crypto.hmac import keyed_hash
from phigate.crypto.keys import (
    PURPOSE_AUDIT_HASH,
    PURPOSE_AUDIT_SIGNING,
    PURPOSE_VAULT_INDEX,
    KeyProvider,
    LocalKeyFile,
    patient_ref,
)
from phigate.errors import KeyAccessError

AAD = envelope.bind("phigate_data_keys", "scope-1", "data-key")


def test_create_writes_a_0600_file_with_one_active_version(local_key: LocalKeyFile, key_path: Path) -> None:
    assert stat.S_IMODE(os.stat(key_path).st_mode) == 0o600
    assert isinstance(local_key, KeyProvider)
    [version] = local_key.versions()
    assert (version.version, version.state, version.key_id) == (1, "active", local_key.key_id)
    assert local_key.key_id.startswith("local-")
    doc = json.loads(key_path.read_bytes())
    assert doc["format"] == "phigate-keyfile/1"
    assert len(base64.b64decode(doc["versions"][0]["key"])) == 32


def test_create_refuses_to_overwrite(local_key: LocalKeyFile, key_path: Path) -> None:
    before = key_path.read_bytes()
    with pytest.raises(KeyAccessError, match="refusing to overwrite"):
        LocalKeyFile.create(key_path)
    assert key_path.read_bytes() == before


def test_create_refuses_a_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "k.key"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(KeyAccessError, match="refusing to overwrite"):
        LocalKeyFile.create(link)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620, 0o602, 0o644, 0o666])
def test_file_readable_or_writable_by_others_is_refused(
    local_key: LocalKeyFile, key_path: Path, mode: int
) -> None:
    os.chmod(key_path, mode)
    with pytest.raises(KeyAccessError, match="chmod 600"):
        LocalKeyFile(key_path)


def test_a_provider_in_use_notices_a_loosened_file(local_key: LocalKeyFile, key_path: Path) -> None:
    os.chmod(key_path, 0o644)
    os.utime(key_path, ns=(1, 1))  # a change the provider sees on its next call
    with pytest.raises(KeyAccessError, match="group or others"):
        local_key.wrap(bytes(32), AAD)


def test_missing_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(KeyAccessError, match="phigate keys init"):
        LocalKeyFile(tmp_path / "absent.key")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "dir.key"
    target.mkdir(mode=0o700)
    with pytest.raises(KeyAccessError, match="not a regular file"):
        LocalKeyFile(target)


def _write_private(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.chmod(path, 0o600)


def _valid_doc(local_key: LocalKeyFile) -> dict[str, object]:
    doc: dict[str, object] = json.loads(local_key.path.read_bytes())
    return doc


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other/9"), "format"),
        (lambda d: d.update(key_id=""), "key_id"),
        (lambda d: d.update(versions=[]), "no versions"),
        (lambda d: d.update(purpose_root="!!notbase64"), "purpose_root"),
        (lambda d: d.update(purpose_root=base64.b64encode(b"short").decode()), "32 bytes"),
        (lambda d: d["versions"][0].update(key=base64.b64encode(bytes(16)).decode()), "version 1"),
        (lambda d: d["versions"][0].update(key=None), "every version is retired"),
        (lambda d: d["versions"][0].update(version="1"), "bad version entry"),
        (lambda d: d["versions"][0].pop("created"), "creation time"),
        (lambda d: d["versions"].append(dict(d["versions"][0])), "unique"),
        (lambda d: d["versions"][0].update(key=7), "base64 text"),
    ],
)
def test_malformed_files_are_refused(local_key: LocalKeyFile, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = _valid_doc(local_key)
    mutate(doc)
    _write_private(local_key.path, json.dumps(doc).encode())
    with pytest.raises(KeyAccessError, match=message):
        LocalKeyFile(local_key.path)


@pytest.mark.parametrize("raw", [b"", b"not json", b"\xff\xfe", b"[1, 2]"])
def test_non_json_files_are_refused(key_path: Path, raw: bytes) -> None:
    key_path.parent.mkdir(parents=True)
    _write_private(key_path, raw)
    with pytest.raises(KeyAccessError, match="malformed key file"):
        LocalKeyFile(key_path)


def test_purpose_keys_are_stable_32_bytes_and_separated(local_key: LocalKeyFile) -> None:
    again = LocalKeyFile(local_key.path)
    purposes = [PURPOSE_AUDIT_HASH, PURPOSE_AUDIT_SIGNING, PURPOSE_VAULT_INDEX, "gateway-api-keys"]
    keys = [local_key.purpose_key(p) for p in purposes]
    assert all(len(k) == 32 for k in keys)
    assert len(set(keys)) == len(purposes)
    assert keys == [again.purpose_key(p) for p in purposes]
    # purpose keys are neither master key bytes nor the purpose root
    doc = _valid_doc(local_key)
    raw = {base64.b64decode(str(doc["purpose_root"]))} | {
        base64.b64decode(v["key"])
        for v in doc["versions"]  # type: ignore[attr-defined]
    }
    assert not raw & set(keys)


def test_a_leaked_audit_hash_key_does_not_give_the_vault_index_key(local_key: LocalKeyFile) -> None:
    audit_key = local_key.purpose_key(PURPOSE_AUDIT_HASH)
    vault_key = local_key.purpose_key(PURPOSE_VAULT_INDEX)
    assert keyed_hash(audit_key, "t\x1fPATIENT-1") != keyed_hash(vault_key, "t\x1fPATIENT-1")
    assert patient_ref(local_key, "PATIENT-1") == keyed_hash(audit_key, "PATIENT-1")


def test_purpose_keys_survive_rotation_and_differ_between_key_files(
    local_key: LocalKeyFile, tmp_path: Path
) -> None:
    before = local_key.purpose_key(PURPOSE_AUDIT_HASH)
    local_key.rotate()
    assert LocalKeyFile(local_key.path).purpose_key(PURPOSE_AUDIT_HASH) == before
    other = LocalKeyFile.create(tmp_path / "other.key")
    assert other.purpose_key(PURPOSE_AUDIT_HASH) != before


def test_wrap_unwrap_round_trip_names_key_and_version(local_key: LocalKeyFile) -> None:
    dek = os.urandom(32)
    wrapped = local_key.wrap(dek, AAD)
    assert envelope.peek(wrapped) == envelope.KeyRef(local_key.key_id, 1)
    assert local_key.wrapped_version(wrapped) == 1
    assert local_key.unwrap(wrapped, AAD) == dek
    plain, wrapped2 = local_key.new_data_key(AAD)
    assert len(plain) == 32 and local_key.unwrap(wrapped2, AAD) == plain


def test_unwrap_with_other_aad_is_refused(local_key: LocalKeyFile) -> None:
    wrapped = local_key.wrap(os.urandom(32), AAD)
    with pytest.raises(KeyAccessError, match="failed authentication"):
        local_key.unwrap(wrapped, envelope.bind("phigate_data_keys", "scope-2", "data-key"))


def test_unwrap_by_another_key_file_is_refused(local_key: LocalKeyFile, tmp_path: Path) -> None:
    other = LocalKeyFile.create(tmp_path / "other.key")
    with pytest.raises(KeyAccessError, match="another master key"):
        other.unwrap(local_key.wrap(os.urandom(32), AAD), AAD)


def test_rotation_makes_old_versions_decrypt_only(local_key: LocalKeyFile) -> None:
    dek = os.urandom(32)
    old = local_key.wrap(dek, AAD)
    assert local_key.rotate() == 2
    states = {v.version: v.state for v in local_key.versions()}
    assert states == {1: "decrypt-only", 2: "active"}
    assert local_key.unwrap(old, AAD) == dek
    new = local_key.rewrap(old, AAD)
    assert local_key.wrapped_version(new) == 2
    assert local_key.unwrap(new, AAD) == dek
    assert local_key.wrapped_version(local_key.wrap(dek, AAD)) == 2


def test_retire_erases_the_version_and_refuses_its_ciphertexts(local_key: LocalKeyFile) -> None:
    old = local_key.wrap(os.urandom(32), AAD)
    local_key.rotate()
    local_key.retire(1)
    assert {v.version: v.state for v in local_key.versions()} == {1: "retired", 2: "active"}
    doc = _valid_doc(local_key)
    assert doc["versions"][0]["key"] is None  # type: ignore[index]
    with pytest.raises(KeyAccessError, match="version 1 is retired"):
        local_key.unwrap(old, AAD)
    with pytest.raises(KeyAccessError, match="version 1 is retired"):
        LocalKeyFile(local_key.path).unwrap(old, AAD)


def test_retire_refuses_current_unknown_and_twice(local_key: LocalKeyFile) -> None:
    with pytest.raises(KeyAccessError, match="current"):
        local_key.retire(1)
    with pytest.raises(KeyAccessError, match="unknown"):
        local_key.retire(9)
    local_key.rotate()
    local_key.retire(1)
    with pytest.raises(KeyAccessError, match="already retired"):
        local_key.retire(1)


def test_unknown_version_is_refused(local_key: LocalKeyFile) -> None:
    blob = envelope.encrypt(os.urandom(32), b"k" * 32, ref=envelope.KeyRef(local_key.key_id, 5), aad=AAD)
    with pytest.raises(KeyAccessError, match="version 5 is unknown"):
        local_key.unwrap(blob, AAD)


def test_another_process_rotation_is_picked_up(local_key: LocalKeyFile) -> None:
    elsewhere = LocalKeyFile(local_key.path)  # e.g. the CLI, while a gateway holds local_key
    dek = os.urandom(32)
    assert elsewhere.rotate() == 2
    assert local_key.wrapped_version(local_key.wrap(dek, AAD)) == 2
    assert local_key.unwrap(elsewhere.wrap(dek, AAD), AAD) == dek


def test_a_key_file_replaced_by_another_key_is_refused(local_key: LocalKeyFile, tmp_path: Path) -> None:
    other = LocalKeyFile.create(tmp_path / "other.key")
    os.replace(other.path, local_key.path)
    with pytest.raises(KeyAccessError, match="replaced by a different key"):
        local_key.wrap(os.urandom(32), AAD)


def test_key_file_removed_while_in_use(local_key: LocalKeyFile) -> None:
    local_key.path.unlink()
    with pytest.raises(KeyAccessError, match="not readable"):
        local_key.versions()


def test_create_reports_an_unwritable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(KeyAccessError, match="cannot write key file"):
        LocalKeyFile.create(blocker / "master.key")


def test_create_loses_a_race_without_overwriting(key_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def racing_link(src: object, dst: object) -> None:
        raise FileExistsError(17, "File exists")

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(KeyAccessError, match="refusing to overwrite"):
        LocalKeyFile.create(key_path)
    assert not key_path.exists()
    assert list(key_path.parent.iterdir()) == []  # the temporary file is gone too
