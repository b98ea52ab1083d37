"""Device identifiers and serial numbers (Category.DEVICE).

- UDIs in GS1 form with application identifiers (``(01)00844588003288(17)141120(10)7654321D(21)10987``)
  and HIBCC form (``+H123PARTNO1/$$420020216LOT123``), with or without a label;
- serial numbers, implant and device ids, IMEIs and MAC addresses after a label (``S/N: PM1234567``,
  ``pacemaker serial ABC123456``, ``Device ID 8812-XK``, ``MAC address 00:1A:2B:3C:4D:5E``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import labelled_identifiers
from phigate.detection.builtin._shared import match
from phigate.detection.builtin._tokens import ocr_view
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["DeviceRecognizer", "register"]

_WEAK = frozenset({"serial", "sn", "asset tag", "equipment id"})
#: GS1: ``(01)`` and 14 digits (the device identifier), then further ``(AI)value`` elements.
_GS1 = re.compile(r"\(01\)[ ]?\d{14}(?:[ ]?\(\d{2,4}\)[ ]?[A-Za-z0-9\-./]{1,20})*")
#: HIBCC: ``+``, a letter, three more characters of the labeler code, the product, then data.
_HIBCC = re.compile(r"\+[A-Z](?<![\w+]\+[A-Z])[A-Z0-9]{3}[A-Z0-9]{1,18}(?:/[A-Z0-9$+%.\-]{1,40})*(?![\w])")


class DeviceRecognizer:
    """Device serial numbers and ids after a label; UDIs (GS1, HIBCC) anywhere."""

    id = "device"
    version = "1"
    categories = frozenset({Category.DEVICE})

    def find(self, text: str) -> Iterator[Match]:
        """Yield DEVICE matches in ``text``."""
        for _label, start, end, score in labelled_identifiers(text, "DEVICE", weak=_WEAK):
            yield match(start, end, Category.DEVICE, score)
        view = ocr_view(text)
        for m in _GS1.finditer(view) if "(01)" in view else ():
            yield match(m.start(), m.end(), Category.DEVICE, 0.95)
        for m in _HIBCC.finditer(text) if "+" in text else ():
            value = m.group()
            if sum(map(str.isdigit, value)) >= 3:
                yield match(m.start(), m.end(), Category.DEVICE, 0.8)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the device recognizer."""
    registry.register(DeviceRecognizer.id, DeviceRecognizer)
