"""phigate: the gate PHI passes through on its way to an AI model, and the record that proves it did."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
