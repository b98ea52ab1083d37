"""phigate.scale."""
