"""phigate.vault."""
