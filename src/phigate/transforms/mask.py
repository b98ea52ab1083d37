"""``mask``: hide every letter and digit, keep separators and length (``555-0134`` -> ``***-****``)."""

from __future__ import annotations

from phigate.errors import TransformError
from phigate.model import Action
from phigate.transforms.base import TransformContext

__all__ = ["MaskTransform"]


class MaskTransform:
    """Replaces each letter and digit with the ``char`` parameter (default ``*``)."""

    name = "mask"

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        """The masked value; a ``char`` parameter that is not one non-alphanumeric character is an error."""
        char = action.params.get("char", "*")
        if len(char) != 1 or char.isalnum():
            raise TransformError("the mask character must be one non-alphanumeric character")
        return "".join(char if c.isalnum() else c for c in value)
