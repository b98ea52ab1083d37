"""Key providers: where master keys live, per-purpose keys, and the wrapping of data keys.

A ``KeyProvider`` holds a versioned master key (KEK) that never leaves it. It

- derives a stable 32-byte key per purpose (``purpose_key("audit-hash")``) with HKDF, so a leaked
  lookup key opens nothing else;
- wraps and unwraps data keys (DEKs) with associated data: ``wrap`` uses the current master version,
  ``unwrap`` any version that is not retired;
- rotates (a new current version; older ones become decrypt-only) and retires old versions.

Built-in providers: ``local`` (``LocalKeyFile``, a 0600 key file made by ``phigate keys init``),
``vault`` (HashiCorp Vault Transit) and ``aws-kms``. ``provider_from_settings`` picks one by name from
``KEY_PROVIDERS``; third-party providers register the same way, through a ``phigate.key_providers``
entry point.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import fcntl
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from phigate.config import KeysSettings
from phigate.crypto import envelope
from phigate.crypto.hmac import derive_key, keyed_hash
from phigate.errors import KeyAccessError
from phigate.registry import Registry

if TYPE_CHECKING:
    from phigate.crypto.datakeys import DataKeyStore

__all__ = [
    "PURPOSE_AUDIT_HASH",
    "PURPOSE_AUDIT_SIGNING",
    "PURPOSE_VAULT_INDEX",
    "KeyProvider",
    "KeyState",
    "KeyVersion",
    "LocalKeyFile",
    "KEY_PROVIDERS",
    "ProviderFactory",
    "check_private_file",
    "patient_ref",
    "provider_from_settings",
    "register",
]

#: Purpose of the HMAC key for keyed hashes in audit events (patient references, value hashes).
PURPOSE_AUDIT_HASH = "audit-hash"
#: Purpose of the 32-byte Ed25519 seed that signs audit checkpoints.
PURPOSE_AUDIT_SIGNING = "audit-signing"
#: Purpose of the HMAC key that locates a patient's scope in the pseudonym vault.
PURPOSE_VAULT_INDEX = "vault-index"

KeyState = Literal["active", "decrypt-only", "retired"]


def patient_ref(keys: KeyProvider, patient: str) -> str:
    """The reference to a patient that audit events carry: HMAC-SHA256 of the patient key under the
    ``audit-hash`` purpose key. The same patient gives the same reference for the same provider.
    """
    return keyed_hash(keys.purpose_key(PURPOSE_AUDIT_HASH), patient)


@dataclass(frozen=True, slots=True)
class KeyVersion:
    """One master key version as ``phigate keys status`` shows it. Never holds key bytes."""

    key_id: str
    version: int
    created: dt.datetime | None
    state: KeyState


@runtime_checkable
class KeyProvider(Protocol):
    """A versioned master key that derives purpose keys and wraps data keys. Raises ``KeyAccessError``."""

    @property
    def key_id(self) -> str:
        """A stable, non-secret id of the master key."""

    def purpose_key(self, purpose: str) -> bytes:
        """32 bytes for ``purpose``; the same for this provider and purpose on every call and host."""

    def wrap(self, dek: bytes, aad: bytes) -> bytes:
        """Encrypt a data key under the current master version, bound to ``aad``."""

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """Decrypt a data key wrapped by any version that is not retired."""

    def rewrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """Re-encrypt a wrapped data key under the current master version."""

    def new_data_key(self, aad: bytes) -> tuple[bytes, bytes]:
        """A fresh random 32-byte data key: ``(plaintext, wrapped)``."""

    def wrapped_version(self, wrapped: bytes) -> int | None:
        """The master version that wrapped ``wrapped``, or None where the provider does not say."""

    def rotate(self) -> int:
        """Add a new current master version and return it; older versions become decrypt-only."""

    def retire(self, version: int) -> None:
        """Stop ``version`` from decrypting. Data keys wrapped by it must be re-wrapped first."""

    def versions(self) -> list[KeyVersion]:
        """All master versions, oldest first."""


def check_private_file(path: Path, fd: int) -> None:
    """Refuse an open secret file (key file, token file) that is not a regular file readable by its owner
    only. ``fd`` is the open descriptor, so the check applies to the file actually read.
    """
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise KeyAccessError(f"not a regular file: {path}")
    if info.st_mode & 0o077:
        mode = stat.S_IMODE(info.st_mode)
        raise KeyAccessError(
            f"{path} is accessible by group or others (mode {mode:04o}); run: chmod 600 {path}"
        )


def _read_private(path: Path) -> tuple[bytes, os.stat_result]:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError as exc:
        raise KeyAccessError(f"key file not found: {path} (create one with: phigate keys init)") from exc
    except OSError as exc:
        raise KeyAccessError(f"cannot open key file {path}: {exc.strerror}") from exc
    try:
        check_private_file(path, fd)
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(1 << 20), os.fstat(fd)
    finally:
        os.close(fd)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object, *, what: str) -> bytes:
    if not isinstance(text, str):
        raise KeyAccessError(f"malformed key file: {what} is not base64 text")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyAccessError(f"malformed key file: {what} is not base64") from exc
    if len(raw) != envelope.KEY_BYTES:
        raise KeyAccessError(f"malformed key file: {what} is not {envelope.KEY_BYTES} bytes")
    return raw


_FILE_FORMAT = "phigate-keyfile/1"


@dataclass(frozen=True, slots=True)
class _Master:
    version: int
    created: dt.datetime
    key: bytes | None  # None once retired


@dataclass(frozen=True, slots=True)
class _KeyFile:
    key_id: str
    root: bytes
    masters: tuple[_Master, ...]

    @property
    def current(self) -> tuple[int, bytes]:
        """The newest version that still has its key (a parsed file always has one)."""
        return max((m.version, m.key) for m in self.masters if m.key is not None)

    def to_json(self) -> bytes:
        doc = {
            "format": _FILE_FORMAT,
            "key_id": self.key_id,
            "purpose_root": _b64(self.root),
            "versions": [
                {
                    "version": m.version,
                    "created": m.created.isoformat(),
                    "key": None if m.key is None else _b64(m.key),
                }
                for m in self.masters
            ],
        }
        return json.dumps(doc, indent=2).encode() + b"\n"

    @classmethod
    def parse(cls, raw: bytes) -> _KeyFile:
        try:
            doc: Any = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as exc:
            raise KeyAccessError("malformed key file: not JSON") from exc
        if not isinstance(doc, dict) or doc.get("format") != _FILE_FORMAT:
            raise KeyAccessError(f"malformed key file: format is not {_FILE_FORMAT}")
        key_id = doc.get("key_id")
        if not isinstance(key_id, str) or not key_id.isascii() or not 0 < len(key_id) < 100:
            raise KeyAccessError("malformed key file: bad key_id")
        versions = doc.get("versions")
        if not isinstance(versions, list) or not versions:
            raise KeyAccessError("malformed key file: no versions")
        masters = []
        for entry in versions:
            if not isinstance(entry, dict) or not isinstance(entry.get("version"), int):
                raise KeyAccessError("malformed key file: bad version entry")
            number = entry["version"]
            try:
                created = dt.datetime.fromisoformat(entry["created"])
            except (KeyError, TypeError, ValueError) as exc:
                raise KeyAccessError(f"malformed key file: version {number} has no creation time") from exc
            key = None if entry.get("key") is None else _unb64(entry["key"], what=f"version {number}")
            masters.append(_Master(number, created, key))
        numbers = [m.version for m in masters]
        if len(set(numbers)) != len(numbers) or min(numbers) < 1:
            raise KeyAccessError("malformed key file: version numbers must be unique and positive")
        if all(m.key is None for m in masters):
            raise KeyAccessError("malformed key file: every version is retired")
        root = _unb64(doc.get("purpose_root"), what="purpose_root")
        return cls(key_id, root, tuple(sorted(masters, key=lambda m: m.version)))


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(path: Path, data: bytes) -> Path:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return tmp


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class LocalKeyFile:
    """A master key kept in a local JSON file (mode 0600), made by ``LocalKeyFile.create`` or
    ``phigate keys init``.

    The file holds a key id, a 32-byte purpose root (HKDF input for ``purpose_key``; never rotated, so
    keyed hashes stay stable) and AES-256 master versions. Changes are written to a temporary file
    and renamed into place under an exclusive lock; other processes pick them up on their next call.
    """

    def __init__(self, path: Path | str) -> None:
        self._path = Path(path)
        self._file, self._stamp = self._load()
        self._purpose_keys: dict[str, bytes] = {}

    @classmethod
    def create(cls, path: Path | str) -> LocalKeyFile:
        """Write a new key file with one master version. Refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise KeyAccessError(f"key file already exists, refusing to overwrite: {path}")
        keyfile = _KeyFile(
            key_id=f"local-{secrets.token_hex(8)}",
            root=secrets.token_bytes(envelope.KEY_BYTES),
            masters=(_Master(1, _now(), secrets.token_bytes(envelope.KEY_BYTES)),),
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _write_temp(path, keyfile.to_json())
        except OSError as exc:
            raise KeyAccessError(f"cannot write key file {path}: {exc.strerror}") from exc
        try:
            os.link(tmp, path)  # atomic, and fails if the path appeared meanwhile
        except FileExistsError as exc:
            raise KeyAccessError(f"key file already exists, refusing to overwrite: {path}") from exc
        except OSError as exc:
            raise KeyAccessError(f"cannot write key file {path}: {exc.strerror}") from exc
        finally:
            tmp.unlink()
        _fsync_dir(path.parent)
        return cls(path)

    @property
    def path(self) -> Path:
        """The key file."""
        return self._path

    @property
    def key_id(self) -> str:
        """The key file's id (``local-`` and 16 hex digits), written into every wrapped key."""
        return self._file.key_id

    def _load(self) -> tuple[_KeyFile, tuple[int, int, int]]:
        raw, info = _read_private(self._path)
        return _KeyFile.parse(raw), (info.st_ino, info.st_mtime_ns, info.st_size)

    def _fresh(self) -> _KeyFile:
        """The key file as it is on disk now (re-read when another process rotated or retired)."""
        try:
            info = os.stat(self._path)
        except OSError as exc:
            raise KeyAccessError(f"key file not readable: {self._path}: {exc.strerror}") from exc
        if (info.st_ino, info.st_mtime_ns, info.st_size) != self._stamp:
            loaded, stamp = self._load()
            if loaded.key_id != self._file.key_id or loaded.root != self._file.root:
                raise KeyAccessError(f"key file {self._path} was replaced by a different key")
            self._file, self._stamp = loaded, stamp
        return self._file

    def purpose_key(self, purpose: str) -> bytes:
        """32 bytes for ``purpose``: HKDF-SHA256 of the file's purpose root. Unchanged by rotation."""
        key = self._purpose_keys.get(purpose)
        if key is None:
            key = self._purpose_keys[purpose] = derive_key(self._file.root, f"purpose/{purpose}")
        return key

    def wrap(self, dek: bytes, aad: bytes) -> bytes:
        """Wrap ``dek`` with the current master version (an envelope naming id and version)."""
        version, key = self._fresh().current
        return envelope.encrypt(key, dek, ref=envelope.KeyRef(self.key_id, version), aad=aad)

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """Unwrap with whichever version wrapped it; refuses other key ids and retired versions."""
        ref = envelope.peek(wrapped)
        if ref.key_id != self.key_id:
            raise KeyAccessError(f"data key was wrapped by another master key ({ref.key_id})")
        master = next((m for m in self._fresh().masters if m.version == ref.version), None)
        if master is None:
            raise KeyAccessError(f"master key version {ref.version} is unknown")
        if master.key is None:
            raise KeyAccessError(f"master key version {ref.version} is retired")
        return envelope.decrypt(master.key, wrapped, aad=aad)

    def rewrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """Unwrap and wrap again under the current version; the data key itself is unchanged."""
        return self.wrap(self.unwrap(wrapped, aad), aad)

    def new_data_key(self, aad: bytes) -> tuple[bytes, bytes]:
        """A fresh random data key and its wrapping under the current version."""
        dek = secrets.token_bytes(envelope.KEY_BYTES)
        return dek, self.wrap(dek, aad)

    def wrapped_version(self, wrapped: bytes) -> int:
        """The master version named in a wrapped key's header."""
        return envelope.peek(wrapped).version

    @contextlib.contextmanager
    def _locked(self) -> Iterator[_KeyFile]:
        lock_path = self._path.with_name(self._path.name + ".lock")
        try:
            fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT, 0o600)
        except OSError as exc:
            raise KeyAccessError(f"cannot lock key file {self._path}: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._stamp = (0, 0, 0)  # force a re-read under the lock
            yield self._fresh()
        finally:
            os.close(fd)

    def _replace(self, keyfile: _KeyFile) -> None:
        try:
            tmp = _write_temp(self._path, keyfile.to_json())
            os.replace(tmp, self._path)
            _fsync_dir(self._path.parent)
        except OSError as exc:
            raise KeyAccessError(f"cannot write key file {self._path}: {exc.strerror}") from exc
        self._file, self._stamp = self._load()

    def rotate(self) -> int:
        """Add master version n+1 as current; earlier versions become decrypt-only."""
        with self._locked() as keyfile:
            version = max(m.version for m in keyfile.masters) + 1
            new = _Master(version, _now(), secrets.token_bytes(envelope.KEY_BYTES))
            self._replace(_KeyFile(keyfile.key_id, keyfile.root, (*keyfile.masters, new)))
        return version

    def retire(self, version: int) -> None:
        """Erase the key bytes of a decrypt-only version. The current version cannot be retired."""
        with self._locked() as keyfile:
            master = next((m for m in keyfile.masters if m.version == version), None)
            if master is None:
                raise KeyAccessError(f"master key version {version} is unknown")
            if master.key is None:
                raise KeyAccessError(f"master key version {version} is already retired")
            if master.version == keyfile.current[0]:
                raise KeyAccessError(f"master key version {version} is current; rotate first")
            masters = tuple(
                _Master(m.version, m.created, None) if m.version == version else m for m in keyfile.masters
            )
            self._replace(_KeyFile(keyfile.key_id, keyfile.root, masters))

    def versions(self) -> list[KeyVersion]:
        """Every version with its creation time and state; no key bytes."""
        keyfile = self._fresh()
        current = keyfile.current[0]

        def state(m: _Master) -> KeyState:
            if m.key is None:
                return "retired"
            return "active" if m.version == current else "decrypt-only"

        return [KeyVersion(keyfile.key_id, m.version, m.created, state(m)) for m in keyfile.masters]


# -- registry -------------------------------------------------------------------------------------------

#: Builds a provider from the ``keys:`` settings and the store that holds wrapped data keys (None when
#: the caller has no database; remote providers need one for their purpose root).
ProviderFactory = Callable[[KeysSettings, "DataKeyStore | None"], KeyProvider]

#: Every key provider plugin: the built-ins, then installed ``phigate.key_providers`` entry points.
KEY_PROVIDERS: Registry[ProviderFactory] = Registry(
    "key provider", group="phigate.key_providers", defaults=("phigate.crypto.keys:register",)
)


def register(registry: Registry[ProviderFactory]) -> None:
    """Plugin hook: the built-in providers ``local``, ``vault`` and ``aws-kms``."""
    registry.register("local", lambda: _local)
    registry.register("vault", lambda: _vault)
    registry.register("aws-kms", lambda: _aws_kms)


def provider_from_settings(settings: KeysSettings, *, store: DataKeyStore | None = None) -> KeyProvider:
    """The provider ``settings.provider`` names, configured from ``settings``; an unknown name is a
    ``RegistryError``.
    """
    return KEY_PROVIDERS.create(settings.provider)(settings, store)


def _local(settings: KeysSettings, _store: DataKeyStore | None) -> KeyProvider:
    return LocalKeyFile(settings.key_file)


def _vault(settings: KeysSettings, store: DataKeyStore | None) -> KeyProvider:
    from phigate.crypto.vault_transit import VaultTransit

    return VaultTransit.from_settings(settings, store=store)


def _aws_kms(settings: KeysSettings, store: DataKeyStore | None) -> KeyProvider:
    from phigate.crypto.aws_kms import AwsKms

    return AwsKms.from_settings(settings, store=store)
