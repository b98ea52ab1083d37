"""DICOM handler on pydicom's bundled test files: PS3.15 actions, options, UIDs, quarantine, bad input."""

from __future__ import annotations

import dataclasses
import io
import warnings
from pathlib import Path
from typing import Any

import pydicom
import pydicom.data
import pytest

from formats_testkit import roundtrip, with_text
from phigate.errors import FormatError
from phigate.formats.dicom import DicomHandler, DicomOptions, QuarantineError
from phigate.formats.dicom.handler import profile_action
from phigate.formats.fields import FieldKeys

KEYS = FieldKeys.from_secret(b"dicom-test-secret-0123456789abcd")
FILES = Path(pydicom.data.__file__).parent / "test_files"  # bundled only: no downloads


def _read(data: bytes) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(io.BytesIO(data))


def _run(handler: DicomHandler, data: bytes, text: str | None = None) -> Any:
    docs = handler.parse(data, source="f.dcm")
    return _read(handler.render(docs if text is None else with_text(docs, text), original=data))


def _with(name: str, **changes: Any) -> bytes:
    ds = _read((FILES / name).read_bytes())
    for key, value in changes.items():
        setattr(ds, key, value)
    buf = io.BytesIO()
    ds.save_as(buf)
    return buf.getvalue()


def test_basic_profile_on_ct_small() -> None:
    data = (FILES / "CT_small.dcm").read_bytes()
    before = _read(data)
    assert before.PatientName and any(e.tag.is_private for e in before)
    handler = DicomHandler(keys=KEYS)
    after = _run(handler, data)
    assert (
        str(after.PatientName) == ""
        and "PatientBirthDate" not in after
        or after.PatientBirthDate in ("", None)
    )
    assert after.PatientID == handler.fields.pseudonym(before.PatientID, namespace="patient-id")
    assert not any(e.tag.is_private for e in after.iterall())
    assert after.StudyInstanceUID == handler.fields.uid(before.StudyInstanceUID) != before.StudyInstanceUID
    assert after.SOPInstanceUID == after.file_meta.MediaStorageSOPInstanceUID
    assert after.SOPClassUID == before.SOPClassUID
    assert (
        after.PatientIdentityRemoved == "YES" and after.LongitudinalTemporalInformationModified == "REMOVED"
    )
    assert [i.CodeValue for i in after.DeidentificationMethodCodeSequence] == ["113100"]
    assert (
        "StudyDescription" not in after
        and "InstitutionName" not in after
        or after.InstitutionName != before.get("InstitutionName")
    )
    assert after.PixelData == before.PixelData


def test_options_shift_dates_and_clean_descriptors() -> None:
    data = (FILES / "CT_small.dcm").read_bytes()
    before = _read(data)
    options = DicomOptions(retain_long_modified_dates=True, clean_descriptors=True)
    handler = DicomHandler(keys=KEYS, options=options)
    docs = handler.parse(data, source="ct.dcm")
    paths = [s.path for s in docs[0].segments]
    assert "(0008,1030)" in paths  # Study Description goes to the text engine
    after = _run(handler, data, text="[CLEANED]")
    assert after.StudyDescription == "[CLEANED]"
    import datetime as dt

    shift = handler.fields.shift_days(docs[0].patient or "")
    assert dt.datetime.strptime(after.StudyDate, "%Y%m%d").date() - dt.datetime.strptime(
        before.StudyDate, "%Y%m%d"
    ).date() == dt.timedelta(days=shift)
    assert after.LongitudinalTemporalInformationModified == "MODIFIED"
    assert {i.CodeValue for i in after.DeidentificationMethodCodeSequence} == {"113100", "113105", "113107"}


def test_uids_consistent_across_files_and_runs_and_retained_on_request() -> None:
    one = _run(DicomHandler(keys=KEYS), (FILES / "MR_small.dcm").read_bytes())
    again = _run(DicomHandler(keys=KEYS), (FILES / "MR_small.dcm").read_bytes())
    other_key = _run(
        DicomHandler(keys=FieldKeys.from_secret(b"z" * 32)), (FILES / "MR_small.dcm").read_bytes()
    )
    assert one.SeriesInstanceUID == again.SeriesInstanceUID != other_key.SeriesInstanceUID
    assert one.FrameOfReferenceUID == again.FrameOfReferenceUID
    kept = _run(
        DicomHandler(keys=KEYS, options=DicomOptions(retain_uids=True)), (FILES / "MR_small.dcm").read_bytes()
    )
    assert kept.SeriesInstanceUID == _read((FILES / "MR_small.dcm").read_bytes()).SeriesInstanceUID


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"BurnedInAnnotation": "YES"}, "Burned In Annotation is YES"),
        ({"Modality": "US"}, "modality US"),
        ({"SOPClassUID": "1.2.840.10008.5.1.4.1.1.7"}, "Secondary Capture"),
    ],
)
def test_burnt_in_images_are_quarantined(changes: dict[str, str], reason: str) -> None:
    data = _with("CT_small.dcm", **changes)
    with pytest.raises(QuarantineError, match=reason) as info:
        DicomHandler(keys=KEYS).parse(data, source="q.dcm")
    assert info.value.reason.startswith(reason.split()[0])
    passed = _run(DicomHandler(keys=KEYS, options=DicomOptions(unsafe_pass_burned_in=True)), data)
    assert passed.PatientIdentityRemoved == "YES"


def test_explicit_no_burned_in_passes_for_us() -> None:
    data = _with("CT_small.dcm", Modality="US", BurnedInAnnotation="NO")
    assert _run(DicomHandler(keys=KEYS), data).Modality == "US"


@pytest.mark.parametrize(("name", "modality"), [("ExplVR_BigEnd.dcm", "US"), ("SC_rgb_rle.dcm", "OT")])
def test_bundled_burnt_in_modalities_are_quarantined(name: str, modality: str) -> None:
    with pytest.raises(QuarantineError, match=f"modality {modality}"):
        DicomHandler(keys=KEYS).parse((FILES / name).read_bytes(), source=name)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a DICOM"),
        (b"just some text, not DICOM at all" * 10, "not a DICOM"),
        ((FILES / "CT_small.dcm").read_bytes()[:2000], "truncated"),
        ((FILES / "CT_small.dcm").read_bytes()[:20000], "truncated"),
        ((FILES / "CT_small.dcm").read_bytes()[:-10], "truncated"),
        ((FILES / "no_meta.dcm").read_bytes(), "not a DICOM Part 10"),
        ((FILES / "MR_truncated.dcm").read_bytes(), "truncated"),
        ((FILES / "rtplan_truncated.dcm").read_bytes(), "truncated"),
    ],
)
def test_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        DicomHandler(keys=KEYS).parse(data, source="bad.dcm")


def test_limits_and_render_checks() -> None:
    data = (FILES / "CT_small.dcm").read_bytes()
    with pytest.raises(FormatError, match="larger than the limit"):
        DicomHandler(keys=KEYS, max_bytes=100).parse(data, source="big.dcm")
    handler = DicomHandler(keys=KEYS, options=DicomOptions(clean_descriptors=True))
    docs = handler.parse(data, source="ct.dcm")
    with pytest.raises(FormatError, match="do not match"):
        handler.render([dataclasses.replace(docs[0], segments=())], original=data)


def test_profile_lookup_including_masked_groups() -> None:
    assert profile_action(0x00100010) == ("Z", {})
    assert profile_action(0x60023000)[0] == "X"  # (60xx,3000) Overlay Data
    assert profile_action(0x50101234)[0] == "X"  # (50xx,xxxx) Curve Data
    assert profile_action(0x00280010) is None  # Rows: not in the table, kept


def test_sniff() -> None:
    handler = DicomHandler(keys=KEYS)
    assert handler.sniff((FILES / "CT_small.dcm").read_bytes()[:4096], "x")
    assert not handler.sniff(b"MSH|^~\\&|", "x.dcm")


@pytest.mark.slow
def test_deid_data_samples(registry_file: Any, tmp_path: Path) -> None:
    """The ``deid-data`` sdist (42 MB, so not a dev dependency: fetched once into out/cache/)."""
    import tarfile

    sdist = registry_file("deid-data", "deid-data==0.0.20", "deid-data-*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = [m for m in archive.getmembers() if m.name.endswith(".dcm")]
        archive.extractall(tmp_path, members=members, filter="data")
    files = sorted(tmp_path.rglob("*.dcm"))
    assert len(files) >= 10
    handler = DicomHandler(keys=KEYS)
    outcomes: dict[str, str] = {}
    for path in files:
        data = path.read_bytes()
        try:
            out = _run(handler, data)
        except QuarantineError:
            outcomes[path.name] = "quarantined"
            continue
        before = _read(data)
        assert out.PatientIdentityRemoved == "YES"
        assert str(out.get("PatientName", "")) == ""
        if before.get("PatientID"):
            assert out.PatientID != before.PatientID
        assert not any(e.tag.is_private for e in out.iterall())
        outcomes[path.name] = "done"
    assert all(v == "quarantined" for k, v in outcomes.items() if "IMAGE" in k or "ultrasound" in k)
    assert "done" in outcomes.values()


def test_synthetic_study_round_trip() -> None:
    from phigate.evaluation.synth_structured import dicom_file, patients

    pts = patients(2, seed=31)
    handler = DicomHandler(keys=KEYS, options=DicomOptions(clean_descriptors=True))
    study = "1.2.826.0.1.3680043.10.1024.77.1"
    outs = []
    for n in range(2):
        data = dicom_file(pts[0], number=n, study_uid=study)
        out = _run(handler, data, text="CT chest for [NAME]")
        raw = roundtrip(handler, data, source="s", text="x")
        for ident in (
            pts[0].mrn,
            pts[0].family,
            pts[0].given,
            pts[0].ssn,
            pts[0].street,
            "Northwind",
            "Hartwell",
            "SN0000",
        ):
            assert ident.encode() not in raw, ident
        outs.append(out)
    assert outs[0].StudyInstanceUID == outs[1].StudyInstanceUID != study
    assert outs[0].SOPInstanceUID != outs[1].SOPInstanceUID
    assert outs[0].ReferencedImageSequence[0].ReferencedSOPInstanceUID.startswith("2.25.")
    assert outs[0].StudyDescription == "CT chest for [NAME]" and outs[0].StudyDate in ("", None)
    assert outs[0].SeriesDate == f"{pts[0].visit.year}0101"  # X/D -> D: the year kept
    assert outs[0].PatientBirthDate in ("", None) and outs[0].AccessionNumber in ("", None)


def test_attributes_the_table_does_not_list() -> None:
    """Kept as read, except names, the alternative-calendar dates, other dates and unknown tags."""
    ds = _read((FILES / "CT_small.dcm").read_bytes())
    ds.add_new(0x00100033, "LO", "1948-07-14")  # birth date in an alternative calendar
    ds.add_new(0x00140104, "PN", "Quill^Ada")  # Secondary Reviewer Name
    ds.add_new(0x0008041F, "DT", "20240320093000")  # Study Update DateTime
    ds.add_new(0x00111001, "LO", "private")  # private: removed as always
    ds.add_new(0x00290010, "LO", "CREATOR")
    ds.add_new(0x7FE10001, "LO", "unknown public?")  # odd group: private too
    ds.add_new(0x00090001, "LO", "x")
    ds.add_new(0x00431001, "LO", "y")
    ds.add_new(0x0019DEAD, "LO", "z")
    ds.add_new(0x00300001, "LO", "not in the dictionary")  # public, unknown to pydicom
    buf = io.BytesIO()
    ds.save_as(buf)
    out = _run(DicomHandler(keys=KEYS), buf.getvalue())
    for tag in (0x00100033, 0x00140104, 0x00300001, 0x00111001):
        assert tag not in out, hex(tag)
    assert out[0x0008041F].value == "20240101000000"  # year only
    assert out.Rows == ds.Rows and out.KVP == ds.KVP  # unlisted technical attributes: kept as read


def test_pydicom_bundled_files_outcomes() -> None:
    """Every bundled file is de-identified, quarantined or refused with a reason (docs/formats.md)."""
    handler = DicomHandler(keys=KEYS)
    outcomes = {"done": 0, "quarantined": 0, "refused": 0}
    for path in sorted(FILES.rglob("*.dcm")):
        data = path.read_bytes()
        try:
            out = _run(handler, data)
        except QuarantineError:
            outcomes["quarantined"] += 1
            continue
        except FormatError as exc:
            assert str(exc) and path.name not in ("CT_small.dcm", "MR_small.dcm")
            outcomes["refused"] += 1
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydicom's advice on odd values the file keeps
            assert out.PatientIdentityRemoved == "YES" and not str(out.get("PatientName", ""))
            assert not any(e.tag.is_private for e in out.iterall())
        outcomes["done"] += 1
    assert outcomes == {"done": 30, "quarantined": 40, "refused": 9}


def test_patient_id_dummy_for_strict_safe_harbor() -> None:
    from phigate.config import FormatsSettings

    data = (FILES / "CT_small.dcm").read_bytes()
    options = DicomOptions.from_settings(FormatsSettings(dicom_keyed_patient_id=False))
    strict = DicomHandler(keys=KEYS, options=options)
    assert _run(strict, data).PatientID == "ANONYMIZED"
    assert strict.method()["patient_id"] == "dummy"
    assert _run(DicomHandler(keys=KEYS), data).PatientID != "ANONYMIZED"
