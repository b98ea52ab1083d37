"""The request path of a model call, failing closed at every step.

For ``POST /v1/chat/completions`` and ``POST /v1/embeddings``:

1. authenticate the credential; read the use case and purpose of use; authorise role x use case x
   purpose (break-glass: its own audit event and an alert); rate-limit per credential and per user;
2. read the body (size limit, UTF-8, JSON, strict schema);
3. de-identify every message, tool-call argument and tool result (consistent vault placeholders);
4. screen the de-identified text for prompt injection; block or flag per use case;
5. route under the vendor rules (BAA, deployment type);
6. check that the audit store can be written; only then call the upstream;
7. scan the answer for PHI and leaked prompt values; re-identify placeholders for callers allowed to,
   incrementally in streams (placeholders of earlier calls through the vault, in a worker thread);
8. append one audit event for the call, refused and failed calls included. An answer whose audit
   event cannot be written is not returned.

Any exception at any step ends the call with the OpenAI error envelope (``gateway.errors``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from phigate.audit.sink import AsyncAuditSink, AuditSink
from phigate.config import GatewaySettings
from phigate.crypto.hmac import keyed_hash
from phigate.crypto.keys import KeyProvider, patient_ref
from phigate.errors import AuditError, KeyAccessError, PhigateError, UpstreamError
from phigate.gateway.access import AccessPolicy, CallIntent, Grant
from phigate.gateway.auth import Authenticator, Mfa, Principal, Sessions
from phigate.gateway.breakglass import BreakGlass
from phigate.gateway.deid import MAX_PLACEHOLDER_CHARS, PLACEHOLDER_RE, Deidentified, Deidentifier
from phigate.gateway.errors import AccessDenied, BadRequest, error_response
from phigate.gateway.output import OutputFilter, json_string_escape
from phigate.gateway.ratelimit import Limit, RateLimiter
from phigate.gateway.requests import ChatRequest, EmbeddingsRequest, parse_json_body, read_body, validate
from phigate.gateway.screening import RuleMatch, Screener, enforce
from phigate.gateway.upstream.base import Service, Upstream, UpstreamRequest, UpstreamResponse
from phigate.gateway.vendors import Route, VendorRegistry
from phigate.model import AuditEvent, Category
from phigate.vault import PseudonymVault

__all__ = ["CallHandler", "CallRecord"]

log = logging.getLogger("phigate.gateway")

#: Purpose of the key that hashes the OpenAI ``user`` field before it is forwarded.
PURPOSE_USER_HASH = "gateway-user"
_SHARED_SCOPE = "_shared"
#: ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))`` for stream events (one per chunk),
#: without building an encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class CallRecord:
    """What the call's audit event will say, filled in step by step."""

    request_id: str
    action: str
    client: str | None
    started_at: dt.datetime
    principal: Principal | None = None
    intent: CallIntent | None = None
    grant: Grant | None = None
    denied: bool = False
    model: str | None = None
    model_version: str | None = None
    stream: bool = False
    route: Route | None = None
    deid: Deidentified | None = None
    screening: list[RuleMatch] = field(default_factory=list)
    filters: list[OutputFilter] = field(default_factory=list)
    disposition: str | None = None
    break_glass_grant: str | None = None
    reidentify_failures: int = 0
    #: Placeholders not made in this call, as the vault re-identified them (``None``: it did not).
    vault_found: dict[str, str | None] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


class CallHandler:
    """The gateway's request handling, independent of the web framework's routing."""

    def __init__(
        self,
        *,
        settings: GatewaySettings,
        authenticator: Authenticator,
        access: AccessPolicy,
        limiter: RateLimiter,
        deidentifier: Deidentifier,
        screener: Screener,
        vendors: VendorRegistry,
        upstreams: Mapping[str, Upstream],
        audit: AuditSink,
        audit_probe: Callable[[], None],
        keys: KeyProvider,
        vault: PseudonymVault,
        breakglass: BreakGlass,
        mfa: Mfa,
        sessions: Sessions,
        clock: Callable[[], dt.datetime],
        probe_interval: float = 1.0,
    ) -> None:
        self.settings = settings
        self.auth = authenticator
        self.access = access
        self.limiter = limiter
        self.deid = deidentifier
        self.screener = screener
        self.vendors = vendors
        self.upstreams = upstreams
        self.audit = audit
        self._append_async = audit.append_async if isinstance(audit, AsyncAuditSink) else None
        self.audit_probe = audit_probe
        self.keys = keys
        self.vault = vault
        self.breakglass = breakglass
        self.mfa = mfa
        self.sessions = sessions
        self.clock = clock
        self.probe_interval = probe_interval
        self._audit_failed = False
        self._audit_checked = -1e9

    # -- model calls --------------------------------------------------------------------------------

    async def chat(self, request: Request) -> Response:
        """``POST /v1/chat/completions``."""
        record = self._record(request, "generate")
        try:
            grant = await self._admit(request, record)
            body = await self._body(request)
            chat = validate(ChatRequest, body)
            record.model, record.stream = chat.model, chat.stream is True
            self._hash_user(body)
            use_case = grant.use_case
            keep = frozenset(use_case.phi_categories)
            pseudonymize = use_case.deidentification == "pseudonymize"
            deid = await self._deidentify(record, body, "chat", keep=keep, pseudonymize=pseudonymize)
            route = self._screen_and_route(record, grant, deid, chat.model, "chat.completions")
            response = await self._send(record, route, "chat.completions", deid.body)
            if record.stream:
                return StreamingResponse(
                    self._stream(record, grant, deid, response),
                    media_type="text/event-stream",
                    headers={**self._headers(record), "Cache-Control": "no-cache"},
                )
            answer = await self._answer(record, grant, deid, response.body or {})
            await self._finish(record, "success", 200)
            return JSONResponse(answer, headers=self._headers(record))
        except Exception as exc:  # noqa: BLE001 - every failure becomes an audited error response
            return await self._fail(record, exc)

    async def embeddings(self, request: Request) -> Response:
        """``POST /v1/embeddings``."""
        record = self._record(request, "embed")
        try:
            grant = await self._admit(request, record)
            body = await self._body(request)
            embeddings = validate(EmbeddingsRequest, body)
            record.model = embeddings.model
            self._hash_user(body)
            use_case = grant.use_case
            keep = frozenset(use_case.phi_categories)
            pseudonymize = use_case.deidentification == "pseudonymize"
            deid = await self._deidentify(record, body, "embeddings", keep=keep, pseudonymize=pseudonymize)
            route = self._screen_and_route(record, grant, deid, embeddings.model, "embeddings")
            response = await self._send(record, route, "embeddings", deid.body)
            answer = dict(response.body or {})
            record.model_version = _text_or_none(answer.get("model"))
            record.disposition = "returned to caller"
            await self._finish(record, "success", 200)
            return JSONResponse(answer, headers=self._headers(record))
        except Exception as exc:  # noqa: BLE001
            return await self._fail(record, exc)

    async def models(self, request: Request) -> Response:
        """``GET /v1/models``: the configured models, from the gateway itself (nothing goes upstream)."""
        record = self._record(request, "list-models")
        try:
            record.principal = await self.auth.authenticate(request.headers.get("authorization"))
            models = sorted({m for vendor in self.settings.vendors.values() for m in vendor.models})
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "phigate"} for m in models]
            record.disposition = "returned to caller"
            await self._finish(record, "success", 200)
            return JSONResponse({"object": "list", "data": data}, headers=self._headers(record))
        except Exception as exc:  # noqa: BLE001
            return await self._fail(record, exc)

    # -- people: MFA, sessions; administrators: vendor status -----------------------------------------

    async def enroll_mfa(self, request: Request) -> Response:
        """``POST /v1/phigate/mfa/enroll`` with an OIDC token: the TOTP URI, shown once."""
        record = self._record(request, "mfa-enroll")
        try:
            claims = await self.auth.verify_token(self.auth.bearer(request.headers.get("authorization")))
            record.principal = Principal(claims.actor, "user", claims.role, "token", False)
            uri = await anyio.to_thread.run_sync(self.mfa.enroll, claims.actor)
            record.disposition = "returned to caller"
            await self._finish(record, "success", 201)
            return JSONResponse({"otpauth_uri": uri}, status_code=201, headers=self._headers(record))
        except Exception as exc:  # noqa: BLE001
            return await self._fail(record, exc)

    async def open_session(self, request: Request) -> Response:
        """``POST /v1/phigate/sessions`` with an OIDC token and ``{"totp": "123456"}``."""
        record = self._record(request, "login")
        try:
            claims = await self.auth.verify_token(self.auth.bearer(request.headers.get("authorization")))
            record.principal = Principal(claims.actor, "user", claims.role, "token", False)
            body = await self._body(request)
            code = body.get("totp")
            if not isinstance(code, str) or not code.isdigit() or set(body) != {"totp"}:
                raise BadRequest('body must be {"totp": "<6 digits>"}', param="totp")
            await anyio.to_thread.run_sync(self.mfa.verify, claims.actor, code)
            token, session = await anyio.to_thread.run_sync(
                lambda: self.sessions.open(claims.actor, claims.role, not_after=claims.expires_at)
            )
            record.principal = Principal(
                claims.actor, "user", claims.role, f"session:{session.id[:16]}", True
            )
            record.disposition = "returned to caller"
            await self._finish(record, "success", 201)
            payload = {
                "session_token": token,
                "expires_at": session.expires_at.isoformat(),
                "idle_timeout_seconds": int(self.sessions.idle.total_seconds()),
            }
            return JSONResponse(payload, status_code=201, headers=self._headers(record))
        except Exception as exc:  # noqa: BLE001
            return await self._fail(record, exc)

    async def end_session(self, request: Request) -> Response:
        """``DELETE /v1/phigate/sessions/current`` with the session token."""
        record = self._record(request, "logout")
        try:
            record.principal = await self.auth.authenticate(request.headers.get("authorization"))
            if not record.principal.mfa:
                raise BadRequest("only a session can be ended; send its token")
            token = self.auth.bearer(request.headers.get("authorization"))
            await anyio.to_thread.run_sync(self.sessions.end, token)
            await self._finish(record, "success", 204)
            return Response(status_code=204, headers=self._headers(record))
        except Exception as exc:  # noqa: BLE001
            return await self._fail(record, exc)

    async def vendor_status(self, request: Request) -> Response:
        """``GET /v1/phigate/vendors``: BAA states and warnings, for administrators."""
        record = self._record(request, "admin-read")
        try:
            principal = await self.auth.authenticate(request.headers.get("authorization"))
            record.principal = principal
            if not self.access.roles[principal.role].admin:
                record.denied = True
                raise AccessDenied(f"role {principal.role!r} may not administer")
            lines = self.vendors.status(warn_days=self.settings.vendor_warn_days)
            data = [
                {
                    "name": s.name,
                    "deployment": s.deployment,
                    "endpoint": s.endpoint,
                    "models": list(s.models),
                    "baa": s.baa,
                    "days_left": s.days_left,
                    "services": list(s.services),
                    "warnings": list(s.warnings),
                }
                for s in lines
            ]
            record.disposition = "returned to caller"
            await self._finish(record, "success", 200)
            return JSONResponse({"vendors": data}, headers=self._headers(record))
        except Exception as exc:  # noqa: BLE001
            return await self._fail(record, exc)

    # -- steps ----------------------------------------------------------------------------------------

    def _record(self, request: Request, action: str) -> CallRecord:
        client = request.client.host if request.client else None
        return CallRecord("req_" + secrets.token_hex(12), action, client, self.clock())

    async def _admit(self, request: Request, record: CallRecord) -> Grant:
        """(1) authenticate, authorise, break-glass, rate-limit."""
        principal = await self.auth.authenticate(request.headers.get("authorization"))
        record.principal = principal
        intent = CallIntent.from_headers(request.headers)
        record.intent = intent
        try:
            grant = self.access.authorize(principal, intent)
        except AccessDenied:
            record.denied = True
            raise
        record.grant = grant
        if grant.decision == "break-glass":
            await self._break_glass(record, principal, grant, intent)
        limits = self.settings.rate_limit
        await self.limiter.check(
            [
                Limit(f"key:{principal.credential}", limits.per_key),
                Limit(f"user:{principal.actor}", limits.per_user),
            ]
        )
        return grant

    async def _break_glass(
        self, record: CallRecord, principal: Principal, grant: Grant, intent: CallIntent
    ) -> None:
        reason = intent.break_glass_reason or ""
        opened, new = await anyio.to_thread.run_sync(
            lambda: self.breakglass.open_or_reuse(
                subject=principal.actor,
                role=principal.role,
                use_case=grant.use_case_name,
                purpose=grant.purpose,
                reason=reason,
            )
        )
        record.break_glass_grant = opened.id
        if not new:
            return
        event = AuditEvent(
            action="break-glass",
            actor=principal.actor,
            actor_type=principal.kind,
            outcome="success",
            started_at=record.started_at,
            ended_at=self.clock(),
            request_id=record.request_id,
            client_address=record.client,
            patient_ref=self._patient_ref(record),
            role=principal.role,
            purpose_of_use=grant.purpose,
            decision="break-glass",
            disposition="grant opened",
            details={
                "grant_id": opened.id,
                "use_case": grant.use_case_name,
                "expires_at": opened.expires_at.isoformat(),
                "reason_hmac": keyed_hash(self.keys.purpose_key("audit-hash"), reason),
            },
        )
        await self._append(event)
        self.breakglass.alert(opened, request_id=record.request_id, client=record.client)

    async def _body(self, request: Request) -> dict[str, Any]:
        """(2) the body: size limit, UTF-8, JSON object."""
        raw = await read_body(
            request.stream(),
            limit=self.settings.max_body_bytes,
            declared=request.headers.get("content-length"),
        )
        return parse_json_body(raw)

    async def _deidentify(
        self,
        record: CallRecord,
        body: dict[str, Any],
        kind: str,
        *,
        keep: frozenset[Category],
        pseudonymize: bool,
    ) -> Deidentified:
        """(3) de-identify: detection and transforms on the event loop, vault I/O in a worker thread."""
        plan = self.deid.plan(
            body, kind=kind, keep=keep, pseudonymize=pseudonymize, scope=self._scope(record)
        )
        if plan.missing:
            await anyio.to_thread.run_sync(self.deid.resolve, plan)
        record.deid = self.deid.finish(plan)
        return record.deid

    def _hash_user(self, body: dict[str, Any]) -> None:
        if isinstance(body.get("user"), str):
            body["user"] = keyed_hash(self.keys.purpose_key(PURPOSE_USER_HASH), body["user"])[:32]

    def _scope(self, record: CallRecord) -> str:
        intent = record.intent
        if intent is not None and intent.patient:
            return f"patient:{intent.patient}"
        if intent is not None and intent.conversation:
            return f"conversation:{intent.conversation}"
        return _SHARED_SCOPE

    def _screen_and_route(
        self, record: CallRecord, grant: Grant, deid: Deidentified, model: str, service: Service
    ) -> Route:
        """(4) screen, (5) route."""
        record.screening = self.screener.screen(deid.screen)
        enforce(record.screening, mode=grant.use_case.screening)
        route = self.vendors.route(
            model=model, use_case_name=grant.use_case_name, use_case=grant.use_case, service=service
        )
        record.route = route
        return route

    async def _send(
        self, record: CallRecord, route: Route, service: Service, body: dict[str, Any]
    ) -> UpstreamResponse:
        """(6) the audit store must be usable; then the upstream call."""
        await self._audit_ready()
        upstream = self.upstreams.get(route.vendor)
        if upstream is None:
            raise PhigateError(f"no upstream configured for vendor {route.vendor!r}")
        return await upstream.send(UpstreamRequest(service, body, record.request_id))

    def _filter(
        self, record: CallRecord, grant: Grant, deid: Deidentified, *, json_escape: bool
    ) -> OutputFilter:
        reidentify = _reidentifies(grant)
        output = OutputFilter(
            detector=self.deid.detector,
            placeholders=deid.placeholders,
            originals=deid.originals,
            reidentify=reidentify,
            lookup=record.vault_found.get if reidentify else None,
            escape=json_string_escape if json_escape else None,
        )
        record.filters.append(output)
        return output

    async def _look_up(self, record: CallRecord, grant: Grant, deid: Deidentified, text: str) -> None:
        """Before ``text`` goes to an output filter: the placeholders in it not made in this call, as
        the vault re-identifies them, into ``record.vault_found`` (where the filter finds them). The
        vault reads its database and appends an audit event, so it runs in a worker thread, off the
        event loop, like ``deid.resolve``. A refused or failed lookup leaves the placeholder (and is
        counted); any other error, such as an ``AuditError``, fails the call.
        """
        if not _reidentifies(grant):
            return
        found = record.vault_found
        made = deid.placeholders
        wanted = [p for p in dict.fromkeys(PLACEHOLDER_RE.findall(text)) if p not in made and p not in found]
        if wanted:
            found.update(await anyio.to_thread.run_sync(self._vault_lookups, record, grant, wanted))

    def _vault_lookups(
        self, record: CallRecord, grant: Grant, placeholders: list[str]
    ) -> dict[str, str | None]:
        """Each of ``placeholders`` through :meth:`_vault_lookup` (in a worker thread)."""
        return {placeholder: self._vault_lookup(record, grant, placeholder) for placeholder in placeholders}

    def _vault_lookup(self, record: CallRecord, grant: Grant, placeholder: str) -> str | None:
        """A placeholder not made in this call: the vault re-identifies it (and audits that)."""
        if record.principal is None:  # cannot happen after authentication; never re-identify then
            return None
        try:
            return self.vault.reidentify(
                patient=self._scope(record),
                pseudonym=placeholder,
                actor=record.principal.actor,
                role=grant.role,
                purpose=grant.purpose,
            )
        except KeyAccessError:
            record.reidentify_failures += 1
            return None

    async def _answer(
        self, record: CallRecord, grant: Grant, deid: Deidentified, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        """(7) scan and re-identify a whole answer."""
        answer = _owned(body)
        record.model_version = _text_or_none(answer.get("model"))
        for choice in answer.get("choices") or []:
            message = choice.get("message") or {}
            for key in ("content", "refusal"):
                if isinstance(message.get(key), str):
                    await self._look_up(record, grant, deid, message[key])
                    output = self._filter(record, grant, deid, json_escape=False)
                    message[key] = output.feed(message[key]) + output.finish()
            for call in message.get("tool_calls") or []:
                function = call.get("function") or {}
                if isinstance(function.get("arguments"), str):
                    await self._look_up(record, grant, deid, function["arguments"])
                    output = self._filter(record, grant, deid, json_escape=True)
                    function["arguments"] = output.feed(function["arguments"]) + output.finish()
        record.disposition = self._disposition(grant)
        return answer

    @staticmethod
    def _disposition(grant: Grant) -> str:
        if grant.use_case.human_review:
            return "returned to caller; human review required"
        return "returned to caller"

    async def _stream(
        self, record: CallRecord, grant: Grant, deid: Deidentified, response: UpstreamResponse
    ) -> AsyncIterator[bytes]:
        """(7) scan and re-identify a stream chunk by chunk; (8) audit before ``[DONE]``."""
        contents: dict[int, OutputFilter] = {}
        tools: dict[tuple[int, int], OutputFilter] = {}
        tails = _Tails()
        audited = False
        try:
            if response.chunks is None:
                raise UpstreamError("upstream answered a stream request without a stream")
            async for chunk in response.chunks:
                out = _owned(chunk)
                record.model_version = record.model_version or _text_or_none(out.get("model"))
                for choice in out.get("choices") or []:
                    index = int(choice.get("index") or 0)
                    delta = choice.setdefault("delta", {})
                    if isinstance(delta.get("content"), str):
                        await self._look_up(record, grant, deid, tails.see(index, delta["content"]))
                        output = contents.get(index) or self._filter(record, grant, deid, json_escape=False)
                        contents[index] = output
                        delta["content"] = output.feed(delta["content"])
                    for call in delta.get("tool_calls") or []:
                        function = call.get("function") or {}
                        if isinstance(function.get("arguments"), str):
                            key = (index, int(call.get("index") or 0))
                            await self._look_up(record, grant, deid, tails.see(key, function["arguments"]))
                            output = tools.get(key) or self._filter(record, grant, deid, json_escape=True)
                            tools[key] = output
                            function["arguments"] = output.feed(function["arguments"])
                    if choice.get("finish_reason"):
                        _flush(delta, index, contents, tools)
                yield _sse(out)
            tail: list[dict[str, Any]] = []
            for index in sorted(set(contents) | {i for i, _ in tools}):
                held: dict[str, Any] = {}
                _flush(held, index, contents, tools)
                if held:
                    tail.append({"index": index, "delta": held, "finish_reason": None})
            if tail:
                yield _sse({"object": "chat.completion.chunk", "choices": tail})
            record.disposition = self._disposition(grant)
            await self._finish(record, "success", 200)
            audited = True
            yield b"data: [DONE]\n\n"
        except Exception as exc:  # noqa: BLE001 - the stream has begun: report in-band
            failure = error_response(exc)
            record.disposition = "none"
            await self._audit_quietly(record, failure.outcome, failure.status, exc)
            audited = True
            yield _sse(failure.body)
        finally:
            with anyio.CancelScope(shield=True):
                if not audited:  # the client went away mid-stream
                    record.disposition = "client disconnected"
                    await self._audit_quietly(record, "error", 499, None)
                await response.aclose()

    # -- audit ----------------------------------------------------------------------------------------

    async def _append(self, event: AuditEvent) -> None:
        """Durably append ``event``: awaited on the event loop where the sink allows (the audit log's
        writer commits every waiting event in one transaction), else in a worker thread.
        """
        try:
            if self._append_async is not None:
                await self._append_async(event)
            else:
                await anyio.to_thread.run_sync(self.audit.append, event)
        except AuditError:
            self._audit_failed = True
            raise
        except Exception as exc:  # a sink that broke its contract still means "stop"
            self._audit_failed = True
            raise AuditError(f"audit append failed ({type(exc).__name__})") from exc
        self._audit_failed = False
        self._audit_checked = time.monotonic()

    async def _audit_ready(self) -> None:
        """Probe the audit store (at most once per ``probe_interval``); after a failed append, prove a
        write works again with a probe event before anything goes upstream.
        """
        if not self._audit_failed and time.monotonic() - self._audit_checked < self.probe_interval:
            return
        await anyio.to_thread.run_sync(self.audit_probe)
        if self._audit_failed:
            now = self.clock()
            await self._append(
                AuditEvent(
                    action="audit-probe",
                    actor="phigate.gateway",
                    outcome="success",
                    started_at=now,
                    ended_at=now,
                )
            )
        self._audit_checked = time.monotonic()

    async def _finish(self, record: CallRecord, outcome: str, status: int, error: str | None = None) -> None:
        await self._append(self._event(record, outcome, status, error))

    async def _audit_quietly(
        self, record: CallRecord, outcome: str, status: int, exc: BaseException | None
    ) -> None:
        try:
            await self._finish(
                record, outcome, status, error_response(exc).body["error"]["code"] if exc else None
            )
        except PhigateError:
            log.error("audit event for request %s could not be written", record.request_id)

    async def _fail(self, record: CallRecord, exc: BaseException) -> Response:
        failure = error_response(exc)
        if failure.status >= 500:
            log.warning(
                "request %s failed: %s (%s)",
                record.request_id,
                type(exc).__name__,
                str(exc) if isinstance(exc, PhigateError) else "internal",
            )
        if failure.status == 500 and not isinstance(exc, PhigateError):
            log.error("request %s: unexpected %s", record.request_id, type(exc).__name__, exc_info=exc)
        try:
            await self._finish(record, failure.outcome, failure.status, failure.body["error"]["code"])
        except PhigateError as audit_exc:
            failure = error_response(audit_exc)
        headers = {**failure.headers, **self._headers(record)}
        return JSONResponse(failure.body, status_code=failure.status, headers=headers)

    def _patient_ref(self, record: CallRecord) -> str | None:
        intent = record.intent
        if intent is None or not intent.patient:
            return None
        return patient_ref(self.keys, intent.patient)

    def _event(self, record: CallRecord, outcome: str, status: int, error: str | None) -> AuditEvent:
        principal, grant, deid = record.principal, record.grant, record.deid
        details: dict[str, object] = {"status": status}
        if error:
            details["error"] = error
        if principal is not None:
            details["credential"] = principal.credential
            details["mfa"] = principal.mfa
        if record.intent is not None:
            details["use_case"] = record.intent.use_case
        if grant is not None:
            details["risk_tier"] = grant.use_case.risk_tier
            details["human_review"] = grant.use_case.human_review
        if record.route is not None:
            details.update(
                vendor=record.route.vendor,
                deployment=record.route.settings.deployment,
                payload=record.route.payload,
                basis=record.route.basis,
            )
        if record.model is not None:
            details["stream"] = record.stream
        if deid is not None:
            details["policy"] = deid.policy_version
            if deid.kept:
                details["kept"] = dict(sorted(deid.kept.items()))
        if record.screening:
            details["screening"] = sorted({m.rule for m in record.screening})
        if record.filters:
            output: Counter[str] = Counter()
            for f in record.filters:
                output.update(f.entities)
            details["output_entities"] = dict(sorted(output.items()))
            details["leaks"] = sum(f.leaks for f in record.filters)
            details["reidentified"] = sum(f.reidentified for f in record.filters)
        if record.reidentify_failures:
            details["reidentify_failures"] = record.reidentify_failures
        if record.break_glass_grant:
            details["break_glass_grant"] = record.break_glass_grant
        counts: Counter[str] = Counter()
        if deid is not None:
            counts.update(deid.counts)
            counts.update(deid.kept)
        if grant is not None:
            decision: str | None = grant.decision
        else:
            decision = "deny" if record.denied else None
        return AuditEvent(
            action=record.action,
            actor=principal.actor if principal else "anonymous",
            actor_type=principal.kind if principal else "unknown",
            outcome=outcome,
            started_at=record.started_at,
            ended_at=self.clock(),
            request_id=record.request_id,
            client_address=record.client,
            patient_ref=self._patient_ref(record),
            model=record.model,
            model_version=record.model_version,
            role=principal.role if principal else None,
            purpose_of_use=record.intent.purpose if record.intent else None,
            decision=decision,
            disposition=record.disposition if outcome == "success" else "none",
            entity_counts=dict(sorted(counts.items())),
            details=details,
        )

    def _headers(self, record: CallRecord) -> dict[str, str]:
        headers = {"X-Phigate-Request-Id": record.request_id}
        if record.grant is not None and record.grant.use_case.human_review:
            headers["X-Phigate-Human-Review"] = "required"
        if record.screening:
            headers["X-Phigate-Screening"] = "flagged"
        if record.break_glass_grant:
            headers["X-Phigate-Break-Glass-Grant"] = record.break_glass_grant
        return headers


def _reidentifies(grant: Grant) -> bool:
    """Whether the caller gets placeholders re-identified in answers."""
    return grant.reidentify and grant.use_case.deidentification == "pseudonymize"


class _Tails:
    """The end of each streamed text so far, so that a placeholder split across chunks (``[NAME_`` then
    ``k3x9]``) is found whole when its last chunk arrives.
    """

    def __init__(self) -> None:
        self._tails: dict[object, str] = {}

    def see(self, key: object, text: str) -> str:
        """``text`` after the end of what came before it under ``key``; remembers the new end."""
        seen = self._tails.get(key, "") + text
        self._tails[key] = seen[-(MAX_PLACEHOLDER_CHARS - 1) :]
        return seen


def _flush(
    delta: dict[str, Any],
    index: int,
    contents: dict[int, OutputFilter],
    tools: dict[tuple[int, int], OutputFilter],
) -> None:
    """Put what a choice's filters still hold into ``delta`` and close them."""
    output = contents.pop(index, None)
    if output is not None:
        rest = output.finish()
        if rest:
            delta["content"] = (delta.get("content") or "") + rest
    for key in sorted(k for k in tools if k[0] == index):
        rest = tools.pop(key).finish()
        if rest:
            calls = delta.setdefault("tool_calls", [])
            calls.append({"index": key[1], "function": {"arguments": rest}})


def _owned(payload: Mapping[str, Any]) -> dict[str, Any]:
    """A dict the gateway may change: the upstream's freshly parsed JSON itself, else a deep copy."""
    return payload if isinstance(payload, dict) else json.loads(json.dumps(payload))


def _sse(payload: Mapping[str, Any]) -> bytes:
    return b"data: " + _JSON.encode(payload).encode("utf-8") + b"\n\n"


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
