"""``phigate deid``, ``detect``, ``scan`` and ``demo``: the text engine on the command line.

Exit codes: 0 success; 1 some input failed (``deid``, ``detect``) or PHI was found (``scan``);
2 bad usage, configuration, keys or audit store (and, for ``scan``, an input it could not read).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phigate.cli._common import ConfigOption, key_provider
from phigate.errors import ConfigError, FormatError

if TYPE_CHECKING:
    from rich.console import Console

    from phigate.audit.log import AuditLog
    from phigate.batch import BatchObserver, BatchResult, FileOutcome
    from phigate.config import Settings
    from phigate.crypto.keys import KeyProvider
    from phigate.formats import FormatHandler
    from phigate.pipeline import Pipeline

__all__ = ["PURPOSE_DEID", "register"]

#: Purpose of the secret that keys surrogates and date shifts (``provider.purpose_key``).
PURPOSE_DEID = "deid"
_KEY_REF_LABEL = "phigate key reference"


class DetectFormat(StrEnum):
    """Output formats of ``phigate detect``."""

    JSONL = "jsonl"


class ScanFormat(StrEnum):
    """Output formats of ``phigate scan``."""

    TEXT = "text"
    JSONL = "jsonl"


PolicyOption = Annotated[
    str | None, typer.Option("--policy", help="safe-harbor (default) or pseudonymize (needs a key).")
]
KeyFileOption = Annotated[
    Path | None, typer.Option("--key-file", help="Local key file (default: the keys: provider in config).")
]
MarkerOption = Annotated[
    str | None,
    typer.Option(
        "--marker", help="typed ([NAME], default), stars (***), redacted ([REDACTED]) or a template."
    ),
]
AuditOption = Annotated[
    str | None,
    typer.Option("--audit", help="Audit store URL, e.g. sqlite:///audit.db (default: audit.store)."),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=0, help="Worker processes (default 1: none; 0: one per CPU). Same output."
    ),
]


# -- setting up a run -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    pipeline: Pipeline
    handlers: tuple[FormatHandler, ...]
    key_ref: str | None
    make_handlers: Callable[[], Sequence[FormatHandler]]  # the same handlers, built in a worker process


def _load(config: Path | None) -> Settings:
    from phigate.config import load_settings

    return load_settings(config)


def _open_audit(url: str, provider: KeyProvider, settings: Settings) -> AuditLog:
    """The audit log at ``url``, keyed and signed with ``provider``'s audit keys (as ``phigate audit``)."""
    from phigate.audit.log import AuditLog
    from phigate.store.engine import make_engine

    return AuditLog.from_settings(make_engine(url), keys=provider, settings=settings.audit)


@contextmanager
def _run_setup(
    settings: Settings,
    *,
    policy: str | None,
    key_file: Path | None,
    marker: str | None,
    audit_url: str | None,
    provider: KeyProvider | None = None,
    actor: str = "phigate-cli",
) -> Iterator[_Run]:
    """The pipeline, handlers and key reference of a ``deid``/``demo`` run; closes the audit log."""
    from phigate.crypto.hmac import keyed_hash
    from phigate.crypto.keys import PURPOSE_AUDIT_HASH
    from phigate.detection import default_detector
    from phigate.formats import HandlerOptions, build_handlers
    from phigate.pipeline import Pipeline
    from phigate.policy import get_policy

    name = policy or settings.deid.policy
    options = {"zip3_table": settings.deid.zip3_table} if name == "safe-harbor" else {}
    chosen = get_policy(name, **options)
    keys = provider or key_provider(settings, key_file)
    secret = keys.purpose_key(PURPOSE_DEID)
    with _open_audit(audit_url or settings.audit.store, keys, settings) as audit:
        pipeline = Pipeline(
            detector=default_detector(),
            policy=chosen,
            audit=audit,
            secret=secret,
            audit_key=keys.purpose_key(PURPOSE_AUDIT_HASH),
            actor=actor,
            marker=marker or settings.deid.marker,
        )
        handler_options = HandlerOptions(policy=chosen.name, secret=secret, settings=settings)
        yield _Run(
            pipeline,
            build_handlers(handler_options),
            keyed_hash(secret, _KEY_REF_LABEL)[:16],
            partial(build_handlers, handler_options),
        )


# -- output -----------------------------------------------------------------------------------------


def _console(*, stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _summary(console: Console, result: BatchResult, *, where: str | None) -> None:
    """Findings per category, then files done/skipped/failed and where the output went."""
    from rich.table import Table

    table = Table(title="Findings by category")
    table.add_column("Category")
    table.add_column("Findings", justify="right")
    totals = result.totals()
    for category, count in totals.items():
        table.add_row(category, str(count))
    table.add_row("total", str(sum(totals.values())), style="bold")
    console.print(table)
    console.print(
        f"files: {result.count('done')} de-identified, {result.count('skipped')} already done (skipped), "
        f"{result.count('failed')} failed"
    )
    for outcome in result.outcomes:
        if outcome.status == "failed":
            console.print(f"  failed: {outcome.name}: {outcome.error}", markup=False)
    if where is not None:
        console.print(f"output: {where}", markup=False)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[FileOutcome], None]]:
    """A progress bar on standard error (shown on terminals) and per-file error lines."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = _console(stderr=True)
    columns = (TextColumn("de-identifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("files", total=total)

        def advance(outcome: FileOutcome) -> None:
            if outcome.status == "failed":
                console.print(f"error: {outcome.name}: {outcome.error}", markup=False)
            bar.advance(task)

        yield advance


def _report_observer(run: _Run, report: Path) -> BatchObserver:
    """The de-identification report (``phigate.batch.report``): a re-scan at a lower score threshold."""
    from phigate.batch.report import DeidReport
    from phigate.detection.base import Detector

    rescan = Detector(run.pipeline.detector.recognizers, min_score=0.3)
    return DeidReport(
        report, pipeline=run.pipeline, handlers=run.handlers, rescan=rescan, key_ref=run.key_ref
    )


def _batch(
    run: _Run, inputs: list[str], out: Path | None, report: Path | None = None, *, jobs: int = 1
) -> BatchResult:
    from phigate.batch import BatchRunner, plan_batch

    plan = plan_batch(inputs, out)
    observers = [] if report is None else [_report_observer(run, report)]
    with _progress(len(plan.jobs) + len(plan.problems)) as on_file:
        runner = BatchRunner(
            run.pipeline,
            handlers=run.handlers,
            key_ref=run.key_ref,
            on_file=on_file,
            observers=observers,
            jobs=jobs,
            worker_handlers=run.make_handlers,
        )
        return runner.run(plan, stdin=sys.stdin.buffer, stdout=sys.stdout.buffer)


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that a batch stops its workers and closes its audit log."""


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Turn SIGTERM into ``_Terminated`` inside the block; once the block has unwound (workers
    stopped, audit log closed), end the process by SIGTERM all the same (exit status 143).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(_signum: int, _frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- commands ---------------------------------------------------------------------------------------


def deid_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (never inside an input).")] = None,
    policy: PolicyOption = None,
    key_file: KeyFileOption = None,
    marker: MarkerOption = None,
    audit: AuditOption = None,
    config: ConfigOption = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write report.json/.html and review.jsonl here (not inside OUT)."),
    ] = None,
    jobs: JobsOption = 1,
) -> None:
    """De-identify files and folders into OUT (resumable, with OUT/manifest.jsonl); - is stdin to stdout."""
    settings = _load(config)
    with (
        _sigterm_unwinds(),
        _run_setup(settings, policy=policy, key_file=key_file, marker=marker, audit_url=audit) as run,
    ):
        result = _batch(run, paths, out, report, jobs=jobs)
    uses_stdout = "-" in paths
    _summary(_console(stderr=uses_stdout), result, where=str(out) if out is not None else None)
    if result.count("failed"):
        raise typer.Exit(1)


def detect_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    output_format: Annotated[
        DetectFormat, typer.Option("--format", help="Output format.")
    ] = DetectFormat.JSONL,
) -> None:
    """Print the PHI spans of every document: one JSON line {"id", "spans": [{"start","end","type"}]}.

    Offsets are Python code points into the text (for .jsonl input, into each line's "text").
    """
    from phigate.batch.files import read_input
    from phigate.batch.plan import collect_inputs
    from phigate.detection import default_detector
    from phigate.formats import HEAD_BYTES, HandlerOptions, build_handlers, handler_for

    detector = default_detector()
    # detect prints offsets only: no pseudonym or shifted date leaves it, so no key is needed
    handlers = build_handlers(HandlerOptions(unsafe_ephemeral_keys=True))
    jobs, problems = collect_inputs(paths)
    failed = len(problems)
    for name, problem in problems:
        typer.echo(f"error: {name}: {problem}", err=True)
    for job in jobs:
        try:
            data = sys.stdin.buffer.read() if job.source is None else read_input(job.source, name=job.name)
            handler = handler_for(job.name, data[:HEAD_BYTES], handlers)
            for document in handler.parse(data, source=job.name):
                findings = detector.detect(document)
                multi = len(document.segments) > 1
                spans = [
                    {"start": f.start, "end": f.end, "type": f.category.value}
                    | ({"segment": document.segments[f.segment].path} if multi else {})
                    for f in findings
                ]
                sys.stdout.write(json.dumps({"id": document.id, "spans": spans}, ensure_ascii=False) + "\n")
        except (FormatError, ConfigError) as exc:
            failed += 1
            typer.echo(f"error: {job.name}: {exc}", err=True)
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def scan_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    output_format: Annotated[ScanFormat, typer.Option("--format", help="Report format.")] = ScanFormat.TEXT,
) -> None:
    """Report PHI in logs, exports or fixtures without changing them (file, line, column, category).

    Never prints the values. Exit 0 when clean, 1 when PHI is found, 2 when an input cannot be read.
    Binary files met inside folders are skipped (and counted); named ones are bad input.
    """
    from phigate.batch.files import read_input
    from phigate.batch.plan import collect_inputs
    from phigate.batch.scan import scan_text
    from phigate.detection import default_detector

    detector = default_detector()
    jobs, problems = collect_inputs(paths)
    named = set(paths)
    bad = len(problems)
    for name, problem in problems:
        typer.echo(f"error: {name}: {problem}", err=True)
    found = clean = skipped = 0
    for job in jobs:
        try:
            data = sys.stdin.buffer.read() if job.source is None else read_input(job.source, name=job.name)
        except FormatError as exc:
            bad += 1
            typer.echo(f"error: {exc}", err=True)
            continue
        if b"\x00" in data:
            if job.source is not None and job.name not in named:
                skipped += 1
                continue
            bad += 1
            typer.echo(f"error: {job.name}: binary input, not text", err=True)
            continue
        hits = scan_text(detector, data.decode("utf-8", errors="replace"))
        for hit in hits:
            if output_format is ScanFormat.JSONL:
                line = json.dumps({"file": job.name, **hit.as_json()})
            else:
                line = f"{job.name}:{hit.line}:{hit.column}: {hit.category} ({hit.recognizer})"
            typer.echo(line)
        found += len(hits)
        clean += not hits
    typer.echo(
        f"{found} PHI finding(s) in {len(jobs) - clean - skipped - bad} file(s); {clean} clean, "
        f"{skipped} binary skipped, {bad} unreadable",
        err=True,
    )
    if bad:
        raise typer.Exit(2)
    if found:
        raise typer.Exit(1)


def demo_command(
    out: Annotated[Path, typer.Option("--out", help="Where to write the demo output.")] = Path("out/demo"),
    config: ConfigOption = None,
) -> None:
    """De-identify the bundled synthetic sample notes and print a summary by category."""
    import os
    from importlib.resources import as_file

    from phigate.config import ENV_CONFIG
    from phigate.samples import sample_folder

    settings = _load(config)
    configured = config is not None or bool(os.environ.get(ENV_CONFIG))
    with as_file(sample_folder()) as sample_dir:
        out.mkdir(parents=True, exist_ok=True)
        provider = None if configured else _demo_key(out / "demo.key")
        audit_url = None if configured else f"sqlite:///{(out / 'audit.db').resolve()}"
        with _run_setup(
            settings, policy=None, key_file=None, marker=None, audit_url=audit_url, provider=provider
        ) as run:
            result = _batch(run, [str(sample_dir)], out / "deidentified")
    console = _console(stderr=False)
    _summary(console, result, where=str(out / "deidentified"))
    console.print(f"audit log: {audit_url or settings.audit.store}", markup=False)
    if result.count("failed"):
        raise typer.Exit(1)


def _demo_key(path: Path) -> KeyProvider:
    """The demo's own key file (created on first use), so the demo needs no setup."""
    from phigate.crypto.keys import LocalKeyFile

    return LocalKeyFile(path) if path.exists() else LocalKeyFile.create(path)


def register(app: typer.Typer) -> None:
    """Add ``deid``, ``detect``, ``scan`` and ``demo`` to the ``phigate`` app."""
    app.command("deid")(deid_command)
    app.command("detect")(detect_command)
    app.command("scan")(scan_command)
    app.command("demo")(demo_command)
