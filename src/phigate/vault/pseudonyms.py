"""The pseudonym vault: pseudonym <-> original mappings per tenant and patient, encrypted at rest.

Layout of one patient's scope:

1. ``patient_ref = HMAC(vault-index key, tenant || patient)`` locates the scope row; the patient
   identifier itself is never stored.
2. The scope row names a random data key (``vault-scope/<hex>``), kept only wrapped by the master key.
3. From that data key, HKDF derives an encryption key and a lookup key. Values and pseudonyms are found
   by HMAC under the lookup key; both are stored as AES-256-GCM envelopes bound to table, row and side.
4. ``shred`` destroys the data key: the rows stay, but neither their ciphertexts nor their lookup hashes
   can be opened or matched again (crypto-shredding).

``reidentify`` is the only way back from a pseudonym. It needs an actor, a role and a purpose of use, and
appends an audit event whatever happens; if that append fails, it raises and returns nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from phigate.audit.sink import AuditSink
from phigate.crypto import envelope
from phigate.crypto.datakeys import DataKeys
from phigate.crypto.hmac import derive_key, keyed_hash
from phigate.crypto.keys import PURPOSE_AUDIT_HASH, PURPOSE_VAULT_INDEX, KeyProvider, patient_ref
from phigate.errors import AuditError, KeyAccessError, PhigateError, PolicyViolation, TransformError
from phigate.model import AuditEvent
from phigate.store.datakeys import SqlDataKeyStore
from phigate.store.schema import ensure_schema
from phigate.store.vault_tables import vault_entries, vault_scopes

__all__ = ["MAX_PSEUDONYM_ATTEMPTS", "PseudonymVault"]

#: How often ``pseudonym_for`` calls ``make`` again when a new pseudonym is already taken in the scope.
MAX_PSEUDONYM_ATTEMPTS = 8

_SEP = "\x1f"  # unit separator: cannot occur in tenant ids or category names


@dataclass(frozen=True, slots=True)
class _Scope:
    key_name: str
    encrypt_key: bytes
    lookup_key: bytes

    def ref(self, kind: str, text: str) -> str:
        return keyed_hash(self.lookup_key, f"{kind}{_SEP}{text}")

    def aad(self, value_ref: str, side: str) -> bytes:
        return envelope.bind(vault_entries.name, f"{self.key_name}/{value_ref}", side)

    def seal(self, text: str, value_ref: str, side: str) -> bytes:
        ref = envelope.KeyRef(self.key_name, 1)
        return envelope.encrypt(self.encrypt_key, text.encode(), ref=ref, aad=self.aad(value_ref, side))

    def open(self, blob: bytes, value_ref: str, side: str) -> str:
        return envelope.decrypt(self.encrypt_key, blob, aad=self.aad(value_ref, side)).decode()


class _Refused(KeyAccessError):
    """A re-identification that was not allowed or found nothing; audited as ``refused``."""


class PseudonymVault:
    """Pseudonym mappings for one tenant in ``engine`` (tables created if missing), keys from ``keys``,
    re-identifications audited to ``audit``.
    """

    def __init__(self, engine: Engine, keys: KeyProvider, audit: AuditSink, *, tenant: str) -> None:
        if not tenant or _SEP in tenant:
            raise KeyAccessError("a vault needs a tenant id (non-empty, no control characters)")
        self._engine = engine
        self._keys = keys
        self._audit = audit
        self._tenant = tenant
        self._data_keys = DataKeys(keys, SqlDataKeyStore(engine))
        ensure_schema(engine, "vault", error=KeyAccessError)

    @property
    def tenant(self) -> str:
        """The tenant every mapping of this vault belongs to."""
        return self._tenant

    def _fail(self, exc: SQLAlchemyError) -> KeyAccessError:
        return KeyAccessError(
            f"pseudonym vault store ({self._engine.dialect.name}) failed: {type(exc).__name__}"
        )

    # -- scopes --------------------------------------------------------------------------------------

    def _patient_ref(self, patient: str) -> str:
        if not patient:
            raise KeyAccessError("a patient key is required")
        return keyed_hash(self._keys.purpose_key(PURPOSE_VAULT_INDEX), f"{self._tenant}{_SEP}{patient}")

    def _scope_row(self, ref: str) -> str | None:
        query = select(vault_scopes.c.key_name).where(
            vault_scopes.c.tenant == self._tenant, vault_scopes.c.patient_ref == ref
        )
        try:
            with self._engine.connect() as conn:
                return conn.execute(query).scalar_one_or_none()
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc

    def _drop_scope(self, ref: str, key_name: str) -> None:
        statement = delete(vault_scopes).where(
            vault_scopes.c.tenant == self._tenant,
            vault_scopes.c.patient_ref == ref,
            vault_scopes.c.key_name == key_name,
        )
        try:
            with self._engine.begin() as conn:
                conn.execute(statement)
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc

    def _existing(self, ref: str) -> _Scope | None:
        """The scope ``ref`` names, with its keys. A scope whose data key is gone (a shred interrupted
        between its two steps) counts as shredded: its row is cleared and None returned.
        """
        key_name = self._scope_row(ref)
        if key_name is None:
            return None
        dek = self._data_keys.find(key_name)
        if dek is None:
            self._drop_scope(ref, key_name)
            return None
        return _Scope(key_name, derive_key(dek, "vault/encrypt"), derive_key(dek, "vault/lookup"))

    def _scope_for(self, ref: str) -> _Scope:
        """The scope ``ref`` names, made (new random data key) if there is none; race-safe."""
        while (scope := self._existing(ref)) is None:
            key_name = f"vault-scope/{secrets.token_hex(16)}"
            self._data_keys.get_or_create(key_name)
            row = {"tenant": self._tenant, "patient_ref": ref, "key_name": key_name, "created_at": _now()}
            try:
                with self._engine.begin() as conn:
                    conn.execute(insert(vault_scopes).values(row))
            except IntegrityError:
                self._data_keys.destroy(key_name)  # another caller made the scope first: use theirs
            except SQLAlchemyError as exc:
                raise self._fail(exc) from exc
        return scope

    # -- mappings ------------------------------------------------------------------------------------

    def _entry(self, scope: _Scope, column: str, ref: str) -> RowMapping | None:
        query = select(vault_entries).where(
            vault_entries.c.key_name == scope.key_name, vault_entries.c[column] == ref
        )
        try:
            with self._engine.connect() as conn:
                return conn.execute(query).mappings().first()
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc

    def pseudonym_for(self, *, patient: str, category: str, value: str, make: Callable[[], str]) -> str:
        """The pseudonym of ``value`` (a ``category``) for ``patient``; made with ``make()`` and stored if
        there is none yet. Concurrent callers for the same value all get the one that was stored first.
        A new pseudonym already used in this patient's scope for another value is drawn again.
        """
        if not category or _SEP in category:
            raise TransformError("a pseudonym needs a category name")
        scope = self._scope_for(self._patient_ref(patient))
        value_ref = scope.ref(f"value{_SEP}{category}", value)
        for _attempt in range(MAX_PSEUDONYM_ATTEMPTS):
            row = self._entry(scope, "value_ref", value_ref)
            if row is not None:
                return scope.open(row["pseudonym_ct"], value_ref, "pseudonym")
            pseudonym = make()
            if not pseudonym:
                raise TransformError("pseudonym generator returned an empty pseudonym")
            values = {
                "key_name": scope.key_name,
                "category": str(category),
                "value_ref": value_ref,
                "pseudonym_ref": scope.ref("pseudonym", pseudonym),
                "original_ct": scope.seal(value, value_ref, "original"),
                "pseudonym_ct": scope.seal(pseudonym, value_ref, "pseudonym"),
                "created_at": _now(),
            }
            try:
                with self._engine.begin() as conn:
                    conn.execute(insert(vault_entries).values(values))
                return pseudonym
            except IntegrityError:
                continue  # the value was stored meanwhile (read it next round) or the pseudonym is taken
            except SQLAlchemyError as exc:
                raise self._fail(exc) from exc
        raise TransformError(f"no unused pseudonym after {MAX_PSEUDONYM_ATTEMPTS} attempts ({category})")

    def reidentify(self, *, patient: str, pseudonym: str, actor: str, role: str, purpose: str) -> str:
        """The original value behind ``pseudonym`` for ``patient``, for ``actor`` acting as ``role`` for
        ``purpose`` (e.g. ``TREAT``). Always audited: success, refusal (missing actor/role/purpose, unknown
        pseudonym) and error alike. Raises ``AuditError`` rather than return unaudited.
        """
        started = _now()
        details: dict[str, object] = {"tenant": self._tenant}
        try:
            if not (actor.strip() and role.strip() and purpose.strip()):
                raise PolicyViolation("re-identification needs an actor, a role and a purpose of use")
            details["pseudonym_ref"] = keyed_hash(self._keys.purpose_key(PURPOSE_AUDIT_HASH), pseudonym)
            scope = self._existing(self._patient_ref(patient))
            row = (
                None
                if scope is None
                else self._entry(scope, "pseudonym_ref", scope.ref("pseudonym", pseudonym))
            )
            if scope is None or row is None:
                raise _Refused("unknown pseudonym for this patient")
            details["category"] = row["category"]
            original = scope.open(row["original_ct"], row["value_ref"], "original")
            if scope.open(row["pseudonym_ct"], row["value_ref"], "pseudonym") != pseudonym:
                raise KeyAccessError("vault entry does not match its pseudonym (tampered)")
        except Exception as exc:
            refused = isinstance(exc, (PolicyViolation, _Refused))
            details["reason"] = str(exc) if isinstance(exc, PhigateError) else type(exc).__name__
            event = self._event(patient, actor, role, purpose, started, details, refused=refused, ok=False)
            self._append(event, cause=exc)
            raise
        self._append(self._event(patient, actor, role, purpose, started, details, refused=False, ok=True))
        return original

    def shred(self, *, patient: str) -> bool:
        """Destroy ``patient``'s scope key so every mapping of theirs is unrecoverable; say if there was
        one. Audited. A later ``pseudonym_for`` for the same patient starts a new, unrelated scope.
        """
        started = _now()
        ref = self._patient_ref(patient)
        key_name = self._scope_row(ref)
        if key_name is not None:
            self._data_keys.destroy(key_name)  # (1) the key: from here on the rows cannot be opened
            self._drop_scope(ref, key_name)  # (2) the scope row; if this fails, _scope() finishes it
        event = AuditEvent(
            action="crypto-shred",
            actor="phigate.vault",
            outcome="success",
            started_at=started,
            ended_at=_now(),
            patient_ref=patient_ref(self._keys, patient),
            details={"tenant": self._tenant, "scope_existed": key_name is not None},
        )
        self._append(event)
        return key_name is not None

    # -- audit ---------------------------------------------------------------------------------------

    def _event(
        self,
        patient: str,
        actor: str,
        role: str,
        purpose: str,
        started: dt.datetime,
        details: dict[str, object],
        *,
        refused: bool,
        ok: bool,
    ) -> AuditEvent:
        try:
            reference = patient_ref(self._keys, patient) if patient else None
        except KeyAccessError:
            reference = None  # the key provider itself failed; the event still records the attempt
        category = details.get("category")
        return AuditEvent(
            action="re-identify",
            actor=actor or "(none)",
            actor_type="user",
            outcome="success" if ok else ("refused" if refused else "error"),
            started_at=started,
            ended_at=_now(),
            patient_ref=reference,
            role=role or None,
            purpose_of_use=purpose or None,
            decision="permit" if ok else "deny",
            disposition="returned to caller" if ok else None,
            entity_counts={str(category): 1} if ok and category else {},
            details=details,
        )

    def _append(self, event: AuditEvent, *, cause: BaseException | None = None) -> None:
        try:
            self._audit.append(event)
        except AuditError:
            raise
        except Exception as exc:  # a sink that broke its contract still means "stop"
            raise AuditError(f"audit append failed: {type(exc).__name__}") from (cause or exc)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
