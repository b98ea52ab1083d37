"""phigate.detection."""
