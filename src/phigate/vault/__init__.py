"""The pseudonym vault: reversible pseudonyms, encrypted at rest, re-identification always audited."""

from __future__ import annotations

from phigate.vault.pseudonyms import PseudonymVault

__all__ = ["PseudonymVault"]
