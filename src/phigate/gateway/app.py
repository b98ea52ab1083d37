"""The gateway's web application: ``create_app(settings)``.

Routes (OpenAI-compatible, under ``/v1``): ``POST /v1/chat/completions`` (plain and ``stream: true``,
with tools), ``POST /v1/embeddings``, ``GET /v1/models``. phigate's own: ``POST /v1/phigate/mfa/enroll``,
``POST /v1/phigate/sessions``, ``DELETE /v1/phigate/sessions/current``, ``GET /v1/phigate/vendors``
(administrators). Probes: ``GET /healthz`` (the process is up) and ``GET /readyz`` (the detector, key
provider, credential store and audit store all answer). Every error, including unknown routes and
methods, is the OpenAI error envelope.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
from collections.abc import AsyncIterator

import anyio.to_thread
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from phigate.config import Settings
from phigate.crypto.keys import PURPOSE_AUDIT_HASH
from phigate.errors import ConfigError, PhigateError
from phigate.gateway.access import AccessPolicy
from phigate.gateway.auth import ApiKeys, Authenticator, Mfa, OidcVerifier, Sessions
from phigate.gateway.breakglass import BreakGlass
from phigate.gateway.calls import CallHandler
from phigate.gateway.components import Components, build_components
from phigate.gateway.deid import Deidentifier
from phigate.gateway.errors import ServiceUnavailable, error_response
from phigate.gateway.ratelimit import RateLimiter
from phigate.gateway.screening import Screener, load_rules
from phigate.gateway.vendors import VendorRegistry

__all__ = ["create_app"]


def create_app(settings: Settings, *, components: Components | None = None) -> FastAPI:
    """The gateway for ``settings``; ``components`` default to those the settings describe."""
    parts = components if components is not None else build_components(settings)
    gateway = settings.gateway
    auth_settings = gateway.auth
    oidc = None
    if auth_settings.oidc_jwks_url:
        if not auth_settings.oidc_issuer or not auth_settings.oidc_audience:
            raise ConfigError("gateway.auth: oidc_jwks_url needs oidc_issuer and oidc_audience")
        oidc = OidcVerifier(
            issuer=auth_settings.oidc_issuer,
            audience=auth_settings.oidc_audience,
            jwks_url=auth_settings.oidc_jwks_url,
            algorithms=list(auth_settings.oidc_algorithms),
            role_claim=auth_settings.oidc_role_claim,
        )
    sessions = Sessions(
        parts.engine,
        idle=dt.timedelta(minutes=auth_settings.session_idle_minutes),
        max_lifetime=dt.timedelta(hours=auth_settings.session_max_hours),
        max_per_user=auth_settings.max_sessions_per_user,
        clock=parts.clock,
    )
    handler = CallHandler(
        settings=gateway,
        authenticator=Authenticator(
            api_keys=ApiKeys(
                parts.engine, clock=parts.clock, cache_seconds=auth_settings.api_key_cache_seconds
            ),
            sessions=sessions,
            oidc=oidc,
            roles=gateway.roles,
        ),
        access=AccessPolicy(
            roles=gateway.roles,
            use_cases=gateway.use_cases,
            min_reason_chars=gateway.break_glass.min_reason_chars,
        ),
        limiter=RateLimiter(parts.counter, window=gateway.rate_limit.window_seconds),
        deidentifier=Deidentifier(detector=parts.detector, vault=parts.vault),
        screener=Screener(load_rules(gateway.screening_rules)),
        vendors=VendorRegistry(gateway.vendors, today=lambda: parts.clock().date()),
        upstreams=parts.upstreams,
        audit=parts.audit,
        audit_probe=parts.audit_probe,
        keys=parts.keys,
        vault=parts.vault,
        breakglass=BreakGlass(
            parts.engine,
            parts.keys,
            minutes=gateway.break_glass.minutes,
            webhook_url=gateway.break_glass.webhook_url,
            clock=parts.clock,
        ),
        mfa=Mfa(parts.engine, parts.keys, issuer=auth_settings.totp_issuer, clock=parts.clock),
        sessions=sessions,
        clock=parts.clock,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await handler.breakglass.aclose()
        for close in parts.closers:
            result = close()
            if inspect.isawaitable(result):
                await result

    app = FastAPI(
        title="phigate gateway",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.handler = handler
    app.state.components = parts

    # Plain Starlette routes: the handlers take the request and answer themselves, so FastAPI's
    # parameter and response-model machinery would only add work to every call.
    app.add_route("/v1/chat/completions", handler.chat, methods=["POST"])
    app.add_route("/v1/embeddings", handler.embeddings, methods=["POST"])
    app.add_route("/v1/models", handler.models, methods=["GET"])
    app.add_route("/v1/phigate/mfa/enroll", handler.enroll_mfa, methods=["POST"])
    app.add_route("/v1/phigate/sessions", handler.open_session, methods=["POST"])
    app.add_route("/v1/phigate/sessions/current", handler.end_session, methods=["DELETE"])
    app.add_route("/v1/phigate/vendors", handler.vendor_status, methods=["GET"])

    async def healthz() -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz() -> Response:
        try:
            await anyio.to_thread.run_sync(_ready, parts)
        except PhigateError as exc:
            failure = error_response(exc)
            return JSONResponse(failure.body, status_code=503)
        return JSONResponse({"status": "ready"})

    app.add_api_route("/healthz", healthz, methods=["GET"])
    app.add_api_route("/readyz", readyz, methods=["GET"])

    async def http_error(_request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        kind = "invalid_request_error" if status < 500 else "server_error"
        message = {404: "unknown route", 405: "method not allowed"}.get(status, "request failed")
        body = {"error": {"message": message, "type": kind, "param": None, "code": str(status)}}
        return JSONResponse(body, status_code=status)

    app.add_exception_handler(HTTPException, http_error)
    return app


def _ready(parts: Components) -> None:
    """Raise unless every safeguard answers: detector, keys, credential store, audit store."""
    parts.detector.find_text("readiness probe")
    parts.keys.purpose_key(PURPOSE_AUDIT_HASH)
    try:
        with parts.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise ServiceUnavailable(f"credential store unavailable ({type(exc).__name__})") from exc
    parts.audit_probe()
