"""A real local JWKS HTTP server and token minting, for the gateway's OIDC tests (keys made per run)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://idp.test.example"
AUDIENCE = "phigate-gateway"


@dataclass
class Issuer:
    """An identity provider stand-in: a signing key and the URL of its JWKS."""

    key: rsa.RSAPrivateKey
    kid: str
    jwks_url: str

    def token(self, sub: str = "alice", role: str | list[str] | None = "clinician", **claims: Any) -> str:
        now = int(time.time())
        payload: dict[str, Any] = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "iat": now, "exp": now + 600}
        if role is not None:
            payload["phigate_role"] = role
        payload.update(claims)
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})


@contextmanager
def jwks_server() -> Iterator[Issuer]:
    """Serve a fresh RSA key's JWKS on 127.0.0.1 for the duration of the block."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="test-key-1", use="sig", alg="RS256")
    body = json.dumps({"keys": [jwk]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/jwks.json" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if self.path == "/jwks.json" else b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Issuer(key, "test-key-1", f"http://127.0.0.1:{server.server_address[1]}/jwks.json")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
