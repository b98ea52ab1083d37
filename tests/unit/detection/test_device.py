from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.device import DeviceRecognizer
from phigate.model import Category

V = Category.DEVICE
R = DeviceRecognizer()
GS1 = "(01)00844588003288(17)141120(10)7654321D(21)10987"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S/N: PM1234567", [("PM1234567", V, 0.85, 0.95)]),
        ("pacemaker serial ABC123456", [("ABC123456", V, 0.85, 0.95)]),
        ("Serial number 8812-XK-0042", [("8812-XK-0042", V, 0.85, 0.95)]),
        ("Device ID 8812-XK", [("8812-XK", V, 0.85, 0.95)]),
        ("MAC address 00:1A:2B:3C:4D:5E", [("00:1A:2B:3C:4D:5E", V, 0.85, 0.95)]),
        ("IMEI 490154203237518", [("490154203237518", V, 0.85, 0.95)]),
        (f"UDI {GS1} implanted", [(GS1, V, 0.9, 1.0)]),
        ("(01)00844588003288 only", [("(01)00844588003288", V, 0.9, 1.0)]),
        ("label +H123PARTNO1/$$420020216LOT123 scanned", [("+H123PARTNO1/$$420020216LOT123", V, 0.75, 0.85)]),
        # near misses
        ("(01)1234 and +HELLO and serial killer", []),
        ("sn 12", []),
        # clinical traps
        ("+2 edema, +1 reflexes, (01) item one", []),
        ("model 3 mm stent, 6 Fr sheath", []),
    ],
)
def test_device_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
