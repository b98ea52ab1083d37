"""Fixtures for the crypto unit tests: a fresh local key file per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from phigate.crypto.keys import LocalKeyFile


@pytest.fixture()
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "master.key"


@pytest.fixture()
def local_key(key_path: Path) -> LocalKeyFile:
    return LocalKeyFile.create(key_path)
