"""CSV and Parquet tables, de-identified column by column.

A *column schema* (a rule file with ``format: tabular``) gives each column an action; ``path`` is a
column name or a glob (``*_date``), ``type`` an inferred column kind (``date``, ``zip``, ``id``,
``text``, ...). The first matching rule wins; a column no rule covers gets the file's ``default``
(``redact``: its values are emptied). Without a declared schema the handler infers one from column
names and values (:func:`infer_schema`); ``phigate tabular-schema FILE`` prints it for a person to
confirm and save.

Free-text columns (``action: text``) go through the text engine: one document per row that has text,
its patient taken from the schema's ``patient_column``, so pseudonyms and date shifts agree with the
structured columns of the same row and with the patient's FHIR, HL7 v2 and DICOM data.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from phigate.errors import FormatError, TransformError
from phigate.formats.fields import FieldAction, FieldKeys, FieldTransformer, Generalization
from phigate.formats.handler import StructuredHandler, Unit
from phigate.formats.limits import DEFAULT_MAX_BYTES, check_size, decode_utf8
from phigate.formats.rulefile import RuleFile, RuleSpec, load_rule_file
from phigate.model import Document

__all__ = ["ColumnKind", "TabularHandler", "infer_kind", "infer_schema", "read_table", "schema_yaml"]

_PARQUET_MAGIC = b"PAR1"
_SAMPLE_ROWS = 200
_DELIMITERS = (",", "\t", ";", "|")

#: Column kinds, inferred from names first and values second.
ColumnKind = str

_NAME_KINDS: tuple[tuple[str, ColumnKind], ...] = (
    (r"(^|_)(mrn|patient_?id|person_?id|member_?id|subject_?id|medical_record)", "patient-id"),
    (r"(^|_)(ssn|social)", "ssn"),
    (r"(^|_)(e_?mail)", "email"),
    (r"(^|_)(phone|tel|fax|mobile|pager)", "phone"),
    (r"(^|_)(dob|birth)", "birth-date"),
    (r"(^|_)(zip|postal|postcode)", "zip"),
    (r"(^|_)(age)($|_)", "age"),
    (r"(^|_)(first_?name|last_?name|surname|given|family|name)($|_)", "name"),
    (r"(^|_)(address|street|city|county|addr|lat|lon|latitude|longitude)", "location"),
    (
        r"(^|_)(account|acct|claim_?id|encounter_?id|visit_?id|accession|device|serial|license|plate|vin|ip)",
        "id",
    ),
    (r"(^|_)(note|comment|text|narrative|description|remarks|summary)", "text"),
    (r"(date|_dt$|_ts$|time)", "date"),
    (r"(^|_)(state|sex|gender|race|ethnicity|dx|icd|cpt|loinc|code|diagnosis|procedure)", "code"),
)
_VALUE_KINDS: tuple[tuple[re.Pattern[str], ColumnKind], ...] = (
    (re.compile(r"^\d{3}-\d{2}-\d{4}$"), "ssn"),
    (re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I), "email"),
    (re.compile(r"^\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}$"), "phone"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$|^\d{1,2}/\d{1,2}/\d{2,4}$"), "date"),
    (re.compile(r"^\d{5}(-\d{4})?$"), "zip"),
    (re.compile(r"^\d{6,}$"), "id"),  # long digit strings: record numbers, compact dates
    (re.compile(r"^-?\d+(\.\d+)?$"), "number"),
)

#: What the inferred schema does with each kind (Safe Harbor).
KIND_ACTIONS: dict[ColumnKind, tuple[FieldAction, Generalization | None]] = {
    "patient-id": (FieldAction.PSEUDONYMIZE, None),
    "id": (FieldAction.PSEUDONYMIZE, None),
    "ssn": (FieldAction.REDACT, None),
    "email": (FieldAction.REDACT, None),
    "phone": (FieldAction.REDACT, None),
    "name": (FieldAction.REDACT, None),
    "location": (FieldAction.REDACT, None),
    "birth-date": (FieldAction.GENERALIZE, Generalization.YEAR),
    "date": (FieldAction.GENERALIZE, Generalization.YEAR),
    "zip": (FieldAction.GENERALIZE, Generalization.ZIP3),
    "age": (FieldAction.GENERALIZE, Generalization.AGE),
    "text": (FieldAction.TEXT, None),
    "number": (FieldAction.KEEP, None),
    "code": (FieldAction.KEEP, None),
    "unknown": (FieldAction.REDACT, None),
}


def infer_kind(name: str, values: Sequence[str]) -> ColumnKind:
    """The kind of a column from its name, else from its (non-empty) values."""
    lowered = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    for pattern, kind in _NAME_KINDS:
        if re.search(pattern, lowered):
            return kind
    sample = [v.strip() for v in values if v and v.strip()][:_SAMPLE_ROWS]
    if not sample:
        return "unknown"
    for value_pattern, value_kind in _VALUE_KINDS:
        if all(value_pattern.match(v) for v in sample):
            return value_kind
    if sum(len(v) for v in sample) / len(sample) > 30 and all(" " in v for v in sample):
        return "text"
    return "unknown"


def infer_schema(columns: dict[str, list[str]], *, name: str = "inferred") -> RuleFile:
    """A Safe Harbor column schema inferred from names and values; default ``redact``."""
    rules = []
    patient: str | None = None
    for column, values in columns.items():
        kind = infer_kind(column, values)
        action, how = KIND_ACTIONS[kind]
        if kind == "patient-id" and patient is None:
            patient = column
        rules.append(RuleSpec(path=column, action=action, generalize_as=how, note=f"inferred: {kind}"))
    body = {"columns": list(columns), "patient_column": patient}
    digest = hashlib.sha256(repr(sorted(body.items(), key=str)).encode()).hexdigest()
    return RuleFile(
        name=name,
        version="inferred",
        format="tabular",
        default=FieldAction.REDACT,
        rules=tuple(rules),
        options={"patient_column": patient} if patient else {},
        sha256=digest,
        origin="inferred",
    )


def schema_yaml(schema: RuleFile) -> str:
    """A schema as a YAML rule file a person can review, edit and pass back with ``--schema``."""
    rules = []
    for rule in schema.rules:
        entry: dict[str, Any] = {"path": rule.path, "action": rule.action.value}
        if rule.generalize_as is not None:
            entry["as"] = rule.generalize_as.value
        if rule.note:
            entry["note"] = rule.note
        rules.append(entry)
    doc = {
        "name": schema.name,
        "version": "1",
        "format": "tabular",
        "default": schema.default.value,
        "options": dict(schema.options),
        "rules": rules,
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


@dataclass(slots=True)
class _Table:
    kind: str  # csv | parquet
    columns: list[str]
    rows: list[list[str | None]]
    dialect: dict[str, str] = field(default_factory=dict)
    arrow: Any = None  # the pyarrow Table of a Parquet input


def read_table(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> _Table:
    """Read CSV (delimiter sniffed, header required) or Parquet into columns of strings."""
    check_size(data, source=source, limit=max_bytes)
    if data[:4] == _PARQUET_MAGIC:
        return _read_parquet(data, source)
    text = decode_utf8(data, source=source)
    if not text.strip():
        raise FormatError("empty table", path=source)
    first = text.split("\n", 1)[0]
    delimiter = _delimiter(text)
    newline = "\r\n" if first.endswith("\r") else "\n"
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        rows = list(reader)
    except csv.Error as exc:
        raise FormatError(f"malformed CSV ({exc})", path=source, offset=None) from exc
    header, body = rows[0], rows[1:]
    if len(set(header)) != len(header) or not all(h.strip() for h in header):
        raise FormatError("CSV header must name every column once", path=source)
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise FormatError(
                f"CSV row {number} has {len(row)} fields, the header {len(header)}", path=source
            )
    return _Table("csv", header, [list(r) for r in body], {"delimiter": delimiter, "newline": newline})


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns (ties: the one the first rows
    agree with, then ``,`` before tab, ``;`` and ``|``). Reads the first 20 lines only.
    """
    head = text[:65536].splitlines()[:20]
    if len(text) > 65536 and len(head) > 1:
        head = head[:-1]  # possibly cut short
    best, best_score = ",", (0, False)
    for delimiter in _DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(head, delimiter=delimiter)]
        except csv.Error:
            continue
        score = (counts[0], len(set(counts)) == 1)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_parquet(data: bytes, source: str) -> _Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise FormatError(f"unreadable Parquet ({type(exc).__name__})", path=source) from exc
    columns = table.column_names
    if len(set(columns)) != len(columns):
        raise FormatError("Parquet columns must have unique names", path=source)
    values = [table.column(c).to_pylist() for c in columns]
    rows = (
        [[None if v is None else _text(v) for v in row] for row in zip(*values, strict=True)]
        if columns
        else []
    )
    return _Table("parquet", columns, rows, arrow=table)


def _text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


@dataclass(slots=True)
class _Cell:
    """A free-text cell: ``rows[unit.number][column]``."""

    path: str
    text: str
    column: int


@dataclass(slots=True)
class _Processed:
    table: _Table
    out_rows: list[list[str | None]]
    actions: list[FieldAction]
    units: list[Unit[_Cell]]  # one per row that has free text; ``number`` is the row index
    schema: RuleFile


class TabularHandler(StructuredHandler[_Processed]):
    """CSV or Parquet handler (``kind``) with a declared or inferred column schema.

    One document per row that has free text (its id ends in ``#<row index>``), holding that row's
    text cells, with the keyed reference of the row's patient.
    """

    def __init__(
        self,
        kind: str = "csv",
        *,
        schema: RuleFile | str | Path | None = None,
        keys: FieldKeys | None = None,
        transformer: FieldTransformer | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        super().__init__(keys=keys, transformer=transformer, max_bytes=max_bytes)
        if kind not in ("csv", "parquet"):
            raise FormatError(f"unknown table kind {kind!r}")
        self.kind = kind
        self.schema = (
            schema
            if isinstance(schema, RuleFile) or schema is None
            else load_rule_file(schema, fmt="tabular")
        )
        self.last_schema: RuleFile | None = None

    @property
    def name(self) -> str:
        """``csv`` or ``parquet``."""
        return self.kind

    def _method(self) -> dict[str, Any]:
        if self.schema is None:
            return {"schema": "inferred per file"}
        return {"schema": self.schema.name, "version": self.schema.version, "sha256": self.schema.sha256}

    def sniff(self, head: bytes, filename: str) -> bool:
        """Parquet by its magic; CSV by a ``.csv``/``.tsv`` name or a consistent delimited header."""
        if self.kind == "parquet":
            return head[:4] == _PARQUET_MAGIC
        if head[:4] == _PARQUET_MAGIC or b"\x00" in head:
            return False
        if Path(filename).suffix.lower() in (".csv", ".tsv"):
            return True
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        lines = [ln for ln in text.splitlines()[:6] if ln.strip()]
        if len(lines) < 3 or lines[0].lstrip().startswith(("{", "[", "MSH", "FHS", "BHS", "<")):
            return False
        for delimiter in _DELIMITERS:
            counts = {len(next(csv.reader([ln], delimiter=delimiter))) for ln in lines[:-1]}
            if len(counts) == 1 and counts.pop() >= 3:
                return True
        return False

    def render(self, documents: Sequence[Document], *, original: bytes) -> bytes:
        """The table with every column transformed and the text cells from ``documents``."""
        p = self.processed_for(documents, original)
        rows = [list(r) for r in p.out_rows]
        for doc, unit in zip(documents, p.units, strict=True):
            for seg, cell in zip(doc.segments, unit.slots, strict=True):
                rows[unit.number][cell.column] = seg.text
        if p.table.kind == "parquet":
            return self._write_parquet(p, rows)
        buf = io.StringIO()
        writer = csv.writer(
            buf, delimiter=p.table.dialect["delimiter"], lineterminator=p.table.dialect["newline"]
        )
        writer.writerow(p.table.columns)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
        return buf.getvalue().encode("utf-8")

    def schema_for(self, data: bytes, *, source: str) -> RuleFile:
        """The schema this handler applies to ``data``: the declared one, else the inferred one."""
        table = read_table(data, source=source, max_bytes=self.max_bytes)
        return self._schema(table)

    # -- internals ---------------------------------------------------------------------------------
    def _schema(self, table: _Table) -> RuleFile:
        if self.schema is not None:
            return self.schema
        columns = {c: [r[i] or "" for r in table.rows[:_SAMPLE_ROWS]] for i, c in enumerate(table.columns)}
        return infer_schema(columns)

    def _rule(
        self, schema: RuleFile, column: str, kind: ColumnKind
    ) -> tuple[FieldAction, Generalization | None]:
        for rule in schema.rules:
            if rule.path is not None and not fnmatch.fnmatchcase(column, rule.path):
                continue
            if rule.type is not None and kind not in rule.type:
                continue
            return rule.action, rule.generalize_as
        return schema.default, None

    def _process(self, data: bytes, source: str, digest: str) -> _Processed:
        table = read_table(data, source=source, max_bytes=self.max_bytes)
        schema = self.last_schema = self._schema(table)
        patient_col = schema.options.get("patient_column")
        if patient_col is not None and patient_col not in table.columns:
            raise FormatError("the schema's patient_column is not a column of the table", path=source)
        pindex = table.columns.index(patient_col) if patient_col else None
        plan = []
        for i, column in enumerate(table.columns):
            kind = infer_kind(column, [r[i] or "" for r in table.rows[:_SAMPLE_ROWS]])
            plan.append(self._rule(schema, column, kind))
        out_rows: list[list[str | None]] = []
        units: list[Unit[_Cell]] = []
        for r, row in enumerate(table.rows):
            raw_patient = row[pindex] if pindex is not None else None
            # a row without a patient gets a key of its own, for its dates and its free text alike
            ref = self.fields.patient_ref(raw_patient or f"row:{digest}#{r}")
            out: list[str | None] = []
            unit: Unit[_Cell] = Unit(r, ref)
            for c, (value, (action, how)) in enumerate(zip(row, plan, strict=True)):
                if action is FieldAction.TEXT:
                    out.append(value)
                    if value:
                        unit.slots.append(_Cell(f"row {r + 1}/col {table.columns[c]}", value, c))
                    continue
                out.append(self._cell(value, action, how, ref, c == pindex))
            if unit.slots:
                units.append(unit)
            out_rows.append(out)
        return _Processed(table, out_rows, [a for a, _ in plan], units, schema)

    def _cell(
        self,
        value: str | None,
        action: FieldAction,
        how: Generalization | None,
        patient: str,
        is_patient: bool,
    ) -> str | None:
        if value is None or value == "" or action is FieldAction.KEEP:
            return value
        namespace = "patient-id" if is_patient else "tabular"
        try:
            new = self.fields.apply(action, value, patient=patient, namespace=namespace, how=how)
        except TransformError:
            return None
        return new

    def _write_parquet(self, p: _Processed, rows: list[list[str | None]]) -> bytes:
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrays = []
        fields = []
        for c, column in enumerate(p.table.columns):
            if p.actions[c] is FieldAction.KEEP:
                arrays.append(p.table.arrow.column(column))
                fields.append(p.table.arrow.schema.field(column))
            else:
                arrays.append(pa.array([r[c] for r in rows], type=pa.string()))
                fields.append(pa.field(column, pa.string()))
        table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        return bytes(sink.getvalue().to_pybytes())
