"""The batch's own part of each input, around the de-identification: read it or find it already done
(resume), and afterwards put its output in place (atomically) and append its manifest line; for a
group of inputs, with one ``fsync`` of their folder and one of the manifest.

Only the process that runs the batch does these steps, also with ``--jobs N``: worker processes never
write outputs or the manifest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from phigate.batch.files import StagedOutput, publish, read_input, sha256_hex, stage_output
from phigate.batch.manifest import Manifest, ManifestEntry
from phigate.batch.plan import FileJob
from phigate.batch.work import FileOutcome, failed
from phigate.errors import PhigateError

__all__ = ["FileSteps", "Prepared", "Rendered", "RunSettings"]

#: What must not change within one output folder: policy, its version, key reference, recognizers.
RunSettings = tuple[str, str, str | None, dict[str, str]]


@dataclass(frozen=True, slots=True)
class Prepared:
    """An input read and due for processing; ``target`` is ``None`` for standard output."""

    job: FileJob
    data: bytes
    target: Path | None


#: An input ready to be finished: the prepared input, its outcome and its output bytes.
Rendered = tuple[Prepared, FileOutcome, bytes]


class FileSteps:
    """Reads inputs and writes outputs of one batch into ``out_dir`` (with its ``manifest``), or from
    ``stdin`` to ``stdout`` for the ``-`` input.
    """

    def __init__(
        self,
        *,
        out_dir: Path | None,
        manifest: Manifest | None,
        settings: RunSettings,
        stdin: BinaryIO | None,
        stdout: BinaryIO | None,
    ) -> None:
        self._out_dir = out_dir
        self._manifest = manifest
        self._settings = settings
        self._stdin = stdin
        self._stdout = stdout

    def prepare(self, job: FileJob) -> FileOutcome | Prepared:
        """``job``'s bytes, or its ``skipped`` outcome when its manifest line and output are intact."""
        if job.source is None:
            if self._stdin is None or self._stdout is None:
                raise PhigateError("standard input needs stdin and stdout streams")
            return Prepared(job, self._stdin.read(), None)
        if self._out_dir is None or self._manifest is None or job.relative is None:
            raise PhigateError("file inputs need an output folder")
        data = read_input(job.source, name=job.name)
        target = self._out_dir / job.relative
        skipped = self._finished(self._manifest, job, data, target)
        return skipped if skipped is not None else Prepared(job, data, target)

    def finish(self, prepared: Prepared, outcome: FileOutcome, rendered: bytes) -> FileOutcome:
        """Write ``rendered`` (atomically) then the manifest line; or to standard output."""
        return self.finish_many([(prepared, outcome, rendered)])[0]

    def finish_many(self, items: Sequence[Rendered]) -> list[FileOutcome]:
        """Finish consecutive inputs with one durable commit: each output to its temp file, the group
        made durable and put in place (:func:`publish`), then all their manifest lines in one write,
        so no line names an output that is not durable. An input whose output cannot be written fails
        alone, with its message; the others go on.
        """
        outcomes = [outcome for _, outcome, _ in items]
        staged: dict[int, StagedOutput] = {}
        for index, (prepared, _, rendered) in enumerate(items):
            try:
                if prepared.target is None or self._manifest is None:
                    self._write_stdout(rendered)
                else:
                    staged[index] = stage_output(prepared.target, rendered)
            except (PhigateError, OSError) as exc:
                outcomes[index] = failed(prepared.job.name, exc)
        placed: list[int] = []
        for index, error in zip(staged, publish(list(staged.values())), strict=True):
            if error is None:
                placed.append(index)
            else:
                outcomes[index] = failed(items[index][0].job.name, error)
        self._record([items[index] for index in placed], placed, outcomes)
        return outcomes

    def _write_stdout(self, rendered: bytes) -> None:
        if self._stdout is None:
            raise PhigateError("standard input needs stdin and stdout streams")
        self._stdout.write(rendered)
        self._stdout.flush()

    def _record(self, items: list[Rendered], indexes: list[int], outcomes: list[FileOutcome]) -> None:
        """Append the manifest lines of ``items`` (outputs in place) and mark their ``outcomes`` done
        with their output; if the append fails, they fail (a rerun makes them again).
        """
        if self._manifest is None or not items:
            return
        try:
            self._manifest.append_many([self._entry(*item) for item in items])
        except OSError as exc:
            for (prepared, _, _), index in zip(items, indexes, strict=True):
                outcomes[index] = failed(prepared.job.name, exc)
            return
        for (prepared, _, _), index in zip(items, indexes, strict=True):
            outcomes[index] = replace(outcomes[index], output=prepared.target)

    @staticmethod
    def _finished(manifest: Manifest, job: FileJob, data: bytes, target: Path) -> FileOutcome | None:
        entry = manifest.entries.get(str(job.relative))
        if entry is None or entry.input_sha256 != sha256_hex(data):
            return None
        try:
            if sha256_hex(target.read_bytes()) != entry.output_sha256:
                return None
        except OSError:
            return None
        return FileOutcome(job.name, "skipped", entry.handler, entry.documents, entry.counts, output=target)

    def _entry(self, prepared: Prepared, outcome: FileOutcome, rendered: bytes) -> ManifestEntry:
        policy, version, key_ref, recognizers = self._settings
        return ManifestEntry(
            input=prepared.job.name,
            input_sha256=sha256_hex(prepared.data),
            output=str(prepared.job.relative),
            output_sha256=sha256_hex(rendered),
            handler=outcome.handler or "",
            policy=policy,
            policy_version=version,
            key_ref=key_ref,
            recognizers=recognizers,
            documents=outcome.documents,
            counts=outcome.counts,
        )
