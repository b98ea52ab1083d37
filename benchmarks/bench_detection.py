"""Detection benchmark: phigate's speed, memory and start-up, and accuracy side by side with peers.

All tools see the same held-out synthetic documents (``phigate.evaluation.synth``) in one run and are
scored by the same scorer (entity recall: every letter and digit of a gold span inside a predicted
span; token precision/recall). Presidio (``presidio-analyzer`` with its default recognizers and the
spaCy ``en_core_web_sm`` model) and ``philter-lite`` each run in their own venv,
``.venv-bench-<name>/`` (created on first run from the pinned ``benchmarks/peers/*-requirements.txt``),
through a small runner over stdin/stdout, so their dependencies never mix with ours. The peers are
slow, so they get a subset of the documents (``PHIGATE_BENCH_PEER_DOCS``, default 120); phigate is
scored on that same subset and timed on the full set (``PHIGATE_BENCH_DOCS``, default 2000).
``PHIGATE_BENCH_PEERS`` names the peers to run (comma-separated, default all; empty for none, to time
phigate alone while iterating; ``make bench`` runs them all).

``PHIGATE_BENCH_REAL=corpus.jsonl`` adds a second table on text we did not write: any labelled corpus
in our format, such as the PhysioNet gold-standard notes converted by
``tools/convert_physionet_deid.py`` (real notes are never shipped, so the user points to their copy).
Synthetic notes are far denser in PHI than real ones, and every finding costs time, so both speeds are
reported. The peers get the first ``PHIGATE_BENCH_REAL_PEER_DOCS`` (default 300) of those documents.

The table is printed and written to ``out/bench/detection.md``.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from phigate.evaluation.corpus import LabelledDoc, Span, read_corpus, write_corpus
from phigate.evaluation.score import Score, score_corpus
from phigate.evaluation.synth import generate
from phigate.model import Category

ROOT = Path(__file__).resolve().parent.parent
PEERS_DIR = Path(__file__).resolve().parent / "peers"
OUT = ROOT / "out" / "bench" / "detection.md"
DOCS = int(os.environ.get("PHIGATE_BENCH_DOCS", "2000"))
PEER_DOCS = int(os.environ.get("PHIGATE_BENCH_PEER_DOCS", "120"))
SPLIT = "heldout"
REAL = os.environ.get("PHIGATE_BENCH_REAL")
REAL_PEER_DOCS = int(os.environ.get("PHIGATE_BENCH_REAL_PEER_DOCS", "300"))
PEERS = {
    "presidio": "Presidio 2.2.366 (default recognizers, en_core_web_sm)",
    "philter": "philter-lite 0.6.0",
}


def _chosen_peers() -> list[str]:
    """The peers ``PHIGATE_BENCH_PEERS`` names (default: all); an unknown name is an error."""
    raw = os.environ.get("PHIGATE_BENCH_PEERS")
    names = list(PEERS) if raw is None else [n.strip() for n in raw.split(",") if n.strip()]
    unknown = sorted(set(names) - set(PEERS))
    if unknown:
        known = ", ".join(PEERS)
        raise SystemExit(f"PHIGATE_BENCH_PEERS: unknown peer(s) {', '.join(unknown)}; known: {known}")
    return names


@dataclass
class Row:
    tool: str
    docs: int
    chars: int
    seconds: float
    score: Score | None = None

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- phigate
_worker_detector = None


#: Documents run untimed before each timed phigate run: word lists and models load lazily on the first
#: text that needs them (about a second in all), which a one-line warm-up does not reach; start-up is
#: measured on its own.
WARM_DOCS = 20


def _warm(texts: Sequence[str]) -> None:
    """Run the default detector and the Safe Harbor transform over ``texts`` (this process, untimed)."""
    from phigate import deidentify
    from phigate.detection import default_detector

    detector = default_detector()
    for text in texts[:WARM_DOCS]:
        detector.find_text(text)
        deidentify(text)


def _init_worker() -> None:
    global _worker_detector
    from phigate.detection import default_detector

    _worker_detector = default_detector()
    _worker_detector.find_text("warm up")


def _detect_chunk(texts: list[str]) -> int:
    assert _worker_detector is not None
    return sum(len(_worker_detector.find_text(t)) for t in texts)


def _deidentify_chunk(texts: list[str]) -> int:
    from phigate import deidentify

    return sum(len(deidentify(t)) for t in texts)


def _phigate_single(docs: Sequence[LabelledDoc]) -> tuple[float, dict[str, tuple[Span, ...]]]:
    from phigate.detection import default_detector

    detector = default_detector()
    _warm([doc.text for doc in docs])
    predictions: dict[str, tuple[Span, ...]] = {}
    started = time.perf_counter()
    for doc in docs:
        predictions[doc.id] = tuple(Span(f.start, f.end, f.category) for f in detector.find_text(doc.text))
    return time.perf_counter() - started, predictions


def _phigate_all_cores(
    docs: Sequence[LabelledDoc], cores: int, work: Callable[[list[str]], int] = _detect_chunk
) -> float:
    """Seconds for ``cores`` worker processes to run ``work`` (detection by default) over ``docs``."""
    texts = [d.text for d in docs]
    chunks = [texts[i : i + 50] for i in range(0, len(texts), 50)]
    _warm(texts)  # before the fork, so every worker inherits what it loaded
    with multiprocessing.get_context("fork").Pool(cores, initializer=_init_worker) as pool:
        pool.map(work, [["warm up"]] * cores)
        started = time.perf_counter()
        pool.map(work, chunks, chunksize=1)
        return time.perf_counter() - started


def _deidentify_seconds(docs: Sequence[LabelledDoc]) -> float | None:
    """Detection plus the Safe Harbor transform, when ``phigate.deidentify`` is available."""
    try:
        from phigate import deidentify
    except ImportError:
        return None
    _warm([doc.text for doc in docs])
    started = time.perf_counter()
    for doc in docs:
        deidentify(doc.text)
    return time.perf_counter() - started


_RSS_CODE = """
import json, resource, sys
from phigate.detection import default_detector
detector = default_detector()
for line in open(sys.argv[1], encoding="utf-8"):
    detector.find_text(json.loads(line)["text"])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_rss_mb(corpus: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _RSS_CODE, str(corpus)], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def _startup_s() -> float:
    code = "import phigate.detection; phigate.detection.default_detector()"
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# ---------------------------------------------------------------- peers
def _peer_python(name: str) -> Path:
    """The peer's venv interpreter; the venv is (re)built when its pinned requirements change."""
    requirements = PEERS_DIR / f"{name}-requirements.txt"
    env_dir = ROOT / f".venv-bench-{name}"
    python = env_dir / "bin" / "python"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = env_dir / ".bench-stamp"
    if stamp.exists() and stamp.read_text() == digest and python.exists():
        return python
    print(f"creating {env_dir.name} (first run; installs pinned {name} from PyPI) ...", flush=True)
    venv.EnvBuilder(clear=True, with_pip=True).create(env_dir)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(requirements),
        ],
        check=True,
    )
    stamp.write_text(digest)
    return python


def _run_peer(name: str, docs: Sequence[LabelledDoc]) -> Row:
    python = _peer_python(name)
    lines = "".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in docs)
    out = subprocess.run(
        [str(python), str(PEERS_DIR / f"{name}_runner.py")],
        input=lines,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "TOKENIZERS_PARALLELISM": "false"},
    )
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    timing = rows.pop()
    predictions = {r["id"]: tuple(Span(s["start"], s["end"], Category.ID) for s in r["spans"]) for r in rows}
    score = score_corpus(docs, predictions)
    return Row(PEERS[name], len(docs), sum(len(d.text) for d in docs), timing["_run_s"], score)


# ---------------------------------------------------------------- report
def _pct(value: float) -> str:
    return f"{100 * value:.2f} %"


def _tool_table(title: str, rows: list[Row]) -> list[str]:
    lines = [
        title,
        "",
        "| tool | docs | entity recall | token precision | token recall | chars/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        s = row.score
        assert s is not None
        o = s.overall
        lines.append(
            f"| {row.tool} | {row.docs} | {_pct(o.entity_recall)} | {_pct(o.token_precision)} "
            f"| {_pct(o.token_recall)} | {row.chars_per_s:,.0f} |"
        )
    return lines


def _pairs(header: str, pairs: list[tuple[str, str]]) -> list[str]:
    if not pairs:
        return []
    return ["", f"| {header} | value |", "|---|---|", *[f"| {k} | {v} |" for k, v in pairs]]


def _ratios(rows: list[Row]) -> list[tuple[str, str]]:
    """phigate (the first row) against each peer: speed ratio and entity-recall difference."""
    ours, ratios = rows[0], []
    for row in rows[1:]:
        assert row.score is not None and ours.score is not None
        ratios.append((f"speed vs {row.tool}", f"{ours.chars_per_s / row.chars_per_s:,.1f}x"))
        delta = ours.score.overall.entity_recall - row.score.overall.entity_recall
        ratios.append((f"entity recall vs {row.tool}", f"{100 * delta:+.2f} points"))
    return ratios


def _tools_on(docs: Sequence[LabelledDoc], peers: list[str]) -> list[Row]:
    """phigate and each peer scored (and timed) on the same ``docs``."""
    seconds, predictions = _phigate_single(docs)
    chars = sum(len(d.text) for d in docs)
    rows = [Row("phigate (default detector)", len(docs), chars, seconds, score_corpus(docs, predictions))]
    for name in peers:
        print(f"running {name} on {len(docs)} documents ...", flush=True)
        rows.append(_run_peer(name, docs))
    return rows


def _real_section(path: Path, peers: list[str]) -> str:
    """The table and speeds on a user-supplied labelled corpus of real notes."""
    docs = read_corpus(path)
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} documents ({chars:,} chars) from {path}", flush=True)
    rows = _tools_on(docs[:REAL_PEER_DOCS], peers)
    single_s, _ = _phigate_single(docs)
    deid_s = _deidentify_seconds(docs)
    assert deid_s is not None
    facts = [
        ("detection, 1 process", f"{chars / single_s:,.0f} chars/s, {len(docs) / single_s:,.0f} docs/s"),
        (
            "detection + Safe Harbor transform, 1 process",
            f"{chars / deid_s:,.0f} chars/s, {len(docs) / deid_s:,.0f} docs/s",
        ),
    ]
    lines = _tool_table(f"## Real notes: {path.name} (first {rows[0].docs} documents)", rows)
    lines += _pairs(f"phigate on all {len(docs)} documents", facts)
    lines += _pairs("ratio", _ratios(rows))
    return "\n" + "\n".join(lines) + "\n"


def run() -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    cores = os.cpu_count() or 1
    peers = _chosen_peers()
    if REAL and not Path(REAL).is_file():
        raise SystemExit(f"PHIGATE_BENCH_REAL: no such corpus file: {REAL}")
    load_before = os.getloadavg()[0]
    docs = list(generate(SPLIT, docs=DOCS))
    subset = docs[:PEER_DOCS]
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} held-out documents ({chars:,} chars); peers get the first {len(subset)}", flush=True)

    with tempfile.TemporaryDirectory(prefix="phigate-bench-") as tmp:
        corpus = Path(tmp) / "docs.jsonl"
        write_corpus(corpus, docs)
        startup = _startup_s()
        rss = _peak_rss_mb(corpus)
    single_s, predictions = _phigate_single(docs)
    multi_s = _phigate_all_cores(docs, cores)
    deid_s = _deidentify_seconds(docs)
    deid_multi_s = _phigate_all_cores(docs, cores, _deidentify_chunk) if deid_s else None

    rows = _tools_on(subset, peers)

    full = score_corpus(docs, predictions)
    facts = [
        ("machine", f"{cores} cores, load average {load_before:.2f} at start (other work skews speed)"),
        ("throughput, 1 process", f"{chars / single_s:,.0f} chars/s, {len(docs) / single_s:,.0f} docs/s"),
        (
            f"throughput, {cores} processes",
            f"{chars / multi_s:,.0f} chars/s, {len(docs) / multi_s:,.0f} docs/s",
        ),
        (
            "detection + Safe Harbor transform, 1 process",
            f"{chars / deid_s:,.0f} chars/s, {len(docs) / deid_s:,.0f} docs/s"
            if deid_s
            else "n/a (phigate.deidentify not available yet)",
        ),
        (
            f"detection + Safe Harbor transform, {cores} processes",
            f"{chars / deid_multi_s:,.0f} chars/s, {len(docs) / deid_multi_s:,.0f} docs/s"
            if deid_multi_s
            else "n/a",
        ),
        ("peak RSS (detector loaded, all docs run)", f"{rss:,.0f} MB"),
        ("start-up (import + default_detector(), median of 3)", f"{startup:.2f} s"),
        (f"entity recall on all {len(docs)} docs", _pct(full.overall.entity_recall)),
        (f"token precision on all {len(docs)} docs", _pct(full.overall.token_precision)),
    ]
    title = "# Detection benchmark\n\nHeld-out synthetic split (default seed); every tool scored on the same"
    lines = _tool_table(f"{title} {len(subset)} documents.", rows)
    lines += _pairs("phigate figure", facts)
    lines += _pairs("ratio", _ratios(rows))
    text = "\n".join(lines) + "\n"
    text += (
        f"\nPeers ran on the first {len(subset)} documents only, to keep the run short. Peer speed counts "
        "analysis time only, not model loading. philter's part-of-speech tags come from spaCy "
        "(NLTK's tagger data cannot be downloaded here).\n"
    )
    if REAL:
        text += _real_section(Path(REAL), peers)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    Console().print(Markdown(text))
    print(f"written to {OUT.relative_to(ROOT)}")
