"""phigate.crypto."""
