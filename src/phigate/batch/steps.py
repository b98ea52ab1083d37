"""The batch's own part of each input, around the de-identification: read it or find it already done
(resume), and afterwards put its output in place (atomically) and append its manifest line.

Only the process that runs the batch does these steps, also with ``--jobs N``: worker processes never
write outputs or the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from phigate.batch.files import atomic_write, read_input, sha256_hex
from phigate.batch.manifest import Manifest, ManifestEntry
from phigate.batch.plan import FileJob
from phigate.batch.work import FileOutcome
from phigate.errors import PhigateError

__all__ = ["FileSteps", "Prepared", "RunSettings"]

#: What must not change within one output folder: policy, its version, key reference, recognizers.
RunSettings = tuple[str, str, str | None, dict[str, str]]


@dataclass(frozen=True, slots=True)
class Prepared:
    """An input read and due for processing; ``target`` is ``None`` for standard output."""

    job: FileJob
    data: bytes
    target: Path | None


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
        if prepared.target is None or self._manifest is None:
            if self._stdout is None:
                raise PhigateError("standard input needs stdin and stdout streams")
            self._stdout.write(rendered)
            self._stdout.flush()
            return outcome
        atomic_write(prepared.target, rendered)
        self._manifest.append(self._entry(prepared, rendered, outcome))
        return replace(outcome, output=prepared.target)

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

    def _entry(self, prepared: Prepared, rendered: bytes, outcome: FileOutcome) -> ManifestEntry:
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
