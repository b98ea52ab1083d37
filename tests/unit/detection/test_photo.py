from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.photo import PhotoRecognizer
from phigate.model import Category

P = Category.PHOTO
R = PhotoRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("photo on file", [("photo on file", P, 0.7, 0.8)]),
        ("facial photograph attached", [("facial photograph", P, 0.7, 0.8)]),
        ("a full-face photo was taken", [("full-face photo", P, 0.7, 0.8)]),
        ("photo ID checked", [("photo ID", P, 0.7, 0.8)]),
        ("headshot and mug shot", [("headshot", P, 0.7, 0.8), ("mug shot", P, 0.7, 0.8)]),
        ("patient photo uploaded", [("patient photo", P, 0.7, 0.8)]),
        ("photo of the patient's face", [("photo of the patient's face", P, 0.7, 0.8)]),
        ("see pt_photo_0412.jpg", [("pt_photo_0412.jpg", P, 0.65, 0.75)]),
        ("selfie sent by daughter", [("selfie", P, 0.7, 0.8)]),
        (
            "Full-face photograph PHOTO-0881737 added",
            [("PHOTO-0881737", P, 0.75, 0.85)],
        ),
        (
            "patient photo saved as DSC49780.JPG.",
            [("DSC49780.JPG", P, 0.75, 0.85)],
        ),
        ("patient photo savcd as park_face_616.png", [("park_face_616.png", P, 0.75, 0.85)]),
        ("scan IMG_20221004_908077.jpg uploaded", [("IMG_20221004_908077.jpg", P, 0.65, 0.75)]),
        # clinical images and look-alike words
        ("wound photo and fundus photograph", []),
        ("photophobia, photosensitivity, phototherapy", []),
        ("head CT negative; image quality limited", []),
    ],
)
def test_photo_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
