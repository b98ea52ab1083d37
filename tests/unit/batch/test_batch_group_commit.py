"""Group durability: outputs of several inputs made durable together, then their manifest lines.

The order is what makes a kill -9 safe: temp files fsynced, renamed, folders fsynced, and only then
the manifest lines; so a manifest line never names an output whose bytes are not durable.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import pytest

from deid_testkit import NOTE, SECRET, detector
from phigate.batch import BatchRunner, FileJob, FileOutcome, Manifest, plan_batch
from phigate.batch.files import TEMP_SUFFIX
from phigate.batch.parallel import GROUP_FILES
from phigate.batch.steps import FileSteps, Prepared
from phigate.errors import AuditError
from phigate.formats import HandlerOptions, build_handlers
from phigate.model import AuditEvent
from phigate.pipeline import Pipeline
from phigate.policy import get_policy

SETTINGS = ("safe-harbor", "1", None, {"r": "1"})


class Sink:
    """Hands out sequence numbers and records the size of each commit; fails from commit ``fail_at``;
    each commit takes ``delay`` seconds (a busy audit store).
    """

    def __init__(self, fail_at: int | None = None, delay: float = 0.0) -> None:
        self.commits: list[int] = []
        self.fail_at = fail_at
        self.delay = delay

    def append(self, event: AuditEvent) -> int:
        return self.append_many([event])[0]

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        if self.fail_at is not None and len(self.commits) + 1 >= self.fail_at:
            raise AuditError("audit store is down")
        time.sleep(self.delay)
        start = sum(self.commits)
        self.commits.append(len(events))
        return list(range(start + 1, start + len(events) + 1))


def batch(inputs: Path, out: Path, *, jobs: int = 2, sink: Sink | None = None) -> list[FileOutcome]:
    pipeline = Pipeline(
        detector=detector(), policy=get_policy("safe-harbor"), audit=sink or Sink(), secret=SECRET
    )
    runner = BatchRunner(pipeline, handlers=build_handlers(HandlerOptions(secret=SECRET)), jobs=jobs)
    return list(runner.run(plan_batch([str(inputs)], out)).outcomes)


def notes(root: Path, count: int) -> Path:
    folder = root / "in"
    folder.mkdir()
    for n in range(count):
        (folder / f"n{n:03d}.txt").write_text(f"Note {n}: {NOTE}\n")
    return folder


def lines(out: Path) -> list[str]:
    path = out / "manifest.jsonl"
    return [json.loads(line)["output"] for line in path.read_text().splitlines()] if path.exists() else []


def outputs(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.jsonl"
    }


def prepared(out: Path, relative: str, data: bytes) -> Prepared:
    job = FileJob(Path("/in") / relative, relative, PurePosixPath(relative))
    return Prepared(job, data, out / relative)


def done(name: str) -> FileOutcome:
    return FileOutcome(name, "done", "text", 1, {"NAME": 1})


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to name file descriptors")
def test_outputs_are_durable_and_in_place_before_their_manifest_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    steps = FileSteps(out_dir=out, manifest=Manifest(out), settings=SETTINGS, stdin=None, stdout=None)
    calls: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        calls.append(("fsync", "manifest" if path.endswith("manifest.jsonl") else Path(path).name))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        calls.append(("rename", Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    names = ["a.txt", "sub/b.txt", "c.txt"]
    items = [(prepared(out, name, b"in"), done(name), name.encode()) for name in names]
    outcomes = steps.finish_many(items)

    assert [o.status for o in outcomes] == ["done"] * 3
    assert [o.output for o in outcomes] == [out / name for name in names]
    kinds = [kind for kind, _ in calls]
    assert kinds.count("fsync") == 3 + 2 + 1  # each temp file, each folder once, the manifest once
    renames = [i for i, (kind, _) in enumerate(calls) if kind == "rename"]
    temp_syncs = [i for i, (kind, name) in enumerate(calls) if kind == "fsync" and name.endswith(TEMP_SUFFIX)]
    folder_syncs = [i for i, (kind, name) in enumerate(calls) if name in {"out", "sub"}]
    assert len(temp_syncs) == 3 and len(folder_syncs) == 2
    assert max(temp_syncs) < min(folder_syncs) and max(renames) < min(folder_syncs)
    assert calls[-1] == ("fsync", "manifest")  # the lines come last, in one write
    assert lines(out) == names


def test_an_output_that_cannot_be_written_fails_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "b.txt").mkdir(parents=True)  # a folder where the output should go
    steps = FileSteps(out_dir=out, manifest=Manifest(out), settings=SETTINGS, stdin=None, stdout=None)
    items = [(prepared(out, name, b"in"), done(name), b"ok") for name in ("a.txt", "b.txt", "c.txt")]
    outcomes = steps.finish_many(items)
    assert [o.status for o in outcomes] == ["done", "failed", "done"]
    assert outcomes[1].error is not None and outcomes[1].error.startswith("I/O error: ")
    assert lines(out) == ["a.txt", "c.txt"]
    assert not list(out.rglob(f"*{TEMP_SUFFIX}"))


def test_inputs_done_while_the_finisher_is_busy_share_its_next_commit(tmp_path: Path) -> None:
    inputs = notes(tmp_path, 130)
    sink = Sink(delay=0.05)
    outcomes = batch(inputs, tmp_path / "many", sink=sink)
    assert [o.status for o in outcomes] == ["done"] * 130
    assert sum(sink.commits) == 130 and len(sink.commits) <= 130 // 3  # groups, not a commit a file
    assert max(sink.commits) <= GROUP_FILES
    batch(inputs, tmp_path / "one", jobs=1)
    assert outputs(tmp_path / "many") == outputs(tmp_path / "one")
    assert lines(tmp_path / "many") == lines(tmp_path / "one")


def test_an_audit_failure_writes_only_what_earlier_commits_audited(tmp_path: Path) -> None:
    inputs = notes(tmp_path, 150)
    sink = Sink(fail_at=2)
    out = tmp_path / "out"
    with pytest.raises(AuditError):
        batch(inputs, out, sink=sink)
    assert len(sink.commits) == 1
    assert sorted(outputs(out)) == sorted(lines(out))
    assert len(lines(out)) == sink.commits[0]  # one document per note: one event per output
    assert not list(out.rglob(f"*{TEMP_SUFFIX}"))


class Killed(BaseException):
    """Stands for kill -9 between putting outputs in place and appending their manifest lines."""


def test_outputs_without_manifest_lines_are_made_again_by_the_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = notes(tmp_path, 20)
    out = tmp_path / "out"

    def killed(self: Manifest, entries: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(Manifest, "append_many", killed)
        with pytest.raises(Killed):
            batch(inputs, out)
    assert outputs(out) and not lines(out)  # in place, but not claimed as done
    again = batch(inputs, out)
    assert [o.status for o in again] == ["done"] * 20
    batch(inputs, tmp_path / "clean", jobs=1)
    assert outputs(out) == outputs(tmp_path / "clean")
    assert sorted(lines(out)) == sorted(lines(tmp_path / "clean"))
