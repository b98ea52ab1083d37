"""The pipeline's own cost: decide + transform + audit, next to detection, per policy (CPU seconds).

Runs on the held-out synthetic corpus (1000 documents). The detector's findings are computed once and
replayed, so "decide+transform+audit" is measured without detection; "detection+all" is the whole
``Pipeline.run``. CPU time (``time.process_time``), best of three, so other load on the machine
matters less.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from phigate.audit.sink import NullAuditSink
from phigate.detection import default_detector
from phigate.detection.base import Detector
from phigate.evaluation.synth import generate
from phigate.model import Document, Finding
from phigate.pipeline import Pipeline
from phigate.policy import get_policy

DOCS = 1000


class _Replay(Detector):
    """The real detector's findings, replayed."""

    def __init__(self, real: Detector, found: dict[str, list[Finding]]) -> None:
        super().__init__(real.recognizers)
        self._found = found

    def detect(self, document: Document) -> list[Finding]:
        return self._found[document.id]


def _cpu(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def _runner(pipeline: Pipeline, docs: list[Document]) -> Callable[[], object]:
    return lambda: [pipeline.run(d) for d in docs]


def run() -> None:
    docs = [Document.from_text(d.text, id=d.id) for d in generate("heldout", docs=DOCS)]
    size = sum(len(d.segments[0].text.encode()) for d in docs)
    detector = default_detector()
    found = {d.id: detector.detect(d) for d in docs}
    findings = sum(map(len, found.values()))
    replay = _Replay(detector, found)
    detect_s = _cpu(lambda: [detector.detect(d) for d in docs])
    print(f"corpus: {len(docs)} held-out docs, {size / 1e6:.2f} MB, {findings} findings")
    print(f"{'detection only':<28} {size / detect_s / 1e6:6.2f} MB/s per core")
    for policy, secret in (("safe-harbor", None), ("safe-harbor", b"k" * 32), ("pseudonymize", b"k" * 32)):
        label = f"{policy}{' + key' if secret else ''}"
        alone = Pipeline(detector=replay, policy=get_policy(policy), audit=NullAuditSink(), secret=secret)
        whole = Pipeline(detector=detector, policy=get_policy(policy), audit=NullAuditSink(), secret=secret)
        rest_s, all_s = _cpu(_runner(alone, docs)), _cpu(_runner(whole, docs))
        print(
            f"{label:<28} decide+transform+audit {size / rest_s / 1e6:6.2f} MB/s "
            f"({rest_s / findings * 1e6:.1f} us/finding); "
            f"detection+all {size / all_s / 1e6:.2f} MB/s per core"
        )
