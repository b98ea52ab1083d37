"""What one input becomes: parse, run every document through the pipeline, render.

Shared by the batch runner (one process) and its worker processes (``--jobs N``), so both make the
same bytes, counts and error messages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from phigate.batch.plan import FileJob
from phigate.errors import PhigateError
from phigate.formats import HEAD_BYTES, FormatHandler, handler_for
from phigate.pipeline import Pipeline, PipelineResult

__all__ = ["FileOutcome", "Status", "failed", "file_outcome", "process_file", "source_name"]

Status = Literal["done", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one input."""

    name: str
    status: Status
    handler: str | None = None
    documents: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)
    error: str | None = None
    output: Path | None = None


def source_name(job: FileJob) -> str:
    """The name documents of ``job`` are parsed under (their default ids derive from it)."""
    return str(job.relative) if job.relative is not None else job.name


def file_outcome(job: FileJob, handler: str, results: Sequence[PipelineResult]) -> FileOutcome:
    """A done input: its handler, documents and findings per category."""
    counts = Counter(f.category.value for r in results for f in r.findings)
    return FileOutcome(job.name, "done", handler, len(results), dict(sorted(counts.items())))


def failed(name: str, exc: PhigateError | OSError) -> FileOutcome:
    """A failed input, with the message the user sees (never input text)."""
    if isinstance(exc, OSError):
        return FileOutcome(name, "failed", error=f"I/O error: {exc.strerror or type(exc).__name__}")
    return FileOutcome(name, "failed", error=str(exc))


def process_file(
    pipeline: Pipeline, handlers: Sequence[FormatHandler], job: FileJob, data: bytes
) -> tuple[FileOutcome, list[PipelineResult], bytes]:
    """``data`` (the bytes of ``job``) through its handler and ``pipeline``: outcome, results, output."""
    handler = handler_for(job.name, data[:HEAD_BYTES], handlers)
    documents = handler.parse(data, source=source_name(job))
    results = pipeline.run_many(documents)
    rendered = handler.render([r.document for r in results], original=data)
    return file_outcome(job, handler.name, results), results, rendered
