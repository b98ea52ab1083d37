"""File helpers of the batch runner: hashing, reading with clear errors, atomic writes.

Atomic writes come one at a time (:func:`atomic_output`, :func:`atomic_write`) or in groups: each
output staged in its temp file (:func:`stage_output`), then the group made durable and put in place
together (:func:`publish`), so a batch of small files pays one folder ``fsync``, not one per file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from phigate.errors import FormatError

__all__ = [
    "TEMP_SUFFIX",
    "StagedOutput",
    "atomic_output",
    "atomic_write",
    "publish",
    "read_input",
    "remove_temp_files",
    "sha256_hex",
    "stage_output",
]

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
    error = publish([stage_output(target, data)])[0]
    if error is not None:
        raise error


@dataclass(slots=True)
class StagedOutput:
    """An output written to its temp file ``temp``, open as ``fd``: neither durable nor in place yet.
    ``temp`` is ``None`` for a device or pipe, written in place (see :func:`atomic_output`).
    """

    target: Path
    temp: Path | None
    fd: int | None


def stage_output(target: Path, data: bytes) -> StagedOutput:
    """Write ``data`` to a temp file next to ``target``, without ``fsync`` (:func:`publish` does
    that for the whole group); an ``OSError`` leaves no temp file behind.
    """
    if _special(target):
        with open(target, "wb") as special:
            special.write(data)
        return StagedOutput(target, None, None)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    staged = StagedOutput(target, Path(tmp), fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        _discard(staged)
        raise
    return staged


def publish(staged: Sequence[StagedOutput]) -> list[OSError | None]:
    """Make staged outputs durable and put them in place: ``fsync`` each temp file, rename it over
    its target, then ``fsync`` each folder once. Only then is an output durable, so only then may
    a manifest line name it. Returns each output's error (``None``: in place): one failing output
    (its temp file removed) does not stop the others.
    """
    errors: list[OSError | None] = [None] * len(staged)
    folders: dict[Path, list[int]] = {}
    for index, item in enumerate(staged):
        try:
            _place(item)
        except OSError as exc:
            errors[index] = exc
            _discard(item)
            continue
        if item.temp is not None:
            folders.setdefault(item.target.parent, []).append(index)
    for folder, indexes in folders.items():
        try:
            fsync_dir(folder)
        except OSError as exc:
            for index in indexes:
                errors[index] = exc
    return errors


def _place(item: StagedOutput) -> None:
    """``fsync`` and close ``item``'s temp file, then rename it over the target."""
    if item.fd is None or item.temp is None:
        return
    fd, item.fd = item.fd, None
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(item.temp, item.target)


def _discard(item: StagedOutput) -> None:
    """Close and remove ``item``'s temp file, if any (best effort: a rerun removes leftovers)."""
    if item.fd is not None:
        fd, item.fd = item.fd, None
        with contextlib.suppress(OSError):
            os.close(fd)
    if item.temp is not None:
        with contextlib.suppress(OSError):
            os.unlink(item.temp)


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
