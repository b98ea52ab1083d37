"""The de-identification report of a batch (JSON and HTML) and the human-review export.

A :class:`DeidReport` is a ``BatchObserver``: attach it to a ``BatchRunner`` and it writes, when the
batch ends, ``report.json``, ``report.html`` and ``review.jsonl`` into its own folder (never into the
output folder, which is the data set to release). It makes the seven-step procedure reproducible:

1. Scope: the inputs, their formats (the handler that read each) and their hashes (the manifest).
2. Method: the policy and its version, the rule files / column schema / DICOM profile with digests.
3. Tools: phigate, Python and library versions, the recognizers and their versions, the key reference.
4. Run: counts per file, per format and per category; failures and quarantined files with reasons.
5. Verify: a residual-risk re-scan of every output by a second detector pass, reported as findings
   per category and files with residual findings (offsets, never values).
6. Review: a seeded random sample of documents plus every low-confidence finding, exported to
   ``review.jsonl`` for a person to check (it holds PHI context: written 0600, never released).
7. Record: the report itself, with its own sha256 and the settings needed to rerun the batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import platform
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from phigate.batch.files import atomic_write
from phigate.batch.plan import FileJob
from phigate.batch.runner import BatchResult, FileOutcome
from phigate.detection.base import Detector
from phigate.errors import PhigateError
from phigate.formats import HEAD_BYTES, FormatHandler, handler_for
from phigate.formats.handler import StructuredHandler
from phigate.model import FREE_TEXT, Document
from phigate.pipeline import Pipeline, PipelineResult

__all__ = ["DeidReport", "REPORT_JSON", "REPORT_HTML", "REVIEW_JSONL", "output_texts"]

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
REVIEW_JSONL = "review.jsonl"
_LIBRARIES = ("phigate", "pydicom", "hl7apy", "fhir.resources", "pyarrow", "pydantic", "cryptography")
_CONTEXT = 40


def output_texts(handler: FormatHandler, data: bytes, *, source: str) -> list[str]:
    """Every piece of text in a rendered output, for the re-scan: decoded text for text formats,
    string values for DICOM and Parquet.
    """
    if handler.name == "dicom":
        import io

        import pydicom

        ds = pydicom.dcmread(io.BytesIO(data))
        return [
            str(e.value)
            for e in ds.iterall()
            if e.VR in ("PN", "LO", "SH", "LT", "ST", "UT", "UC", "DA", "DT", "AS")
        ]
    if handler.name == "fhir":
        texts: list[str] = []
        for line in (
            data.decode("utf-8").splitlines()
            if data.lstrip()[:1] == b"{" and b"\n{" in data
            else [data.decode("utf-8")]
        ):
            if line.strip():
                _fhir_strings(json.loads(line), texts)
        return texts
    if handler.name == "parquet":
        from phigate.formats.tabular import read_table

        table = read_table(data, source=source)
        return [" ".join(v or "" for v in row) for row in table.rows]
    return [data.decode("utf-8", errors="replace")]


#: FHIR elements that hold codes and links, not content: left out of the re-scan.
_FHIR_STRUCTURAL = frozenset(
    {"system", "url", "profile", "reference", "fullUrl", "id", "resourceType", "code", "status"}
)
#: Values phigate itself writes (pseudonyms, keyed UIDs, markers): a re-scan hit on one is not residual PHI.
_OWN_VALUE = re.compile(
    r"^(?:[0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|2\.25\.\d+|\[[A-Z_]+\])$"
)


def _fhir_strings(node: Any, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _FHIR_STRUCTURAL:
                _fhir_strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _fhir_strings(value, out)
    elif isinstance(node, str):
        out.append(node)


@dataclass(slots=True)
class _FileRecord:
    name: str
    status: str
    handler: str | None
    documents: int
    counts: dict[str, int]
    error: str | None
    quarantined: bool
    residual: dict[str, int] = field(default_factory=dict)
    residual_chars: int = 0


class DeidReport:
    """Collects a batch as it runs and writes the report when it ends (a ``BatchObserver``)."""

    def __init__(
        self,
        report_dir: Path,
        *,
        pipeline: Pipeline,
        handlers: Sequence[FormatHandler],
        rescan: Detector,
        key_ref: str | None = None,
        seed: int = 0,
        sample_size: int = 20,
        low_confidence: float = 0.8,
    ) -> None:
        self.report_dir = report_dir
        self.pipeline = pipeline
        self.handlers = tuple(handlers)
        self.rescan = rescan
        self.key_ref = key_ref
        self.seed = seed
        self.sample_size = sample_size
        self.low_confidence = low_confidence
        self.files: list[_FileRecord] = []
        self._candidates: list[tuple[FileJob, str]] = []  # (job, document id) for the random sample
        self._low: list[tuple[FileJob, str, int, int, int, str, float, str]] = []
        self._started = dt.datetime.now(dt.UTC)

    # -- BatchObserver ------------------------------------------------------------------------------
    def file_done(self, job: FileJob, outcome: FileOutcome, results: Sequence[PipelineResult]) -> None:
        """Record one input: counts, low-confidence findings, sample candidates, residual re-scan."""
        quarantined = bool(outcome.error and outcome.error.startswith("quarantined"))
        record = _FileRecord(
            outcome.name, outcome.status, outcome.handler, outcome.documents, dict(outcome.counts),
            outcome.error, quarantined,
        )  # fmt: skip
        self.files.append(record)
        for result in results:
            self._candidates.append((job, result.document.id))
            for f in result.findings:
                if f.score < self.low_confidence:
                    self._low.append(
                        (
                            job,
                            result.document.id,
                            f.segment,
                            f.start,
                            f.end,
                            f.category.value,
                            f.score,
                            f.recognizer,
                        )
                    )
        if outcome.status in ("done", "skipped") and outcome.output is not None:
            self._rescan(record, outcome.output)

    def batch_done(self, result: BatchResult) -> None:
        """Write ``report.json``, ``report.html`` and ``review.jsonl``."""
        self.report_dir.mkdir(parents=True, exist_ok=True)
        review = self._review()
        body = self._report(result, len(review))
        text = json.dumps(body, indent=2, sort_keys=True)
        body["report_sha256"] = hashlib.sha256(text.encode()).hexdigest()
        atomic_write(
            self.report_dir / REPORT_JSON, (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()
        )
        atomic_write(self.report_dir / REPORT_HTML, _html(body).encode())
        review_path = self.report_dir / REVIEW_JSONL
        atomic_write(review_path, "".join(json.dumps(r, sort_keys=True) + "\n" for r in review).encode())
        os.chmod(review_path, 0o600)

    # -- internals ----------------------------------------------------------------------------------
    def _rescan(self, record: _FileRecord, output: Path) -> None:
        """(5) An independent detector pass over the released bytes."""
        try:
            data = output.read_bytes()
            handler = handler_for(output.name, data[:HEAD_BYTES], self.handlers)
            texts = output_texts(handler, data, source=output.name)
        except (OSError, PhigateError, ValueError) as exc:
            record.residual = {"rescan-error": 1}
            record.error = record.error or f"re-scan failed: {type(exc).__name__}"
            return
        counts: Counter[str] = Counter()
        for text in texts:
            record.residual_chars += len(text)
            counts.update(
                f.category.value
                for f in self.rescan.find_text(text)
                if not _OWN_VALUE.match(text[f.start : f.end])
            )
        record.residual = dict(sorted(counts.items()))

    def _original(self, job: FileJob, doc_id: str) -> Document | None:
        if job.source is None:
            return None
        try:
            data = job.source.read_bytes()
            handler = handler_for(job.name, data[:HEAD_BYTES], self.handlers)
            source = str(job.relative) if job.relative is not None else job.name
            return next((d for d in handler.parse(data, source=source) if d.id == doc_id), None)
        except (OSError, PhigateError):
            return None

    def _review(self) -> list[dict[str, Any]]:
        """(6) The seeded sample of documents plus every low-confidence finding, with context."""
        rng = random.Random(self.seed)  # noqa: S311  # nosec B311 - a reproducible sample, not a secret
        sample = rng.sample(self._candidates, min(self.sample_size, len(self._candidates)))
        rows: list[dict[str, Any]] = []
        for job, doc_id in sample:
            doc = self._original(job, doc_id)
            rows.append(
                {
                    "kind": "sample",
                    "file": job.name,
                    "document": doc_id,
                    "segments": [
                        {"path": s.path, "kind": str(s.kind), "text": s.text}
                        for s in (doc.segments if doc else ())
                        if s.kind == FREE_TEXT
                    ],
                }
            )
        for job, doc_id, seg, start, end, category, score, recognizer in self._low:
            doc = self._original(job, doc_id)
            text = doc.segments[seg].text if doc and seg < len(doc.segments) else ""
            rows.append(
                {
                    "kind": "low-confidence",
                    "file": job.name,
                    "document": doc_id,
                    "segment": seg,
                    "start": start,
                    "end": end,
                    "category": category,
                    "score": round(score, 3),
                    "recognizer": recognizer,
                    "context": text[max(0, start - _CONTEXT) : end + _CONTEXT],
                    "span": text[start:end],
                }
            )
        return rows

    def _versions(self) -> dict[str, str]:
        out = {"python": platform.python_version()}
        for name in _LIBRARIES:
            try:
                out[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                out[name] = "not installed"
        return out

    def _methods(self) -> dict[str, Any]:
        """(2) Rule files, schema and profile of every structured handler, with digests, and the
        ZIP3 table (name and digest) its ZIP generalization used.
        """
        return {h.name: h.method() for h in self.handlers if isinstance(h, StructuredHandler)}

    def _report(self, result: BatchResult, review_rows: int) -> dict[str, Any]:
        done = [f for f in self.files if f.status in ("done", "skipped")]
        residual: Counter[str] = Counter()
        for f in done:
            residual.update(f.residual)
        chars = sum(f.residual_chars for f in done)
        by_handler: Counter[str] = Counter(f.handler or "none" for f in done)
        policy = self.pipeline.policy
        return {
            "generated_at": dt.datetime.now(dt.UTC).isoformat(),
            "started_at": self._started.isoformat(),
            "procedure": [
                "1 scope: inputs, formats and hashes (manifest.jsonl of the output folder)",
                "2 method: policy, rule files, column schemas and DICOM profile with digests",
                "3 tools: versions of phigate, libraries and recognizers; key reference",
                "4 run: per-file outcomes, counts per category, failures and quarantines",
                "5 verify: residual re-scan of the released output by a second detector pass",
                "6 review: seeded sample plus every low-confidence finding (review.jsonl, restricted)",
                "7 record: this report and its sha256",
            ],
            "scope": {
                "files": len(self.files),
                "output_dir": str(result.out_dir) if result.out_dir else None,
            },
            "method": {
                "policy": policy.name,
                "policy_version": policy.version,
                "formats": self._methods(),
            },
            "tools": {
                "versions": self._versions(),
                "recognizers": self.pipeline.detector.versions,
                "rescan_recognizers": self.rescan.versions,
                "key_ref": self.key_ref,
            },
            "run": {
                "done": result.count("done"),
                "skipped": result.count("skipped"),
                "failed": result.count("failed") - sum(f.quarantined for f in self.files),
                "quarantined": sum(f.quarantined for f in self.files),
                "documents": sum(f.documents for f in self.files),
                "findings_by_category": result.totals(),
                "files_by_format": dict(sorted(by_handler.items())),
                "files": [
                    {
                        "name": f.name,
                        "status": "quarantined" if f.quarantined else f.status,
                        "format": f.handler,
                        "documents": f.documents,
                        "findings": f.counts,
                        "error": f.error,
                        "residual": f.residual,
                    }
                    for f in self.files
                ],  # fmt: skip
            },
            "verify": {
                "residual_findings_by_category": dict(sorted(residual.items())),
                "residual_findings": sum(residual.values()),
                "files_with_residual_findings": sum(1 for f in done if sum(f.residual.values())),
                "characters_rescanned": chars,
                "residual_per_1000_chars": round(1000 * sum(residual.values()) / chars, 4) if chars else 0.0,
                "note": "residual findings are candidates for review: surrogates and markers can match too",
            },
            "review": {
                "seed": self.seed,
                "sample_size": min(self.sample_size, len(self._candidates)),
                "low_confidence_below": self.low_confidence,
                "low_confidence_findings": len(self._low),
                "rows": review_rows,
                "file": REVIEW_JSONL,
                "warning": "review.jsonl holds original text around findings: restricted, never released",
            },
        }


def _html(body: dict[str, Any]) -> str:
    """A plain, self-contained HTML rendering of the report."""

    def table(rows: list[tuple[str, Any]]) -> str:
        cells = "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows
        )
        return f"<table>{cells}</table>"

    run, verify, review = body["run"], body["verify"], body["review"]
    columns = ("name", "status", "format", "documents", "findings", "residual", "error")
    files = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(f.get(k)))}</td>" for k in columns) + "</tr>"
        for f in run["files"]
    )
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>phigate de-identification report</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}",
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}</style>",
        "</head><body>",
        "<h1>De-identification report</h1>",
        f"<p>Generated {html.escape(body['generated_at'])}</p>",
        "<h2>Procedure</h2><ol>"
        + "".join(f"<li>{html.escape(s[2:])}</li>" for s in body["procedure"])
        + "</ol>",
        "<h2>2. Method</h2>",
        table(
            [
                ("policy", f"{body['method']['policy']} {body['method']['policy_version']}"),
                *[(k, json.dumps(v)) for k, v in body["method"]["formats"].items()],
            ]
        ),  # fmt: skip
        "<h2>3. Tools</h2>",
        table([*body["tools"]["versions"].items(), ("key reference", body["tools"]["key_ref"])]),
        "<h2>4. Run</h2>",
        table(
            [(k, run[k]) for k in ("done", "skipped", "failed", "quarantined", "documents")]
            + [("findings by category", json.dumps(run["findings_by_category"]))]
        ),  # fmt: skip
        "<table><tr><th>file</th><th>status</th><th>format</th><th>documents</th><th>findings</th>"
        f"<th>residual</th><th>error</th></tr>{files}</table>",
        "<h2>5. Verify: residual re-scan</h2>",
        table(list(verify.items())),
        "<h2>6. Human review</h2>",
        table(list(review.items())),
        f"<h2>7. Record</h2><p>report sha256 {html.escape(body.get('report_sha256', ''))}</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
