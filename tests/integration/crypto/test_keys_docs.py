"""docs/keys.md is checked: its Python examples run, and its command table matches the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from phigate.cli.keys import keys_app
from phigate.config import KeysSettings
from phigate.crypto.keys import LocalKeyFile

DOC = Path(__file__).parents[3] / "docs" / "keys.md"


def test_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    LocalKeyFile.create(tmp_path / "phigate.key")
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})  # noqa: S102  (our own documentation)


def test_every_command_and_setting_is_documented() -> None:
    text = DOC.read_text()
    commands = {command.name for command in typer.main.get_command(keys_app).commands.values()}  # type: ignore[attr-defined]
    assert commands == {"init", "rotate", "rewrap", "retire", "status", "public-key"}
    for name in commands:
        assert f"`phigate keys {name}" in text
    for field in KeysSettings.model_fields:
        assert f"  {field}:" in text, field
