"""API keys (argon2, expiry, rotation, revocation), OIDC against a real local JWKS, TOTP MFA, sessions."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import pyotp
import pytest
from sqlalchemy import select

from jwks_testkit import AUDIENCE, ISSUER, Issuer, jwks_server
from phigate.config import GatewaySettings
from phigate.crypto.keys import LocalKeyFile
from phigate.gateway.auth import ApiKeys, Authenticator, Mfa, OidcVerifier, Sessions
from phigate.gateway.errors import AccessDenied, AuthenticationFailed, Conflict, ServiceUnavailable
from phigate.gateway.tables import api_keys as api_keys_table
from phigate.gateway.tables import mfa_enrolments
from phigate.store.engine import make_engine

pytestmark = pytest.mark.anyio
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture()
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_engine(f"sqlite:///{tmp_path}/gw.db")


@pytest.fixture()
def issuer() -> Iterator[Issuer]:
    with jwks_server() as running:
        yield running


def oidc(issuer: Issuer) -> OidcVerifier:
    return OidcVerifier(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url=issuer.jwks_url,
        algorithms=["RS256"],
        role_claim="phigate_role",
    )


# -- API keys -----------------------------------------------------------------------------------------


def test_key_is_stored_as_argon2_hash_and_verifies(engine) -> None:  # type: ignore[no-untyped-def]
    keys = ApiKeys(engine, clock=Clock())
    record, token = keys.create(name="summarizer", role="analyst")
    assert token.startswith("phg_" + record.prefix + "_")
    with engine.connect() as conn:
        stored = conn.execute(select(api_keys_table.c.hash)).scalar_one()
    assert stored.startswith("$argon2id$") and token not in stored
    assert keys.verify(token).id == record.id
    assert keys.cached(token) is not None
    for bad in ("phg_nope", token[:-1] + ("A" if token[-1] != "A" else "B"), "phg_000000000000_x"):
        with pytest.raises(AuthenticationFailed, match="invalid API key"):
            ApiKeys(engine, clock=Clock()).verify(bad)


def test_expired_and_revoked_keys_are_refused(engine) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    keys = ApiKeys(engine, clock=clock)
    record, token = keys.create(name="a", role="analyst", days=1)
    clock.now += dt.timedelta(days=2)
    with pytest.raises(AuthenticationFailed, match="expired"):
        keys.verify(token)
    with pytest.raises(AuthenticationFailed, match="expired"):
        keys.cached(token)
    clock.now = NOW
    keys.revoke(record.id)
    with pytest.raises(AuthenticationFailed, match="revoked"):
        keys.verify(token)


def test_revocation_reaches_another_replica_after_the_cache_time(engine) -> None:  # type: ignore[no-untyped-def]
    one, two = ApiKeys(engine, cache_seconds=0.0), ApiKeys(engine, cache_seconds=0.0)
    record, token = one.create(name="svc", role="analyst")
    assert two.verify(token).id == record.id
    one.revoke(record.id)
    assert two.cached(token) is None  # stale at once with a zero cache time
    with pytest.raises(AuthenticationFailed, match="revoked"):
        two.verify(token)


def test_rotation_with_and_without_grace(engine) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    keys = ApiKeys(engine, clock=clock)
    old, old_token = keys.create(name="svc", role="analyst")
    new, new_token = keys.rotate(old.id, grace_hours=1)
    assert keys.verify(old_token).rotated_to == new.id
    assert keys.verify(new_token).name == "svc"
    clock.now += dt.timedelta(hours=2)
    with pytest.raises(AuthenticationFailed, match="expired"):
        keys.verify(old_token)
    newer, _ = keys.rotate(new.id)
    with pytest.raises(AuthenticationFailed, match="revoked"):
        keys.verify(new_token)
    assert {r.id: r.state(clock.now) for r in keys.list()}[newer.id] == "active"
    with pytest.raises(Conflict, match="only an active key"):
        keys.rotate(new.id)


def test_create_refuses_a_second_active_key_and_bad_input(engine) -> None:  # type: ignore[no-untyped-def]
    keys = ApiKeys(engine)
    keys.create(name="svc", role="analyst")
    with pytest.raises(Conflict, match="already has an active key"):
        keys.create(name="svc", role="analyst")
    with pytest.raises(Conflict):
        keys.create(name="", role="analyst")
    with pytest.raises(Conflict):
        keys.create(name="x", role="analyst", days=0)
    with pytest.raises(Conflict, match="no API key"):
        keys.revoke("key_missing")


def test_store_failure_is_service_unavailable(tmp_path: Path) -> None:
    keys = ApiKeys(make_engine(f"sqlite:///{tmp_path}/gw.db"))
    _record, token = keys.create(name="svc", role="analyst")
    broken = ApiKeys(make_engine(f"sqlite:///{tmp_path}/gw.db"))
    with broken._engine.begin() as conn:  # noqa: SLF001 - break the store under the key table
        conn.exec_driver_sql("DROP TABLE phigate_gateway_api_keys")
    with pytest.raises(ServiceUnavailable, match="credential store"):
        broken.verify(token)


# -- OIDC -----------------------------------------------------------------------------------------------


def test_valid_token_gives_claims(issuer: Issuer) -> None:
    claims = oidc(issuer).verify(issuer.token(sub="alice", role=["clinician"]))
    assert (claims.subject, claims.role, claims.actor) == ("alice", "clinician", f"{ISSUER}#alice")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        ({"aud": "someone-else"}, "invalid bearer token"),
        ({"iss": "https://evil.example"}, "invalid bearer token"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"phigate_role": ["a", "b"]}, "no single role"),
    ],
)
def test_bad_tokens_are_refused(issuer: Issuer, mutate: dict[str, object], message: str) -> None:
    with pytest.raises(AuthenticationFailed, match=message):
        oidc(issuer).verify(issuer.token(**mutate))  # type: ignore[arg-type]


def test_token_signed_by_another_key_or_alg_none_is_refused(issuer: Issuer) -> None:
    with jwks_server() as other:
        forged = other.token()
    with pytest.raises(AuthenticationFailed):
        oidc(issuer).verify(forged)
    unsigned = jwt.encode({"sub": "x", "iss": ISSUER, "aud": AUDIENCE}, None, algorithm="none")
    with pytest.raises(AuthenticationFailed):
        oidc(issuer).verify(unsigned)
    with pytest.raises(AuthenticationFailed):
        oidc(issuer).verify(issuer.token(role=None))


def test_unreachable_jwks_is_service_unavailable(issuer: Issuer) -> None:
    token = issuer.token()
    dead = OidcVerifier(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url="http://127.0.0.1:1/jwks.json",
        algorithms=["RS256"],
        role_claim="phigate_role",
    )
    with pytest.raises(ServiceUnavailable):
        dead.verify(token)


def test_symmetric_algorithms_are_refused() -> None:
    with pytest.raises(Exception, match="asymmetric"):
        OidcVerifier(issuer="i", audience="a", jwks_url="http://x", algorithms=["HS256"], role_claim="r")


# -- MFA and sessions -------------------------------------------------------------------------------------


def test_totp_enrolment_verification_and_replay(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    mfa = Mfa(engine, LocalKeyFile.create(tmp_path / "k.key"), issuer="phigate", clock=clock)
    uri = mfa.enroll("idp#alice")
    secret = pyotp.parse_uri(uri).secret
    with engine.connect() as conn:
        wrapped = conn.execute(select(mfa_enrolments.c.wrapped_secret)).scalar_one()
    assert secret.encode() not in bytes(wrapped)
    with pytest.raises(Conflict, match="already enrolled"):
        mfa.enroll("idp#alice")
    code = pyotp.TOTP(secret).at(clock.now)
    mfa.verify("idp#alice", code)
    with pytest.raises(AuthenticationFailed, match="already used"):
        mfa.verify("idp#alice", code)
    with pytest.raises(AuthenticationFailed):
        mfa.verify("idp#alice", "000000" if code != "000000" else "111111")
    clock.now += dt.timedelta(seconds=60)
    mfa.verify("idp#alice", pyotp.TOTP(secret).at(clock.now - dt.timedelta(seconds=30)))  # one step skew
    with pytest.raises(AuthenticationFailed, match="not enrolled"):
        mfa.verify("idp#bob", code)
    assert mfa.reset("idp#alice") and not mfa.reset("idp#alice")


def sessions(engine, clock: Clock, limit: int = 2) -> Sessions:  # type: ignore[no-untyped-def]
    return Sessions(
        engine,
        idle=dt.timedelta(minutes=15),
        max_lifetime=dt.timedelta(hours=12),
        max_per_user=limit,
        clock=clock,
    )


def test_session_idle_timeout_and_touch(engine) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    store = sessions(engine, clock)
    token, record = store.open("alice", "clinician", not_after=NOW + dt.timedelta(days=1))
    assert store.check(token).id == record.id
    clock.now += dt.timedelta(minutes=14)
    store.check(token)  # touched: the idle clock restarts
    clock.now += dt.timedelta(minutes=14)
    store.check(token)
    clock.now += dt.timedelta(minutes=15)
    with pytest.raises(AuthenticationFailed, match="inactivity"):
        store.check(token)


def test_session_maximum_lifetime_and_token_expiry(engine) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    store = sessions(engine, clock)
    token, record = store.open("alice", "clinician", not_after=NOW + dt.timedelta(minutes=20))
    assert record.expires_at == NOW + dt.timedelta(minutes=20)  # capped by the identity token
    for _ in range(3):
        clock.now += dt.timedelta(minutes=10)
        if clock.now < record.expires_at:
            store.check(token)
    with pytest.raises(AuthenticationFailed, match="maximum lifetime"):
        store.check(token)


def test_concurrent_session_limit_and_logout(engine) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    store = sessions(engine, clock, limit=2)
    later = NOW + dt.timedelta(days=1)
    first, _ = store.open("alice", "clinician", not_after=later)
    store.open("alice", "clinician", not_after=later)
    with pytest.raises(AccessDenied, match="too many concurrent sessions"):
        store.open("alice", "clinician", not_after=later)
    store.open("bob", "clinician", not_after=later)  # per person
    store.end(first)
    with pytest.raises(AuthenticationFailed, match="ended"):
        store.check(first)
    store.open("alice", "clinician", not_after=later)


async def test_authenticator_requires_mfa_sessions_for_powerful_roles(engine, issuer: Issuer) -> None:  # type: ignore[no-untyped-def]
    settings = GatewaySettings()
    auth = Authenticator(
        api_keys=ApiKeys(engine), sessions=sessions(engine, Clock()), oidc=oidc(issuer), roles=settings.roles
    )
    analyst = await auth.authenticate(f"Bearer {issuer.token(sub='bob', role='analyst')}")
    assert (analyst.kind, analyst.role, analyst.mfa) == ("user", "analyst", False)
    with pytest.raises(AuthenticationFailed, match="requires an MFA session"):
        await auth.authenticate(f"Bearer {issuer.token(role='clinician')}")
    with pytest.raises(AccessDenied, match="not configured"):
        await auth.authenticate(f"Bearer {issuer.token(role='janitor')}")
    for header in (None, "Basic abc", "Bearer "):
        with pytest.raises(AuthenticationFailed, match="missing bearer"):
            await auth.authenticate(header)
    no_idp = Authenticator(api_keys=ApiKeys(engine), sessions=sessions(engine, Clock()), oidc=None, roles={})
    with pytest.raises(AuthenticationFailed, match="no identity provider"):
        await no_idp.authenticate("Bearer eyJhbGciOi")
