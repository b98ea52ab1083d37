"""Record and accession numbers: ``HRN`` and ``UR`` labels, accession shapes on lines written all in
lowercase (``block a1 of s22-48399``), and seven-digit record numbers in a patient banner before the
sex and age or the birth date (``LEE,ANN 4829130 F 92``); and the lab values, times, codes and rooms
that stay clean. Invented text.
"""

from __future__ import annotations

import pytest
from detection_tables import covered, spans_of

from phigate.detection import default_detector
from phigate.detection.base import Detector
from phigate.detection.builtin.mrn import MRNRecognizer
from phigate.detection.builtin.other_id import OtherIdRecognizer
from phigate.model import Category

_MRN = Detector([MRNRecognizer()])
_ID = Detector([OtherIdRecognizer()])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("HRN: 8609485", "8609485"),
        ("hrn 8609485 verified at bedside", "8609485"),
        ("UR: 7433085\nWard 4B", "7433085"),
        ("block a1 of s22-48399 submitted for ihc.", "s22-48399"),
        ("outside slides rad-2021-000123 reviewed", "rad-2021-000123"),
        ("specimen no. s22-40412 received fresh", "s22-40412"),
    ],
)
def test_record_numbers(text: str, value: str) -> None:
    assert value in spans_of(_MRN, text, Category.MRN)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("QUILLFEATHER,ODILE 7762128 F 92", "7762128"),
        ("BRANNAGH, TOVE 4741534 M 91\nHR 80", "4741534"),
        ("Label: VOSS ODILE | 6982833 | DOB 01/02/1931", "6982833"),
        ("Tove Brannagh 5828323 03/04/1929", "5828323"),
    ],
)
def test_banner_numbers(text: str, value: str) -> None:
    assert value in spans_of(_ID, text, Category.ID)
    assert covered(default_detector(), text, value)


@pytest.mark.parametrize(
    "text",
    [
        # lowercase look-alikes: readings, levels, ranges
        "map-75-100 overnight; bp 120/80; t12-l1 fusion; c5-6 disc",
        "hep-10-100 units given",
        # mixed case on the line: left to the uppercase shape (a figure label stays clean here)
        "See Figure s22-48399 in the appendix.",
        # UR with too few digits, or no identifier
        "UR quadrant tender; UR 12",
        # numbers before F that are temperatures or doses
        "Temp 101 F 92 HR",
        "infused 1000000 units F 92",
        # a seven-digit number with nothing of a banner after it
        "Plt 2450000 noted",
    ],
)
def test_lookalikes_stay_clean(text: str) -> None:
    assert spans_of(_MRN, text, Category.MRN) == []
    assert spans_of(_ID, text, Category.ID) == []
