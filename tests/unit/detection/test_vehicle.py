from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.vehicle import VehicleRecognizer
from phigate.model import Category

V = Category.VEHICLE
R = VehicleRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("car 1M8GDM9AXKP042788 towed", [("1M8GDM9AXKP042788", V, 0.9, 1.0)]),
        ("VIN: 1HGCM82633A004352", [("1HGCM82633A004352", V, 0.9, 1.0)]),
        ("VIN WVWZZZ1JZXW000001", [("WVWZZZ1JZXW000001", V, 0.8, 0.9)]),
        ("license plate 7ABC123", [("7ABC123", V, 0.8, 0.9)]),
        ("plate: MA 1AB 234", [("1AB 234", V, 0.8, 0.9)]),
        ("tag # XYZ-1234", [("XYZ-1234", V, 0.8, 0.9)]),
        ("plate NOTME", [("NOTME", V, 0.65, 0.75)]),
        # near misses: failing check digit without a label, I/O/Q, wrong length
        ("1M8GDM9AXKP042789 part", []),
        ("1M8GDM9AXKP04278 and 1M8GDM9AXKP0427888", []),
        ("1I8GDM9AXKP042788", []),
        ("plate of food", []),
        # clinical traps
        ("HLA-B27 positive; BRCA1 negative; CYP2D6", []),
    ],
)
def test_vehicle_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
