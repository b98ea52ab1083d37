"""The synthetic sample notes shipped in the package (``phigate/data/samples``).

``phigate demo`` de-identifies them; detectors run over them once at start-up so the word lists and
caches they load on first use are loaded before the first real document or request.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from phigate.errors import ConfigError

__all__ = ["sample_texts"]


@cache
def sample_texts() -> tuple[str, ...]:
    """The text of every bundled sample note, in file-name order."""
    folder = files("phigate").joinpath("data", "samples")
    texts = tuple(
        entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    )
    if not texts:
        raise ConfigError("the bundled sample notes are missing (phigate/data/samples)")
    return texts
