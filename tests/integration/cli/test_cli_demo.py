"""``phigate demo`` with no configuration: bundled samples, summary, audit log in the output folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cli_support import PHIGATE


@pytest.mark.slow
def test_demo_runs_without_setup(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PHIGATE_CONFIG"}
    env["COLUMNS"] = "200"

    def demo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PHIGATE, "demo", "--out", "demo"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    first = demo()
    assert first.returncode == 0, first.stderr
    assert "Findings by category" in first.stdout and "output: demo/deidentified" in first.stdout
    outputs = sorted(p.name for p in (tmp_path / "demo" / "deidentified").iterdir())
    assert "manifest.jsonl" in outputs and len(outputs) > 5
    assert (tmp_path / "demo" / "audit.db").exists()
    verify = subprocess.run(
        [PHIGATE, "audit", "verify", "--store", f"sqlite:///{tmp_path / 'demo' / 'audit.db'}",
         "--key-file", str(tmp_path / "demo" / "demo.key")],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stderr
    again = demo()
    assert again.returncode == 0 and "already done (skipped)" in again.stdout
