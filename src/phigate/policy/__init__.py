"""phigate.policy."""
