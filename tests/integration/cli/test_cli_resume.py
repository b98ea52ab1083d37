"""kill -9 in the middle of ``phigate deid``: the rerun loses nothing and duplicates nothing."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from cli_notes import finished, many_notes, start_deid
from cli_support import Cli

FILES = 120


def _manifest(out: Path) -> list[dict[str, object]]:
    path = out / "manifest.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.slow
def test_kill_9_mid_batch_then_resume(cli: Cli, workdir: Path) -> None:
    notes = many_notes(workdir, FILES)
    out = workdir / "out"
    proc = start_deid(workdir, notes, out, until=10)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    done_before = finished(out)
    assert 10 <= done_before < FILES

    resumed = cli("deid", str(notes), "--out", str(out))
    assert resumed.code == 0, resumed.err
    assert "already done (skipped)" in resumed.out
    entries = _manifest(out)
    outputs = [e["output"] for e in entries]
    assert len(outputs) == len(set(outputs)) == FILES  # nothing lost, nothing twice
    assert not list(out.rglob("*.phigate-tmp"))

    clean = cli("deid", str(notes), "--out", str(workdir / "clean"))
    assert clean.code == 0, clean.err
    for n in range(FILES):
        name = f"note-{n:04d}.txt"
        assert (out / name).read_bytes() == (workdir / "clean" / name).read_bytes(), name
    assert cli("audit", "verify").code == 0
