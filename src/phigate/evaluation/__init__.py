"""phigate.evaluation."""
