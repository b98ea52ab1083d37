"""`phigate deid`'s runner on a folder of mixed formats: handler by content, report, review export."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pydicom
import pydicom.data
import pytest

from phigate.audit.sink import NullAuditSink
from phigate.batch import BatchRunner, plan_batch
from phigate.batch.report import REPORT_HTML, REPORT_JSON, REVIEW_JSONL, DeidReport
from phigate.detection import default_detector
from phigate.evaluation.synth_structured import csv_table, fhir_bundle, fhir_ndjson, hl7_batch, patients
from phigate.formats import HandlerOptions, build_handlers
from phigate.pipeline import Pipeline
from phigate.policy import get_policy
from phigate.policy.zip3 import get_zip3_table

SECRET = b"mixed-batch-secret-0123456789abc"
DICOM = Path(pydicom.data.__file__).parent / "test_files"


def _inputs(root: Path) -> list:
    pts = patients(4, seed=21)
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "a.txt").write_text(
        f"Seen today. Call {pts[0].phone}. SSN {pts[0].ssn}.\n", encoding="utf-8"
    )
    (root / "bundle.json").write_text(json.dumps(fhir_bundle(pts[:2], seed=21)), encoding="utf-8")
    (root / "export.ndjson").write_bytes(fhir_ndjson(pts[2:], seed=21))
    (root / "feed.dat").write_bytes(hl7_batch(pts, seed=21))  # no .hl7 suffix: picked by content
    (root / "extract.data").write_bytes(csv_table(pts, seed=21))
    sink = io.BytesIO()
    pq.write_table(pa.table({"mrn": [p.mrn for p in pts], "ssn": [p.ssn for p in pts]}), sink)
    (root / "table.bin").write_bytes(sink.getvalue())
    (root / "scan.img").write_bytes((DICOM / "CT_small.dcm").read_bytes())
    (root / "us.img").write_bytes((DICOM / "ExplVR_BigEnd.dcm").read_bytes())
    (root / "broken.json").write_text(
        '{"resourceType": "Patient", "birthDate": "1961-13-45"}', encoding="utf-8"
    )
    return pts


def test_mixed_folder(tmp_path: Path) -> None:
    src, out, report_dir = tmp_path / "in", tmp_path / "out", tmp_path / "report"
    pts = _inputs(src)
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    detector = default_detector()
    pipeline = Pipeline(
        detector=detector, policy=get_policy("safe-harbor"), audit=NullAuditSink(), secret=SECRET
    )
    handlers = build_handlers(HandlerOptions(secret=SECRET))
    report = DeidReport(
        report_dir, pipeline=pipeline, handlers=handlers, rescan=detector, key_ref="k1", seed=3, sample_size=5
    )
    result = BatchRunner(pipeline, handlers=handlers, key_ref="k1", observers=[report]).run(
        plan_batch([str(src)], out)
    )

    by_name = {Path(o.name).name: o for o in result.outcomes}
    names = ("a.txt", "bundle.json", "export.ndjson", "feed.dat", "extract.data", "table.bin", "scan.img")
    assert {n: by_name[n].handler for n in names} == {
        "a.txt": "text", "bundle.json": "fhir", "export.ndjson": "fhir", "feed.dat": "hl7v2",
        "extract.data": "csv", "table.bin": "parquet", "scan.img": "dicom",
    }  # fmt: skip
    assert by_name["us.img"].status == "failed" and "quarantined" in (by_name["us.img"].error or "")
    assert by_name["broken.json"].status == "failed" and "fails FHIR validation" in (
        by_name["broken.json"].error or ""
    )
    assert not (out / "us.img").exists() and not (out / "broken.json").exists()
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before  # inputs untouched

    released = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "manifest.jsonl")
    for p in pts:
        for ident in (
            p.mrn,
            p.ssn,
            p.phone,
            p.email,
            p.account,
            p.birth_date.isoformat(),
            p.birth_date.strftime("%Y%m%d"),
        ):
            assert ident.encode() not in released, ident
    ct = pydicom.dcmread(io.BytesIO((out / "scan.img").read_bytes()))
    assert ct.PatientIdentityRemoved == "YES"

    body = json.loads((report_dir / REPORT_JSON).read_text(encoding="utf-8"))
    assert body["run"]["quarantined"] == 1 and body["run"]["failed"] == 1 and body["run"]["done"] == 7
    assert body["method"]["formats"]["fhir"]["rules"] == "fhir-safe-harbor"
    assert body["method"]["formats"]["dicom"]["table_sha256"]
    for name in ("csv", "dicom", "fhir", "hl7v2", "parquet"):  # one ZIP3 table, recorded everywhere
        assert body["method"]["formats"][name]["zip3_table"]["digest"] == get_zip3_table().digest
        assert body["method"]["formats"][name]["keys"] == "configured"
    assert get_zip3_table().digest[7:19] in body["method"]["policy_version"]
    assert body["verify"]["characters_rescanned"] > 0 and "residual_findings" in body["verify"]
    assert body["review"]["sample_size"] == 5 and len(body["procedure"]) == 7
    assert "<h2>5. Verify: residual re-scan</h2>" in (report_dir / REPORT_HTML).read_text(encoding="utf-8")
    review = [
        json.loads(line) for line in (report_dir / REVIEW_JSONL).read_text(encoding="utf-8").splitlines()
    ]
    assert sum(r["kind"] == "sample" for r in review) == 5
    assert stat.S_IMODE((report_dir / REVIEW_JSONL).stat().st_mode) == 0o600

    again = BatchRunner(pipeline, handlers=handlers, key_ref="k1").run(plan_batch([str(src)], out))
    assert again.count("skipped") == 7  # resumable: nothing redone, nothing duplicated


@pytest.mark.parametrize("seed", [3])
def test_review_sample_is_reproducible(tmp_path: Path, seed: int) -> None:
    src = tmp_path / "in"
    _inputs(src)
    rows = []
    for run in range(2):
        detector = default_detector()
        pipeline = Pipeline(
            detector=detector, policy=get_policy("safe-harbor"), audit=NullAuditSink(), secret=SECRET
        )
        handlers = build_handlers(HandlerOptions(secret=SECRET))
        report = DeidReport(
            tmp_path / f"r{run}",
            pipeline=pipeline,
            handlers=handlers,
            rescan=detector,
            seed=seed,
            sample_size=3,
        )
        BatchRunner(pipeline, handlers=handlers, observers=[report]).run(
            plan_batch([str(src)], tmp_path / f"o{run}")
        )
        rows.append(
            [
                json.loads(x)["document"]
                for x in (tmp_path / f"r{run}" / REVIEW_JSONL).read_text().splitlines()
            ]
        )
    assert rows[0] == rows[1] and len(rows[0]) >= 3
