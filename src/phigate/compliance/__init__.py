"""phigate.compliance."""
