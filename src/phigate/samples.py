"""The synthetic sample notes shipped in the package (``phigate/data/samples``).

``phigate demo`` de-identifies them; detectors run over them once at start-up so the word lists and
caches they load on first use are loaded before the first real document or request.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from phigate.errors import ConfigError

__all__ = ["sample_folder", "sample_texts"]


def sample_folder() -> Traversable:
    """The folder of the bundled sample notes; a ``ConfigError`` when it is missing or empty."""
    folder = files("phigate").joinpath("data", "samples")
    if not folder.is_dir() or not any(entry.name.endswith(".txt") for entry in folder.iterdir()):
        raise ConfigError("the bundled sample notes are missing (phigate/data/samples)")
    return folder


@cache
def sample_texts() -> tuple[str, ...]:
    """The text of every bundled sample note, in file-name order."""
    entries = sorted(sample_folder().iterdir(), key=lambda e: e.name)
    return tuple(entry.read_text(encoding="utf-8") for entry in entries if entry.name.endswith(".txt"))
