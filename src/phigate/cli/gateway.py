"""``phigate serve``, ``phigate vendors`` and ``phigate apikeys create|list|revoke|rotate``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phigate.cli._common import ConfigOption
from phigate.errors import ConfigError

if TYPE_CHECKING:
    from phigate.config import Settings
    from phigate.gateway.auth import ApiKeys

__all__ = ["register"]


apikeys_app = typer.Typer(
    name="apikeys",
    help="Service API keys of the gateway: create (shown once), list, revoke, rotate.",
    no_args_is_help=True,
)


def _settings(config: Path | None) -> Settings:
    from phigate.config import load_settings

    return load_settings(config)


def _api_keys(settings: Settings) -> ApiKeys:
    from phigate.gateway.auth import ApiKeys
    from phigate.store.engine import make_engine

    return ApiKeys(make_engine(settings.gateway.store_url))


def serve(
    config: ConfigOption = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: gateway.host).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: gateway.port).")] = None,
    tls_cert: Annotated[Path | None, typer.Option(help="PEM certificate (gateway.tls_cert).")] = None,
    tls_key: Annotated[Path | None, typer.Option(help="PEM private key (default: gateway.tls_key).")] = None,
    unsafe_plain_http: Annotated[
        bool, typer.Option("--unsafe-plain-http", help="Allow plain HTTP on a non-loopback address.")
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "warning",
    workers: Annotated[
        int, typer.Option(help="Gateway processes sharing the port and the stores (rate limits need Redis).")
    ] = 1,
) -> None:
    """Run the PHI-safe OpenAI-compatible gateway (TLS 1.2+; plain HTTP only on loopback)."""
    from phigate.gateway.serve import serve as run

    settings = _settings(config)
    gateway = settings.gateway
    run(
        settings,
        host=host or gateway.host,
        port=port or gateway.port,
        tls_cert=tls_cert or gateway.tls_cert,
        tls_key=tls_key or gateway.tls_key,
        unsafe_plain_http=unsafe_plain_http,
        log_level=log_level,
        workers=workers,
    )


def vendors(config: ConfigOption = None) -> None:
    """List the model vendors, their BAA state and checklist warnings; warn before a BAA expires."""
    from rich.console import Console
    from rich.table import Table

    from phigate.gateway.vendors import VendorRegistry

    settings = _settings(config)
    lines = VendorRegistry(settings.gateway.vendors).status(warn_days=settings.gateway.vendor_warn_days)
    table = Table("vendor", "deployment", "endpoint", "models", "BAA", "days left", "services covered")
    for column in table.columns:
        column.overflow = "fold"
    for line in lines:
        table.add_row(
            line.name,
            line.deployment,
            line.endpoint,
            ", ".join(line.models),
            line.baa,
            "" if line.days_left is None else str(line.days_left),
            ", ".join(line.services) or "-",
        )
    Console().print(table)
    err = Console(stderr=True)
    for line in lines:
        for warning in line.warnings:
            err.print(f"[yellow]warning[/]: {line.name}: {warning}", highlight=False)


@apikeys_app.command("create")
def create(
    name: Annotated[str, typer.Option(help="The service the key is for (its audit actor id).")],
    role: Annotated[str, typer.Option(help="A role from gateway.roles.")],
    days: Annotated[float, typer.Option(help="Days until the key expires.")] = 90.0,
    config: ConfigOption = None,
) -> None:
    """Create a key. It is printed once and cannot be shown again."""
    settings = _settings(config)
    if role not in settings.gateway.roles:
        raise ConfigError(f"unknown role {role!r} (configured: {', '.join(sorted(settings.gateway.roles))})")
    record, token = _api_keys(settings).create(name=name, role=role, days=days)
    typer.echo(f"id:      {record.id}")
    typer.echo(f"expires: {record.expires_at.isoformat()}")
    typer.echo(f"key:     {token}")
    typer.echo("Store the key now; it is not shown again.", err=True)


@apikeys_app.command("list")
def list_keys(config: ConfigOption = None) -> None:
    """List keys (never the keys themselves)."""
    from rich.console import Console
    from rich.table import Table

    now = dt.datetime.now(dt.UTC)
    table = Table("id", "name", "role", "state", "created", "expires", "rotated to")
    for column in table.columns:
        column.overflow = "fold"
    table.columns[0].no_wrap = True
    for record in _api_keys(_settings(config)).list():
        table.add_row(
            record.id,
            record.name,
            record.role,
            record.state(now),
            record.created_at.strftime("%Y-%m-%d %H:%M"),
            record.expires_at.strftime("%Y-%m-%d %H:%M"),
            record.rotated_to or "",
        )
    Console().print(table)


@apikeys_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="The key's id.")], config: ConfigOption = None) -> None:
    """Revoke a key at once."""
    record = _api_keys(_settings(config)).revoke(key_id)
    typer.echo(f"revoked {record.id} ({record.name})")


@apikeys_app.command("rotate")
def rotate(
    key_id: Annotated[str, typer.Argument(help="The key's id.")],
    grace_hours: Annotated[float, typer.Option(help="Hours the old key keeps working.")] = 0.0,
    config: ConfigOption = None,
) -> None:
    """Replace a key with a new one (printed once); the old one stops now or after the grace period."""
    record, token = _api_keys(_settings(config)).rotate(key_id, grace_hours=grace_hours)
    typer.echo(f"id:      {record.id}")
    typer.echo(f"expires: {record.expires_at.isoformat()}")
    typer.echo(f"key:     {token}")
    typer.echo("Store the key now; it is not shown again.", err=True)


def register(app: typer.Typer) -> None:
    """Add the gateway's commands to the ``phigate`` app."""
    app.command("serve")(serve)
    app.command("vendors")(vendors)
    app.add_typer(apikeys_app)
