"""Running the gateway under uvicorn: TLS 1.2 or newer with a configured certificate, and plain HTTP
only on a loopback address or when the operator says ``--unsafe-plain-http``.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phigate.config import Settings
from phigate.errors import ConfigError

if TYPE_CHECKING:
    import uvicorn

__all__ = ["check_transport", "is_loopback", "serve", "uvicorn_config"]

log = logging.getLogger("phigate.gateway")


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


def serve(
    settings: Settings,
    *,
    host: str,
    port: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    unsafe_plain_http: bool,
    log_level: str = "warning",
) -> None:
    """Build the app (failing early on any misconfiguration) and serve it until interrupted."""
    import uvicorn

    from phigate.gateway.app import create_app

    if (tls_cert is None) != (tls_key is None):
        raise ConfigError("a TLS certificate and its key must be given together")
    check_transport(host, tls=tls_cert is not None, unsafe_plain_http=unsafe_plain_http)
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise ConfigError(f"TLS file not found: {path}")
    uvicorn.Server(uvicorn_config(create_app(settings), host, port, tls_cert, tls_key, log_level)).run()


def uvicorn_config(
    app: Any, host: str, port: int, tls_cert: Path | None, tls_key: Path | None, log_level: str
) -> uvicorn.Config:
    """The uvicorn configuration, with TLS 1.2 as the floor once loaded."""
    import uvicorn

    class _Config(uvicorn.Config):
        def load(self) -> None:
            super().load()
            if self.ssl is not None:  # TLS 1.2 is the floor, whatever the library default
                self.ssl.minimum_version = ssl.TLSVersion.TLSv1_2

    return _Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        server_header=False,
        timeout_graceful_shutdown=10,
    )
