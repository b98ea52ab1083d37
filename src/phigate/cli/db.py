"""``phigate db``: migrate phigate's databases and report which schema revision each holds.

Components migrate their own tables when they first open a database; ``phigate db upgrade`` does it
ahead of a deployment (for example once, before starting several gateway replicas), and ``phigate db
status`` shows each store's revisions. Exit status: 0 when every store is current; 1 when ``status``
finds one behind; 2 for any other error (bad URL, unreachable store).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phigate.cli._common import ConfigOption
from phigate.errors import ConfigError

if TYPE_CHECKING:
    from phigate.config import Settings

__all__ = ["register"]

db_app = typer.Typer(
    name="db",
    help="Database schema: upgrade (run pending migrations), status (revision of each store).",
    no_args_is_help=True,
)

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url", help="One database URL to act on instead of the configured stores (needs --group)."
    ),
]
GroupOption = Annotated[
    list[str] | None,
    typer.Option("--group", help="Table group(s) for --url: audit, keys, vault, gateway (repeatable)."),
]


def configured_stores(settings: Settings) -> dict[str, tuple[str, ...]]:
    """Each configured database URL -> the table groups phigate keeps there.

    The audit log has its own store; the gateway's credentials live in ``gateway.store_url``; wrapped
    data keys and the pseudonym vault in ``keys.store_url``, or the gateway's store when that is unset.
    """
    stores: dict[str, list[str]] = {}
    key_store = settings.keys.store_url or settings.gateway.store_url
    for url, group in (
        (settings.audit.store, "audit"),
        (settings.gateway.store_url, "gateway"),
        (key_store, "keys"),
        (key_store, "vault"),
    ):
        stores.setdefault(url, []).append(group)
    return {url: tuple(groups) for url, groups in stores.items()}


def _targets(config: Path | None, url: str | None, groups: list[str] | None) -> dict[str, tuple[str, ...]]:
    from phigate.config import load_settings
    from phigate.store.schema import GROUPS

    if url is None:
        if groups:
            raise ConfigError("--group needs --url")
        return configured_stores(load_settings(config))
    if not groups:
        raise ConfigError(f"--url needs --group (one or more of: {', '.join(GROUPS)})")
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        raise ConfigError(f"unknown table group(s): {', '.join(unknown)} (known: {', '.join(GROUPS)})")
    return {url: tuple(dict.fromkeys(groups))}


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _held(url: str) -> dict[str, str]:
    """The revisions ``url`` holds; nothing for a SQLite file that does not exist (never created here)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from phigate.errors import PhigateError
    from phigate.store.engine import make_engine
    from phigate.store.schema import revisions

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).exists():
            return {}
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return revisions(conn)
    except SQLAlchemyError as exc:
        raise PhigateError(f"cannot read {_shown(url)}: {type(exc).__name__}") from exc
    finally:
        engine.dispose()


@db_app.command("upgrade")
def upgrade(config: ConfigOption = None, url: UrlOption = None, group: GroupOption = None) -> None:
    """Run the pending migrations of every configured store (or of --url's --group tables)."""
    from phigate.errors import PhigateError
    from phigate.store.engine import make_engine
    from phigate.store.schema import HEADS, ensure_schema

    for target, groups in _targets(config, url, group).items():
        engine = make_engine(target)
        try:
            for name in groups:
                ensure_schema(engine, name, error=PhigateError)
                typer.echo(f"{_shown(target)}: {name} at {HEADS[name]}")
        finally:
            engine.dispose()


@db_app.command("status")
def status(config: ConfigOption = None, url: UrlOption = None, group: GroupOption = None) -> None:
    """Show the revision of each table group in each store; exit 1 when one is not current."""
    from rich.console import Console
    from rich.table import Table

    from phigate.store.schema import HEADS

    table = Table("store", "group", "revision", "newest", "state")
    behind = False
    for target, groups in _targets(config, url, group).items():
        held = _held(target)
        for name in groups:
            revision = held.get(name)
            state = "current" if revision == HEADS[name] else "not created" if revision is None else "behind"
            behind = behind or state == "behind"
            table.add_row(_shown(target), name, revision or "-", HEADS[name], state)
    Console().print(table)
    if behind:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``db`` command group."""
    app.add_typer(db_app)
