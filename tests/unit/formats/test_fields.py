"""Field actions shared by the structured handlers, and the handler registration."""

from __future__ import annotations

import datetime as dt

import pytest

from phigate.config import DeidSettings, FormatsSettings, Settings
from phigate.errors import ConfigError, TransformError
from phigate.formats import FormatHandler, HandlerOptions, build_handlers
from phigate.formats.dicom import DicomHandler
from phigate.formats.fhir import FhirHandler
from phigate.formats.fields import FieldAction, FieldKeys, FieldTransformer, Generalization, date_shift_days
from phigate.formats.hl7v2 import Hl7v2Handler
from phigate.formats.structured import build_structured, transformer_for
from phigate.formats.tabular import TabularHandler
from phigate.policy.zip3 import get_zip3_table

KEYS = FieldKeys.from_secret(b"fields-test-secret-0123456789abc")
FT = FieldTransformer(KEYS, today=dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    "value",
    [
        "2021-03-04",
        "2021-03-04T10:30:00+01:00",
        "20210304",
        "202103041030",
        "20210304103000.5-0500",
        "2021-03",
        "2021",
    ],
)
def test_shift_keeps_format_and_precision(value: str) -> None:
    shifted = FT.shift_date(value, patient="p1")
    assert len(shifted) == len(value) and shifted != value or len(value) == 4
    days = FT.shift_days("p1")
    if value.startswith("2021-03-04"):
        assert dt.date.fromisoformat(shifted[:10]) - dt.date(2021, 3, 4) == dt.timedelta(days=days)
        assert shifted[10:] == value[10:]
    if value.startswith("20210304"):
        assert dt.datetime.strptime(shifted[:8], "%Y%m%d").date() - dt.date(2021, 3, 4) == dt.timedelta(
            days=days
        )


def test_shift_is_per_patient_keyed_and_bounded() -> None:
    offsets = {FT.shift_days(f"p{i}") for i in range(200)}
    assert 0 not in offsets and max(abs(o) for o in offsets) <= 365 and len(offsets) > 100
    assert FT.shift_days("p1") == date_shift_days(KEYS, "p1")
    other = FieldTransformer(FieldKeys.from_secret(b"other-secret-0123456789abcdefgh"))
    assert sum(other.shift_days(f"p{i}") != FT.shift_days(f"p{i}") for i in range(20)) > 15
    with pytest.raises(TransformError):
        FT.shift_date("not a date", patient="p1")
    with pytest.raises(TransformError):
        FT.shift_date("99991231", patient="p1") if FT.shift_days("p1") > 0 else FT.shift_date(
            "00010101", patient="p1"
        )


@pytest.mark.parametrize(
    ("value", "how", "expected"),
    [
        ("1961-05-02", None, "1961"),
        ("1930-05-02", Generalization.YEAR, None),  # age over 89 in 2026
        ("02115", None, "021"),
        ("03601-1234", None, "000"),  # restricted ZIP3
        ("ABCDE", Generalization.ZIP3, "000"),
        ("93", None, "90+"),
        ("045Y", Generalization.AGE, "045Y"),
        ("093Y", Generalization.AGE, "90+"),
        ("12M", Generalization.AGE, "12M"),
    ],
)
def test_generalize(value: str, how: Generalization | None, expected: str | None) -> None:
    assert FT.generalize(value, how) == expected


def test_pseudonyms_hashes_uids() -> None:
    assert FT.pseudonym("MR1", namespace="patient-id") == FT.pseudonym("MR1", namespace="patient-id")
    assert FT.pseudonym("MR1", namespace="patient-id") != FT.pseudonym("MR1", namespace="account")
    assert len(FT.hash("x")) == 64 and FT.uid("1.2.3").startswith("2.25.") and len(FT.uid("1.2.3")) <= 64
    assert FT.patient_ref("MR1") != "MR1"
    assert FT.apply(FieldAction.KEEP, "v", patient="p") == "v"
    assert FT.apply(FieldAction.REDACT, "v", patient="p") is None
    assert FT.apply(FieldAction.HASH, "v", patient="p") == FT.hash("v")
    with pytest.raises(TransformError):
        FT.apply(FieldAction.TEXT, "v", patient="p")
    with pytest.raises(TransformError):
        FT.age("old")


def test_keys() -> None:
    class Provider:
        def purpose_key(self, purpose: str) -> bytes:
            return (purpose.encode() * 8)[:32]

    keys = FieldKeys.from_provider(Provider())
    assert len({keys.pseudonym, keys.hash, keys.date_shift}) == 3 and "ephemeral=False" in repr(keys)
    assert FieldKeys.ephemeral_keys().ephemeral
    with pytest.raises(ConfigError):
        FieldKeys.from_secret(b"short")
    with pytest.raises(ConfigError):
        FieldTransformer(KEYS, max_shift_days=0)


def test_registration_and_settings() -> None:
    names = [h.name for h in build_handlers(HandlerOptions(secret=b"s" * 32))]
    assert names[:5] == ["csv", "dicom", "fhir", "hl7v2", "parquet"] and names[-2:] == ["jsonl", "text"]
    settings = Settings(formats=FormatsSettings(dicom_clean_descriptors=True, date_shift_max_days=30))
    dicom = build_structured("dicom", HandlerOptions(secret=b"s" * 32), settings)
    assert dicom.options.clean_descriptors  # type: ignore[attr-defined]
    assert dicom.fields.max_shift_days == 30  # type: ignore[attr-defined]
    assert dicom.fields.zip3_table.name == "union-default"  # type: ignore[attr-defined]
    hhs = Settings(deid=DeidSettings(zip3_table="hhs-2000"))
    assert transformer_for(HandlerOptions(secret=b"s" * 32), hhs).zip3_table is get_zip3_table("hhs-2000")


def test_ephemeral_keys_only_when_asked_for() -> None:
    options = HandlerOptions(unsafe_ephemeral_keys=True)
    assert transformer_for(options).keys is transformer_for(options).keys  # one random key per run
    assert transformer_for(options).keys.ephemeral
    other = HandlerOptions(unsafe_ephemeral_keys=True)
    assert transformer_for(other).keys.pseudonym != transformer_for(options).keys.pseudonym
    assert not transformer_for(HandlerOptions(secret=b"s" * 32, unsafe_ephemeral_keys=True)).keys.ephemeral
    with pytest.raises(ConfigError, match="phigate keys init"):
        transformer_for(HandlerOptions())


HL7 = b"MSH|^~\\&|A|B|C|D|20240101||ADT^A01^ADT_A01|1|P|2.5\rPID|1||MR1^^^H^MR||DOE^JANE\r"


@pytest.mark.parametrize(
    ("handler", "data"),
    [
        (FhirHandler(), b'{"resourceType": "Patient", "id": "p1"}'),
        (Hl7v2Handler(), HL7),
        (TabularHandler(), b"mrn,dob\nMR1,2001-02-03\n"),
        (DicomHandler(), b""),
    ],
    ids=["fhir", "hl7v2", "csv", "dicom"],
)
def test_no_key_no_silent_fallback(handler: FormatHandler, data: bytes) -> None:
    """A handler built without keys refuses to work instead of inventing a random key."""
    with pytest.raises(ConfigError, match="phigate keys init"):
        handler.parse(data, source="x")


def test_keyless_build_sniffs_but_refuses_to_parse() -> None:
    handlers = {h.name: h for h in build_handlers(HandlerOptions())}
    assert handlers["hl7v2"].sniff(HL7, "x") and handlers["text"].parse(b"hello", source="t")
    for name in ("csv", "dicom", "fhir", "hl7v2", "parquet"):
        with pytest.raises(ConfigError, match="phigate keys init"):
            handlers[name].parse(HL7, source="x")
    with pytest.raises(ConfigError, match="not both"):
        Hl7v2Handler(keys=KEYS, transformer=FT)
    reading = {h.name: h for h in build_handlers(HandlerOptions(unsafe_ephemeral_keys=True))}
    assert reading["hl7v2"].parse(HL7, source="x")[0].patient
