"""The ``safe-harbor`` policy: remove the 18 identifiers of 45 CFR 164.514(b)(2)(i)(A)-(R).

Every identifier is a numbered rule below, tagged ``# (n):`` with its paragraph letter; a test
checks that all 18 are present and that every category falls under exactly one of them.

- Dates keep their year only; a year that implies an age over 89 and every age over 89 become
  ``90+`` (paragraph (C)).
- ZIP codes keep their first three digits, or ``000`` for the restricted ZIP3s of a named, versioned
  table (paragraph (B)); the table's name and digest are part of the policy version.
- Everything else becomes a redaction marker.

Safe Harbor also needs the covered entity to have no actual knowledge that the rest could identify
someone (164.514(b)(2)(ii)); no tool can decide that, so it is the user's part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from phigate.errors import PolicyError
from phigate.model import Category, Decision, Document, Finding, new_action
from phigate.policy.zip3 import DEFAULT_ZIP3_TABLE, get_zip3_table

__all__ = ["IDENTIFIERS", "SAFE_HARBOR_VERSION", "Identifier", "SafeHarborPolicy"]

SAFE_HARBOR_VERSION = "1.0"

_REDACT: tuple[str, Mapping[str, str]] = ("redact", {})
_GENERALIZE: tuple[str, Mapping[str, str]] = ("generalize", {})


@dataclass(frozen=True, slots=True)
class Identifier:
    """One of the 18 identifiers: its number, paragraph letter, wording, and the transform per category."""

    number: int
    letter: str
    wording: str
    rules: Mapping[Category, tuple[str, Mapping[str, str]]]


#: 45 CFR 164.514(b)(2)(i)(A)-(R), in the regulation's order.
IDENTIFIERS: tuple[Identifier, ...] = (
    # (1): (A) names -> marker
    Identifier(1, "A", "Names", {Category.NAME: _REDACT}),
    # (2): (B) geography below a State -> marker; ZIP -> ZIP3, or 000 if restricted (params set per table)
    Identifier(
        2,
        "B",
        "All geographic subdivisions smaller than a State, including street address, city, county, "
        "precinct, zip code, and their equivalent geocodes, except the initial three digits of a zip code "
        "for units of more than 20,000 people",
        {Category.LOCATION: _REDACT, Category.ZIP: _GENERALIZE},
    ),
    # (3): (C) dates -> year only; ages over 89 and years indicating them -> 90+
    Identifier(
        3,
        "C",
        "All elements of dates (except year) directly related to an individual, and all ages over 89 "
        "and all elements of dates indicative of such age, except as a category of age 90 or older",
        {Category.DATE: _GENERALIZE, Category.AGE: _GENERALIZE},
    ),
    # (4): (D) telephone numbers -> marker
    Identifier(4, "D", "Telephone numbers", {Category.PHONE: _REDACT}),
    # (5): (E) fax numbers -> marker
    Identifier(5, "E", "Fax numbers", {Category.FAX: _REDACT}),
    # (6): (F) electronic mail addresses -> marker
    Identifier(6, "F", "Electronic mail addresses", {Category.EMAIL: _REDACT}),
    # (7): (G) social security numbers -> marker
    Identifier(7, "G", "Social security numbers", {Category.SSN: _REDACT}),
    # (8): (H) medical record numbers -> marker
    Identifier(8, "H", "Medical record numbers", {Category.MRN: _REDACT}),
    # (9): (I) health plan beneficiary numbers -> marker
    Identifier(9, "I", "Health plan beneficiary numbers", {Category.HEALTH_PLAN: _REDACT}),
    # (10): (J) account numbers -> marker
    Identifier(10, "J", "Account numbers", {Category.ACCOUNT: _REDACT}),
    # (11): (K) certificate/license numbers -> marker
    Identifier(11, "K", "Certificate/license numbers", {Category.LICENSE: _REDACT}),
    # (12): (L) vehicle identifiers and serial numbers, including license plates -> marker
    Identifier(12, "L", "Vehicle identifiers and serial numbers", {Category.VEHICLE: _REDACT}),
    # (13): (M) device identifiers and serial numbers -> marker
    Identifier(13, "M", "Device identifiers and serial numbers", {Category.DEVICE: _REDACT}),
    # (14): (N) web URLs -> marker
    Identifier(14, "N", "Web Universal Resource Locators (URLs)", {Category.URL: _REDACT}),
    # (15): (O) IP addresses -> marker
    Identifier(15, "O", "Internet Protocol (IP) address numbers", {Category.IP: _REDACT}),
    # (16): (P) biometric identifiers -> marker
    Identifier(
        16, "P", "Biometric identifiers, including finger and voice prints", {Category.BIOMETRIC: _REDACT}
    ),
    # (17): (Q) full-face photographs and comparable images -> marker
    Identifier(17, "Q", "Full face photographic images and any comparable images", {Category.PHOTO: _REDACT}),
    # (18): (R) any other unique identifying number, characteristic, or code -> marker
    Identifier(
        18, "R", "Any other unique identifying number, characteristic, or code", {Category.ID: _REDACT}
    ),
)


class SafeHarborPolicy:
    """Removes the 18 identifiers; ``zip3_table`` names the restricted-ZIP3 table (``zip3.py``)."""

    name = "safe-harbor"
    requires_secret = False

    def __init__(self, *, zip3_table: str = DEFAULT_ZIP3_TABLE) -> None:
        self.zip3_table = get_zip3_table(zip3_table)
        rules: dict[Category, tuple[str, Mapping[str, str]]] = {}
        for identifier in IDENTIFIERS:
            rules.update(identifier.rules)
        zip_params = {"zip3_table": self.zip3_table.name}
        self._rules = {
            cat: (transform, zip_params if cat is Category.ZIP else params)
            for cat, (transform, params) in rules.items()
        }
        #: The policy version plus the ZIP3 table's name and digest.
        self.version = f"{SAFE_HARBOR_VERSION}+zip3.{self.zip3_table.name}.{self.zip3_table.digest[7:19]}"

    def decide(self, document: Document, findings: Sequence[Finding]) -> Decision:
        """One action per finding, by its category."""
        rules = self._rules
        try:
            actions = tuple([new_action(f, *rules[f.category]) for f in findings])
        except KeyError:
            category = next(f.category for f in findings if f.category not in rules)
            raise PolicyError(f"safe-harbor has no rule for category {category}") from None
        return Decision(self.name, self.version, actions)
