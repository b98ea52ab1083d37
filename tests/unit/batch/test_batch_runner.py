"""The batch runner with the test recognizers: outputs, manifest, resume, per-file errors."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from deid_testkit import NOTE, SECRET, detector
from phigate.audit.sink import NullAuditSink
from phigate.batch import BatchResult, BatchRunner, FileJob, FileOutcome, plan_batch
from phigate.batch.files import TEMP_SUFFIX, sha256_hex
from phigate.errors import AuditError
from phigate.formats import HandlerOptions, build_handlers
from phigate.model import AuditEvent
from phigate.pipeline import Pipeline, PipelineResult
from phigate.policy import get_policy


def runner(policy: str = "safe-harbor", audit: object = None, **kwargs: object) -> BatchRunner:
    pipeline = Pipeline(
        detector=detector(),
        policy=get_policy(policy),
        audit=audit or NullAuditSink(),  # type: ignore[arg-type]
        secret=SECRET,
    )
    return BatchRunner(pipeline, handlers=build_handlers(HandlerOptions(secret=SECRET)), **kwargs)  # type: ignore[arg-type]


def inputs(root: Path) -> Path:
    notes = root / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "a.txt").write_text(NOTE)
    (notes / "sub" / "b.jsonl").write_text(
        json.dumps({"id": "x", "text": "Jane Roe, SSN 123-45-6789"})
        + "\n"
        + json.dumps({"text": "clean"})
        + "\n"
    )
    (notes / "binary.txt").write_bytes(b"\x89PNG\x00\x00")
    (notes / "latin1.txt").write_bytes("café Jane Roe".encode("latin-1"))
    (notes / "broken.jsonl").write_text('{"text": "Jane Roe"}\n{"text": \n')
    return notes


def test_a_batch_writes_outputs_manifest_and_reports_bad_files(tmp_path: Path) -> None:
    notes, out = inputs(tmp_path), tmp_path / "out"
    before = {p: p.read_bytes() for p in notes.rglob("*") if p.is_file()}
    result = runner().run(plan_batch([str(notes)], out))
    status = {Path(o.name).name: o.status for o in result.outcomes}
    assert status == {
        "a.txt": "done",
        "b.jsonl": "done",
        "binary.txt": "failed",
        "broken.jsonl": "failed",
        "latin1.txt": "failed",
    }
    errors = {Path(o.name).name: o.error for o in result.outcomes if o.error}
    assert "binary" in str(errors["binary.txt"])
    assert "UTF-8" in str(errors["latin1.txt"])
    assert "line 2: invalid JSON" in str(errors["broken.jsonl"])
    assert not (out / "broken.jsonl").exists() and not (out / "binary.txt").exists()  # nothing half-written
    assert "John" not in (out / "a.txt").read_text()
    jsonl = [json.loads(line) for line in (out / "sub" / "b.jsonl").read_text().splitlines()]
    assert jsonl == [{"id": "x", "text": "[NAME], SSN [SSN]"}, {"text": "clean"}]
    assert {p: p.read_bytes() for p in notes.rglob("*") if p.is_file()} == before  # inputs untouched
    entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [e["output"] for e in entries] == ["a.txt", "sub/b.jsonl"]
    first = entries[0]
    assert first["input_sha256"] == sha256_hex(NOTE.encode())
    assert first["output_sha256"] == sha256_hex((out / "a.txt").read_bytes())
    assert first["handler"] == "text" and first["policy"] == "safe-harbor"
    assert first["policy_version"].startswith("1.0+zip3.union-default")
    assert first["recognizers"] == {"test-regex": "1"} and first["counts"]["NAME"] == 3
    assert entries[1]["documents"] == 2
    assert result.totals()["SSN"] == 2
    assert (result.count("done"), result.count("failed")) == (2, 3)


def test_a_rerun_skips_finished_files_and_redoes_changed_or_damaged_ones(tmp_path: Path) -> None:
    notes, out = inputs(tmp_path), tmp_path / "out"
    runner().run(plan_batch([str(notes)], out))
    again = runner().run(plan_batch([str(notes)], out))
    assert {Path(o.name).name: o.status for o in again.outcomes if o.status != "failed"} == {
        "a.txt": "skipped",
        "b.jsonl": "skipped",
    }
    assert again.totals()["NAME"] == 4  # counts come from the manifest
    (notes / "a.txt").write_text("Jane Roe again")  # changed input
    (out / "sub" / "b.jsonl").write_text("tampered")  # damaged output
    (out / f".a.txt.x{TEMP_SUFFIX}").write_text("left by a crash")
    third = runner().run(plan_batch([str(notes)], out))
    assert {Path(o.name).name: o.status for o in third.outcomes if o.status != "failed"} == {
        "a.txt": "done",
        "b.jsonl": "done",
    }
    assert (out / "a.txt").read_text() == "[NAME] again"
    assert not list(out.rglob(f"*{TEMP_SUFFIX}"))
    lines = (out / "manifest.jsonl").read_text().splitlines()
    assert len(lines) == 4  # two first-run lines, two redone; the latest line per output wins


def test_another_policy_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    from phigate.errors import ConfigError

    notes, out = inputs(tmp_path), tmp_path / "out"
    runner().run(plan_batch([str(notes)], out))
    with pytest.raises(ConfigError, match="other settings"):
        runner("pseudonymize").run(plan_batch([str(notes)], out))


def test_stdin_goes_to_stdout(tmp_path: Path) -> None:
    stdin, stdout = io.BytesIO(NOTE.encode()), io.BytesIO()
    result = runner().run(plan_batch(["-"], None), stdin=stdin, stdout=stdout)
    assert result.outcomes[0].status == "done"
    assert stdout.getvalue().decode().startswith("[NAME] (MRN [MRN])")
    failed = runner().run(plan_batch(["-"], None), stdin=io.BytesIO(b"\x00\x01"), stdout=io.BytesIO())
    assert failed.outcomes[0].status == "failed"
    missing = runner().run(plan_batch(["-"], None))
    assert missing.outcomes[0].status == "failed"


class Recorder:
    def __init__(self) -> None:
        self.files: list[tuple[str, str, int]] = []
        self.done: BatchResult | None = None

    def file_done(self, job: FileJob, outcome: FileOutcome, results: Sequence[PipelineResult]) -> None:
        self.files.append((job.name, outcome.status, len(results)))

    def batch_done(self, result: BatchResult) -> None:
        self.done = result


def test_observers_and_progress_see_every_file(tmp_path: Path) -> None:
    notes, out = inputs(tmp_path), tmp_path / "out"
    recorder, seen = Recorder(), []
    result = runner(observers=[recorder], on_file=seen.append).run(
        plan_batch([str(notes), str(tmp_path / "missing")], out)
    )
    assert len(seen) == len(result.outcomes) == 6
    assert sorted((Path(n).name, s, r) for n, s, r in recorder.files)[:2] == [
        ("a.txt", "done", 1),
        ("b.jsonl", "done", 2),
    ]
    assert recorder.done is result


class BrokenSink:
    def append(self, event: AuditEvent) -> int:
        raise AuditError("store unreachable")


def test_an_audit_failure_stops_the_batch_and_writes_nothing(tmp_path: Path) -> None:
    notes, out = inputs(tmp_path), tmp_path / "out"
    with pytest.raises(AuditError):
        runner(audit=BrokenSink()).run(plan_batch([str(notes)], out))
    assert not (out / "a.txt").exists() and not (out / "manifest.jsonl").exists()


def test_unreadable_paths_are_per_file_errors(tmp_path: Path) -> None:
    import os

    notes, out = inputs(tmp_path), tmp_path / "out"
    os.mkfifo(notes / "pipe.txt")  # not a regular file: reading it would block
    (notes / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    result = runner().run(plan_batch([str(notes)], out))
    errors = {Path(o.name).name: o.error for o in result.outcomes if o.status == "failed"}
    assert errors["pipe.txt"] == f"not a regular file (path {notes / 'pipe.txt'})"
    assert errors["dangling.txt"] == f"no such file (path {notes / 'dangling.txt'})"
    assert result.count("done") == 2


def test_write_failures_are_per_file_errors_and_leave_no_temp_files(tmp_path: Path) -> None:
    notes, out = inputs(tmp_path), tmp_path / "out"
    (out / "a.txt").mkdir(parents=True)  # the output path is taken by a folder
    result = runner().run(plan_batch([str(notes)], out))
    (failed,) = [o for o in result.outcomes if o.name.endswith("a.txt")]
    assert failed.status == "failed" and str(failed.error).startswith("I/O error")
    assert not list(out.rglob(f"*{TEMP_SUFFIX}"))
    assert "a.txt" not in (out / "manifest.jsonl").read_text()


def test_a_finished_output_replaced_by_a_folder_is_not_skipped(tmp_path: Path) -> None:
    notes, out = inputs(tmp_path), tmp_path / "out"
    runner().run(plan_batch([str(notes / "a.txt")], out))
    (out / "a.txt").unlink()
    (out / "a.txt").mkdir()
    result = runner().run(plan_batch([str(notes / "a.txt")], out))
    assert result.outcomes[0].status == "failed"  # not skipped: the output is not intact


def test_read_errors_are_translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from phigate.batch.files import read_input
    from phigate.errors import FormatError

    path = tmp_path / "x.txt"
    path.write_text("x")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(FormatError, match="cannot read: Permission denied"):
        read_input(path, name="x.txt")
