"""``phigate keys``: create, rotate, retire and inspect master keys. Never prints key bytes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phigate.cli._common import ConfigOption
from phigate.errors import ConfigError, KeyAccessError

if TYPE_CHECKING:
    from phigate.config import KeysSettings
    from phigate.crypto.datakeys import DataKeys
    from phigate.crypto.keys import KeyProvider

__all__ = ["register"]

keys_app = typer.Typer(
    name="keys",
    help="Master keys: init, rotate (re-wraps data keys), retire, status, public-key.",
    no_args_is_help=True,
)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Database URL of the key-metadata store (default: keys.store_url)."),
]


def _settings(config: Path | None) -> KeysSettings:
    from phigate.config import load_settings

    return load_settings(config).keys


def _open(settings: KeysSettings, store_url: str | None) -> tuple[KeyProvider, DataKeys | None]:
    """The configured provider and, when a store URL is known, the data keys in that store."""
    from phigate.crypto.datakeys import DataKeys
    from phigate.crypto.keys import provider_from_settings
    from phigate.store.datakeys import SqlDataKeyStore
    from phigate.store.engine import make_engine

    url = store_url or settings.store_url
    store = None if url is None else SqlDataKeyStore(make_engine(url))
    provider = provider_from_settings(settings, store=store)
    return provider, None if store is None else DataKeys(provider, store)


@keys_app.command("init")
def init(
    key_file: Annotated[
        Path | None, typer.Option("--key-file", help="Where to write the key file (default: keys.key_file).")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Create a new local master key file (mode 0600). Refuses to overwrite an existing file."""
    from phigate.crypto.keys import LocalKeyFile

    path = key_file or _settings(config).key_file
    created = LocalKeyFile.create(path)
    typer.echo(f"created {created.path} (key id {created.key_id}, version 1, mode 0600)")
    typer.echo("back this file up: without it nothing encrypted under it can be read again")


@keys_app.command("rotate")
def rotate(store: StoreOption = None, config: ConfigOption = None) -> None:
    """Add a new master version and re-wrap every stored data key under it (data is not re-encrypted)."""
    provider, data_keys = _open(_settings(config), store)
    version = provider.rotate()
    typer.echo(f"{provider.key_id}: version {version} is now active; older versions are decrypt-only")
    if data_keys is None:
        typer.echo("no key-metadata store given (--store / keys.store_url): no data keys re-wrapped")
        return
    typer.echo(f"re-wrapped {data_keys.rewrap_all()} data keys under version {version}")


@keys_app.command("rewrap")
def rewrap(store: StoreOption = None, config: ConfigOption = None) -> None:
    """Re-wrap stored data keys still under an older master version (finishes an interrupted rotate)."""
    provider, data_keys = _open(_settings(config), store)
    if data_keys is None:
        raise ConfigError("rewrap needs the key-metadata store: pass --store or set keys.store_url")
    typer.echo(f"re-wrapped {data_keys.rewrap_all()} data keys for {provider.key_id}")


@keys_app.command("retire")
def retire(
    version: Annotated[int, typer.Argument(help="The decrypt-only master version to retire.")],
    store: StoreOption = None,
    config: ConfigOption = None,
) -> None:
    """Retire a decrypt-only master version, after checking that no stored data key still needs it."""
    provider, data_keys = _open(_settings(config), store)
    if data_keys is None:
        raise ConfigError("retire needs the key-metadata store to check it: pass --store or keys.store_url")
    needing = sum(n for v, n in data_keys.count_by_version().items() if v is not None and v <= version)
    if needing:
        raise KeyAccessError(
            f"{needing} data keys are still wrapped by version {version} or older; run: phigate keys rewrap"
        )
    provider.retire(version)
    typer.echo(f"{provider.key_id}: version {version} retired")


@keys_app.command("status")
def status(store: StoreOption = None, config: ConfigOption = None) -> None:
    """List master versions (created, active / decrypt-only / retired) and stored data keys per version."""
    provider, data_keys = _open(_settings(config), store)
    counts = {} if data_keys is None else data_keys.count_by_version()
    typer.echo(f"key id: {provider.key_id}")
    typer.echo(f"{'version':>7}  {'created (UTC)':<25}  {'state':<12}  data keys")
    for version in provider.versions():
        created = version.created.isoformat() if version.created else "-"
        count = str(counts.get(version.version, 0)) if data_keys is not None else "-"
        typer.echo(f"{version.version:>7}  {created:<25}  {version.state:<12}  {count}")
    if None in counts:
        typer.echo(f"data keys whose wrapping version the provider does not reveal: {counts[None]}")


@keys_app.command("public-key")
def public_key(
    out: Annotated[Path | None, typer.Option("--out", help="Write the PEM here instead of stdout.")] = None,
    store: StoreOption = None,
    config: ConfigOption = None,
) -> None:
    """Print the Ed25519 public key that verifies audit checkpoints (PEM), for offline verifiers."""
    from phigate.crypto.signing import Signer

    provider, _ = _open(_settings(config), store)
    pem = Signer(provider).public_key_pem()
    if out is None:
        typer.echo(pem.decode(), nl=False)
    else:
        out.write_bytes(pem)
        typer.echo(f"wrote {out}")


def register(app: typer.Typer) -> None:
    """Add ``phigate keys ...`` to the app."""
    app.add_typer(keys_app)
