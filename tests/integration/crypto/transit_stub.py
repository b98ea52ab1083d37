"""A local stand-in for HashiCorp Vault's Transit engine, run as its own process by the tests.

No ``vault`` binary can be installed from Debian's packages or PyPI here, so the tests check phigate's
HTTP client against this recording of the Transit API contract (HashiCorp's API docs, "Transit -
Secrets Engines - HTTP API"): ``X-Vault-Token`` auth (403 ``{"errors": ["permission denied"]}``),
``POST /v1/<mount>/keys/:name`` (create), ``GET /v1/<mount>/keys/:name`` (``keys`` as version ->
Unix seconds, ``latest_version``, ``min_decryption_version``), ``POST .../keys/:name/rotate``,
``POST .../keys/:name/config`` (``min_decryption_version``), ``POST /v1/<mount>/encrypt/:name``
(base64 ``plaintext`` -> ``vault:vN:...``), ``decrypt/:name`` and ``rewrap/:name``; errors as
``{"errors": [...]}`` with status 400/404. Ciphertexts are real AES-256-GCM under per-version keys.

Usage: ``python transit_stub.py TOKEN``; prints ``PORT <n>`` once it listens on 127.0.0.1.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MOUNT = "transit"


class _Key:
    def __init__(self) -> None:
        self.versions: dict[int, tuple[bytes, int]] = {
            1: (AESGCM.generate_key(bit_length=256), int(time.time()))
        }
        self.min_decryption_version = 1

    @property
    def latest(self) -> int:
        return max(self.versions)

    def info(self, name: str) -> dict[str, Any]:
        return {
            "name": name,
            "type": "aes256-gcm96",
            "derived": False,
            "exportable": False,
            "deletion_allowed": False,
            "keys": {str(v): created for v, (_k, created) in self.versions.items()},
            "latest_version": self.latest,
            "min_decryption_version": self.min_decryption_version,
            "min_encryption_version": 0,
            "supports_encryption": True,
            "supports_decryption": True,
        }

    def encrypt(self, plaintext: bytes) -> str:
        nonce = os.urandom(12)
        key, _created = self.versions[self.latest]
        sealed = AESGCM(key).encrypt(nonce, plaintext, None)
        return f"vault:v{self.latest}:" + base64.b64encode(nonce + sealed).decode()

    def decrypt(self, ciphertext: str) -> bytes:
        parts = ciphertext.split(":", 2)
        if len(parts) != 3 or parts[0] != "vault" or not parts[1].startswith("v"):
            raise ValueError("invalid ciphertext: no prefix")
        version = int(parts[1][1:])
        if version < self.min_decryption_version:
            raise ValueError("ciphertext or signature version is disallowed by policy (too old)")
        if version not in self.versions:
            raise ValueError("invalid ciphertext: key version is unknown")
        raw = base64.b64decode(parts[2])
        try:
            return AESGCM(self.versions[version][0]).decrypt(raw[:12], raw[12:], None)
        except InvalidTag as exc:
            raise ValueError("cipher: message authentication failed") from exc


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (quiet)
        pass

    def _send(self, status: int, payload: dict[str, Any] | None = None) -> None:
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _route(self, method: str) -> None:
        if self.headers.get("X-Vault-Token") != self.server.token:
            self._send(403, {"errors": ["permission denied"]})
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}") if length else {}
        parts = self.path.strip("/").split("/")
        if parts[:2] != ["v1", MOUNT] or len(parts) < 4:
            self._send(404, {"errors": [f"no handler for route '{self.path}'"]})
            return
        op, name, rest = parts[2], parts[3], parts[4:]
        with self.server.lock:
            try:
                self._dispatch(method, op, name, rest, body)
            except (ValueError, KeyError) as exc:
                self._send(400, {"errors": [str(exc)]})

    def _dispatch(self, method: str, op: str, name: str, rest: list[str], body: dict[str, Any]) -> None:
        keys = self.server.keys
        if op == "keys" and not rest and method == "POST":
            keys.setdefault(name, _Key())
            self._send(204)
            return
        key = keys.get(name)
        if key is None:
            self._send(400 if op != "keys" else 404, {"errors": ["encryption key not found"]})
            return
        if op == "keys" and not rest and method == "GET":
            self._send(200, {"data": key.info(name)})
        elif op == "keys" and rest == ["rotate"] and method == "POST":
            key.versions[key.latest + 1] = (AESGCM.generate_key(bit_length=256), int(time.time()))
            self._send(204)
        elif op == "keys" and rest == ["config"] and method == "POST":
            floor = int(body.get("min_decryption_version", key.min_decryption_version))
            if floor > key.latest:
                raise ValueError("cannot set min decryption version above latest version")
            key.min_decryption_version = max(1, floor)
            self._send(204)
        elif op == "encrypt" and method == "POST":
            plaintext = base64.b64decode(body["plaintext"], validate=True)
            self._send(200, {"data": {"ciphertext": key.encrypt(plaintext), "key_version": key.latest}})
        elif op == "decrypt" and method == "POST":
            plaintext = key.decrypt(str(body.get("ciphertext", "")))
            self._send(200, {"data": {"plaintext": base64.b64encode(plaintext).decode()}})
        elif op == "rewrap" and method == "POST":
            ciphertext = key.encrypt(key.decrypt(str(body.get("ciphertext", ""))))
            self._send(200, {"data": {"ciphertext": ciphertext, "key_version": key.latest}})
        else:
            self._send(405, {"errors": ["unsupported operation"]})

    def do_GET(self) -> None:  # noqa: N802
        self._route("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")


class _Server(ThreadingHTTPServer):
    def __init__(self, token: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.token = token
        self.keys: dict[str, _Key] = {}
        self.lock = Lock()


def main() -> None:
    server = _Server(sys.argv[1])
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
