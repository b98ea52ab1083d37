"""AwsKms against moto's KMS server running as its own process on a free loopback port."""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest
import sqlalchemy as sa
from key_service_stand_ins import free_port

from phigate.audit.sink import NullAuditSink
from phigate.config import KeysSettings
from phigate.crypto import envelope
from phigate.crypto.aws_kms import AwsKms
from phigate.crypto.datakeys import DataKeys
from phigate.crypto.keys import PURPOSE_AUDIT_HASH, provider_from_settings
from phigate.errors import KeyAccessError
from phigate.store.datakeys import SqlDataKeyStore
from phigate.store.engine import make_engine
from phigate.store.vault_tables import vault_entries
from phigate.vault import PseudonymVault

REGION = "us-east-1"
AAD = envelope.bind("phigate_data_keys", "scope-1", "data-key")

pytestmark = pytest.mark.usefixtures("aws_env")


@pytest.fixture()
def kms_key(moto_kms_url: str) -> str:
    client = boto3.session.Session().client("kms", region_name=REGION, endpoint_url=moto_kms_url)
    return str(
        client.create_key(KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    )


@pytest.fixture()
def engine(tmp_path: Path) -> sa.Engine:
    return make_engine(f"sqlite:///{tmp_path / 'keys.db'}")


@pytest.fixture()
def kms(moto_kms_url: str, kms_key: str, engine: sa.Engine) -> AwsKms:
    return AwsKms(key_id=kms_key, region=REGION, endpoint_url=moto_kms_url, store=SqlDataKeyStore(engine))


def test_data_keys_wrap_and_unwrap_with_an_encryption_context(kms: AwsKms) -> None:
    dek, wrapped = kms.new_data_key(AAD)
    assert len(dek) == 32 and dek not in wrapped
    assert kms.unwrap(wrapped, AAD) == dek
    other = os.urandom(32)
    assert kms.unwrap(kms.wrap(other, AAD), AAD) == other
    assert kms.wrapped_version(wrapped) is None


def test_a_wrapped_key_moved_to_another_row_is_refused(kms: AwsKms) -> None:
    _dek, wrapped = kms.new_data_key(AAD)
    with pytest.raises(KeyAccessError, match="AWS KMS refused decrypt"):
        kms.unwrap(wrapped, envelope.bind("phigate_data_keys", "scope-2", "data-key"))


def test_a_flipped_byte_is_refused(kms: AwsKms) -> None:
    _dek, wrapped = kms.new_data_key(AAD)
    tampered = bytearray(wrapped)
    tampered[-3] ^= 0x01
    with pytest.raises(KeyAccessError, match="AWS KMS refused decrypt"):
        kms.unwrap(bytes(tampered), AAD)


def test_rotate_adds_a_version_and_reencrypt_keeps_the_key(kms: AwsKms, engine: sa.Engine) -> None:
    keys = DataKeys(kms, SqlDataKeyStore(engine))
    deks = {name: keys.get_or_create(name) for name in ("scope/a", "scope/b")}
    assert [v.state for v in kms.versions()] == ["active"]
    assert kms.rotate() == 2
    assert [v.state for v in kms.versions()] == ["decrypt-only", "active"]
    assert all(v.created is not None for v in kms.versions())
    before = {k.name: k.wrapped for k in SqlDataKeyStore(engine).all()}
    assert keys.rewrap_all() == len(before)  # KMS does not say the version, so every key is re-wrapped
    after = {k.name: k.wrapped for k in SqlDataKeyStore(engine).all()}
    assert all(before[name] != after[name] for name in before)
    assert {name: keys.get(name) for name in deks} == deks


def test_retire_is_refused(kms: AwsKms) -> None:
    with pytest.raises(KeyAccessError, match="retire is not available"):
        kms.retire(1)


def test_purpose_keys_come_from_one_stored_root(moto_kms_url: str, kms_key: str, engine: sa.Engine) -> None:
    settings = KeysSettings(
        provider="aws-kms", kms_key_id=kms_key, kms_region=REGION, kms_endpoint_url=moto_kms_url
    )
    first = provider_from_settings(settings, store=SqlDataKeyStore(engine))
    second = provider_from_settings(settings, store=SqlDataKeyStore(engine))
    assert first.purpose_key(PURPOSE_AUDIT_HASH) == second.purpose_key(PURPOSE_AUDIT_HASH)
    assert first.purpose_key(PURPOSE_AUDIT_HASH) != first.purpose_key("vault-index")
    assert len(first.purpose_key(PURPOSE_AUDIT_HASH)) == 32
    first.rotate()
    DataKeys(first, SqlDataKeyStore(engine)).rewrap_all()
    third = provider_from_settings(settings, store=SqlDataKeyStore(engine))
    assert third.purpose_key(PURPOSE_AUDIT_HASH) == second.purpose_key(PURPOSE_AUDIT_HASH)


def test_purpose_keys_need_a_store(moto_kms_url: str, kms_key: str) -> None:
    kms = AwsKms(key_id=kms_key, region=REGION, endpoint_url=moto_kms_url)
    with pytest.raises(KeyAccessError, match="key-metadata store"):
        kms.purpose_key(PURPOSE_AUDIT_HASH)


def test_unknown_key_and_unreachable_endpoint_are_key_access_errors(moto_kms_url: str) -> None:
    with pytest.raises(KeyAccessError, match="NotFoundException"):
        AwsKms(key_id="alias/absent", region=REGION, endpoint_url=moto_kms_url).versions()
    dead = AwsKms(key_id="alias/x", region=REGION, endpoint_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(KeyAccessError, match="unreachable"):
        dead.new_data_key(AAD)


def test_vault_on_kms_survives_rotation(moto_kms_url: str, kms_key: str, engine: sa.Engine) -> None:
    kms = AwsKms(key_id=kms_key, region=REGION, endpoint_url=moto_kms_url, store=SqlDataKeyStore(engine))
    vault = PseudonymVault(engine, kms, NullAuditSink(), tenant="clinic-a")
    pseudonym = vault.pseudonym_for(
        patient="SYNTH-MRN-7", category="NAME", value="Synthia Kmsperson", make=lambda: "K-1"
    )
    with engine.connect() as conn:
        data_before = conn.execute(sa.select(vault_entries.c.original_ct)).scalar_one()
    kms.rotate()
    DataKeys(kms, SqlDataKeyStore(engine)).rewrap_all()
    with engine.connect() as conn:
        assert conn.execute(sa.select(vault_entries.c.original_ct)).scalar_one() == data_before
    actor = {"actor": "a", "role": "r", "purpose": "TREAT"}
    assert vault.reidentify(patient="SYNTH-MRN-7", pseudonym=pseudonym, **actor) == "Synthia Kmsperson"
