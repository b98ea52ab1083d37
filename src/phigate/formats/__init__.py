"""phigate.formats."""
