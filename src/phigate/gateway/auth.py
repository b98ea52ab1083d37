"""Who is calling: service API keys, OIDC bearer tokens, and TOTP-MFA sessions for people.

- **Service API keys** (``phg_<prefix>_<secret>``): random, shown once, stored as argon2id hashes and
  found by their short prefix; they expire, can be rotated (with an optional grace period for the old
  key) and revoked. Verified keys are cached in memory, keyed by an HMAC of the key under a random
  per-process key, so the argon2 work is paid once per process and key; expiry is checked on every
  use, and the row is re-read (without argon2 unless its hash changed) after ``cache_seconds`` so a
  revocation on another replica takes effect within that time.
- **OIDC bearer tokens**: JWTs checked against the configured issuer, audience and JWKS (signature,
  ``exp``, ``iat``, ``sub``); the role comes from a configured claim.
- **People who may re-identify, administer or break the glass** must use a session (``phs_...``) opened
  with their OIDC token and a TOTP code. Sessions end after an idle period (15 minutes by default) and
  at a maximum lifetime (capped by the token's own expiry); each person has a limited number at once.

All state is in the store database, so every replica sees the same keys, enrolments and sessions.
Database failures refuse the request (``ServiceUnavailable``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import anyio.to_thread
import jwt
import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from phigate.config import GatewayRole
from phigate.crypto import envelope
from phigate.crypto.keys import KeyProvider
from phigate.errors import PhigateError
from phigate.gateway.errors import AccessDenied, AuthenticationFailed, Conflict, ServiceUnavailable
from phigate.gateway.tables import api_keys, mfa_enrolments, sessions
from phigate.store.schema import ensure_schema

__all__ = [
    "API_KEY_PREFIX",
    "SESSION_PREFIX",
    "ApiKeyRecord",
    "ApiKeys",
    "Authenticator",
    "Mfa",
    "OidcVerifier",
    "Principal",
    "SessionRecord",
    "Sessions",
    "TokenClaims",
    "create_gateway_tables",
    "requires_mfa",
]

API_KEY_PREFIX = "phg_"
SESSION_PREFIX = "phs_"

Clock = Callable[[], dt.datetime]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _store_failed(exc: SQLAlchemyError) -> ServiceUnavailable:
    return ServiceUnavailable(f"credential store unavailable ({type(exc).__name__})")


def create_gateway_tables(engine: Engine) -> None:
    """Create the gateway's tables where missing, or migrate them to the newest revision."""
    ensure_schema(engine, "gateway", error=ServiceUnavailable)


def requires_mfa(role: GatewayRole) -> bool:
    """People in a role that may re-identify, administer or break the glass must pass TOTP MFA."""
    return role.reidentify or role.admin or role.break_glass


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller. ``actor`` is the unique id audit events record; ``credential`` names the
    key or session used (the subject of per-key rate limits).
    """

    actor: str
    kind: Literal["service", "user"]
    role: str
    credential: str
    mfa: bool


# -- service API keys -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    """One API key's metadata (never the key)."""

    id: str
    prefix: str
    name: str
    role: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    rotated_to: str | None

    def state(self, now: dt.datetime) -> str:
        """``active``, ``revoked``, ``expired``, or ``rotated`` (still valid during its grace period)."""
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at:
            return "expired"
        return "rotated" if self.rotated_to else "active"

    @classmethod
    def from_row(cls, row: RowMapping) -> ApiKeyRecord:
        """Build from a table row."""
        revoked = row["revoked_at"]
        return cls(
            id=row["id"],
            prefix=row["prefix"],
            name=row["name"],
            role=row["role"],
            created_at=_utc(row["created_at"]),
            expires_at=_utc(row["expires_at"]),
            revoked_at=None if revoked is None else _utc(revoked),
            rotated_to=row["rotated_to"],
        )


@dataclass(slots=True)
class _Cached:
    record: ApiKeyRecord
    hash: str
    fetched: float


class ApiKeys:
    """Create, list, rotate, revoke and verify service API keys in ``engine``."""

    def __init__(self, engine: Engine, *, clock: Clock = _utcnow, cache_seconds: float = 5.0) -> None:
        self._engine = engine
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._cache: dict[bytes, _Cached] = {}
        self._cache_key = secrets.token_bytes(32)  # keys the cache's token digests, per process
        # argon2id; API keys carry 256 random bits, so moderate cost parameters suffice.
        self._hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
        create_gateway_tables(engine)

    def create(self, *, name: str, role: str, days: float = 90.0) -> tuple[ApiKeyRecord, str]:
        """A new key for service ``name`` in ``role``, valid ``days``. Returns the record and the key,
        which is shown this once. Refused if ``name`` already has an active key (rotate it instead).
        """
        if not name or len(name) > 200 or not name.isprintable():
            raise Conflict("an API key name must be 1 to 200 printable characters")
        if days <= 0:
            raise Conflict("an API key must be valid for a positive number of days")
        now = self._clock()
        if any(r.name == name and r.state(now) == "active" for r in self.list()):
            raise Conflict(f"service {name!r} already has an active key; rotate or revoke it")
        return self._insert(name=name, role=role, expires_at=now + dt.timedelta(days=days))

    def _insert(self, *, name: str, role: str, expires_at: dt.datetime) -> tuple[ApiKeyRecord, str]:
        prefix = secrets.token_hex(6)
        token = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        record = ApiKeyRecord(
            id="key_" + secrets.token_hex(8),
            prefix=prefix,
            name=name,
            role=role,
            created_at=self._clock(),
            expires_at=expires_at,
            revoked_at=None,
            rotated_to=None,
        )
        values = {
            "id": record.id,
            "prefix": prefix,
            "hash": self._hasher.hash(token),
            "name": name,
            "role": role,
            "created_at": record.created_at,
            "expires_at": expires_at,
        }
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(api_keys).values(**values))
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc
        return record, token

    def list(self) -> list[ApiKeyRecord]:
        """Every key's record, oldest first."""
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).mappings().all()
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc
        return [ApiKeyRecord.from_row(row) for row in rows]

    def get(self, key_id: str) -> ApiKeyRecord:
        """The record of ``key_id``; ``Conflict`` if there is none."""
        row = self._row(api_keys.c.id == key_id)
        if row is None:
            raise Conflict(f"no API key with id {key_id!r}")
        return ApiKeyRecord.from_row(row)

    def revoke(self, key_id: str) -> ApiKeyRecord:
        """Revoke ``key_id`` now (idempotent)."""
        self.get(key_id)
        self._update(key_id, revoked_at=self._clock(), only_unrevoked=True)
        self._cache.clear()
        return self.get(key_id)

    def rotate(self, key_id: str, *, grace_hours: float = 0.0) -> tuple[ApiKeyRecord, str]:
        """A new key with the old one's name, role and lifetime; the old one stops at once, or after
        ``grace_hours`` so clients can switch over.
        """
        old = self.get(key_id)
        now = self._clock()
        if old.state(now) != "active":
            raise Conflict(f"API key {key_id} is {old.state(now)}; only an active key can be rotated")
        lifetime = old.expires_at - old.created_at
        new, token = self._insert(name=old.name, role=old.role, expires_at=now + lifetime)
        if grace_hours > 0:
            until = min(old.expires_at, now + dt.timedelta(hours=grace_hours))
            self._update(key_id, rotated_to=new.id, expires_at=until)
        else:
            self._update(key_id, rotated_to=new.id, revoked_at=now)
        self._cache.clear()
        return new, token

    def _row(self, where: Any) -> RowMapping | None:
        try:
            with self._engine.connect() as conn:
                return conn.execute(select(api_keys).where(where)).mappings().first()
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc

    def _update(self, key_id: str, *, only_unrevoked: bool = False, **values: Any) -> None:
        statement = update(api_keys).where(api_keys.c.id == key_id)
        if only_unrevoked:
            statement = statement.where(api_keys.c.revoked_at.is_(None))
        try:
            with self._engine.begin() as conn:
                conn.execute(statement.values(**values))
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc

    def cached(self, token: str) -> ApiKeyRecord | None:
        """The record of a recently verified key, checked for expiry and revocation; no I/O."""
        entry = self._cache.get(self._digest(token))
        if entry is None or time.monotonic() - entry.fetched > self._cache_seconds:
            return None
        return self._usable(entry.record)

    def verify(self, token: str) -> ApiKeyRecord:
        """The record of a valid key; ``AuthenticationFailed`` for unknown, expired or revoked keys."""
        digest = self._digest(token)
        parts = token.removeprefix(API_KEY_PREFIX).split("_", 1)
        if not token.startswith(API_KEY_PREFIX) or len(parts) != 2 or len(parts[0]) != 12:
            raise AuthenticationFailed("invalid API key")
        row = self._row(api_keys.c.prefix == parts[0])
        if row is None:
            raise AuthenticationFailed("invalid API key")
        previous = self._cache.get(digest)
        if previous is None or not hmac.compare_digest(previous.hash, row["hash"]):
            try:
                self._hasher.verify(row["hash"], token)
            except (VerificationError, InvalidHashError) as exc:
                raise AuthenticationFailed("invalid API key") from exc
        record = ApiKeyRecord.from_row(row)
        self._cache[digest] = _Cached(record, row["hash"], time.monotonic())
        return self._usable(record)

    def _digest(self, token: str) -> bytes:
        return hmac.digest(self._cache_key, token.encode(), "sha256")

    def _usable(self, record: ApiKeyRecord) -> ApiKeyRecord:
        state = record.state(self._clock())
        if state in ("revoked", "expired"):
            raise AuthenticationFailed(f"API key {state}")
        return record


# -- OIDC bearer tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What the gateway takes from a verified token."""

    subject: str
    issuer: str
    role: str
    expires_at: dt.datetime

    @property
    def actor(self) -> str:
        """Issuer and subject: unique across identity providers."""
        return f"{self.issuer}#{self.subject}"


class OidcVerifier:
    """Verifies JWT bearer tokens against an issuer's JWKS (fetched over HTTP and cached)."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str,
        algorithms: list[str],
        role_claim: str,
        leeway: float = 30.0,
    ) -> None:
        if not algorithms or any(a.lower() == "none" or a.startswith("HS") for a in algorithms):
            raise PhigateError("OIDC algorithms must be asymmetric (RS*, ES*, PS*, EdDSA)")
        self.issuer = issuer
        self.audience = audience
        self.algorithms = algorithms
        self.role_claim = role_claim
        self.leeway = leeway
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=5)

    def verify(self, token: str) -> TokenClaims:
        """Check signature, issuer, audience, times and subject; return the claims. Blocking (JWKS)."""
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as exc:
            raise ServiceUnavailable("identity provider keys unavailable") from exc
        except (jwt.PyJWKClientError, jwt.InvalidTokenError) as exc:
            raise AuthenticationFailed("invalid bearer token") from exc
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthenticationFailed("bearer token expired") from exc
        except jwt.InvalidTokenError as exc:
            raise AuthenticationFailed("invalid bearer token") from exc
        role = claims.get(self.role_claim)
        if isinstance(role, list) and len(role) == 1:
            role = role[0]
        if not isinstance(role, str) or not role:
            raise AuthenticationFailed(f"bearer token has no single role in claim {self.role_claim!r}")
        expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
        return TokenClaims(str(claims["sub"]), str(claims["iss"]), role, expires)


# -- TOTP MFA and sessions ------------------------------------------------------------------------------


class Mfa:
    """TOTP enrolment and verification. Secrets are wrapped by the key provider; a code is accepted
    once (its time step must be newer than the last accepted one), within one step of clock skew.
    """

    def __init__(self, engine: Engine, keys: KeyProvider, *, issuer: str, clock: Clock = _utcnow) -> None:
        self._engine = engine
        self._keys = keys
        self._issuer = issuer
        self._clock = clock
        create_gateway_tables(engine)

    @staticmethod
    def _aad(subject: str) -> bytes:
        return envelope.bind(mfa_enrolments.name, subject, "totp-secret")

    def enroll(self, subject: str) -> str:
        """Enrol ``subject``; return the ``otpauth://`` URI (shown once). Refused if already enrolled."""
        secret = pyotp.random_base32()
        wrapped = self._keys.wrap(secret.encode("ascii"), self._aad(subject))
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(mfa_enrolments).values(
                        subject=subject, wrapped_secret=wrapped, created_at=self._clock(), last_step=0
                    )
                )
        except IntegrityError as exc:
            raise Conflict("already enrolled in MFA; ask an administrator to reset it") from exc
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc
        return pyotp.TOTP(secret).provisioning_uri(name=subject, issuer_name=self._issuer)

    def reset(self, subject: str) -> bool:
        """Remove ``subject``'s enrolment; say whether there was one."""
        try:
            with self._engine.begin() as conn:
                deleted = conn.execute(mfa_enrolments.delete().where(mfa_enrolments.c.subject == subject))
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc
        return bool(deleted.rowcount)

    def verify(self, subject: str, code: str) -> None:
        """Accept ``code`` for ``subject`` once, or raise ``AuthenticationFailed``."""
        try:
            with self._engine.connect() as conn:
                row = (
                    conn.execute(select(mfa_enrolments).where(mfa_enrolments.c.subject == subject))
                    .mappings()
                    .first()
                )
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc
        if row is None:
            raise AuthenticationFailed("not enrolled in MFA (POST /v1/phigate/mfa/enroll first)")
        secret = self._keys.unwrap(bytes(row["wrapped_secret"]), self._aad(subject)).decode("ascii")
        totp = pyotp.TOTP(secret)
        now = self._clock()
        step = totp.timecode(now)
        matched = [s for s in (step - 1, step, step + 1) if hmac.compare_digest(totp.generate_otp(s), code)]
        if not matched or matched[0] <= row["last_step"]:
            raise AuthenticationFailed("invalid or already used TOTP code")
        statement = (
            update(mfa_enrolments)
            .where(and_(mfa_enrolments.c.subject == subject, mfa_enrolments.c.last_step < matched[0]))
            .values(last_step=matched[0])
        )
        try:
            with self._engine.begin() as conn:
                if conn.execute(statement).rowcount != 1:
                    raise AuthenticationFailed("invalid or already used TOTP code")
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """An open session."""

    id: str
    subject: str
    role: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime


class Sessions:
    """Sessions for people: idle timeout, maximum lifetime, a cap per person. Tokens are stored hashed."""

    #: ``last_seen_at`` is written at most this often per session (idle timeouts are minutes).
    TOUCH_SECONDS = 5.0

    def __init__(
        self,
        engine: Engine,
        *,
        idle: dt.timedelta,
        max_lifetime: dt.timedelta,
        max_per_user: int,
        clock: Clock = _utcnow,
    ) -> None:
        self._engine = engine
        self.idle = idle
        self.max_lifetime = max_lifetime
        self.max_per_user = max_per_user
        self._clock = clock
        create_gateway_tables(engine)

    @staticmethod
    def _id(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def _active(self, now: dt.datetime) -> Any:
        return and_(
            sessions.c.ended_at.is_(None),
            sessions.c.expires_at > now,
            sessions.c.last_seen_at > now - self.idle,
        )

    def open(self, subject: str, role: str, *, not_after: dt.datetime) -> tuple[str, SessionRecord]:
        """A new session for ``subject``; refused when they already have ``max_per_user`` open."""
        now = self._clock()
        token = SESSION_PREFIX + secrets.token_urlsafe(32)
        record = SessionRecord(
            self._id(token), subject, role, now, now, min(now + self.max_lifetime, not_after)
        )
        count = select(func.count()).select_from(sessions)
        try:
            with self._engine.begin() as conn:
                active = conn.execute(count.where(sessions.c.subject == subject, self._active(now)))
                if int(active.scalar_one()) >= self.max_per_user:
                    raise AccessDenied(
                        f"too many concurrent sessions (limit {self.max_per_user}); end one first"
                    )
                conn.execute(
                    insert(sessions).values(
                        id=record.id,
                        subject=subject,
                        role=role,
                        created_at=now,
                        last_seen_at=now,
                        expires_at=record.expires_at,
                    )
                )
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc
        return token, record

    def check(self, token: str) -> SessionRecord:
        """The open session of ``token``, touched; ``AuthenticationFailed`` if ended, idle or expired."""
        now = self._clock()
        session_id = self._id(token)
        try:
            with self._engine.connect() as conn:
                row = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc
        if row is None or row["ended_at"] is not None:
            raise AuthenticationFailed("session unknown or ended")
        last_seen, expires = _utc(row["last_seen_at"]), _utc(row["expires_at"])
        if now >= expires:
            raise AuthenticationFailed("session expired (maximum lifetime); open a new one")
        if now - last_seen >= self.idle:
            raise AuthenticationFailed("session ended after inactivity; open a new one")
        if (now - last_seen).total_seconds() >= self.TOUCH_SECONDS:
            try:
                with self._engine.begin() as conn:
                    conn.execute(update(sessions).where(sessions.c.id == session_id).values(last_seen_at=now))
            except SQLAlchemyError as exc:
                raise _store_failed(exc) from exc
            last_seen = now
        created = _utc(row["created_at"])
        return SessionRecord(session_id, row["subject"], row["role"], created, last_seen, expires)

    def end(self, token: str) -> None:
        """End the session of ``token`` (idempotent)."""
        statement = (
            update(sessions)
            .where(sessions.c.id == self._id(token), sessions.c.ended_at.is_(None))
            .values(ended_at=self._clock())
        )
        try:
            with self._engine.begin() as conn:
                conn.execute(statement)
        except SQLAlchemyError as exc:
            raise _store_failed(exc) from exc


# -- putting it together --------------------------------------------------------------------------------


class Authenticator:
    """Turns an ``Authorization: Bearer ...`` header into a ``Principal``, or raises."""

    def __init__(
        self,
        *,
        api_keys: ApiKeys,
        sessions: Sessions,
        oidc: OidcVerifier | None,
        roles: Mapping[str, GatewayRole],
    ) -> None:
        self.api_keys = api_keys
        self.sessions = sessions
        self.oidc = oidc
        self.roles = roles

    def _role(self, name: str) -> GatewayRole:
        role = self.roles.get(name)
        if role is None:
            raise AccessDenied(f"role {name!r} is not configured")
        return role

    @staticmethod
    def bearer(authorization: str | None) -> str:
        """The token of an ``Authorization: Bearer`` header."""
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise AuthenticationFailed("missing bearer credential (Authorization: Bearer ...)")
        return token

    async def authenticate(self, authorization: str | None) -> Principal:
        """The caller behind the header."""
        token = self.bearer(authorization)
        if token.startswith(API_KEY_PREFIX):
            record = self.api_keys.cached(token)
            if record is None:
                record = await anyio.to_thread.run_sync(self.api_keys.verify, token)
            self._role(record.role)
            return Principal(f"service:{record.name}", "service", record.role, record.id, False)
        if token.startswith(SESSION_PREFIX):
            session = await anyio.to_thread.run_sync(self.sessions.check, token)
            self._role(session.role)
            return Principal(session.subject, "user", session.role, f"session:{session.id[:16]}", True)
        claims = await self.verify_token(token)
        if requires_mfa(self._role(claims.role)):
            raise AuthenticationFailed(
                f"role {claims.role!r} requires an MFA session: POST /v1/phigate/sessions with a TOTP code"
            )
        return Principal(claims.actor, "user", claims.role, f"token:{claims.actor}", False)

    async def verify_token(self, token: str) -> TokenClaims:
        """Verify an OIDC token; refused when no identity provider is configured."""
        if self.oidc is None:
            raise AuthenticationFailed("invalid credential (no identity provider is configured)")
        return await anyio.to_thread.run_sync(self.oidc.verify, token)
