"""Synthetic labelled clinical documents for measuring detection, with a fixed seed.

Two splits with separate template sets: ``dev`` (tune against it) and ``heldout`` (report it; never
tune against it). Each split has its own default seed, so even the drawn values differ.
"""

from __future__ import annotations

from collections.abc import Iterator

from phigate.errors import PhigateError
from phigate.evaluation.corpus import LabelledDoc
from phigate.evaluation.synth.engine import TemplateSet, generate_docs

__all__ = ["DEFAULT_SEEDS", "SPLITS", "generate", "template_set"]

SPLITS = ("dev", "heldout")
#: The seed each split uses unless told otherwise.
DEFAULT_SEEDS = {"dev": 20240501, "heldout": 90210577}


def template_set(split: str) -> TemplateSet:
    """The template set of ``split``."""
    if split == "dev":
        from phigate.evaluation.synth.dev import TEMPLATES
    elif split == "heldout":
        from phigate.evaluation.synth.heldout import TEMPLATES
    else:
        raise PhigateError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    return TEMPLATES


def generate(split: str, *, docs: int, seed: int | None = None) -> Iterator[LabelledDoc]:
    """Yield ``docs`` labelled documents of ``split``; the same split and seed give the same corpus."""
    if docs < 1:
        raise PhigateError("the number of documents must be at least 1")
    return generate_docs(template_set(split), docs=docs, seed=DEFAULT_SEEDS[split] if seed is None else seed)
