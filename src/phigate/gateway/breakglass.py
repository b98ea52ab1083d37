"""Break-glass grants: time-limited, stored for every replica, alerted at once.

The first break-glass request of a person for a use case and purpose opens a grant for the configured
number of minutes; later break-glass requests within it reuse the grant (each call still names the
override in its header and is audited as ``break-glass``). Opening a grant is its own audit event
(appended by the caller) and raises an alert immediately: a WARNING log line, and a JSON POST to the
configured webhook, sent in the background with retries so an alerting outage never delays emergency
care. The reason is kept in the grant row for reviewers, encrypted by the key provider (it may name a
patient; ``BreakGlass.reason`` opens it), never in the audit log or the alert; the audit event carries
its keyed hash.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.crypto import envelope
from phigate.crypto.keys import KeyProvider
from phigate.gateway.errors import ServiceUnavailable
from phigate.gateway.tables import break_glass_grants

__all__ = ["BreakGlass", "BreakGlassGrant"]

log = logging.getLogger("phigate.gateway.breakglass")

_WEBHOOK_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class BreakGlassGrant:
    """An open break-glass grant."""

    id: str
    subject: str
    role: str
    use_case: str
    purpose: str
    created_at: dt.datetime
    expires_at: dt.datetime


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class BreakGlass:
    """Opens and finds grants in ``engine``; alerts through the log and ``webhook_url``."""

    def __init__(
        self,
        engine: Engine,
        keys: KeyProvider,
        *,
        minutes: int,
        webhook_url: str | None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._engine = engine
        self._keys = keys
        self.duration = dt.timedelta(minutes=minutes)
        self.webhook_url = webhook_url
        self._clock = clock
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None

    def open_or_reuse(
        self, *, subject: str, role: str, use_case: str, purpose: str, reason: str
    ) -> tuple[BreakGlassGrant, bool]:
        """The person's open grant for this use case and purpose, or a new one; and whether it is new."""
        now = self._clock()
        table = break_glass_grants
        query = select(table).where(
            table.c.subject == subject,
            table.c.use_case == use_case,
            table.c.purpose == purpose,
            table.c.expires_at > now,
        )
        try:
            with self._engine.begin() as conn:
                row = conn.execute(query.order_by(table.c.expires_at.desc())).mappings().first()
                if row is not None:
                    grant = BreakGlassGrant(
                        row["id"],
                        subject,
                        row["role"],
                        use_case,
                        purpose,
                        _utc(row["created_at"]),
                        _utc(row["expires_at"]),
                    )
                    return grant, False
                grant = BreakGlassGrant(
                    "bg_" + secrets.token_hex(8), subject, role, use_case, purpose, now, now + self.duration
                )
                conn.execute(
                    insert(table).values(
                        id=grant.id,
                        subject=subject,
                        role=role,
                        use_case=use_case,
                        purpose=purpose,
                        reason=self._keys.wrap(reason.encode("utf-8"), self._aad(grant.id)),
                        created_at=now,
                        expires_at=grant.expires_at,
                    )
                )
        except SQLAlchemyError as exc:
            raise ServiceUnavailable(f"break-glass store unavailable ({type(exc).__name__})") from exc
        return grant, True

    @staticmethod
    def _aad(grant_id: str) -> bytes:
        return envelope.bind(break_glass_grants.name, grant_id, "break-glass-reason")

    def reason(self, grant_id: str) -> str:
        """The reason given for a grant, decrypted, for reviewers."""
        query = select(break_glass_grants.c.reason).where(break_glass_grants.c.id == grant_id)
        try:
            with self._engine.connect() as conn:
                wrapped = conn.execute(query).scalar_one_or_none()
        except SQLAlchemyError as exc:
            raise ServiceUnavailable(f"break-glass store unavailable ({type(exc).__name__})") from exc
        if wrapped is None:
            raise ServiceUnavailable(f"no break-glass grant {grant_id}")
        return self._keys.unwrap(bytes(wrapped), self._aad(grant_id)).decode("utf-8")

    def alert(self, grant: BreakGlassGrant, *, request_id: str, client: str | None) -> None:
        """Log the alert now and send the webhook in the background."""
        payload = {
            "event": "phigate.break_glass",
            "grant_id": grant.id,
            "actor": grant.subject,
            "role": grant.role,
            "use_case": grant.use_case,
            "purpose_of_use": grant.purpose,
            "opened_at": grant.created_at.isoformat(),
            "expires_at": grant.expires_at.isoformat(),
            "request_id": request_id,
            "client_address": client,
        }
        log.warning(
            "BREAK-GLASS opened: grant=%s actor=%s role=%s use_case=%s purpose=%s expires=%s request=%s",
            grant.id,
            grant.subject,
            grant.role,
            grant.use_case,
            grant.purpose,
            payload["expires_at"],
            request_id,
        )
        if self.webhook_url:
            task = asyncio.get_running_loop().create_task(self._post(self.webhook_url, payload))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _post(self, url: str, payload: dict[str, str | None]) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=5.0, trust_env=False)
        for attempt in range(_WEBHOOK_ATTEMPTS):
            try:
                response = await self._client.post(url, json=payload)
                if response.status_code < 300:
                    return
                problem = f"status {response.status_code}"
            except httpx.HTTPError as exc:
                problem = type(exc).__name__
            log.error("break-glass webhook failed (attempt %d): %s", attempt + 1, problem)
            await asyncio.sleep(0.5 * (attempt + 1))

    async def aclose(self) -> None:
        """Wait for pending alerts, then close the HTTP client."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
