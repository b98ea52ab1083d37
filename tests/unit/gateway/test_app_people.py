"""People: OIDC tokens, TOTP enrolment, sessions (idle and maximum lifetime), break-glass, admin."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from typing import Any

import openai
import pyotp
import pytest
from sqlalchemy import select

from gateway_testkit import Gateway, make_settings, webhook_receiver
from jwks_testkit import AUDIENCE, ISSUER, Issuer, jwks_server
from phigate.gateway.tables import break_glass_grants

pytestmark = pytest.mark.anyio
REASON = "code blue in ED bay 3, patient unresponsive"
MESSAGES: Any = [{"role": "user", "content": "John Smith, SSN 123-45-6789, collapsed."}]


@pytest.fixture()
def issuer() -> Iterator[Issuer]:
    with jwks_server() as running:
        yield running


def people_settings(issuer: Issuer, auth: dict[str, Any] | None = None, **extra: Any) -> Any:
    oidc = {"oidc_issuer": ISSUER, "oidc_audience": AUDIENCE, "oidc_jwks_url": issuer.jwks_url}
    return make_settings(auth={**oidc, **(auth or {})}, **extra)


async def enroll(gateway: Gateway, token: str) -> str:
    async with gateway.http() as http:
        enrolled = await http.post("/v1/phigate/mfa/enroll", headers={"Authorization": f"Bearer {token}"})
    assert enrolled.status_code == 201
    return str(pyotp.parse_uri(enrolled.json()["otpauth_uri"]).secret)


async def open_session(gateway: Gateway, token: str, secret: str) -> Any:
    now = dt.datetime.now(dt.UTC) + gateway.clock_offset[0]
    async with gateway.http() as http:
        return await http.post(
            "/v1/phigate/sessions",
            headers={"Authorization": f"Bearer {token}"},
            json={"totp": pyotp.TOTP(secret).at(now)},
        )


async def login(gateway: Gateway, issuer: Issuer, sub: str = "alice", role: str = "clinician") -> str:
    token = issuer.token(sub=sub, role=role, exp=int(time.time()) + 86400)
    opened = await open_session(gateway, token, await enroll(gateway, token))
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert body["idle_timeout_seconds"] == 900
    return str(body["session_token"])


def person(gateway: Gateway, token: str, **headers: str) -> openai.AsyncOpenAI:
    client = gateway.client(**headers)
    client.api_key = token
    return client


async def test_clinician_needs_a_session_and_gets_one_with_totp(gateway_factory: Any, issuer: Issuer) -> None:
    gateway = gateway_factory(people_settings(issuer))
    with pytest.raises(openai.AuthenticationError, match="MFA session"):
        await person(gateway, issuer.token()).chat.completions.create(model="echo", messages=MESSAGES)
    session = await login(gateway, issuer)
    answer = await person(gateway, session).chat.completions.create(model="echo", messages=MESSAGES)
    assert "John Smith" in (answer.choices[0].message.content or "")
    event = gateway.entries()[-1].event
    assert event["actor"] == f"{ISSUER}#alice" and event["actor_type"] == "user"
    assert [e.event["action"] for e in gateway.entries()] == ["generate", "mfa-enroll", "login", "generate"]
    assert gateway.entries()[0].event["outcome"] == "refused"
    analyst = person(
        gateway,
        issuer.token(sub="bob", role="analyst"),
        **{"X-Phigate-Use-Case": "research-deidentified", "X-Phigate-Purpose": "HRESCH"},
    )
    await analyst.chat.completions.create(
        model="echo", messages=MESSAGES
    )  # no MFA needed: cannot re-identify


async def test_bad_totp_and_second_enrolment_are_refused(gateway_factory: Any, issuer: Issuer) -> None:
    gateway = gateway_factory(people_settings(issuer))
    token = issuer.token()
    headers = {"Authorization": f"Bearer {token}"}
    async with gateway.http() as http:
        assert (
            await http.post("/v1/phigate/sessions", headers=headers, json={"totp": "123456"})
        ).status_code == 401
        assert (await http.post("/v1/phigate/mfa/enroll", headers=headers)).status_code == 201
        assert (await http.post("/v1/phigate/mfa/enroll", headers=headers)).status_code == 409
        bad = await http.post("/v1/phigate/sessions", headers=headers, json={"totp": "000000", "x": 1})
        assert bad.status_code == 400
    assert gateway.entries()[-1].event["outcome"] == "refused"


async def test_session_idle_timeout_maximum_lifetime_and_logout(gateway_factory: Any, issuer: Issuer) -> None:
    gateway = gateway_factory(
        people_settings(
            issuer,
            auth={
                "oidc_issuer": ISSUER,
                "oidc_audience": AUDIENCE,
                "oidc_jwks_url": issuer.jwks_url,
                "session_max_hours": 0.5,
                "max_sessions_per_user": 1,
            },
        )
    )
    session = await login(gateway, issuer)
    client = person(gateway, session)
    await client.chat.completions.create(model="echo", messages=MESSAGES)
    gateway.clock_offset[0] = dt.timedelta(minutes=16)
    with pytest.raises(openai.AuthenticationError, match="inactivity"):
        await client.chat.completions.create(model="echo", messages=MESSAGES)
    gateway.clock_offset[0] = dt.timedelta(minutes=20)
    session = await login(gateway, issuer, sub="carol")
    client = person(gateway, session)
    for minutes in (30, 40, 49):
        gateway.clock_offset[0] = dt.timedelta(minutes=minutes)
        await client.chat.completions.create(model="echo", messages=MESSAGES)
    gateway.clock_offset[0] = dt.timedelta(minutes=51)
    with pytest.raises(openai.AuthenticationError, match="maximum lifetime"):
        await client.chat.completions.create(model="echo", messages=MESSAGES)
    session = await login(gateway, issuer, sub="dave")
    async with gateway.http() as http:
        assert (
            await http.delete("/v1/phigate/sessions/current", headers={"Authorization": f"Bearer {session}"})
        ).status_code == 204
    with pytest.raises(openai.AuthenticationError, match="ended"):
        await person(gateway, session).chat.completions.create(model="echo", messages=MESSAGES)


async def test_concurrent_session_limit(gateway_factory: Any, issuer: Issuer) -> None:
    gateway = gateway_factory(people_settings(issuer, {"max_sessions_per_user": 1}))
    token = issuer.token()
    secret = await enroll(gateway, token)
    assert (await open_session(gateway, token, secret)).status_code == 201
    gateway.clock_offset[0] = dt.timedelta(seconds=31)  # a fresh TOTP step
    second = await open_session(gateway, token, secret)
    assert second.status_code == 403 and "too many concurrent sessions" in second.json()["error"]["message"]


async def test_break_glass_opens_a_grant_alerts_and_expires(
    gateway_factory: Any, issuer: Issuer, caplog: pytest.LogCaptureFixture
) -> None:
    with webhook_receiver() as hook:
        gateway = gateway_factory(
            people_settings(issuer, break_glass={"minutes": 30, "webhook_url": hook.url})
        )
        session = await login(gateway, issuer)
        emergency = person(
            gateway, session, **{"X-Phigate-Purpose": "ETREAT", "X-Phigate-Break-Glass": REASON}
        )
        with caplog.at_level(logging.WARNING, logger="phigate.gateway.breakglass"):
            raw = await emergency.chat.completions.with_raw_response.create(model="echo", messages=MESSAGES)
        grant = raw.headers["x-phigate-break-glass-grant"]
        assert "BREAK-GLASS opened" in caplog.text and grant in caplog.text
        alerts = await hook.wait_for(1)
        assert alerts[0]["grant_id"] == grant and alerts[0]["actor"] == f"{ISSUER}#alice"
        assert REASON not in str(alerts[0])
        actions = [(e.event["action"], e.event["decision"]) for e in gateway.entries()]
        assert actions[-2:] == [("break-glass", "break-glass"), ("generate", "break-glass")]
        assert REASON not in str([e.details for e in gateway.entries()])
        with gateway.engine.connect() as conn:
            stored = bytes(conn.execute(select(break_glass_grants.c.reason)).scalar_one())
        assert REASON.encode() not in stored  # encrypted at rest
        assert gateway.app.state.handler.breakglass.reason(grant) == REASON
        await emergency.chat.completions.create(model="echo", messages=MESSAGES)  # reuses the grant
        gateway.clock_offset[0] = dt.timedelta(minutes=10)
        short = person(gateway, session, **{"X-Phigate-Purpose": "ETREAT", "X-Phigate-Break-Glass": "hurry"})
        with pytest.raises(openai.BadRequestError, match="at least"):
            await short.chat.completions.create(model="echo", messages=MESSAGES)
        gateway.clock_offset[0] = dt.timedelta(minutes=22)
        await emergency.chat.completions.create(model="echo", messages=MESSAGES)
        assert len(hook.bodies) == 1
        gateway.clock_offset[0] = dt.timedelta(minutes=31)  # the grant has expired: a new one, a new alert
        raw = await emergency.chat.completions.with_raw_response.create(model="echo", messages=MESSAGES)
        assert raw.headers["x-phigate-break-glass-grant"] != grant
        assert len(await hook.wait_for(2)) == 2


async def test_break_glass_refused_for_roles_without_it(gateway_factory: Any, issuer: Issuer) -> None:
    gateway = gateway_factory(people_settings(issuer))
    analyst = person(
        gateway,
        issuer.token(sub="bob", role="analyst"),
        **{"X-Phigate-Purpose": "ETREAT", "X-Phigate-Break-Glass": REASON},
    )
    with pytest.raises(openai.PermissionDeniedError, match="may not invoke break-glass"):
        await analyst.chat.completions.create(model="echo", messages=MESSAGES)
    assert not gateway.recorder.requests


async def test_vendor_status_is_for_administrators(gateway: Gateway) -> None:
    async with gateway.http() as http:
        admin = await http.get(
            "/v1/phigate/vendors", headers={"Authorization": f"Bearer {gateway.tokens['admin']}"}
        )
        other = await http.get(
            "/v1/phigate/vendors", headers={"Authorization": f"Bearer {gateway.tokens['analyst']}"}
        )
    assert admin.status_code == 200 and admin.json()["vendors"][0]["name"] == "local"
    assert other.status_code == 403
    assert gateway.entries()[-1].event["decision"] == "deny"
