"""``keep``: leave the finding as it is (for policies that allow a category, e.g. a limited data set)."""

from __future__ import annotations

from phigate.model import Action
from phigate.transforms.base import TransformContext

__all__ = ["KeepTransform"]


class KeepTransform:
    """Returns the value unchanged."""

    name = "keep"

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        """``value``."""
        return value
