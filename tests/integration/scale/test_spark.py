"""The Spark job on local Spark (one session for the module): same output as the CLI's pipeline."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from phigate.audit.sink import NullAuditSink
from phigate.batch import BatchRunner, plan_batch
from phigate.detection import default_detector
from phigate.evaluation.synth_structured import fhir_ndjson, hl7_batch, hl7_message, patients
from phigate.formats import HandlerOptions, build_handlers
from phigate.formats.fhir import FhirHandler
from phigate.formats.structured import transformer_for
from phigate.model import Document
from phigate.pipeline import Pipeline
from phigate.policy import get_policy
from phigate.scale.spark import (
    SparkJob,
    audit_job,
    deidentify_column,
    deidentify_files,
    deidentify_records,
    local_session,
)

pytestmark = pytest.mark.slow
SECRET = b"spark-test-secret-0123456789abcd"


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = local_session(2, app="phigate-tests")
    yield session
    session.stop()


def _pipeline() -> Pipeline:
    return Pipeline(
        detector=default_detector(), policy=get_policy("safe-harbor"), audit=NullAuditSink(), secret=SECRET
    )


def test_text_column_matches_cli_pipeline(spark: Any) -> None:
    texts = ["Call (617) 555-0134 on 03/04/2021.", "SSN 123-45-6789, MRN 5566778.", None]
    df = spark.createDataFrame(
        [(i, t, "p1") for i, t in enumerate(texts)], "id long, note string, patient string"
    )
    out = {
        r["id"]: r
        for r in deidentify_column(
            df, "note", job=SparkJob(SECRET), id_column="id", patient_column="patient"
        ).collect()
    }
    pipeline = _pipeline()
    for i, text in enumerate(texts[:2]):
        expected = pipeline.run(Document.from_text(text, id=str(i), patient="p1")).document.segments[0].text
        assert out[i]["note"] == expected != text
    assert out[2]["note"] is None
    assert json.loads(out[1]["phigate_counts"])["SSN"] == 1
    counts = [r["phigate_counts"] for r in out.values()]
    assert (
        audit_job(NullAuditSink(), job=SparkJob(SECRET), counts=counts, started=dt.datetime.now(dt.UTC)) == 1
    )


def test_fhir_and_hl7_records_match_the_handlers(spark: Any) -> None:
    pts = patients(3, seed=13)
    lines = fhir_ndjson(pts, seed=13).decode().splitlines()
    import random

    rng = random.Random(1)
    messages = [hl7_message(p, number=i, rng=rng) for i, p in enumerate(pts)]
    df = spark.createDataFrame([(x,) for x in [*lines, *messages, "not a record"]], "value string")
    rows = deidentify_records(df, "value", job=SparkJob(SECRET)).collect()
    handlers = [r["phigate_handler"] for r in rows]
    assert handlers == ["fhir"] * len(lines) + ["hl7v2"] * 3 + ["text"]
    pipeline = _pipeline()
    fhir = FhirHandler(transformer=transformer_for(HandlerOptions(secret=SECRET)))
    for line, row in zip(lines, rows, strict=False):
        data = line.encode()
        docs = fhir.parse(data, source="record")
        expected = fhir.render([pipeline.run(d).document for d in docs], original=data).decode().rstrip("\n")
        assert row["value"] == expected


def test_file_set_matches_the_cli_batch(spark: Any, tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    pts = patients(3, seed=17)
    (src / "feed.hl7").write_bytes(hl7_batch(pts, seed=17))
    (src / "sub" / "export.ndjson").write_bytes(fhir_ndjson(pts, seed=17))
    (src / "note.txt").write_text(f"Phone {pts[0].phone}\n", encoding="utf-8")
    (src / "bad.json").write_text('{"resourceType": "Patient", "gender": 5}', encoding="utf-8")
    results = deidentify_files(spark, src, tmp_path / "spark-out", job=SparkJob(SECRET))
    assert [(r.name, r.status) for r in results] == [
        ("bad.json", "failed"), ("feed.hl7", "done"), ("note.txt", "done"), ("sub/export.ndjson", "done")
    ]  # fmt: skip
    pipeline = _pipeline()
    BatchRunner(pipeline, handlers=build_handlers(HandlerOptions(secret=SECRET))).run(
        plan_batch([str(src)], tmp_path / "cli-out")
    )
    for rel in ("feed.hl7", "note.txt", "sub/export.ndjson"):
        assert (tmp_path / "spark-out" / rel).read_bytes() == (tmp_path / "cli-out" / rel).read_bytes()
    assert not (tmp_path / "spark-out" / "bad.json").exists()
