"""``redact``: replace the finding with a marker (``[NAME]`` by default, ``***``, ``[REDACTED]``, ...)."""

from __future__ import annotations

from phigate.model import Action
from phigate.transforms.base import TransformContext, marker

__all__ = ["RedactTransform"]


class RedactTransform:
    """Replaces the value with the context's marker for the finding's category."""

    name = "redact"

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        """The marker; the value itself is not looked at."""
        return marker(ctx.marker, action.finding.category)
