"""Plugin hook for the structured handlers (FHIR, HL7 v2, CSV, Parquet, DICOM).

They register in :data:`phigate.formats.FORMATS` exactly like a third-party format would. Every
handler of one run shares the run's field keys (derived from the run's secret, or random for a run
without a key), so a patient's pseudonyms and date shift agree across the FHIR, HL7 v2, CSV and DICOM
files of the run, and across runs with the same key. Rule files, the tabular schema and the DICOM
options come from the ``formats:`` settings section (:class:`phigate.config.FormatsSettings`).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from phigate.config import Settings, load_settings
from phigate.formats.base import FormatHandler
from phigate.formats.fields import FieldKeys, FieldTransformer

if TYPE_CHECKING:
    from phigate.formats import HandlerFactory, HandlerOptions
    from phigate.registry import Registry

__all__ = ["build_structured", "register", "transformer_for"]

_lock = threading.Lock()
_ephemeral: dict[int, FieldKeys] = {}


def transformer_for(options: HandlerOptions, settings: Settings | None = None) -> FieldTransformer:
    """The field transformer of a run: keyed by the run's secret, or one random key per options object
    (pseudonyms then agree within the run and cannot be linked after it).
    """
    from phigate.policy.zip3 import get_zip3_table

    cfg = settings or load_settings()
    if options.secret is not None:
        keys = FieldKeys.from_secret(options.secret)
    else:
        with _lock:
            if id(options) not in _ephemeral:
                _ephemeral.clear()
                _ephemeral[id(options)] = FieldKeys.ephemeral_keys()
            keys = _ephemeral[id(options)]
    return FieldTransformer(
        keys,
        max_shift_days=cfg.formats.date_shift_max_days,
        zip3_table=get_zip3_table(cfg.deid.zip3_table),
    )


def build_structured(name: str, options: HandlerOptions, settings: Settings | None = None) -> FormatHandler:
    """The structured handler ``name`` configured from ``settings`` (default: ``load_settings()``)."""
    cfg = settings or load_settings()
    fmt = cfg.formats
    fields = transformer_for(options, cfg)
    if name == "fhir":
        from phigate.formats.fhir import FhirHandler

        return FhirHandler(rules=fmt.fhir_rules, transformer=fields, max_bytes=fmt.max_bytes)
    if name == "hl7v2":
        from phigate.formats.hl7v2 import Hl7v2Handler

        return Hl7v2Handler(rules=fmt.hl7v2_rules, transformer=fields, max_bytes=fmt.max_bytes)
    if name in ("csv", "parquet"):
        from phigate.formats.tabular import TabularHandler

        return TabularHandler(name, schema=fmt.tabular_schema, transformer=fields, max_bytes=fmt.max_bytes)
    from phigate.formats.dicom import DicomHandler, DicomOptions

    dicom = DicomOptions(
        retain_long_modified_dates=fmt.dicom_retain_long_modified_dates,
        clean_descriptors=fmt.dicom_clean_descriptors,
        retain_uids=fmt.dicom_retain_uids,
        retain_device_identity=fmt.dicom_retain_device_identity,
        retain_patient_characteristics=fmt.dicom_retain_patient_characteristics,
        retain_institution_identity=fmt.dicom_retain_institution_identity,
    )
    return DicomHandler(options=dicom, transformer=fields, max_bytes=fmt.max_bytes)


def _factory(name: str) -> HandlerFactory:
    def make(options: HandlerOptions) -> FormatHandler:
        return build_structured(name, options, options.settings)

    return make


def register(registry: Registry[HandlerFactory]) -> None:
    """Register ``csv``, ``dicom``, ``fhir``, ``hl7v2`` and ``parquet``."""
    for name in ("csv", "dicom", "fhir", "hl7v2", "parquet"):
        registry.register(name, lambda name=name: _factory(name))  # type: ignore[misc]
