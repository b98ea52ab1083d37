"""The pipeline's own cost: decide + transform + audit, next to detection, per policy (CPU seconds).

Runs on the held-out synthetic corpus (1000 documents). The detector's findings are computed once and
replayed, so "decide+transform+audit" is measured without detection; "detection+all" is the whole
``Pipeline.run``. CPU time (``time.process_time``), best of three, so other load on the machine
matters less.

Then the whole command, with all cores: ``phigate deid`` run for real (a subprocess with its own key
and audit log) over generated dev-split notes, once as a folder of ``.txt`` files and once as one
``.jsonl`` file, with ``--jobs 1`` and ``--jobs 0`` (one worker per CPU). Wall time, start-up
included, so MB/s and docs/s are what a user sees; outputs of both runs are checked to be identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from phigate.audit.sink import NullAuditSink
from phigate.detection import default_detector
from phigate.detection.base import Detector
from phigate.evaluation.synth import generate
from phigate.model import Document, Finding
from phigate.pipeline import Pipeline
from phigate.policy import get_policy

DOCS = 1000
#: Notes of the command-line run (each shape), and the phigate command next to this Python.
CLI_DOCS = 600
PHIGATE = str(Path(sys.executable).with_name("phigate"))


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
    run_cli()


def _deid(work: Path, source: Path, jobs: str) -> tuple[float, Path]:
    """Seconds of one ``phigate deid`` run of ``source`` with ``--jobs``; the output folder."""
    out = work / f"out-{source.name}-{jobs}"
    env = {**os.environ, "PHIGATE_CONFIG": str(work / "phigate.yaml")}
    started = time.perf_counter()
    subprocess.run(
        [PHIGATE, "deid", str(source), "--out", str(out), "--jobs", jobs],
        check=True, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started, out


def _same(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    return files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()) and all(
        (a / f).read_bytes() == (b / f).read_bytes() for f in files
    )


def run_cli() -> None:
    """``phigate deid`` with one process and with all cores, on the same generated notes."""
    texts = [d.text for d in generate("dev", docs=CLI_DOCS, seed=29)]
    size = sum(len(t.encode()) for t in texts)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="phigate-bench-") as tmp:
        work = Path(tmp)
        subprocess.run(
            [PHIGATE, "keys", "init", "--key-file", str(work / "k.key")], check=True, capture_output=True
        )
        (work / "phigate.yaml").write_text(
            f"keys:\n  key_file: {work / 'k.key'}\naudit:\n  store: sqlite:///{work / 'audit.db'}\n"
        )
        notes = work / "notes"
        notes.mkdir()
        for n, text in enumerate(texts):
            (notes / f"note-{n:04d}.txt").write_text(text)
        (work / "notes.jsonl").write_text(
            "".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in enumerate(texts))
        )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"phigate deid, {CLI_DOCS} dev notes ({size / 1e6:.2f} MB), {cores} CPUs, load {load:.2f}:")
        for shape in (notes, work / "notes.jsonl"):
            one_s, one_out = _deid(work, shape, "1")
            all_s, all_out = _deid(work, shape, "0")
            label = "folder of .txt" if shape.is_dir() else "one .jsonl"
            for jobs, seconds in (("--jobs 1", one_s), (f"--jobs 0 ({cores})", all_s)):
                rate = f"{size / seconds / 1e6:6.2f} MB/s {CLI_DOCS / seconds:7.0f} docs/s"
                print(f"  {label:<15} {jobs:<14} {rate} ({seconds:.1f} s)")
            print(f"  {label:<15} speed-up x{one_s / all_s:.2f}; same output: {_same(one_out, all_out)}")
