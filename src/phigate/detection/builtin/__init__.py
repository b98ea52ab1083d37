"""phigate.detection.builtin."""
