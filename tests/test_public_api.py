"""The public surface of ``phigate``: exactly what ``__all__`` lists, and it works."""

from __future__ import annotations

import phigate

EXPECTED = {
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
}


def test_exported_names() -> None:
    assert set(phigate.__all__) == EXPECTED
    assert len(phigate.__all__) == len(EXPECTED)
    for name in phigate.__all__:
        assert getattr(phigate, name) is not None


def test_no_stray_public_modules_or_helpers_are_promised() -> None:
    public = {n for n in vars(phigate) if not n.startswith("_")}
    # submodules appear as attributes once imported; everything else public must be in __all__
    stray = {n for n in public - EXPECTED if not isinstance(getattr(phigate, n), type(phigate))}
    assert stray == set()


def test_deidentify_and_pipeline() -> None:
    text = "Patient John Smith, SSN 123-45-6789, seen 03/04/2021."
    out = phigate.deidentify(text)
    assert "John" not in out and "123-45-6789" not in out and "03/04/2021" not in out
    assert "2021" in out
    key = b"k" * 32
    pseudo = phigate.deidentify(text, policy="pseudonymize", key=key)
    assert pseudo == phigate.deidentify(text, policy="pseudonymize", key=key)
    assert "John" not in pseudo and "123-45-6789" not in pseudo


def test_pipeline_from_public_names() -> None:
    from phigate.audit.sink import NullAuditSink

    pipeline = phigate.Pipeline(
        detector=phigate.default_detector(), policy=phigate.get_policy("safe-harbor"), audit=NullAuditSink()
    )
    result = pipeline.run(phigate.Document.from_text("Call (617) 555-0134."))
    assert isinstance(result, phigate.PipelineResult)
    assert "555-0134" not in result.document.segments[0].text
    assert all(isinstance(f, phigate.Finding) for f in result.findings)
