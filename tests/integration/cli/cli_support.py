"""Running the real ``phigate`` command in a subprocess (shared by the CLI tests and their fixtures)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PHIGATE = str(Path(sys.executable).with_name("phigate"))


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


def cli_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PHIGATE_CONFIG"}
    env["PHIGATE_CONFIG"] = str(workdir / "phigate.yaml")
    env["COLUMNS"] = "200"
    return env
