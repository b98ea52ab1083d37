"""The ``pseudonymize`` policy: realistic, consistent surrogates instead of markers.

Identifiers become surrogates of the same shape, keyed by the secret and the patient (see
``phigate.transforms.pseudonymize``); dates move by the patient's offset, keeping intervals; ages over
89 still become ``90+``; biometric and photo references, which have no realistic surrogate, become
markers. The output keeps month and day (shifted), so it is not Safe Harbor: use it under Expert
Determination or for development data. It needs a secret key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from phigate.errors import ConfigError
from phigate.model import Category, Decision, Document, Finding, new_action

__all__ = ["PSEUDONYMIZE_VERSION", "PseudonymizePolicy"]

PSEUDONYMIZE_VERSION = "1.0"

#: The transform per category; every category not named here is pseudonymized.
_SPECIAL: Mapping[Category, str] = {
    Category.DATE: "date-shift",
    Category.AGE: "generalize",
    Category.BIOMETRIC: "redact",
    Category.PHOTO: "redact",
}


class PseudonymizePolicy:
    """Surrogates, date shifts and ``90+``; ``unparsed_dates`` is ``redact`` (default) or ``error``."""

    name = "pseudonymize"
    requires_secret = True

    def __init__(self, *, unparsed_dates: str = "redact") -> None:
        if unparsed_dates not in ("redact", "error"):
            raise ConfigError("unparsed_dates must be 'redact' or 'error'")
        self.unparsed_dates = unparsed_dates
        self._rules: dict[Category, tuple[str, Mapping[str, str]]] = {
            cat: (_SPECIAL.get(cat, "pseudonymize"), {}) for cat in Category
        }
        self._rules[Category.DATE] = ("date-shift", {"unparsed": unparsed_dates})
        #: The policy version, plus how unreadable dates are handled.
        self.version = f"{PSEUDONYMIZE_VERSION}+unparsed-dates.{self.unparsed_dates}"

    def decide(self, document: Document, findings: Sequence[Finding]) -> Decision:
        """One action per finding, by its category."""
        rules = self._rules
        actions = tuple([new_action(f, *rules[f.category]) for f in findings])
        return Decision(self.name, self.version, actions)
