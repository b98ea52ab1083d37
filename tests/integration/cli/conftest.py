"""Fixtures for running the real ``phigate`` command in a subprocess, in a private folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

PHIGATE = str(Path(sys.executable).with_name("phigate"))


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    """A folder with a key file and a config naming it and an audit store (``$PHIGATE_CONFIG``)."""
    subprocess.run(
        [PHIGATE, "keys", "init", "--key-file", str(tmp_path / "k.key")], check=True, capture_output=True
    )
    (tmp_path / "phigate.yaml").write_text(
        f"keys:\n  key_file: {tmp_path / 'k.key'}\naudit:\n  store: sqlite:///{tmp_path / 'audit.db'}\n"
    )
    return tmp_path


def cli_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PHIGATE_CONFIG"}
    env["PHIGATE_CONFIG"] = str(workdir / "phigate.yaml")
    env["COLUMNS"] = "200"
    return env


@pytest.fixture()
def cli(workdir: Path) -> Cli:
    """Run ``phigate ARGS`` in ``workdir`` with its config; ``stdin`` is bytes or text."""

    def run(*args: str, stdin: bytes | str = b"", timeout: float = 120) -> Result:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [PHIGATE, *args],
            input=data,
            capture_output=True,
            cwd=workdir,
            env=cli_env(workdir),
            timeout=timeout,
        )
        return Result(done.returncode, done.stdout.decode(), done.stderr.decode())

    return run
