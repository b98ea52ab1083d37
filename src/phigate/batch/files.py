"""File helpers of the batch runner: hashing, reading with clear errors, atomic writes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from phigate.errors import FormatError

__all__ = ["TEMP_SUFFIX", "atomic_write", "read_input", "remove_temp_files", "sha256_hex"]

#: Suffix of the temporary files outputs are written to before ``os.replace``.
TEMP_SUFFIX = ".phigate-tmp"


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data``, hex."""
    return hashlib.sha256(data).hexdigest()


def read_input(path: Path, *, name: str) -> bytes:
    """The bytes of ``path``; a missing, unreadable or non-regular file is a ``FormatError``."""
    try:
        if not path.is_file():
            raise FormatError("not a regular file" if path.exists() else "no such file", path=name)
        return path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror or type(exc).__name__}", path=name) from exc


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once: temp file in the same directory, fsync, ``os.replace``.

    A crash leaves either the old file (or none) or the new one, never a partial file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_temp_files(out_dir: Path) -> int:
    """Delete temporary files a killed run left in ``out_dir``; return how many."""
    removed = 0
    for tmp in out_dir.rglob(f"*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed += 1
    return removed
