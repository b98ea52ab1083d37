"""phigate.transforms."""
