from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from vault_helpers import Counter, FailingSink, RecordingSink, synthetic_values

from phigate.crypto.keys import LocalKeyFile, patient_ref
from phigate.errors import AuditError, KeyAccessError, PolicyViolation, TransformError
from phigate.store.vault_tables import vault_entries, vault_scopes
from phigate.vault import PseudonymVault
from phigate.vault.pseudonyms import MAX_PSEUDONYM_ATTEMPTS

NAME, OTHER_NAME = synthetic_values(seed=3, count=2)
PATIENT = "SYNTH-MRN-000417"


def _reidentify(vault: PseudonymVault, pseudonym: str, patient: str = PATIENT) -> str:
    return vault.reidentify(
        patient=patient, pseudonym=pseudonym, actor="dr.synth", role="clinician", purpose="TREAT"
    )


def test_get_or_create_returns_the_stored_pseudonym(vault: PseudonymVault) -> None:
    make = Counter()
    first = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=make)
    again = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=make)
    assert first == again == "PSEUDO-1"
    assert make.calls == 1
    assert vault.pseudonym_for(patient=PATIENT, category="NAME", value=OTHER_NAME, make=make) == "PSEUDO-2"


def test_mappings_are_scoped_by_patient_category_and_tenant(
    vault: PseudonymVault, engine: sa.Engine, local_key: LocalKeyFile
) -> None:
    a = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter("A"))
    b = vault.pseudonym_for(patient="SYNTH-MRN-000999", category="NAME", value=NAME, make=Counter("B"))
    c = vault.pseudonym_for(patient=PATIENT, category="LOCATION", value=NAME, make=Counter("C"))
    other_tenant = PseudonymVault(engine, local_key, RecordingSink(), tenant="clinic-b")
    d = other_tenant.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter("D"))
    assert (a, b, c, d) == ("A-1", "B-1", "C-1", "D-1")
    with pytest.raises(KeyAccessError, match="unknown pseudonym"):
        _reidentify(other_tenant, a)
    with pytest.raises(KeyAccessError, match="unknown pseudonym"):
        _reidentify(vault, a, patient="SYNTH-MRN-000999")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(vault_scopes)).scalar_one() == 3


def test_reidentify_returns_the_original_and_audits_without_phi(
    vault: PseudonymVault, sink: RecordingSink
) -> None:
    pseudonym = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    assert _reidentify(vault, pseudonym) == NAME
    [event] = sink.events
    assert (event.action, event.outcome, event.decision) == ("re-identify", "success", "permit")
    assert (event.actor, event.role, event.purpose_of_use) == ("dr.synth", "clinician", "TREAT")
    assert event.patient_ref == patient_ref(vault._keys, PATIENT)
    assert event.entity_counts == {"NAME": 1}
    assert event.started_at <= event.ended_at
    text = repr(dataclasses.asdict(event))
    for secret in (NAME, PATIENT, pseudonym):
        assert secret not in text


@pytest.mark.parametrize(
    ("actor", "role", "purpose"), [("", "clinician", "TREAT"), ("dr", " ", "TREAT"), ("dr", "clinician", "")]
)
def test_reidentify_needs_actor_role_and_purpose_and_audits_the_refusal(
    vault: PseudonymVault, sink: RecordingSink, actor: str, role: str, purpose: str
) -> None:
    pseudonym = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    with pytest.raises(PolicyViolation, match="actor, a role and a purpose"):
        vault.reidentify(patient=PATIENT, pseudonym=pseudonym, actor=actor, role=role, purpose=purpose)
    [event] = sink.events
    assert (event.outcome, event.decision) == ("refused", "deny")
    assert NAME not in repr(event)


def test_unknown_pseudonym_is_refused_and_audited(vault: PseudonymVault, sink: RecordingSink) -> None:
    with pytest.raises(KeyAccessError, match="unknown pseudonym"):
        _reidentify(vault, "PSEUDO-404")
    vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    with pytest.raises(KeyAccessError, match="unknown pseudonym"):
        _reidentify(vault, "PSEUDO-404")
    assert [e.outcome for e in sink.events] == ["refused", "refused"]
    assert all(e.details["reason"] == "unknown pseudonym for this patient" for e in sink.events)


def test_failed_audit_append_means_no_answer(engine: sa.Engine, local_key: LocalKeyFile) -> None:
    writer = PseudonymVault(engine, local_key, RecordingSink(), tenant="clinic-a")
    pseudonym = writer.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    blind = PseudonymVault(engine, local_key, FailingSink(), tenant="clinic-a")
    with pytest.raises(AuditError, match="unreachable"):
        _reidentify(blind, pseudonym)  # would have succeeded
    with pytest.raises(AuditError, match="unreachable"):
        _reidentify(blind, "PSEUDO-404")  # refusal whose audit fails


def test_a_sink_raising_something_else_still_stops(engine: sa.Engine, local_key: LocalKeyFile) -> None:
    class Broken:
        def append(self, event: object) -> int:
            raise RuntimeError("bug")

    vault = PseudonymVault(engine, local_key, Broken(), tenant="clinic-a")  # type: ignore[arg-type]
    pseudonym = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    with pytest.raises(AuditError, match="RuntimeError"):
        _reidentify(vault, pseudonym)


def test_taken_pseudonyms_are_drawn_again(vault: PseudonymVault) -> None:
    vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=lambda: "SAME")
    answers = iter(["SAME", "SAME", "FRESH"])
    assert (
        vault.pseudonym_for(patient=PATIENT, category="NAME", value=OTHER_NAME, make=lambda: next(answers))
        == "FRESH"
    )
    assert _reidentify(vault, "SAME") == NAME and _reidentify(vault, "FRESH") == OTHER_NAME


def test_a_maker_that_never_finds_a_free_pseudonym_fails(vault: PseudonymVault) -> None:
    vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=lambda: "SAME")
    calls = []
    with pytest.raises(TransformError, match=f"after {MAX_PSEUDONYM_ATTEMPTS} attempts"):
        vault.pseudonym_for(
            patient=PATIENT, category="NAME", value=OTHER_NAME, make=lambda: calls.append(1) or "SAME"
        )
    assert len(calls) == MAX_PSEUDONYM_ATTEMPTS


@pytest.mark.parametrize(
    ("category", "make"), [("NAME", lambda: ""), ("", lambda: "X"), ("A\x1fB", lambda: "X")]
)
def test_bad_pseudonym_requests_are_refused(vault: PseudonymVault, category: str, make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TransformError):
        vault.pseudonym_for(patient=PATIENT, category=category, value=NAME, make=make)


def test_bad_construction_and_patients_are_refused(
    engine: sa.Engine, local_key: LocalKeyFile, vault: PseudonymVault
) -> None:
    for tenant in ("", "a\x1fb"):
        with pytest.raises(KeyAccessError, match="tenant"):
            PseudonymVault(engine, local_key, RecordingSink(), tenant=tenant)
    with pytest.raises(KeyAccessError, match="patient key"):
        vault.pseudonym_for(patient="", category="NAME", value=NAME, make=Counter())
    assert vault.tenant == "clinic-a"


def _raw(engine: sa.Engine, column: str) -> list[tuple[int, bytes]]:
    with engine.connect() as conn:
        return [
            (r[0], bytes(r[1])) for r in conn.execute(sa.select(vault_entries.c.id, vault_entries.c[column]))
        ]


def test_flipped_byte_in_a_stored_original_is_detected_and_audited(
    vault: PseudonymVault, engine: sa.Engine, sink: RecordingSink
) -> None:
    pseudonym = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    [(row_id, blob)] = _raw(engine, "original_ct")
    tampered = bytearray(blob)
    tampered[-5] ^= 0x40
    with engine.begin() as conn:
        conn.execute(
            sa.update(vault_entries).where(vault_entries.c.id == row_id).values(original_ct=bytes(tampered))
        )
    with pytest.raises(KeyAccessError, match="failed authentication"):
        _reidentify(vault, pseudonym)
    assert sink.events[-1].outcome == "error"


def test_ciphertexts_swapped_between_rows_do_not_open(vault: PseudonymVault, engine: sa.Engine) -> None:
    p1 = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter("A"))
    p2 = vault.pseudonym_for(patient=PATIENT, category="NAME", value=OTHER_NAME, make=Counter("B"))
    (id1, ct1), (id2, ct2) = _raw(engine, "original_ct")
    with engine.begin() as conn:
        conn.execute(sa.update(vault_entries).where(vault_entries.c.id == id1).values(original_ct=ct2))
        conn.execute(sa.update(vault_entries).where(vault_entries.c.id == id2).values(original_ct=ct1))
    for pseudonym in (p1, p2):
        with pytest.raises(KeyAccessError, match="table/row/purpose"):
            _reidentify(vault, pseudonym)


def test_original_and_pseudonym_ciphertexts_are_not_interchangeable(
    vault: PseudonymVault, engine: sa.Engine
) -> None:
    pseudonym = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    [(row_id, pseudo_ct)] = _raw(engine, "pseudonym_ct")
    with engine.begin() as conn:
        conn.execute(
            sa.update(vault_entries).where(vault_entries.c.id == row_id).values(original_ct=pseudo_ct)
        )
    with pytest.raises(KeyAccessError, match="table/row/purpose"):
        _reidentify(vault, pseudonym)


def test_store_failures_are_key_access_errors(vault: PseudonymVault, engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE phigate_vault_entries"))
    with pytest.raises(KeyAccessError, match="pseudonym vault store"):
        vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter())
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE phigate_vault_scopes"))
    with pytest.raises(KeyAccessError, match="pseudonym vault store"):
        vault.shred(patient=PATIENT)


def test_lookup_hashes_swapped_between_rows_are_detected(vault: PseudonymVault, engine: sa.Engine) -> None:
    p1 = vault.pseudonym_for(patient=PATIENT, category="NAME", value=NAME, make=Counter("A"))
    vault.pseudonym_for(patient=PATIENT, category="NAME", value=OTHER_NAME, make=Counter("B"))
    with engine.connect() as conn:
        (id1, ref1), (id2, ref2) = conn.execute(
            sa.select(vault_entries.c.id, vault_entries.c.pseudonym_ref)
        ).all()
    with engine.begin() as conn:  # swap through a placeholder (the column is unique per scope)
        conn.execute(sa.update(vault_entries).where(vault_entries.c.id == id1).values(pseudonym_ref="tmp"))
        conn.execute(sa.update(vault_entries).where(vault_entries.c.id == id2).values(pseudonym_ref=ref1))
        conn.execute(sa.update(vault_entries).where(vault_entries.c.id == id1).values(pseudonym_ref=ref2))
    with pytest.raises(KeyAccessError, match="does not match its pseudonym"):
        _reidentify(vault, p1)
