"""LOCATION (places) and ZIP recognizers: true positives, near misses and clinical traps (synthetic)."""

from __future__ import annotations

import pytest

from phigate.detection import RECOGNIZERS
from phigate.detection.base import Detector
from phigate.detection.builtin.places import PlaceRecognizer
from phigate.detection.builtin.zip_codes import ZipRecognizer
from phigate.model import Category

DETECTOR = Detector([PlaceRecognizer(), ZipRecognizer()])


def spans(text: str, category: Category) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is category]


PLACES = [
    ("Lives at 123 Main St with her husband.", "123 Main St"),
    ("Address: 4567 N. Oak Avenue Apt 2B", "4567 N. Oak Avenue Apt 2B"),
    ("Mail to P.O. Box 123 only.", "P.O. Box 123"),
    ("Office is at 900 Lakeview Blvd, Suite 400.", "900 Lakeview Blvd, Suite 400"),
    ("Home: 12 West 5th Street", "12 West 5th Street"),
    ("Springfield, IL 62704", "Springfield"),
    ("Moved from Port Jamesville, OR last year.", "Port Jamesville"),
    ("She lives in Albuquerque with her son.", "Albuquerque"),
    ("Recently relocated from Lake Michaelfort.", "Lake Michaelfort"),
    ("He was visiting San Antonio for work.", "San Antonio"),
    ("Referred by Cook County health department.", "Cook County"),
    ("Resident of Jefferson Parish.", "Jefferson Parish"),
    ("Polling place is Precinct 12.", "Precinct 12"),
    ("EMS GPS 40.7128, -74.0060 recorded at scene.", "40.7128, -74.0060"),
    ("Found at 40°42'46\" N, 74°00'21\" W by EMS.", "40°42'46\" N, 74°00'21\" W"),
    ("Patient lives on Oak Street near the school.", "Oak Street"),
    # address blocks: capitals, units, plural USPS suffixes, OCR house numbers, lowercase notes
    (
        "ADDRESS: 63720 GONZALEZ WAYS SUITE 977, APT. 936\nERNESTFURT NY 97223-9226",
        "63720 GONZALEZ WAYS SUITE 977, APT. 936",
    ),
    ("ADDRESS: 63720 GONZALEZ WAYS SUITE 977, APT. 936\nERNESTFURT NY 97223-9226", "ERNESTFURT"),
    ("Address: 7734 E Rebecca Mill, Apt. 314\nPort Valeric MS 59585", "Port Valeric"),
    ("559 Amanda Circles, Suite 544  Williamsstad, VA 86996", "559 Amanda Circles, Suite 544"),
    ("Mail goes to 59l45 Gray Gateway, Suite 306.", "59l45 Gray Gateway, Suite 306"),
    (
        "also my new address is 272 dustin ville  port alexandrafurt sc 82401 for the bills",
        "272 dustin ville",
    ),
    (
        "also my new address is 272 dustin ville  port alexandrafurt sc 82401 for the bills",
        "port alexandrafurt",
    ),
    ("8101 E Antonio Plains, Suite 233, South\nJosephfurt, AZ 63879", "South\nJosephfurt"),
    ("7211 West Landing Apt. 287\nPattersonmouth WI 26605", "7211 West Landing Apt. 287"),
    ("52424 BRENDA DRIVE, APT. 685, MATTHEWCHESTER,\nDE 59430", "MATTHEWCHESTER"),
    ("67175 Alexis Manors Apt. 007, Ha1eymouth, NC 40306", "Ha1eymouth"),
    ("Home: 12 Birch Road\nMillbrook 12545", "Millbrook"),
    # cities signalled by context alone
    ("Pt states she wants to go home to Michae1haven by Thursday.", "Michae1haven"),
    ("She plans to return to Quillfort after discharge.", "Quillfort"),
    ("Works in Daleview; moved to Brannock Falls last spring.", "Brannock Falls"),
    ("Home geocode on file 45.3795, -1O1.5128.", "45.3795, -1O1.5128"),
    ("pt states he works nights and lives in ypsilanti with his wife.", "ypsilanti"),
    ("Patient lives at 1420 W. Maple Ave, Apt 3, Royal Oak, MI 48067.", "Royal Oak"),
]


@pytest.mark.parametrize(("text", "place"), PLACES)
def test_places_found(text: str, place: str) -> None:
    assert place in spans(text, Category.LOCATION)


ZIPS = [
    ("Springfield, IL 62704", "62704"),
    ("Dallas, Texas 75201-1234", "75201-1234"),
    ("ZIP: 90210", "90210"),
    ("zip code 10001 on file", "10001"),
    ("Springfield 62704", "62704"),
    ("mailing code 75201-1234 on file", "75201-1234"),
    ("Port Jamesville, OR 97999", "97999"),  # not a ZIP in use, but after a state
    ("port catherine me 61262", "61262"),  # a lowercase state code before a ZIP
    ("9494 Scott View Apt. 645, Hughesfort VT\n61611", "61611"),  # the ZIP on the next line
    ("Robert Centers Apt. 468  Smithberg, PW 51696", "51696"),  # freely associated state code
    ("51310 Matthew Club  South Robin, NV O6909", "O6909"),  # OCR letter for a digit
    ("Home: 12 Birch Road\nMillbrook 12545", "12545"),  # no state: the city line after a street
]


@pytest.mark.parametrize(("text", "zip_code"), ZIPS)
def test_zip_codes_found(text: str, zip_code: str) -> None:
    assert zip_code in spans(text, Category.ZIP)


NEGATIVES = [
    "Patient lives in Texas and travels to Mexico often.",  # states and countries are not PHI
    "Moved from North Carolina in 2019.",
    "Transferred to the ICU from the emergency department.",
    "Took 2 tablets by mouth at the park.",
    "WBC 10512, platelets 250000, glucose 105.",
    "BP 120/80, HR 72, temperature 98.6 F.",
    "INR 1.2345 and ratio 2.5, recheck 3.1234.",
    "Jane Doe, MD and John Roe, DO reviewed the chart.",
    "Follow up in 2 weeks at the clinic on the 3rd floor.",
    "Scored 3 Points on the scale, Unit 5 nursing staff aware.",
    "I'll be in New York from Thursday; she is a New York native.",
    "Took 2 tablets at the park; walk 20 minutes daily.",
    "Patient came in 3 days ago; plan to return in 2 weeks.",
    "Continue metoprolol 25 mg, recheck in 1 week, per Plan B.",
    "Pathologist: Gerardo Trujillo, MD",
    "Discussed with him at home; will follow in clinic.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_places(text: str) -> None:
    assert DETECTOR.find_text(text) == []


def test_state_is_kept_after_city() -> None:
    text = "Traveled from Colorado Springs, CO last week."
    assert spans(text, Category.LOCATION) == ["Colorado Springs"]


def test_lone_ambiguous_city_needs_a_cue() -> None:
    assert spans("Mobile phone on file.", Category.LOCATION) == []
    assert spans("She moved to Mobile, AL.", Category.LOCATION) == ["Mobile"]


def test_credential_code_is_not_a_state() -> None:
    assert spans("Seen by Jane Okafor, MD today.", Category.LOCATION) == []
    assert spans("Lives in Baltimore, MD 21201.", Category.LOCATION) == ["Baltimore"]


def test_geocode_out_of_range_is_ignored() -> None:
    assert spans("Coordinates 95.1234, 200.5678 invalid", Category.LOCATION) == []


def test_state_code_after_city_is_kept_and_credential_is_not_a_state() -> None:
    assert spans("Seen at Lake Kelly MA 58466 by Dr. Roe.", Category.LOCATION) == ["Lake Kelly"]
    assert spans("Dictated by Ana Ruiz, MD 9/5/23", Category.ZIP) == []


def test_registered_as_builtins() -> None:
    names = RECOGNIZERS.names()
    assert "us-place" in names
    assert "us-zip" in names
