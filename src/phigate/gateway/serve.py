"""Running the gateway under uvicorn: TLS 1.2 or newer with a configured certificate, and plain HTTP
only on a loopback address or when the operator says ``--unsafe-plain-http``.

``workers`` > 1 runs that many gateway processes on one listening socket (uvicorn's supervisor),
each with its own detector, audit writer thread and connection pools, sharing the configured stores:
the audit log serializes writers across processes (a file lock and ``BEGIN IMMEDIATE`` on SQLite,
row locks on PostgreSQL), and the credential store and vault are ordinary transactional databases.
Rate limits must then be shared through Redis (or be off), and no store may be an in-memory database.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import ipaddress
import logging
import os
import ssl
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy.engine import make_url

from phigate.config import Settings
from phigate.errors import ConfigError

__all__ = [
    "check_transport",
    "check_workers",
    "freeze_startup_objects",
    "is_loopback",
    "serve",
    "uvicorn_config",
    "worker_app",
]

log = logging.getLogger("phigate.gateway")

#: The environment variable that hands the settings to worker processes (JSON).
SETTINGS_ENV = "PHIGATE_SERVE_SETTINGS"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_transport(host: str, *, tls: bool, unsafe_plain_http: bool) -> None:
    """Refuse plain HTTP on a non-loopback address unless explicitly made unsafe."""
    if tls or is_loopback(host):
        return
    if not unsafe_plain_http:
        raise ConfigError(
            f"refusing plain HTTP on {host}: configure gateway.tls_cert and gateway.tls_key, "
            "listen on a loopback address, or pass --unsafe-plain-http"
        )
    log.warning("UNSAFE: serving plain HTTP on %s; PHI may cross the network unencrypted", host)


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse a worker count whose processes could not behave as one gateway."""
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    if workers == 1:
        return
    limits = settings.gateway.rate_limit
    if (limits.per_key or limits.per_user) and not limits.redis_url:
        raise ConfigError(
            "several workers need gateway.rate_limit.redis_url (each worker would count alone), "
            "or rate limits off (per_key and per_user 0)"
        )
    stores = (settings.gateway.store_url, settings.audit.store, settings.keys.store_url)
    for url in filter(None, stores):
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
            raise ConfigError(f"several workers cannot share the in-memory database {url!r}")


def serve(
    settings: Settings,
    *,
    host: str,
    port: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    unsafe_plain_http: bool,
    log_level: str = "warning",
    workers: int = 1,
) -> None:
    """Build the app (failing early on any misconfiguration) and serve it until interrupted."""
    from phigate.gateway.app import create_app

    if (tls_cert is None) != (tls_key is None):
        raise ConfigError("a TLS certificate and its key must be given together")
    check_transport(host, tls=tls_cert is not None, unsafe_plain_http=unsafe_plain_http)
    check_workers(settings, workers)
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise ConfigError(f"TLS file not found: {path}")
    if workers == 1:
        app = create_app(settings)
        freeze_startup_objects()
        uvicorn.Server(uvicorn_config(app, host, port, tls_cert, tls_key, log_level)).run()
        return
    from uvicorn.supervisors import Multiprocess

    asyncio.run(_try_build(settings))  # fail here, once, rather than in a loop of restarted workers
    os.environ[SETTINGS_ENV] = settings.model_dump_json()
    config = uvicorn_config(
        "phigate.gateway.serve:worker_app", host, port, tls_cert, tls_key, log_level, workers=workers
    )
    Multiprocess(config, sockets=[config.bind_socket()]).run()


async def _try_build(settings: Settings) -> None:
    """Build every component the settings describe, then close them again."""
    from phigate.gateway.components import build_components

    for close in build_components(settings).closers:
        result = close()
        if inspect.isawaitable(result):
            await result


def worker_app() -> Any:
    """The app of one worker process, from the settings the parent put in ``SETTINGS_ENV``."""
    from phigate.gateway.app import create_app

    raw = os.environ.get(SETTINGS_ENV)
    if not raw:
        raise ConfigError(f"{SETTINGS_ENV} is not set: start workers with `phigate serve --workers N`")
    app = create_app(Settings.model_validate_json(raw))
    freeze_startup_objects()
    return app


def freeze_startup_objects() -> None:
    """Move everything built so far (the detector's dictionaries, the app) out of the collector's
    reach: a full collection of a built gateway walks ~100,000 objects (~50 ms, a latency spike every
    few seconds under load); after this it walks only what requests created.
    """
    gc.collect()
    gc.freeze()


class TlsFloorConfig(uvicorn.Config):
    """uvicorn's configuration with TLS 1.2 as the floor once loaded, whatever the library default
    (a module-level class, so worker processes can unpickle it).
    """

    def load(self) -> None:
        """Load, then raise the TLS floor."""
        super().load()
        if self.ssl is not None:
            self.ssl.minimum_version = ssl.TLSVersion.TLSv1_2


def uvicorn_config(
    app: Any,
    host: str,
    port: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    log_level: str,
    *,
    workers: int = 1,
) -> uvicorn.Config:
    """The uvicorn configuration (uvloop and httptools when installed, as they are with phigate)."""
    return TlsFloorConfig(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        server_header=False,
        timeout_graceful_shutdown=10,
        workers=workers,
        factory=isinstance(app, str),
    )
