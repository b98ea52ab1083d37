"""phigate: the gate PHI passes through on its way to an AI model, and the record that proves it did.

The public API is what ``__all__`` lists; everything else may change without notice::

    import phigate

    phigate.deidentify("Seen by Dr. Jane Roe on 03/04/2021.")  # 'Seen by Dr. [NAME] on 2021.'

    pipeline = phigate.Pipeline(
        detector=phigate.default_detector(),
        policy=phigate.get_policy("safe-harbor"),
        audit=audit_log,  # an AuditSink: phigate.audit.log.AuditLog, or NullAuditSink() on purpose
    )
    result = pipeline.run(phigate.Document.from_text(note))
"""

from phigate.detection import default_detector
from phigate.errors import PhigateError
from phigate.model import Category, Document, Finding, Segment
from phigate.pipeline import Pipeline, PipelineResult, deidentify
from phigate.policy import get_policy

__all__ = [
    "Category",
    "Document",
    "Finding",
    "PhigateError",
    "Pipeline",
    "PipelineResult",
    "Segment",
    "__version__",
    "default_detector",
    "deidentify",
    "get_policy",
]

__version__ = "0.1.0"
