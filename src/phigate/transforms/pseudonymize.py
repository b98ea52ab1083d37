"""``pseudonymize``: a keyed surrogate of the same shape, the same for the same patient and value.

The surrogate is drawn from HMAC-SHA256 under the pseudonym key derived from the secret, over the
patient key, the category and the normalised value (for names and places, each word). So a value gets
the same surrogate everywhere in a document and in every document of the same patient, a second run
with the same key gives the same output, and a different patient or key gives an unrelated one.
"""

from __future__ import annotations

from phigate.model import Action
from phigate.transforms.base import Draw, TransformContext
from phigate.transforms.surrogate import surrogate

__all__ = ["PseudonymizeTransform"]


class PseudonymizeTransform:
    """Replaces the value with a realistic surrogate (see ``phigate.transforms.surrogate``)."""

    name = "pseudonymize"

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        """The surrogate; no secret or a category with no surrogate is a ``TransformError``."""
        key = ctx.keys().pseudonym
        category = action.finding.category
        scope = f"{ctx.patient_key}\x1f{category.value}\x1f"
        return surrogate(category, value, lambda label: Draw(key, scope + label))
