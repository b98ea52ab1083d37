"""Batches: many files through one pipeline, resumable, with a manifest (``phigate deid``)."""

from __future__ import annotations

from phigate.batch.manifest import MANIFEST_NAME, Manifest, ManifestEntry
from phigate.batch.plan import STDIN, BatchPlan, FileJob, plan_batch
from phigate.batch.runner import BatchObserver, BatchResult, BatchRunner, FileOutcome

__all__ = [
    "MANIFEST_NAME",
    "STDIN",
    "BatchObserver",
    "BatchPlan",
    "BatchResult",
    "BatchRunner",
    "FileJob",
    "FileOutcome",
    "Manifest",
    "ManifestEntry",
    "plan_batch",
]
