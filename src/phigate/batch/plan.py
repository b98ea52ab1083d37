"""Turn the paths a user names into file jobs, each with the output path it will be written to.

- ``-`` is standard input (its output goes to standard output).
- A file maps to ``OUT/<file name>``; a folder's files (recursively, in name order, skipping names
  that start with ``.``) map to ``OUT/<path inside the folder>``.
- The output folder may not be, or lie inside, an input folder, and no output may be an input:
  inputs are never overwritten. Both are ``ConfigError``s, refused before anything runs.
- A path that does not exist, and a second input mapping to an output already taken, are per-file
  problems: reported, and the rest of the batch goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from phigate.batch.manifest import MANIFEST_NAME
from phigate.errors import ConfigError

__all__ = ["STDIN", "BatchPlan", "FileJob", "collect_inputs", "plan_batch"]

#: The path that means standard input.
STDIN = "-"


@dataclass(frozen=True, slots=True)
class FileJob:
    """One input: its path (``None`` for standard input), its name in reports, its output path."""

    source: Path | None
    name: str
    relative: PurePosixPath | None  # output path inside the output folder; None for stdin

    @property
    def is_stdin(self) -> bool:
        """Whether the input is standard input."""
        return self.source is None


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """The jobs of a batch, the output folder, and the inputs that could not be planned."""

    jobs: tuple[FileJob, ...]
    out_dir: Path | None
    problems: tuple[tuple[str, str], ...]  # (name, message)


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files.extend(Path(dirpath, f) for f in sorted(filenames) if not f.startswith("."))
    return files


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def collect_inputs(inputs: list[str]) -> tuple[list[FileJob], list[tuple[str, str]]]:
    """The files ``inputs`` name (folders expanded) with their output-relative paths, and the paths
    that do not exist, as ``(name, problem)``. ``-`` (standard input) may appear once.
    """
    if not inputs:
        raise ConfigError("no input paths given")
    if inputs.count(STDIN) > 1:
        raise ConfigError("standard input (-) can be named only once")
    jobs: list[FileJob] = []
    problems: list[tuple[str, str]] = []
    for raw in inputs:
        path = Path(raw)
        if raw == STDIN:
            jobs.append(FileJob(None, "stdin", None))
        elif path.is_dir():
            jobs.extend(
                FileJob(f, str(f), PurePosixPath(f.relative_to(path).as_posix())) for f in _walk(path)
            )
        elif path.exists() or path.is_symlink():
            jobs.append(FileJob(path, raw, PurePosixPath(path.name)))
        else:
            problems.append((raw, "no such file or folder"))
    return jobs, problems


def plan_batch(inputs: list[str], out_dir: Path | None) -> BatchPlan:
    """The jobs for ``inputs`` writing under ``out_dir`` (needed unless the only input is stdin)."""
    collected, problems = collect_inputs(inputs)
    if out_dir is None:
        if any(not job.is_stdin for job in collected) or problems:
            raise ConfigError("--out DIR is required for file and folder inputs")
        return BatchPlan(tuple(collected), None, tuple(problems))
    out = out_dir.resolve()
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out_dir} is not a folder")
    for raw in inputs:
        if raw != STDIN and Path(raw).is_dir() and _inside(out, Path(raw).resolve()):
            raise ConfigError(f"the output folder {out_dir} lies inside the input folder {raw}")
    jobs: list[FileJob] = []
    taken: dict[PurePosixPath, str] = {PurePosixPath(MANIFEST_NAME): "the manifest"}
    for job in collected:
        if job.relative is not None:
            if job.relative in taken:
                problems.append(
                    (job.name, f"its output {job.relative} is already taken by {taken[job.relative]}")
                )
                continue
            taken[job.relative] = job.name
        jobs.append(job)
    inputs_resolved = {job.source.resolve() for job in jobs if job.source is not None}
    for job in jobs:
        if job.relative is not None and (out / job.relative).resolve() in inputs_resolved:
            raise ConfigError(f"the output of {job.name} would overwrite an input; choose another --out")
    return BatchPlan(tuple(jobs), out_dir, tuple(problems))
