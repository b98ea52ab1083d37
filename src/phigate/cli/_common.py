"""Helpers every command group shares: the ``--config`` option and the key provider a command runs with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from phigate.config import Settings
    from phigate.crypto.keys import KeyProvider

__all__ = ["ConfigOption", "key_provider"]

ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Config file (default: $PHIGATE_CONFIG, else built-ins).")
]


def key_provider(settings: Settings, key_file: Path | None) -> KeyProvider:
    """``--key-file`` (a local key file), else the provider configured under ``keys:``.

    Remote providers (Vault, KMS) keep their wrapped purpose roots in ``keys.store_url``, which is
    opened here when it is set.
    """
    from phigate.crypto.keys import LocalKeyFile, provider_from_settings

    if key_file is not None:
        return LocalKeyFile(key_file)
    store = None
    if settings.keys.store_url:
        from phigate.store.datakeys import SqlDataKeyStore
        from phigate.store.engine import make_engine

        store = SqlDataKeyStore(make_engine(settings.keys.store_url))
    return provider_from_settings(settings.keys, store=store)
