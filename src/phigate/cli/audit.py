"""``phigate audit``: append, verify, export, prove, check-proof, checkpoint, purge, public-key.

Exit status: 0 when all is well; 1 when ``verify`` or ``check-proof`` finds the log or proof bad (the
message names the first bad entry); 2 for any other error (bad input line, unreachable store, keys).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, TextIO, cast

import typer

from phigate.cli._common import ConfigOption, key_provider
from phigate.errors import AuditError, AuditIntegrityError, ConfigError, FormatError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from phigate.audit.checkpoint import NoteSigner
    from phigate.audit.log import AuditLog
    from phigate.config import Settings
    from phigate.model import AuditEvent

__all__ = ["register"]

audit_app = typer.Typer(
    name="audit",
    help="Tamper-evident audit log: append, verify, export, prove, check-proof, checkpoint, purge.",
    no_args_is_help=True,
)

StoreOption = Annotated[
    str | None, typer.Option("--store", help="SQLAlchemy URL of the audit store (default: audit.store).")
]
KeyFileOption = Annotated[
    Path | None,
    typer.Option("--key-file", help="Local key file (default: the provider configured under keys:)."),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]

#: Events per transaction when ``append`` reads faster than it writes.
_APPEND_BATCH = 1000


def _settings(config: Path | None) -> Settings:
    from phigate.config import load_settings

    return load_settings(config)


@contextlib.contextmanager
def _engine(settings: Settings, store: str | None, *, must_exist: bool) -> Iterator[Engine]:
    """The store's engine, disposed afterwards. Read-only commands refuse a SQLite file that is not
    there (rather than create an empty one).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from phigate.store.engine import make_engine

    url = store or settings.audit.store
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError("invalid audit store URL") from exc
    database = parsed.database
    if must_exist and parsed.get_backend_name() == "sqlite" and database and database != ":memory:":
        if not Path(database).is_file():
            raise AuditError(f"no audit store at {database}")
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def _keys(settings: Settings, key_file: Path | None) -> tuple[bytes, NoteSigner]:
    """The audit HMAC key and the checkpoint signer (for the commands that open no log)."""
    from phigate.audit.log import audit_keys

    return audit_keys(key_provider(settings, key_file), origin=settings.audit.origin)


@contextlib.contextmanager
def _open_log(settings: Settings, store: str | None, key_file: Path | None) -> Iterator[AuditLog]:
    """An AuditLog on the store with the configured keys, closed (and its engine disposed) afterwards."""
    from phigate.audit.log import AuditLog

    provider = key_provider(settings, key_file)
    with _engine(settings, store, must_exist=False) as engine:
        log = AuditLog.from_settings(engine, keys=provider, settings=settings.audit)
        try:
            yield log
        finally:
            log.close()


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """Stdout, or a temp file next to ``path`` renamed into place only when the block succeeds."""
    if path is None:
        yield sys.stdout
        return
    from phigate.batch.files import atomic_output

    with atomic_output(path, text=True) as handle:
        yield cast("TextIO", handle)


# -- append ---------------------------------------------------------------------------------------------


def _parse_line(raw: bytes) -> AuditEvent:
    import json

    from phigate.audit.canonical import event_from_dict

    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormatError("not a JSON object") from exc
    return event_from_dict(data)


def _more_waiting(stream: BinaryIO) -> bool:
    """Whether more input is ready right now (so a slow producer's events are not held back)."""
    import select

    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return True  # an in-memory stream: all of it is there
    ready, _, _ = select.select([fd], [], [], 0)
    return bool(ready)


def _append_stream(log: AuditLog, stream: BinaryIO) -> tuple[int, int | None]:
    """Append one event per line; return (appended, last seq). A bad line stops the stream: the lines
    before it are appended, it and the lines after it are not.
    """
    batch: list[AuditEvent] = []
    appended, last = 0, None
    for lineno, raw in enumerate(stream, 1):
        if raw.strip():
            try:
                batch.append(_parse_line(raw))
            except FormatError as exc:
                if batch:
                    appended += len(log.append_many(batch))
                kept = f"nothing from this line on was appended ({appended} earlier events were)"
                raise FormatError(f"line {lineno}: {exc}; {kept}") from exc
        if batch and (len(batch) >= _APPEND_BATCH or not _more_waiting(stream)):
            last = log.append_many(batch)[-1]
            appended += len(batch)
            batch = []
    if batch:
        last = log.append_many(batch)[-1]
        appended += len(batch)
    return appended, last


@audit_app.command("append")
def append(store: StoreOption = None, key_file: KeyFileOption = None, config: ConfigOption = None) -> None:
    """Append JSON events from stdin, one per line; each acknowledged batch is durable.

    Required: action, actor, outcome, started_at, ended_at (RFC 3339 with an offset). Optional:
    actor_type, request_id, client_address, patient_ref, model, model_version, role, purpose_of_use,
    decision, disposition, entity_counts, details. A bad line stops the input (exit 2).
    """
    with _open_log(_settings(config), store, key_file) as log:
        try:
            appended, last = _append_stream(log, sys.stdin.buffer)
        finally:
            log.checkpoint()  # so what was appended can be proven right away
    typer.echo(f"appended {appended} events" + (f" (last seq {last})" if last is not None else ""))


# -- verify, checkpoint, purge, public-key --------------------------------------------------------------


@audit_app.command("verify")
def verify(store: StoreOption = None, key_file: KeyFileOption = None, config: ConfigOption = None) -> None:
    """Verify every entry, the hash chain and every signed checkpoint. Exit 1 names the first bad entry."""
    from phigate.audit.verify import summarize, verify_log

    settings = _settings(config)
    hmac_key, signer = _keys(settings, key_file)
    with _engine(settings, store, must_exist=True) as engine:
        try:
            verify_log(engine, hmac_key=hmac_key, verifier=signer.verifier)
        except AuditIntegrityError as exc:
            typer.echo(f"FAILED: {exc}", err=True)
            raise typer.Exit(1) from None
        summary = summarize(engine, hmac_key=hmac_key)
    purged = f"; details purged through seq {summary.purged_through}" if summary.purged_through else ""
    typer.echo(f"ok: {summary.size} entries and {summary.checkpoints} signed checkpoints verified{purged}")


@audit_app.command("checkpoint")
def checkpoint(
    store: StoreOption = None,
    key_file: KeyFileOption = None,
    config: ConfigOption = None,
    output: OutputOption = None,
) -> None:
    """Sign a checkpoint of the whole log now and print it (a signed note, to publish elsewhere)."""
    settings = _settings(config)
    with _open_log(settings, store, key_file) as log:
        head = log.checkpoint()
        note = log.signer.sign(head)  # Ed25519 is deterministic: the very note the log stored
    with _output(output) as out:
        out.write(note)


@audit_app.command("purge")
def purge(
    actor: Annotated[str, typer.Option("--actor", help="Who runs the purge (recorded in the log).")],
    retention_years: Annotated[
        int | None,
        typer.Option("--retention-years", min=1, help="Keep details this long (default: audit.*)."),
    ] = None,
    store: StoreOption = None,
    key_file: KeyFileOption = None,
    config: ConfigOption = None,
) -> None:
    """Drop the details of entries older than the retention period; the log stays verifiable."""
    from phigate.audit.retention import purge_expired

    settings = _settings(config)
    years = retention_years or settings.audit.retention_years
    with _open_log(settings, store, key_file) as log:
        report = purge_expired(log, actor=actor, years=years)
    typer.echo(
        f"purged details of {report.purged} entries recorded before {report.before.isoformat()} "
        f"(details purged through seq {report.through_seq}); recorded as entry {report.event_seq}"
    )


@audit_app.command("public-key")
def public_key(
    key_file: KeyFileOption = None, config: ConfigOption = None, output: OutputOption = None
) -> None:
    """Print the verifier key (<origin>+<key id>+<key>) that checks this log's checkpoints offline."""
    settings = _settings(config)
    _, signer = _keys(settings, key_file)
    with _output(output) as out:
        out.write(signer.verifier.vkey() + "\n")


# -- export, prove, check-proof -------------------------------------------------------------------------


@audit_app.command("export")
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, fhir (R4 AuditEvent NDJSON), cef or syslog.")
    ],
    store: StoreOption = None,
    output: OutputOption = None,
    start: Annotated[int, typer.Option("--start", min=1, help="First seq to export.")] = 1,
    hostname: Annotated[
        str | None, typer.Option("--hostname", help="syslog HOSTNAME (default: this host).")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Export entries, one line each. Run 'verify' first: export reads, it does not check."""
    import socket

    from phigate.audit.export import FORMATS
    from phigate.audit.export import export as export_entries

    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    host = hostname or socket.gethostname()
    with _engine(_settings(config), store, must_exist=True) as engine, _output(output) as out:
        count = export_entries(engine, fmt, out, start=start, hostname=host)
    if output is not None:
        typer.echo(f"exported {count} entries to {output}")


@audit_app.command("prove")
def prove(
    seq: Annotated[int | None, typer.Option("--seq", min=1, help="Prove this entry is in the log.")] = None,
    from_size: Annotated[
        int | None, typer.Option("--from-size", min=0, help="Prove the checkpoint at this size is a prefix.")
    ] = None,
    to_size: Annotated[
        int | None,
        typer.Option("--to-size", min=0, help="...of the checkpoint at this size (default: latest)."),
    ] = None,
    at_size: Annotated[
        int | None, typer.Option("--at-size", min=1, help="With --seq: prove against this checkpoint size.")
    ] = None,
    store: StoreOption = None,
    output: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Write an inclusion proof (--seq) or a consistency proof (--from-size) as JSON, for check-proof."""
    import json

    from phigate.audit.proofs import build_consistency_proof, build_inclusion_proof

    if (seq is None) == (from_size is None):
        raise ConfigError("give exactly one of --seq (inclusion) or --from-size (consistency)")
    if to_size is not None and from_size is None:
        raise ConfigError("--to-size goes with --from-size")
    if at_size is not None and seq is None:
        raise ConfigError("--at-size goes with --seq")
    with _engine(_settings(config), store, must_exist=True) as engine:
        if seq is not None:
            doc = build_inclusion_proof(engine, seq, at_size)
        elif from_size is not None:
            doc = build_consistency_proof(engine, from_size, to_size)
    with _output(output) as out:
        out.write(json.dumps(doc, indent=2) + "\n")


@audit_app.command("check-proof")
def check_proof(
    proof: Annotated[Path, typer.Argument(help="A proof file written by phigate audit prove.")],
    public_key_file: Annotated[
        Path,
        typer.Option(
            "--public-key",
            help="The log's key: from 'phigate audit public-key', or a PEM from 'phigate keys public-key'.",
        ),
    ],
    origin: Annotated[
        str | None, typer.Option("--origin", help="The log's origin, for a PEM key (default: audit.origin).")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Check a proof offline, with the log's public key only (no database, no secret key)."""
    from phigate.audit.offline import ProvenEntry, load_verifier
    from phigate.audit.offline import check_proof as check

    try:
        key_data, proof_data = public_key_file.read_bytes(), proof.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror or type(exc).__name__}", path=exc.filename) from exc
    name = origin or _settings(config).audit.origin
    try:
        proven = check(proof_data, load_verifier(key_data, name=name))
    except AuditIntegrityError as exc:
        typer.echo(f"FAILED: {exc}", err=True)
        raise typer.Exit(1) from None
    if isinstance(proven, ProvenEntry):
        head = proven.checkpoint
        typer.echo(
            f"ok: entry {proven.seq} is in {head.origin} at size {head.size} ({head.timestamp.isoformat()})"
        )
    else:
        new, old = proven.new, proven.old
        typer.echo(f"ok: {new.origin} at size {new.size} extends size {old.size}; nothing was rewritten")


def register(app: typer.Typer) -> None:
    """Add ``phigate audit ...`` to the app."""
    app.add_typer(audit_app)
