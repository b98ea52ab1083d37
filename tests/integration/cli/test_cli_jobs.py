"""``phigate deid --jobs N`` as a user runs it: worker processes, the same result as one process.

Same bytes and manifest as ``--jobs 1``, the same per-file errors, exit status and summary, every
document's audit event, a resumable batch after ``kill -9`` of the parent, and a clean stop on SIGTERM.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import pytest
from cli_notes import NOTE, SECRETS, finished, make_inputs, many_notes, start_deid
from cli_support import Cli

FILES = 80


def _tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _entries(cli: Cli) -> int:
    verify = cli("audit", "verify")
    assert verify.code == 0, verify.err
    found = re.search(r"ok: (\d+) entries", verify.out)
    assert found is not None, verify.out
    return int(found.group(1))


def _alive(pids: list[int]) -> list[int]:
    """The processes of ``pids`` still running (not zombies)."""
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def _workers(pid: int) -> list[int]:
    """The child processes of ``pid`` (its workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def test_jobs_gives_the_output_errors_and_audit_of_one_process(cli: Cli, workdir: Path) -> None:
    notes = make_inputs(workdir)
    (notes / "more.jsonl").write_text(
        "".join(json.dumps({"id": f"m{n}", "patient": f"p{n % 2}", "text": NOTE}) + "\n" for n in range(6))
    )
    one = cli("deid", str(notes), "--out", "one", "--policy", "pseudonymize")
    after_one = _entries(cli)
    many = cli("deid", str(notes), "--out", "many", "--policy", "pseudonymize", "--jobs", "2")
    assert many.code == one.code == 1  # the bad files fail either way
    assert _tree(workdir / "many") == _tree(workdir / "one")  # outputs and manifest, byte for byte
    assert many.out == one.out.replace("output: one", "output: many")  # the same summary table
    assert sorted(many.err.splitlines()) == sorted(one.err.splitlines())  # the same per-file errors
    assert "3 failed" in many.out and "line 2: invalid JSON" in many.err
    assert after_one == 1 + 1 + 2 + 6  # a.txt, ward/b.txt, batch.jsonl, more.jsonl: one event a document
    assert _entries(cli) == 2 * after_one
    text = (workdir / "many" / "a.txt").read_text()
    assert not any(secret in text for secret in SECRETS)


def test_jobs_zero_uses_every_cpu_and_stdin_still_works(cli: Cli, workdir: Path) -> None:
    notes = many_notes(workdir, FILES)
    result = cli("deid", str(notes), "--out", "out", "--jobs", "0")
    assert result.code == 0, result.err
    assert f"{FILES} de-identified" in result.out
    again = cli("deid", str(notes), "--out", "out", "--jobs", "0")
    assert f"0 de-identified, {FILES} already done (skipped)" in again.out
    piped = cli("deid", "-", "--jobs", "2", stdin=NOTE)
    assert piped.code == 0 and piped.out.startswith("Discharge summary for ")
    assert cli("deid", str(notes), "--out", "x", "--jobs", "-1").code == 2  # refused by the option


@pytest.mark.slow
def test_kill_9_of_the_parent_then_resume(cli: Cli, workdir: Path) -> None:
    notes = many_notes(workdir, FILES)
    out = workdir / "out"
    proc = start_deid(workdir, notes, out, "--jobs", "2", until=5)
    workers = _workers(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    assert workers, "no worker processes were running"
    deadline = time.monotonic() + 10
    while _alive(workers) and time.monotonic() < deadline:  # orphans notice their parent is gone
        time.sleep(0.1)
    assert not _alive(workers)
    done_before = finished(out)
    assert 5 <= done_before < FILES

    resumed = cli("deid", str(notes), "--out", str(out), "--jobs", "2")
    assert resumed.code == 0, resumed.err
    assert f"{FILES - done_before} de-identified, {done_before} already done (skipped)" in resumed.out
    outputs = [json.loads(line)["output"] for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert len(outputs) == len(set(outputs)) == FILES  # nothing lost, nothing twice
    assert not list(out.rglob("*.phigate-tmp"))
    clean = cli("deid", str(notes), "--out", "clean")
    assert clean.code == 0, clean.err
    assert {k: v for k, v in _tree(out).items() if k != "manifest.jsonl"} == {
        k: v for k, v in _tree(workdir / "clean").items() if k != "manifest.jsonl"
    }
    assert _entries(cli) >= 2 * FILES


@pytest.mark.slow
def test_sigterm_stops_the_workers_and_the_rerun_finishes(cli: Cli, workdir: Path) -> None:
    notes = many_notes(workdir, FILES)
    out = workdir / "out"
    proc = start_deid(workdir, notes, out, "--jobs", "2", until=5)
    workers = _workers(proc.pid)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGTERM  # ends as SIGTERM does, after cleaning up
    assert workers and not _alive(workers)
    assert finished(out) < FILES
    resumed = cli("deid", str(notes), "--out", str(out), "--jobs", "2")
    assert resumed.code == 0, resumed.err
    assert len((out / "manifest.jsonl").read_text().splitlines()) == FILES
    assert os.path.getsize(out / "note-0000.txt") > 0
    assert cli("audit", "verify").code == 0
