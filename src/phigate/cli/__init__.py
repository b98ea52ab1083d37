"""The ``phigate`` command line. Each submodule registers its own commands on the one Typer app.

Commands import their heavy dependencies lazily, so ``phigate --help`` starts fast.
"""

from __future__ import annotations

import importlib
import sys

import typer

from phigate.errors import PhigateError

__all__ = ["app", "main"]

app = typer.Typer(
    name="phigate",
    help="De-identify PHI, gate AI calls, and keep the proof.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Submodules of ``phigate.cli`` that register commands, in help order.
_COMMAND_MODULES: tuple[str, ...] = ("text", "evaluate", "keys", "audit", "gateway", "db", "structured")

for _name in _COMMAND_MODULES:
    importlib.import_module(f"phigate.cli.{_name}").register(app)


def main() -> None:
    """Entry point. Click reports usage errors itself; a PhigateError becomes one line on stderr, exit 2."""
    try:
        app()
    except PhigateError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
