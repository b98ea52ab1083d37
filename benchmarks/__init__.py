"""phigate benchmarks: ``python -m benchmarks.run [NAME ...]`` (``make bench`` runs them all)."""
