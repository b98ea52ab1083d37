"""DICOM: the PS3.15 Annex E profile (generated table in :mod:`.profile`) and the handler."""

from __future__ import annotations

from phigate.formats.dicom.handler import BURNT_IN_MODALITIES, DicomHandler, DicomOptions, QuarantineError

__all__ = ["BURNT_IN_MODALITIES", "DicomHandler", "DicomOptions", "QuarantineError"]
