"""phigate.gateway.upstream."""
