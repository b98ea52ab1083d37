"""Plugin hook for the structured handlers (FHIR, HL7 v2, CSV, Parquet, DICOM).

They register in :data:`phigate.formats.FORMATS` exactly like a third-party format would. Every
handler of one run shares the run's field keys, derived from the run's secret, so a patient's
pseudonyms and date shift agree across the FHIR, HL7 v2, CSV and DICOM files of the run, and across
runs with the same key. Without a secret the handlers are built (they can still sniff) but refuse to
parse, naming ``phigate keys init``; random keys only when the options say
``unsafe_ephemeral_keys``. Rule files, the tabular schema and the DICOM options come from the
``formats:`` settings section (:class:`phigate.config.FormatsSettings`).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from phigate.config import Settings, load_settings
from phigate.errors import ConfigError
from phigate.formats.base import FormatHandler
from phigate.formats.fields import FieldKeys, FieldTransformer
from phigate.formats.handler import NO_KEY

if TYPE_CHECKING:
    from phigate.formats import HandlerFactory, HandlerOptions
    from phigate.registry import Registry

__all__ = ["build_structured", "register", "transformer_for"]

_lock = threading.Lock()
#: The last options that asked for ephemeral keys, and their keys (held, so its id is not reused).
_ephemeral: list[tuple[HandlerOptions, FieldKeys]] = []


def _keys(options: HandlerOptions) -> FieldKeys | None:
    """The run's keys: from its secret; random (one set per options object) only on request."""
    if options.secret is not None:
        return FieldKeys.from_secret(options.secret)
    if not options.unsafe_ephemeral_keys:
        return None
    with _lock:
        if not _ephemeral or _ephemeral[0][0] is not options:
            _ephemeral[:] = [(options, FieldKeys.ephemeral_keys())]
        return _ephemeral[0][1]


def _transformer(keys: FieldKeys, settings: Settings) -> FieldTransformer:
    from phigate.policy.zip3 import get_zip3_table

    return FieldTransformer(
        keys,
        max_shift_days=settings.formats.date_shift_max_days,
        zip3_table=get_zip3_table(settings.deid.zip3_table),
    )


def transformer_for(options: HandlerOptions, settings: Settings | None = None) -> FieldTransformer:
    """The field transformer of a run: keyed by the run's secret (``ConfigError`` without one, unless
    ``options.unsafe_ephemeral_keys``), with the ZIP3 table and date-shift range of ``settings``.
    """
    keys = _keys(options)
    if keys is None:
        raise ConfigError(f"the structured formats {NO_KEY}")
    return _transformer(keys, settings or load_settings())


def build_structured(name: str, options: HandlerOptions, settings: Settings | None = None) -> FormatHandler:
    """The structured handler ``name`` configured from ``settings`` (default: ``load_settings()``).

    Without keys (no secret, no ``unsafe_ephemeral_keys``) the handler sniffs but refuses to parse.
    """
    cfg = settings or load_settings()
    fmt = cfg.formats
    keys = _keys(options)
    fields = _transformer(keys, cfg) if keys is not None else None
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

    return DicomHandler(options=DicomOptions.from_settings(fmt), transformer=fields, max_bytes=fmt.max_bytes)


def _factory(name: str) -> HandlerFactory:
    def make(options: HandlerOptions) -> FormatHandler:
        return build_structured(name, options, options.settings)

    return make


def register(registry: Registry[HandlerFactory]) -> None:
    """Register ``csv``, ``dicom``, ``fhir``, ``hl7v2`` and ``parquet``."""
    for name in ("csv", "dicom", "fhir", "hl7v2", "parquet"):
        registry.register(name, lambda name=name: _factory(name))  # type: ignore[misc]
