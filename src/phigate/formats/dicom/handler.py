"""DICOM files de-identified by the PS3.15 Annex E Basic Application Level Confidentiality Profile.

The action of every attribute comes from the generated Table E.1-1 (:mod:`.profile`), adjusted by
the options a run chooses (:class:`DicomOptions`):

- **Retain Longitudinal Temporal Information with Modified Dates** (113107): dates and date-times
  move by the patient's keyed offset (the same offset as the patient's FHIR, HL7 v2, CSV and
  free-text dates); without it they are removed, emptied or cut to ``YYYY0101``.
- **Clean Descriptors** (113105): descriptions and comments go through the text engine as
  ``FREE_TEXT`` segments instead of being removed.
- **Retain UIDs** (113110): UIDs are kept. Without it every UID is remapped to a keyed
  ``2.25.<n>`` UID: the same input UID always gets the same new UID (within a study, across files,
  and across runs with the same key), so studies and series still link.
- Retain Device Identity (113109), Patient Characteristics (113108), Institution Identity (113112).

Private attributes are always removed. Attributes the table does not list are kept, as PS3.15
says, except where Safe Harbor still reaches them (:func:`unlisted_action`): names (PN) and the
alternative-calendar birth and death dates are removed, other dates (DA, DT) are treated as ``D``
(the year, or shifted), and attributes unknown to pydicom's data dictionary are removed (default
deny). Compound actions pick the least destructive valid choice (``Z/D`` and ``X/D`` -> D, ``X/Z``
-> Z, ``X/Z/U*`` -> keep the sequence and remap its UIDs), so Type 1 and Type 2 attributes stay
present. The output carries Patient Identity Removed = YES, De-identification Method and the
De-identification Method Code Sequence of the options applied.

A file that may show identifiers in its pixels is **quarantined**, never passed: Burned In
Annotation = YES, or a modality known for burnt-in text (:data:`BURNT_IN_MODALITIES`) without an
explicit Burned In Annotation = NO, or a Secondary Capture SOP class. The error says why.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from phigate.errors import FormatError, TransformError
from phigate.formats.dicom.profile import ROWS
from phigate.formats.fields import FieldKeys, FieldTransformer
from phigate.formats.handler import StructuredHandler, Unit
from phigate.formats.limits import DEFAULT_MAX_BYTES
from phigate.model import Document

if TYPE_CHECKING:
    from phigate.config import FormatsSettings

__all__ = ["BURNT_IN_MODALITIES", "DicomHandler", "DicomOptions", "QuarantineError", "unlisted_action"]

#: Modalities whose images often carry burnt-in identifiers (ultrasound annotations, screenshots,
#: photographs, scanned documents): US, SC secondary capture, OT other, XC external-camera and
#: ES endoscopy photographs, GM/SM microscopy with slide labels, DOC scanned documents, and the
#: dose report screens of CT kept as SC (quarantined via the SOP class).
BURNT_IN_MODALITIES = frozenset({"US", "IVUS", "SC", "OT", "XC", "ES", "GM", "SM", "DOC"})
_SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"

_OPTION_CODES: dict[str, tuple[str, str]] = {
    "basic": ("113100", "Basic Application Confidentiality Profile"),
    "clean_descriptors": ("113105", "Clean Descriptors Option"),
    "retain_long_modified_dates": (
        "113107",
        "Retain Longitudinal Temporal Information Modified Dates Option",
    ),
    "retain_patient_characteristics": ("113108", "Retain Patient Characteristics Option"),
    "retain_device_identity": ("113109", "Retain Device Identity Option"),
    "retain_uids": ("113110", "Retain UIDs Option"),
    "retain_institution_identity": ("113112", "Retain Institution Identity Option"),
}
_PATIENT_ID = 0x00100020
_DATE_VRS = frozenset({"DA", "DT"})
#: Not in the table's source editions, but (C) dates of the patient: removed.
_UNLISTED_REMOVED = frozenset({0x00100033, 0x00100034})  # birth / death date in alternative calendar


class QuarantineError(FormatError):
    """The file may hold identifiers phigate cannot remove (burnt-in pixel text): not written."""

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        super().__init__(f"quarantined: {reason}", path=path)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class DicomOptions:
    """PS3.15 options of a run, and how Patient ID is replaced: by the patient's keyed pseudonym
    (``keyed_patient_id``, the same code as in HL7 PID-3 and FHIR; Expert Determination), or by the
    dummy ``ANONYMIZED`` (strict Safe Harbor: no code derived from the MRN). ``unsafe_pass_burned_in``
    lets burnt-in images through (don't).
    """

    retain_long_modified_dates: bool = False
    clean_descriptors: bool = False
    retain_uids: bool = False
    retain_device_identity: bool = False
    retain_patient_characteristics: bool = False
    retain_institution_identity: bool = False
    keyed_patient_id: bool = True
    unsafe_pass_burned_in: bool = False

    @classmethod
    def from_settings(cls, formats: FormatsSettings) -> DicomOptions:
        """The options of the ``formats:`` settings (``dicom_<option>``)."""
        names = (*_OPTIONS, "keyed_patient_id")
        return cls(**{name: getattr(formats, f"dicom_{name}") for name in names})

    def enabled(self) -> tuple[str, ...]:
        """Names of the options switched on, for the method code sequence and reports."""
        return tuple(name for name in _OPTIONS if getattr(self, name))


#: The PS3.15 options a run can switch on (the code table's entries after the basic profile).
_OPTIONS = tuple(name for name in _OPTION_CODES if name != "basic")


def _parse_tag(text: str) -> tuple[int, int, int, int]:
    """``(0010,0010)`` -> (value, mask) for group and element; ``x`` digits are wildcards."""
    group, element = text.strip("()").split(",")

    def part(s: str) -> tuple[int, int]:
        value = int(s.replace("x", "0"), 16)
        mask = int("".join("0" if c == "x" else "F" for c in s), 16)
        return value, mask

    (gv, gm), (ev, em) = part(group), part(element)
    return gv, gm, ev, em


_EXACT: dict[int, tuple[str, dict[str, str]]] = {}
_MASKED: list[tuple[tuple[int, int, int, int], tuple[str, dict[str, str]]]] = []
for _tag, _name, _action, _options, _origin in ROWS:
    _gv, _gm, _ev, _em = _parse_tag(_tag)
    if _gm == 0xFFFF and _em == 0xFFFF:
        _EXACT[(_gv << 16) | _ev] = (_action, _options)
    else:
        _MASKED.append(((_gv, _gm, _ev, _em), (_action, _options)))


@lru_cache(maxsize=4096)
def unlisted_action(tag: int, vr: str, *, empty: bool = False) -> str:
    """The action for a public attribute Table E.1-1 does not list: ``K`` (keep), except names (PN)
    and the patient's alternative-calendar dates (X), other non-empty dates (D: the year, or
    shifted), and attributes pydicom's data dictionary does not know (X: default deny; group
    lengths too).
    """
    from pydicom.datadict import get_entry

    if vr == "PN" or tag in _UNLISTED_REMOVED:
        return "X"
    try:
        get_entry(tag)
    except KeyError:
        return "X"
    return "D" if vr in _DATE_VRS and not empty else "K"


def profile_action(tag: int) -> tuple[str, dict[str, str]] | None:
    """The Table E.1-1 row of ``tag`` (exact, then masked groups such as 60xx), or ``None``."""
    row = _EXACT.get(tag)
    if row is not None:
        return row
    group, element = tag >> 16, tag & 0xFFFF
    for (gv, gm, ev, em), masked in _MASKED:
        if group & gm == gv and element & em == ev:
            return masked
    return None


@dataclass(slots=True)
class _Element:
    """A descriptor for the text engine: ``dataset[tag]``."""

    path: str
    text: str
    dataset: Any
    tag: int


@dataclass(slots=True)
class _Processed:
    dataset: Any
    units: list[Unit[_Element]]  # one: the file


class DicomHandler(StructuredHandler[_Processed]):
    """DICOM Part 10 handler: one document per file, holding the descriptors to clean (Clean
    Descriptors option), if any.
    """

    def __init__(
        self,
        *,
        options: DicomOptions | None = None,
        keys: FieldKeys | None = None,
        transformer: FieldTransformer | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        super().__init__(keys=keys, transformer=transformer, max_bytes=max_bytes)
        self.options = options or DicomOptions()

    @property
    def name(self) -> str:
        """``dicom``."""
        return "dicom"

    def _method(self) -> dict[str, Any]:
        from phigate.formats.dicom.profile import TABLE_SHA256

        return {
            "profile": "PS3.15 Annex E Table E.1-1",
            "table_sha256": TABLE_SHA256,
            "options": list(self.options.enabled()),
            "patient_id": "keyed pseudonym" if self.options.keyed_patient_id else "dummy",
        }

    def sniff(self, head: bytes, filename: str) -> bool:
        """A Part 10 file: ``DICM`` after the 128-byte preamble."""
        return len(head) >= 132 and head[128:132] == b"DICM"

    def render(self, documents: Sequence[Document], *, original: bytes) -> bytes:
        """The de-identified Part 10 file."""
        p = self.processed_for(documents, original)
        with self._lock:  # the dataset is shared by every render of this input
            for seg, element in zip(documents[0].segments, p.units[0].slots, strict=True):
                element.dataset[element.tag].value = seg.text
            buffer = io.BytesIO()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # pydicom's VR-length advice on kept values
                    _complete_meta(p.dataset)
                    p.dataset.save_as(buffer, enforce_file_format=True)
            except (ValueError, TypeError, AttributeError, OSError, KeyError) as exc:
                raise FormatError(f"cannot write the DICOM file ({type(exc).__name__})") from exc
        return buffer.getvalue()

    # -- internals ---------------------------------------------------------------------------------
    def _read(self, data: bytes, source: str) -> Any:
        import pydicom
        from pydicom.errors import InvalidDicomError

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pydicom reports what it repairs; bad files still raise
                ds = pydicom.dcmread(io.BytesIO(data))
                self._quarantine(ds, source)  # before the full parse: a quarantined file costs little
                _check_complete(data, ds)  # a file that ends inside an element is refused here
        except InvalidDicomError as exc:
            raise FormatError("not a DICOM Part 10 file", path=source) from exc
        except (
            EOFError,
            OSError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
            NotImplementedError,
        ) as exc:
            raise FormatError(
                f"unreadable or truncated DICOM file ({type(exc).__name__})", path=source
            ) from exc
        return ds

    def _quarantine(self, ds: Any, source: str) -> None:
        if self.options.unsafe_pass_burned_in:
            return
        burned = str(ds.get("BurnedInAnnotation", "") or "").strip().upper()
        modality = str(ds.get("Modality", "") or "").strip().upper()
        sop_class = str(ds.get("SOPClassUID", "") or "")
        if burned == "YES":
            raise QuarantineError("Burned In Annotation is YES", path=source)
        if burned == "NO":
            return
        if modality in BURNT_IN_MODALITIES:
            raise QuarantineError(
                f"modality {modality} often has burnt-in text and Burned In Annotation is not NO", path=source
            )
        if sop_class.startswith(_SECONDARY_CAPTURE):
            raise QuarantineError("Secondary Capture image and Burned In Annotation is not NO", path=source)

    def _process(self, data: bytes, source: str, digest: str) -> _Processed:
        ds = self._read(data, source)
        raw_patient = str(ds.get("PatientID", "") or "") or f"study:{ds.get('StudyInstanceUID', digest)}"
        unit: Unit[_Element] = Unit(0, self.fields.patient_ref(raw_patient))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._clean(ds, unit, "", raw_patient)
                if getattr(ds, "file_meta", None) is not None:
                    self._clean(ds.file_meta, unit, "meta.", raw_patient)
        except (ValueError, TypeError, OverflowError, KeyError) as exc:
            raise FormatError(
                f"cannot de-identify the DICOM file ({type(exc).__name__})", path=source
            ) from exc
        self._mark(ds)
        return _Processed(ds, [unit])

    def _choose(self, action: str, options: dict[str, str]) -> str:
        """Apply the run's options to a row, then resolve compound actions.

        ``C`` becomes ``T`` (text engine) under Clean Descriptors and ``S`` (shift) under Retain
        Longitudinal Modified Dates; any other clean (graphics, structured content) removes.
        """
        for name in self.options.enabled():
            if name in options:
                action = options[name]
                if action == "C":
                    action = {"clean_descriptors": "T", "retain_long_modified_dates": "S"}.get(name, "X")
                break
        if action == "C":
            action = "X"
        return {"Z/D": "D", "X/D": "D", "X/Z/D": "D", "X/Z": "Z", "X/Z/U*": "U*"}.get(action, action)

    def _clean(self, ds: Any, unit: Unit[_Element], prefix: str, raw_patient: str) -> None:
        """Apply the profile to every element of ``ds``. An element that is kept as it is (and is
        not a sequence) is never decoded: pydicom writes it back byte for byte.
        """
        for key in list(ds.keys()):
            if key.is_private:
                del ds[key]
                continue
            tag = int(key)
            item = ds.get_item(key)
            vr = _vr_of(item)
            row = profile_action(tag)
            action = self._choose(*row) if row else unlisted_action(tag, vr, empty=not item.value)
            if action == "X":
                del ds[key]
                continue
            if action == "K" and vr != "SQ" and not (vr == "UI" and self._remapped(tag)):
                continue
            elem = ds[key]  # decoded: it changes, or it is a sequence to walk
            path = f"{prefix}({tag >> 16:04X},{tag & 0xFFFF:04X})"
            if elem.VR == "SQ":
                self._sequence(ds, elem, action, unit, path, raw_patient)
            elif action == "Z":
                elem.value = self._empty(elem.VR)
            elif action == "D":
                elem.value = self._dummy(elem, tag, raw_patient, unit.patient or "")
            elif action in ("U", "U*"):
                elem.value = self._uids(elem.value)
            elif action == "S":
                self._shift_value(ds, elem, unit.patient or "")
            elif action == "T":
                self._text_value(ds, elem, tag, path, unit)
            elif elem.VR == "UI" and self._remapped(tag):
                elem.value = self._uids(elem.value)

    def _remapped(self, tag: int) -> bool:
        """A UID outside the table that still identifies an instance, remapped unless Retain UIDs."""
        return not self.options.retain_uids and tag >> 16 != 0x0002 and _is_instance_uid(tag)

    def _sequence(
        self, ds: Any, elem: Any, action: str, unit: Unit[_Element], path: str, raw_patient: str
    ) -> None:
        if action == "X":
            del ds[elem.tag]
        elif action in ("Z", "D"):
            elem.value = []
        else:
            for i, item in enumerate(elem.value):
                self._clean(item, unit, f"{path}[{i}].", raw_patient)

    def _shift_value(self, ds: Any, elem: Any, patient: str) -> None:
        """Retain Longitudinal Modified Dates: shift dates, keep times, remove anything else."""
        if elem.VR in _DATE_VRS:
            elem.value = self._shift(elem.value, patient)
        elif elem.VR != "TM":
            del ds[elem.tag]

    def _text_value(self, ds: Any, elem: Any, tag: int, path: str, unit: Unit[_Element]) -> None:
        """Clean Descriptors: a text value becomes a segment for the text engine; others are removed."""
        if (
            elem.VR in ("LO", "LT", "SH", "ST", "UT", "UC", "PN")
            and elem.VM == 1
            and elem.value not in (None, "")
        ):
            unit.slots.append(_Element(path, str(elem.value), ds, tag))
        elif elem.VR != "SQ":
            del ds[elem.tag]

    def _shift(self, value: Any, patient: str) -> Any:
        values = (
            value
            if isinstance(value, list | tuple) or hasattr(value, "__iter__") and not isinstance(value, str)
            else [value]
        )
        out = []
        for v in values:
            text = str(v)
            try:
                out.append(self.fields.shift_date(text, patient=patient) if text else text)
            except TransformError:
                out.append("")
        return out if len(out) != 1 else out[0]

    @staticmethod
    def _empty(vr: str) -> Any:
        return None if vr not in ("SQ",) else []

    def _uids(self, value: Any) -> Any:
        if self.options.retain_uids or value in (None, ""):
            return value
        if isinstance(value, list | tuple) or (hasattr(value, "__iter__") and not isinstance(value, str)):
            return [self.fields.uid(str(v)) for v in value]
        return self.fields.uid(str(value))

    def _dummy(self, elem: Any, tag: int, raw_patient: str, patient_ref: str) -> Any:
        vr = elem.VR
        if tag == _PATIENT_ID:
            if not self.options.keyed_patient_id:
                return "ANONYMIZED"
            return self.fields.pseudonym(raw_patient, namespace="patient-id")
        if vr in _DATE_VRS:
            if self.options.retain_long_modified_dates and elem.value:
                return self._shift(elem.value, patient_ref)
            text = str(elem.value or "")
            year = text[:4] if text[:4].isdigit() else "1900"
            return f"{year}0101" if vr == "DA" else f"{year}0101000000"
        if vr == "TM":
            return "000000"
        if vr == "UI":
            return self._uids(elem.value) if elem.value else self.fields.uid(f"dummy:{tag}")
        if vr in ("IS", "DS"):
            return "0"
        if vr in ("US", "SS", "UL", "SL", "FL", "FD", "UV", "SV"):
            return 0
        if vr == "AS":
            return "000Y"
        if vr == "CS":
            return "ANONYMIZED"
        if vr in ("OB", "OW", "OF", "OD", "OL", "OV", "UN"):
            return b"\x00\x00"
        return "ANONYMIZED"

    def _mark(self, ds: Any) -> None:
        from pydicom.dataset import Dataset

        from phigate import __version__

        enabled = ("basic", *self.options.enabled())
        ds.PatientIdentityRemoved = "YES"
        ds.DeidentificationMethod = f"phigate {__version__} PS3.15 E.1-1"[:64]
        items = []
        for name in enabled:
            code, meaning = _OPTION_CODES[name]
            item = Dataset()
            item.CodeValue = code
            item.CodingSchemeDesignator = "DCM"
            item.CodeMeaning = meaning
            items.append(item)
        ds.DeidentificationMethodCodeSequence = items
        ds.LongitudinalTemporalInformationModified = (
            "MODIFIED" if self.options.retain_long_modified_dates else "REMOVED"
        )


def _check_complete(data: bytes, ds: Any) -> None:
    """Raise ``EOFError`` when the file ends inside an element (pydicom reads such files silently
    short) or an image has no pixel data left.
    """
    from pydicom.filereader import _read_file_meta_info, data_element_generator, read_preamble
    from pydicom.uid import UID

    syntax = UID(str(ds.file_meta.get("TransferSyntaxUID", "1.2.840.10008.1.2.1")))
    if syntax.is_transfer_syntax and not syntax.is_deflated:
        fp = io.BytesIO(data)
        read_preamble(fp, False)
        _read_file_meta_info(fp)
        for raw in data_element_generator(
            fp, syntax.is_implicit_VR, syntax.is_little_endian, defer_size=None
        ):
            length = getattr(raw, "length", 0xFFFFFFFF)  # parsed sequences carry no raw length
            if length != 0xFFFFFFFF and raw.value is not None and len(raw.value) != length:
                raise EOFError("element value cut short")
    image = ("Rows" in ds and "Columns" in ds) or "Image Storage" in UID(str(ds.get("SOPClassUID", ""))).name
    if image and not any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
        raise EOFError("image without pixel data")


def _complete_meta(ds: Any) -> None:
    """Fill file meta elements a Part 10 file needs when the input lacked them (from the dataset)."""
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

    meta = getattr(ds, "file_meta", None)
    if meta is None:
        meta = ds.file_meta = FileMetaDataset()
    if "TransferSyntaxUID" not in meta:
        implicit = ds.original_encoding[0] if ds.original_encoding[0] is not None else False
        meta.TransferSyntaxUID = ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian
    if "MediaStorageSOPClassUID" not in meta and "SOPClassUID" in ds:
        meta.MediaStorageSOPClassUID = ds.SOPClassUID
    if "MediaStorageSOPInstanceUID" not in meta and "SOPInstanceUID" in ds:
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID


def _vr_of(item: Any) -> str:
    """The VR of a data element, decoded or raw (implicit VR and ``UN``: the dictionary's)."""
    from pydicom.datadict import dictionary_VR

    vr = item.VR
    if vr and vr != "UN":
        return str(vr)
    try:
        return str(dictionary_VR(item.tag))
    except KeyError:
        return str(vr or "UN")


def _is_instance_uid(tag: int) -> bool:
    """UIDs outside the table that still identify instances (kept SOP Class UIDs are not remapped)."""
    return tag in (0x00200052, 0x0020000D, 0x0020000E, 0x00080018)
