"""File helpers of the batch runner: hashing, reading with clear errors, atomic writes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from phigate.errors import FormatError

__all__ = ["TEMP_SUFFIX", "atomic_output", "atomic_write", "read_input", "remove_temp_files", "sha256_hex"]

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


def _special(path: Path) -> bool:
    """True when ``path`` exists and is not a regular file (a device such as ``/dev/null``, a pipe)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_output(target: Path, *, text: bool = False) -> Iterator[IO[Any]]:
    """A file to write ``target`` through (UTF-8 text when ``text``): a temp file in the same directory,
    fsynced and renamed over ``target`` only when the block succeeds, so a crash leaves the old file
    (or none) or the new one, never a partial file.

    A ``target`` that exists and is not a regular file (``/dev/null``, a named pipe) is written in
    place: renaming over it would replace the device or pipe with a regular file.
    """
    mode, encoding = ("w", "utf-8") if text else ("wb", None)
    if _special(target):
        with open(target, mode, encoding=encoding) as special:
            yield special
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once (see :func:`atomic_output`)."""
    with atomic_output(target) as handle:
        handle.write(data)


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
