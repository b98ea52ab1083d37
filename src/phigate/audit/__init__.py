"""phigate.audit."""
