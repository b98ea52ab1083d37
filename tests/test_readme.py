"""The README is a test: its commands, options and Python example must match the real program."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

import phigate
from phigate.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _code_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def _phigate_invocations() -> list[list[str]]:
    calls = []
    for block in _code_blocks("sh"):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            for part in command.split("|"):
                words = shlex.split(part)
                if words and words[0] == "phigate":
                    calls.append(words[1:])
    return calls


def test_quick_start_is_exactly_the_two_make_commands() -> None:
    quick = README.read_text(encoding="utf-8").split("## Quick start", 1)[1]
    first_block = re.search(r"```sh\n(.*?)```", quick, flags=re.S)
    assert first_block is not None
    commands = [line.split("#", 1)[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]


def test_readme_shows_commands() -> None:
    assert len(_phigate_invocations()) >= 15


@pytest.mark.parametrize("words", _phigate_invocations(), ids=lambda w: " ".join(w[:2]))
def test_every_readme_command_and_option_exists(words: list[str]) -> None:
    command = typer.main.get_command(app)
    rest = list(words)
    while rest and hasattr(command, "commands") and rest[0] in command.commands:  # type: ignore[attr-defined]
        command = command.commands[rest.pop(0)]  # type: ignore[attr-defined]
    assert not hasattr(command, "commands"), f"'phigate {' '.join(words)}' names no command"
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    for word in rest:
        if word.startswith("--"):
            assert word.split("=", 1)[0] in known, f"{word} is not an option of 'phigate {words[0]}'"


def test_python_example_output_is_what_the_readme_says() -> None:
    block = _code_blocks("python")[0]
    call = re.search(r"print\((phigate\.deidentify\(.*\))\)", block)
    expected = re.search(r"^# (.*?)\s{2,}\(", block, flags=re.M)
    assert call is not None and expected is not None
    text = re.search(r'deidentify\("(.*)"\)', call.group(1))
    assert text is not None
    assert phigate.deidentify(text.group(1)) == expected.group(1)
