"""The pipeline as a PySpark job: text columns, FHIR NDJSON / HL7 records, and whole file sets.

Every executor builds the same ``Pipeline`` the CLI builds (default detector, the named policy, the
same secret) and the same format handlers, so pseudonyms, surrogates and date shifts in Spark's
output equal ``phigate deid``'s for the same key. Pass the secret the CLI uses:
``provider.purpose_key("deid")`` of your ``KeyProvider`` (:func:`secret_from_provider`).

Executors keep no audit log of their own; each job returns per-category counts, and
:func:`audit_job` appends one audit event for the job on the driver (the sink must be durable).

Needs the ``spark`` extra (``pip install phigate[spark]``) and Java 17.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from phigate.errors import ConfigError, MissingExtraError, PhigateError
from phigate.model import AuditEvent, Document

if TYPE_CHECKING:
    from phigate.audit.sink import AuditSink
    from phigate.formats.base import FormatHandler
    from phigate.pipeline import Pipeline

__all__ = [
    "SparkJob",
    "audit_job",
    "deidentify_column",
    "deidentify_files",
    "deidentify_records",
    "local_session",
    "secret_from_provider",
]

#: The key purpose the CLI derives its de-identification secret from.
PURPOSE_DEID = "deid"


def secret_from_provider(provider: Any) -> bytes:
    """The secret ``phigate deid`` uses with this ``KeyProvider`` (same pseudonyms as the CLI)."""
    secret: bytes = provider.purpose_key(PURPOSE_DEID)
    return secret


def _require_spark() -> Any:
    try:
        import pyspark
    except ImportError as exc:  # pragma: no cover - the extra is installed in development
        raise MissingExtraError(
            "Spark support needs the 'spark' extra: pip install 'phigate[spark]'"
        ) from exc
    return pyspark


def local_session(cores: int = 2, *, app: str = "phigate") -> Any:
    """A local SparkSession (``local[cores]``) whose Python workers use this interpreter."""
    import sys

    _require_spark()
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # local workers: this interpreter and its packages
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app)
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(max(2, cores)))
        .getOrCreate()
    )


@dataclass(frozen=True, slots=True)
class SparkJob:
    """What every executor needs to rebuild the CLI's pipeline: policy, secret, marker."""

    secret: bytes
    policy: str = "safe-harbor"
    marker: str = "[{category}]"
    zip3_table: str = "union-default"

    def __post_init__(self) -> None:
        if len(self.secret) < 16:
            raise ConfigError("the Spark job secret must be at least 16 bytes")

    def __repr__(self) -> str:
        return f"SparkJob(policy={self.policy!r}, marker={self.marker!r})"

    @property
    def key_ref(self) -> str:
        """A reference to the key for reports (a hash, never the key)."""
        return hashlib.sha256(b"phigate spark key ref\x00" + self.secret).hexdigest()[:16]


_local = threading.local()


def _runtime(job: SparkJob) -> tuple[Pipeline, tuple[FormatHandler, ...]]:
    """The executor's pipeline and handlers for ``job``, built once per worker thread and job."""
    cache: dict[str, tuple[Pipeline, tuple[FormatHandler, ...]]] = getattr(_local, "cache", None) or {}
    _local.cache = cache
    key = f"{job.policy}|{job.marker}|{job.zip3_table}|{job.key_ref}"
    if key not in cache:
        from phigate.audit.sink import NullAuditSink
        from phigate.config import load_settings
        from phigate.detection import default_detector
        from phigate.formats import HandlerOptions, build_handlers
        from phigate.pipeline import Pipeline
        from phigate.policy import get_policy

        options = {"zip3_table": job.zip3_table} if job.policy == "safe-harbor" else {}
        pipeline = Pipeline(
            detector=default_detector(),
            policy=get_policy(job.policy, **options),
            audit=NullAuditSink(),  # executors hold no log; the driver appends the job's event
            secret=job.secret,
            marker=job.marker,
        )
        settings = load_settings()  # the rule files of PHIGATE_CONFIG; the job's ZIP3 table everywhere
        settings = settings.model_copy(
            update={"deid": settings.deid.model_copy(update={"zip3_table": job.zip3_table})}
        )
        handlers = build_handlers(HandlerOptions(policy=job.policy, secret=job.secret, settings=settings))
        cache[key] = (pipeline, handlers)
    return cache[key]


def _text_partition(
    job: SparkJob, rows: Iterable[tuple[Any, str | None, str | None]]
) -> Iterator[tuple[Any, str | None, str]]:
    pipeline, _ = _runtime(job)
    for row_id, text, patient in rows:
        if text is None:
            yield row_id, None, "{}"
            continue
        doc = Document.from_text(text, id=str(row_id), patient=patient)
        result = pipeline.run(doc)
        counts = Counter(f.category.value for f in result.findings)
        yield row_id, result.document.segments[0].text, _counts_json(counts)


def _counts_json(counts: Counter[str]) -> str:
    import json

    return json.dumps(dict(sorted(counts.items())))


def deidentify_column(
    df: Any,
    column: str,
    *,
    job: SparkJob,
    id_column: str,
    patient_column: str | None = None,
    out_column: str | None = None,
) -> Any:
    """``df`` with ``column`` de-identified (into ``out_column``, default in place) and a
    ``phigate_counts`` JSON column of findings per category. ``id_column`` must be unique per row.
    """
    _require_spark()
    from pyspark.sql.types import StringType, StructField, StructType

    target = out_column or column
    cols = [id_column, column] + ([patient_column] if patient_column else [])
    rdd = df.select(*cols).rdd.map(lambda r: (r[0], r[1], r[2] if len(r) > 2 else None))
    result = rdd.mapPartitions(lambda rows: _text_partition(job, rows))
    id_type = df.schema[id_column].dataType
    schema = StructType(
        [
            StructField(id_column, id_type),
            StructField("__phigate_text", StringType()),
            StructField("phigate_counts", StringType()),
        ]
    )
    processed = df.sparkSession.createDataFrame(result, schema)
    joined = df.drop(target) if target in df.columns and target != column else df
    joined = joined.join(processed, on=id_column, how="left")
    if out_column is None:
        joined = joined.drop(column).withColumnRenamed("__phigate_text", column)
    else:
        joined = joined.withColumnRenamed("__phigate_text", target)
    return joined


def _process_bytes(job: SparkJob, data: bytes, source: str) -> tuple[str, bytes | None, str, str]:
    """One input through handler, pipeline and render: (handler, output, counts JSON, error)."""
    from phigate.formats import HEAD_BYTES, handler_for

    pipeline, handlers = _runtime(job)
    try:
        handler = handler_for(source, data[:HEAD_BYTES], handlers)
        documents = handler.parse(data, source=source)
        results = [pipeline.run(doc) for doc in documents]
        rendered = handler.render([r.document for r in results], original=data)
    except PhigateError as exc:
        return "", None, "{}", str(exc)
    counts = Counter(f.category.value for r in results for f in r.findings)
    return handler.name, rendered, _counts_json(counts), ""


def _record_partition(job: SparkJob, index: int, rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        values = tuple(row)
        value = values[index]
        if value is None:
            yield (*values, None, "", "{}", "")
            continue
        handler, rendered, counts, error = _process_bytes(job, str(value).encode("utf-8"), "record")
        text = rendered.decode("utf-8").rstrip("\n") if rendered is not None else None
        yield (*values, text, handler, counts, error)


def deidentify_records(df: Any, column: str, *, job: SparkJob, out_column: str | None = None) -> Any:
    """Each row of ``column`` holds one record (a FHIR resource as JSON, an NDJSON line, an HL7 v2
    message): de-identified with the handler its content calls for. Adds ``phigate_handler``,
    ``phigate_counts`` and ``phigate_error`` (a row that fails keeps a null output and its error).
    Runs as RDD partitions (no pandas/Arrow UDFs needed).
    """
    _require_spark()
    from pyspark.sql.types import StringType, StructField, StructType

    index = df.columns.index(column)
    extra = [
        StructField("__phigate_output", StringType()),
        StructField("phigate_handler", StringType()),
        StructField("phigate_counts", StringType()),
        StructField("phigate_error", StringType()),
    ]
    schema = StructType([*df.schema.fields, *extra])
    rdd = df.rdd.mapPartitions(lambda rows: _record_partition(job, index, rows))
    out = df.sparkSession.createDataFrame(rdd, schema)
    target = out_column or column
    if target in df.columns:
        out = out.drop(target)
    return out.withColumnRenamed("__phigate_output", target)


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file of a Spark file-set job."""

    name: str
    handler: str
    status: str  # done | failed
    counts: str
    error: str
    input_sha256: str
    output_sha256: str


def _file_partition(
    job: SparkJob, out_dir: str, root: str, items: Iterable[tuple[str, bytes]]
) -> Iterator[FileResult]:
    from phigate.batch.files import atomic_write

    for uri, data in items:
        path = uri.removeprefix("file:")
        relative = PurePosixPath(os.path.relpath(path, root)) if root else PurePosixPath(Path(path).name)
        handler, rendered, counts, error = _process_bytes(job, data, str(relative))
        in_sha = hashlib.sha256(data).hexdigest()
        if rendered is None:
            yield FileResult(str(relative), handler, "failed", counts, error, in_sha, "")
            continue
        atomic_write(Path(out_dir) / relative, rendered)
        yield FileResult(
            str(relative), handler, "done", counts, "", in_sha, hashlib.sha256(rendered).hexdigest()
        )


def deidentify_files(
    spark: Any, root: str | Path, out_dir: str | Path, *, job: SparkJob, partitions: int | None = None
) -> list[FileResult]:
    """Every file under ``root`` through its handler and the pipeline, written to ``out_dir`` with the
    same relative path (atomically; a failing file writes nothing). Returns one result per file.
    """
    _require_spark()
    root_path, out_path = Path(root).resolve(), Path(out_dir).resolve()
    if out_path == root_path or root_path in out_path.parents:
        raise ConfigError("the output folder may not lie inside the input folder")
    files = sorted(str(p) for p in root_path.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        return []
    rdd = spark.sparkContext.binaryFiles(
        ",".join(files), minPartitions=partitions or spark.sparkContext.defaultParallelism
    )
    root_s, out_s = str(root_path), str(out_path)
    results = rdd.mapPartitions(lambda items: _file_partition(job, out_s, root_s, items)).collect()
    return sorted(results, key=lambda r: r.name)


def audit_job(
    sink: AuditSink,
    *,
    job: SparkJob,
    counts: Sequence[str],
    started: dt.datetime,
    actor: str = "phigate-spark",
) -> int:
    """Append one audit event summing a Spark job's per-row or per-file ``counts`` (JSON strings)."""
    import json

    total: Counter[str] = Counter()
    for item in counts:
        total.update(json.loads(item or "{}"))
    event = AuditEvent(
        action="de-identify",
        actor=actor,
        outcome="success",
        started_at=started,
        ended_at=dt.datetime.now(dt.UTC),
        entity_counts=dict(sorted(total.items())),
        details={"engine": "spark", "policy": job.policy, "key_ref": job.key_ref, "units": len(counts)},
    )
    return sink.append(event)
