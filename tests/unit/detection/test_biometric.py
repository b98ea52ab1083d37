from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.biometric import BiometricRecognizer
from phigate.model import Category

B = Category.BIOMETRIC
R = BiometricRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fingerprint on file", [("Fingerprint", B, 0.75, 0.85)]),
        (
            "finger print and thumbprint taken",
            [("finger print", B, 0.75, 0.85), ("thumbprint", B, 0.75, 0.85)],
        ),
        ("voiceprint ID VP-00912 enrolled", [("VP-00912", B, 0.8, 0.9)]),
        (
            "Right index fingerprint enrolled for cabinet access, template BIO-AZ71665.",
            [("BIO-AZ71665", B, 0.8, 0.9)],
        ),
        ("retinal scan for identification", [("retinal scan", B, 0.75, 0.85)]),
        ("iris scan enrolled", [("iris scan", B, 0.75, 0.85)]),
        ("facial recognition template stored", [("facial recognition", B, 0.75, 0.85)]),
        ("gait signature captured", [("gait signature", B, 0.75, 0.85)]),
        ("DNA profile of the patient", [("DNA profile", B, 0.75, 0.85)]),
        ("biometric ID 4451", [("4451", B, 0.8, 0.9)]),
        ("fingerprint enrolled, tcmplate FP-822122-R.", [("FP-822122-R", B, 0.8, 0.9)]),
        ("fingerprint on file. Room 412, bed 2.", [("fingerprint", B, 0.75, 0.85)]),
        ("palm vein pattern", [("palm vein pattern", B, 0.75, 0.85)]),
        # clinical uses of the same words
        ("gait steady, retinal exam normal, iris intact", []),
        ("DNA viral load undetectable; genetic testing sent", []),
        ("finger stick glucose 110; face symmetric; voice hoarse", []),
        ("signature on consent; hand grip 5/5", []),
    ],
)
def test_biometric_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
