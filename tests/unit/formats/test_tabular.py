"""CSV/Parquet handler: declared and inferred schemas, consistent pseudonyms, bad input."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from formats_testkit import roundtrip
from phigate.errors import ConfigError, FormatError
from phigate.evaluation.synth_structured import csv_table, patients
from phigate.formats.fields import FieldKeys
from phigate.formats.hl7v2 import Hl7v2Handler
from phigate.formats.tabular import TabularHandler, infer_kind, schema_yaml

KEYS = FieldKeys.from_secret(b"tabular-test-secret-0123456789ab")


def _schema(tmp_path: Path, rules: str, options: str = "{}") -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(
        f"name: s\nversion: '1'\nformat: tabular\ndefault: redact\noptions: {options}\nrules:\n{rules}",
        encoding="utf-8",
    )
    return path


def _roundtrip(handler: TabularHandler, data: bytes) -> bytes:
    return roundtrip(handler, data, source="t.csv")


def test_inferred_schema_round_trip() -> None:
    pts = patients(6, seed=4)
    data = csv_table(pts, seed=4)
    handler = TabularHandler(keys=KEYS)
    out = _roundtrip(handler, data).decode()
    for p in pts:
        for ident in p.identifiers:
            assert ident not in out, ident
    header, first, *_ = out.splitlines()
    assert header == "mrn,patient_name,dob,zip,sex,phone,admit_date,diagnosis,note"
    cells = first.split(",")
    assert cells[1] == "" and cells[2] == str(pts[0].birth_date.year) and cells[3] == pts[0].zip[:3]
    assert cells[-1] == "[TEXT]" and len(cells[0]) == 24
    assert handler.last_schema is not None and handler.last_schema.options == {"patient_column": "mrn"}
    assert "path: note\n  action: text" in schema_yaml(handler.last_schema)


def test_mrn_pseudonym_matches_hl7(tmp_path: Path) -> None:
    mrn = "MR5550001"
    csv_bytes = f"mrn,visit_date\n{mrn},2024-03-01\n".encode()
    out = _roundtrip(TabularHandler(keys=KEYS), csv_bytes).decode().splitlines()[1]
    hl7 = f"MSH|^~\\&|A|B|C|D|2024||ADT^A01^ADT_A01|1|P|2.5\rPID|1||{mrn}^^^H^MR\r".encode()
    h = Hl7v2Handler(keys=KEYS)
    rendered = h.render(h.parse(hl7, source="x"), original=hl7).decode()
    assert out.split(",")[0] == rendered.split("\r")[1].split("|")[3].split("^")[0]
    assert out.split(",")[1] == "2024"


def test_declared_schema_with_globs_types_and_default_deny(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        "  - {path: pid, action: pseudonymize}\n"
        "  - {path: '*_date', action: date-shift}\n"
        "  - {type: zip, action: generalize, as: zip3}\n"
        "  - {path: comment, action: text}\n",
        "{patient_column: pid}",
    )
    data = b"pid;admit_date;discharge_date;postal;secret;comment\r\nA1;2024-01-10;2024-01-15;03601;x;hi\r\n"
    handler = TabularHandler(schema=schema, keys=KEYS)
    docs = handler.parse(data, source="t.csv")
    assert (
        docs[0].patient == handler.fields.patient_ref("A1")
        and docs[0].segments[0].path == "row 1/col comment"
    )
    out = handler.render(docs, original=data).decode()
    assert out.endswith("\r\n") and out.startswith("pid;admit_date;")
    row = out.splitlines()[1].split(";")
    admit, discharge = (dt.date.fromisoformat(v) for v in row[1:3])
    assert (discharge - admit).days == 5 and admit != dt.date(2024, 1, 10)
    assert row[3] == "000" and row[4] == "" and row[5] == "hi"


def test_parquet_round_trip_keeps_untouched_types() -> None:
    pts = patients(3, seed=8)
    table = pa.table(
        {
            "mrn": [p.mrn for p in pts],
            "dob": pa.array([p.birth_date for p in pts], type=pa.date32()),
            "lab_value": pa.array([1.5, 2.25, None], type=pa.float64()),
            "note": [f"seen {p.given}" for p in pts],
        }
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    data = sink.getvalue()
    handler = TabularHandler("parquet", keys=KEYS)
    assert handler.sniff(data[:4096], "x.bin") and not TabularHandler(keys=KEYS).sniff(data[:4096], "x.csv")
    out = pq.read_table(pa.BufferReader(_roundtrip(handler, data)))
    assert out.column("lab_value").to_pylist() == [1.5, 2.25, None]
    assert out.schema.field("lab_value").type == pa.float64()
    assert out.column("dob").to_pylist() == [str(p.birth_date.year) for p in pts]
    assert out.column("note").to_pylist() == ["[TEXT]"] * 3
    assert pts[0].mrn not in out.column("mrn").to_pylist()


@pytest.mark.parametrize(
    ("name", "values", "kind"),
    [
        ("patient_id", ["1"], "patient-id"),
        ("DOB", [], "birth-date"),
        ("col7", ["123-45-6789", "234-56-7890"], "ssn"),
        ("col8", ["a@b.org"], "email"),
        ("x", ["02115", "90210-1234"], "zip"),
        ("x", ["2024-01-02", "3/4/21"], "date"),
        ("x", ["12", "3.5"], "number"),
        ("x", ["4471230", "9981234"], "id"),
        ("x", ["a long remark about the visit today", "another long free text comment here"], "text"),
        ("x", ["ab", "cd"], "unknown"),
        ("x", [], "unknown"),
        ("lab_code", ["2093-3"], "code"),
    ],
)
def test_infer_kind(name: str, values: list[str], kind: str) -> None:
    assert infer_kind(name, values) == kind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty table"),
        (b"a,b\n1,2,3\n", "row 2 has 3 fields"),
        (b"a,a\n1,2\n", "name every column once"),
        (b"a,b\n\xff,2\n", "not valid UTF-8"),
        (b"PAR1garbage", "unreadable Parquet"),
        (b'a,b\n"1,2\n', "malformed CSV"),
    ],
)
def test_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        TabularHandler(keys=KEYS).parse(data, source="bad.csv")


def test_schema_problems(tmp_path: Path) -> None:
    schema = _schema(tmp_path, "  - {path: a, action: keep}\n", "{patient_column: nope}")
    with pytest.raises(FormatError, match="patient_column"):
        TabularHandler(schema=schema, keys=KEYS).parse(b"a,b\n1,2\n", source="t.csv")
    fhir = tmp_path / "f.yaml"
    fhir.write_text("name: f\nversion: '1'\nformat: fhir\ndefault: redact\nrules: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not 'tabular'"):
        TabularHandler(schema=fhir, keys=KEYS)
    with pytest.raises(ConfigError, match="unreadable"):
        TabularHandler(schema=tmp_path / "missing.yaml", keys=KEYS)


def test_sniff_is_conservative() -> None:
    h = TabularHandler(keys=KEYS)
    assert h.sniff(b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n", "data.txt")
    assert h.sniff(b"anything", "x.csv")
    assert not h.sniff(b"Patient seen today, doing well.\nNo complaints, eats fine.\nPlan: none.\n", "n.txt")
    assert not h.sniff(b'{"a": 1, "b": 2, "c": 3}\n{"a": 1}\n{"a": 2}\n', "x.jsonl")
    assert not h.sniff(b"\x00\x01", "x.bin")
    with pytest.raises(FormatError):
        TabularHandler("xlsx")


def test_row_without_patient_has_its_own_key_for_dates_and_text(tmp_path: Path) -> None:
    schema = _schema(tmp_path, "  - {path: visit_date, action: date-shift}\n  - {path: note, action: text}\n")
    data = b"visit_date,note\n2024-01-10,seen today\n2024-01-10,seen again\n"
    handler = TabularHandler(schema=schema, keys=KEYS)
    docs = handler.parse(data, source="a.csv")
    assert len({d.patient for d in docs}) == 2 and all(d.patient for d in docs)
    assert [d.patient for d in handler.parse(data, source="b.csv")] == [d.patient for d in docs]
    rows = [r.split(",") for r in roundtrip(handler, data).decode().splitlines()[1:]]
    for doc, row in zip(docs, rows, strict=True):
        expected = dt.date(2024, 1, 10) + dt.timedelta(days=handler.fields.shift_days(doc.patient or ""))
        assert row[0] == expected.isoformat()
