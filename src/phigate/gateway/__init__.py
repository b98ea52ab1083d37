"""phigate.gateway."""
