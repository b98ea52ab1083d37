"""Synthetic structured test data (HL7 v2, FHIR R4, CSV, DICOM) from a fixed seed. No real patients.

Every generator returns the data and the planted identifiers, so a test can assert that none of them
survives de-identification. Values are made up from small built-in lists; any resemblance to a real
person is chance.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from dataclasses import dataclass
from typing import Any

__all__ = [
    "SynthPatient",
    "csv_table",
    "dicom_file",
    "fhir_bundle",
    "fhir_ndjson",
    "hl7_batch",
    "hl7_message",
    "patients",
]

_GIVEN = (
    "Maren Tobias Ilse Quentin Odalys Bertrand Saoirse Lucian Wilhelmina Ezekiel Ramona Thaddeus "
    "Priya Anselm Yolanda Dmitri Henrike Casimir Beatrix Florentin Josefa Leopold Marisol Ignatius"
).split()
_FAMILY = (
    "Vandermeer Okonkwo Lindqvist Abernathy Castellanos Drummond Fairweather Halvorsen Kowalczyk "
    "Marchetti Oyelaran Pemberton Quintero Rasmussen Szabo Thistlewood Urquhart Valdivia Whitcombe"
).split()
_STREETS = "Juniper Larkspur Quarry Millrace Tanager Cobblestone Heron Wicklow Ashgrove Foxglove".split()
_CITIES = (("Brookhaven", "GA", "30319"), ("Marlowe", "OH", "43215"), ("Redfield", "SD", "57469"),
           ("Eastport", "ME", "04631"), ("Tulelake", "CA", "96134"), ("Glenrock", "WY", "82637"),
           ("Hanover", "NH", "03755"), ("Saugatuck", "MI", "49453"))  # fmt: skip
_XHTML = "http://www.w3.org/1999/xhtml"
_NOTES = (
    "Patient {given} {family} seen on {visit} for follow-up. Call {phone} with results.",
    "Discussed plan with {given}'s daughter. MRN {mrn} verified. Lives at {street}.",
    "{family}, {given} reports improved sleep; next visit {visit}. SSN on file {ssn}.",
)


@dataclass(frozen=True, slots=True)
class SynthPatient:
    """One made-up patient and the identifiers planted for them."""

    mrn: str
    given: str
    family: str
    birth_date: dt.date
    street: str
    city: str
    state: str
    zip: str
    phone: str
    ssn: str
    email: str
    account: str
    visit: dt.date

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Values that must not appear in de-identified output."""
        return (
            self.mrn,
            self.given,
            self.family,
            self.birth_date.isoformat(),
            self.birth_date.strftime("%Y%m%d"),
            self.street,
            self.city,
            self.phone,
            self.ssn,
            self.email,
            self.account,
        )


def patients(n: int, *, seed: int = 7) -> list[SynthPatient]:
    """``n`` made-up patients, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic data, not security
    out = []
    for i in range(n):
        city, state, zip_code = rng.choice(_CITIES)
        birth = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 80))
        out.append(
            SynthPatient(
                mrn=f"MR{rng.randrange(10**6, 10**7)}{i:03d}",
                given=rng.choice(_GIVEN),
                family=rng.choice(_FAMILY),
                birth_date=birth,
                street=f"{rng.randrange(10, 9999)} {rng.choice(_STREETS)} Lane",
                city=city,
                state=state,
                zip=zip_code,
                phone=f"({rng.randrange(201, 989)}) 555-{rng.randrange(1000, 9999)}",
                ssn=f"{rng.randrange(100, 665)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
                email=f"pt{rng.randrange(10**5, 10**6)}@example.org",
                account=f"AC{rng.randrange(10**7, 10**8)}",
                visit=dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 600)),
            )
        )
    return out


def _note(p: SynthPatient, rng: random.Random) -> str:
    return rng.choice(_NOTES).format(
        given=p.given,
        family=p.family,
        visit=p.visit.strftime("%m/%d/%Y"),
        phone=p.phone,
        mrn=p.mrn,
        street=p.street,
        ssn=p.ssn,
    )


# -- HL7 v2 --------------------------------------------------------------------------------------
def hl7_message(p: SynthPatient, *, number: int, rng: random.Random, version: str = "2.5") -> str:
    """An ORU^R01 with PID, NK1, PV1, GT1, IN1, OBR, OBX (numeric and text) and NTE, CR-separated."""
    ts = p.visit.strftime("%Y%m%d") + "0930"
    kin = rng.choice(_GIVEN)
    note = _note(p, rng).replace("\\", "\\E\\").replace("|", "\\F\\").replace("^", "\\S\\")
    dob = p.birth_date.strftime("%Y%m%d")
    xad = f"{p.street}^^{p.city}^{p.state}^{p.zip}^USA"
    segments = [
        f"MSH|^~\\&|LAB|NORTHWIND^2.16.840.1.113883.3.72.5.1^ISO|EHR|SUMMIT|{ts}||ORU^R01^ORU_R01|"
        f"CTRL{number:06d}|P|{version}",
        _segment(
            "PID",
            {
                1: "1",
                3: f"{p.mrn}^^^NORTHWIND^MR~{p.ssn}^^^SSA^SS",
                5: f"{p.family}^{p.given}^Q",
                7: dob,
                8: "F",
                11: xad,
                13: f"{p.phone}^PRN^PH^{p.email}",
                18: f"{p.account}^^^NORTHWIND^AN",
                19: p.ssn,
            },
        ),
        _segment("NK1", {1: "1", 2: f"{p.family}^{kin}", 3: "DAU^Daughter^HL70063", 4: xad, 5: p.phone}),
        _segment(
            "PV1",
            {
                1: "1",
                2: "O",
                3: "CLINIC^12^B^NORTHWIND",
                7: "1234^Hartwell^Simone^^^Dr",
                19: f"V{p.account[2:]}",
                44: ts,
                45: ts,
            },
        ),
        _segment("GT1", {1: "1", 3: f"{p.family}^{p.given}", 5: xad, 6: p.phone, 12: p.ssn}),
        _segment(
            "IN1",
            {
                1: "1",
                2: "PLAN01",
                3: "INS77",
                4: "Bluewater Health Plan",
                16: f"{p.family}^{p.given}",
                17: "SEL",
                18: dob,
                19: xad,
                36: f"POL{p.account[2:]}",
            },
        ),
        _segment(
            "OBR", {1: "1", 2: f"PL{number:05d}", 3: f"FL{number:05d}", 4: "24331-1^Lipid panel^LN", 7: ts}
        ),
        _segment(
            "OBX",
            {
                1: "1",
                2: "NM",
                3: "2093-3^Cholesterol^LN",
                5: str(rng.randrange(120, 280)),
                6: "mg/dL",
                11: "F",
                14: ts,
            },
        ),
        _segment("OBX", {1: "2", 2: "TX", 3: "11526-1^Pathology study^LN", 5: note, 11: "F"}),
        _segment(
            "NTE", {1: "1", 3: f"Specimen from {p.given} {p.family} received {p.visit.strftime('%m/%d/%Y')}."}
        ),
    ]
    return "\r".join(segments)


def _segment(name: str, fields: dict[int, str]) -> str:
    values = [fields.get(i, "") for i in range(1, max(fields) + 1)]
    return "|".join([name, *values])


def hl7_batch(pts: list[SynthPatient], *, seed: int = 7, version: str = "2.5") -> bytes:
    """A batch file FHS/BHS, one message per patient, BTS/FTS, with CR segment separators."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic data, not security
    msgs = [hl7_message(p, number=i, rng=rng, version=version) for i, p in enumerate(pts)]
    head = [
        "FHS|^~\\&|LAB|NORTHWIND|EHR|SUMMIT|20240101120000",
        "BHS|^~\\&|LAB|NORTHWIND|EHR|SUMMIT|20240101120000",
    ]
    tail = [f"BTS|{len(msgs)}", "FTS|1"]
    return ("\r".join(head + msgs + tail) + "\r").encode("utf-8")


# -- FHIR R4 -------------------------------------------------------------------------------------
def _fhir_patient_resources(p: SynthPatient, i: int, rng: random.Random) -> list[dict[str, Any]]:
    pid = f"pat-{i:04d}-{p.mrn.lower()}"
    patient = {
        "resourceType": "Patient",
        "id": pid,
        "meta": {"lastUpdated": f"{p.visit.isoformat()}T10:00:00Z"},
        "text": {
            "status": "generated",
            "div": f'<div xmlns="{_XHTML}">{p.given} {p.family}, born {p.birth_date}</div>',
        },
        "identifier": [
            {"system": "http://hospital.example.org/mrn", "value": p.mrn, "type": {"text": "MRN"}},
            {"system": "http://hl7.org/fhir/sid/us-ssn", "value": p.ssn},
        ],
        "name": [{"use": "official", "family": p.family, "given": [p.given, "Q"]}],
        "telecom": [{"system": "phone", "value": p.phone}, {"system": "email", "value": p.email}],
        "gender": rng.choice(["female", "male"]),
        "birthDate": p.birth_date.isoformat(),
        "address": [
            {"line": [p.street], "city": p.city, "state": p.state, "postalCode": p.zip, "country": "US"}
        ],
        "maritalStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M"}]
        },
        "extension": [
            {"url": "http://example.org/fhir/StructureDefinition/favourite-colour", "valueString": "teal"}
        ],
    }
    enc_id = f"enc-{i:04d}"
    encounter = {
        "resourceType": "Encounter",
        "id": enc_id,
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
        "subject": {"reference": f"Patient/{pid}", "display": f"{p.given} {p.family}"},
        "period": {
            "start": f"{p.visit.isoformat()}T09:30:00-05:00",
            "end": f"{p.visit.isoformat()}T10:15:00-05:00",
        },
    }
    observation = {
        "resourceType": "Observation",
        "id": f"obs-{i:04d}",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2093-3", "display": "Cholesterol"}]},
        "subject": {"reference": f"Patient/{pid}"},
        "encounter": {"reference": f"Encounter/{enc_id}"},
        "effectiveDateTime": f"{p.visit.isoformat()}T09:45:00-05:00",
        "valueQuantity": {
            "value": rng.randrange(120, 280),
            "unit": "mg/dL",
            "system": "http://unitsofmeasure.org",
            "code": "mg/dL",
        },
        "note": [{"text": _note(p, rng)}],
    }
    return [patient, encounter, observation]


def fhir_bundle(pts: list[SynthPatient], *, seed: int = 7) -> dict[str, Any]:
    """A collection Bundle with Patient, Encounter and Observation per patient, linked by references."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic data, not security
    entries = []
    for i, p in enumerate(pts):
        for res in _fhir_patient_resources(p, i, rng):
            entries.append(
                {"fullUrl": f"urn:uuid:{res['resourceType'].lower()}-{res['id']}", "resource": res}
            )
    return {"resourceType": "Bundle", "id": "bundle-synth", "type": "collection", "entry": entries}


def fhir_ndjson(pts: list[SynthPatient], *, seed: int = 7) -> bytes:
    """A bulk-export style NDJSON: one resource per line."""
    bundle = fhir_bundle(pts, seed=seed)
    return "".join(json.dumps(e["resource"]) + "\n" for e in bundle["entry"]).encode("utf-8")


# -- CSV -----------------------------------------------------------------------------------------
def csv_table(pts: list[SynthPatient], *, seed: int = 7) -> bytes:
    """A CSV extract with identifiers, quasi-identifiers, a sensitive value and a free-text note."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - synthetic data, not security
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["mrn", "patient_name", "dob", "zip", "sex", "phone", "admit_date", "diagnosis", "note"])
    dx = ["E11.9", "I10", "J45.909", "F32.9", "M54.5"]
    for p in pts:
        writer.writerow(
            [
                p.mrn,
                f"{p.given} {p.family}",
                p.birth_date.isoformat(),
                p.zip,
                rng.choice(["F", "M"]),
                p.phone,
                p.visit.isoformat(),
                rng.choice(dx),
                _note(p, rng),
            ]
        )
    return buf.getvalue().encode("utf-8")


# -- DICOM ---------------------------------------------------------------------------------------
def dicom_file(
    p: SynthPatient, *, number: int = 0, modality: str = "CT", study_uid: str | None = None
) -> bytes:
    """A small, valid DICOM Part 10 CT-like image (8x8, 16-bit) with identifying attributes, a
    descriptor, a private tag and a referenced-image sequence; ``study_uid`` groups files in a study.
    """
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import UID, ExplicitVRLittleEndian

    base = f"1.2.826.0.1.3680043.10.1024.{int(p.mrn[2:9])}"
    study = study_uid or f"{base}.1"
    sop = f"{base}.3.{number + 1}"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID("1.2.840.10008.5.1.4.1.1.2")
    meta.MediaStorageSOPInstanceUID = UID(sop)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = sop
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = f"{study}.2"
    ds.FrameOfReferenceUID = f"{study}.4"
    ds.PatientName = f"{p.family}^{p.given}"
    ds.PatientID = p.mrn
    ds.PatientBirthDate = p.birth_date.strftime("%Y%m%d")
    ds.PatientSex = "F"
    ds.PatientAddress = f"{p.street}, {p.city}"
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = p.visit.strftime("%Y%m%d")
    ds.StudyTime = "093000"
    ds.AccessionNumber = f"AC{number:06d}"
    ds.StudyID = f"S{number}"
    ds.InstitutionName = "Northwind Imaging Center"
    ds.ReferringPhysicianName = "Hartwell^Simone"
    ds.StudyDescription = f"CT chest for {p.given} {p.family}"
    ds.Modality = modality
    ds.BurnedInAnnotation = "NO"
    ds.Manufacturer = "ACME"
    ds.DeviceSerialNumber = f"SN{number:05d}"
    ref = Dataset()
    ref.ReferencedSOPClassUID = ds.SOPClassUID
    ref.ReferencedSOPInstanceUID = f"{base}.3.999"
    ds.ReferencedImageSequence = [ref]
    ds.add_new(0x00991010, "LO", f"private {p.ssn}")
    ds.Rows = ds.Columns = 8
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.PixelData = bytes(range(128))
    import io

    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()
