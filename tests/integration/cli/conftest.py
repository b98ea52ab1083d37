"""Fixtures for running the real ``phigate`` command in a subprocess, in a private folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_support import PHIGATE, Cli, Result, cli_env


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
