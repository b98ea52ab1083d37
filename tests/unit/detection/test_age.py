from __future__ import annotations

import pytest
from detection_tables import check, findings

from phigate.detection.builtin.age import AgeRecognizer
from phigate.model import Category

A = Category.AGE
R = AgeRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a 92 y/o woman", [("92", A, 0.85, 0.95)]),
        ("92-year-old man", [("92", A, 0.85, 0.95)]),
        ("aged 95, lives alone", [("95", A, 0.85, 0.95)]),
        ("Age: 101", [("101", A, 0.85, 0.95)]),
        ("age of 93", [("93", A, 0.85, 0.95)]),
        ("ninety-two year old", [("ninety-two", A, 0.85, 0.95)]),
        ("92yo F", [("92yo", A, 0.85, 0.95)]),
        ("92 yrs", [("92", A, 0.85, 0.95)]),
        ("93 y.o. female", [("93", A, 0.85, 0.95)]),
        ("she is 104 years of age", [("104", A, 0.85, 0.95)]),
        ("one hundred and one years old", [("one hundred and one", A, 0.85, 0.95)]),
        ("aged ninety", [("ninety", A, 0.85, 0.95)]),
        ("a woman in her 90s", [("90s", A, 0.7, 0.8)]),
        ("in his late nineties", [("nineties", A, 0.7, 0.8)]),
        (
            "a nonagenarian and a centenarian",
            [("nonagenarian", A, 0.75, 0.85), ("centenarian", A, 0.75, 0.85)],
        ),
        # 89 and younger are not identifiers
        ("a 45 y/o, aged 89, 89-year-old", []),
        ("ninety minutes later; in the 1990s", []),
        # near misses and traps
        ("192 years; 1.92 years; age 92%; aged 95 mg", []),
        ("SpO2 95% on RA, HR 98 bpm, 99.1 F", []),
        ("glucose 95, 100 mg, 120/90 mmHg", []),
        ("CPT 99214 and 90 days supply", []),
    ],
)
def test_age_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("92yoF with CHF", [("92yoF", A, 0.85, 0.95)]),
        ("aged 92 years", [("92", A, 0.85, 0.95)]),
        ("Age/Sex: 92/F", [("92", A, 0.85, 0.95)]),
        ("92F with CHF", [("92F", A, 0.8, 0.9)]),
        ("she is 92.", [("92", A, 0.65, 0.75)]),
        ("her 101st birthday", [("101st", A, 0.85, 0.95)]),
        # temperatures and vitals that look like "92F" or "is 92"
        ("T 99F, Temp 100 F, Tmax 101F", []),
        ("HR is 92. she is 92 kg. pt was 95% on RA", []),
    ],
)
def test_age_more_forms(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AGE........ 92 | SEX F", [("92", A, 0.85, 0.95)]),
        ("Age (years): 95", [("95", A, 0.85, 0.95)]),
        ("one-hundred-year-old", [("one-hundred", A, 0.85, 0.95)]),
        ("Mary Smith, 92, presented", [("92", A, 0.55, 0.65)]),
        ("John Smith (92) was seen", [("92", A, 0.55, 0.65)]),
        ("Sex/Age: F/92", [("92", A, 0.85, 0.95)]),
        ("she turned 101 last week", [("101", A, 0.65, 0.75)]),
        ("she is ninety-two", [("ninety-two", A, 0.65, 0.75)]),
        # set-off numbers that are lab values or vitals
        ("Troponin, 95, then HR (92) and Glucose (95)", []),
        ("the value, 92, was", []),
    ],
)
def test_age_forms_in_forms_and_prose(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


def _ages(text: str) -> list[str]:
    return [span for span, _, _ in findings(R, text)]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        # registration lines and headers: a name, then the age
        ("ANN LEE, 93\nDOB: 01/02/1931", "93"),
        ("RE: Lee, Ann; 93", "93"),
        ("Ann Lee - 93", "93"),
        ("Ann Lee, 93 presents with a fall", "93"),
        ("Ann Lee; 93; F", "93"),
        ("LEE^ANN|93|F|", "93"),
        ("Lee, Ann 93 F", "93"),
        ("Ann Lee (93)", "93"),
        ("Ann Lee [93]", "93"),
        ("Ann Lee 93yo", "93yo"),
        ("Pt: 93F", "93F"),
        ("93 y/o F", "93"),
        ("F/93", "93"),
        ("Age/Sex: 93/F", "93"),
        ("DOB 01/02/1931 (age 93)", "93"),
        ("DOB/Age: 01/02/1931 / 93", "93"),
        ("Age/DOB: 93 / 01/02/1931", "93"),
        ("Age: 93 / Sex: F", "93"),
        ("Age: 93 / MRN 4471", "93"),
        ("93 yr old", "93"),
        ("93-yo", "93"),
        ("ninety-three-year-old", "ninety-three"),
        # DICOM ages are zero-padded to three digits
        ("Age: 093", "093"),
        ("(0010,1010) AS [093Y]", "093Y"),
        ("Patient's Age: 093Y", "093Y"),
        # labels with a qualifier, a question or a record key before the age
        ("Age [years]: 93", "93"),
        ("Age in years: 93", "93"),
        ("Age today: 93", "93"),
        ("Age of patient: 93", "93"),
        ("Age at time of visit 93", "93"),
        ("Edad: 93", "93"),
        ("Age: (93)", "93"),
        ("PatientAge=93", "93"),
        ('"ageYears": 93', "93"),
        ("pt_age: 93", "93"),
        ("<td>Age</td><td>93</td>", "93"),
        ('<age unit="a">93</age>', "93"),
        ('"valueAge": {"value": 93, "unit": "a"}', "93"),
        ("OBX|1|NM|30525-0^Age^LN||93|a^year^UCUM|", "93"),
        ("name,age,dob\nAnn Lee,93,1931-01-02", "93"),
        # verbs and subjects
        ("she is pushing 100", "100"),
        ("he's going on 93", "93"),
        ("lived to be 101", "101"),
        ("you are 93", "93"),
        ("im 93 and my memory is fine", "93"),
        ("ANN IS 93 AND LIVES ALONE", "93"),
        ("ann is 93 and lives alone", "93"),
        # rough ages narrow "90 or older", so they go too
        ("a 90-something woman", "90-something"),
        ("a ninety-something-year-old", "ninety-something"),
        ("in her tenth decade", "tenth decade"),
        ("a man in the 10th decade of life", "10th decade"),
    ],
)
def test_age_registration_record_and_rough_forms(text: str, age: str) -> None:
    assert _ages(text) == [age]


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Parents' ages: 93 and 95", ["93", "95"]),
        ("ages 91, 93 and 95", ["91", "93", "95"]),
        ("my parents are 93 & 95", ["93", "95"]),
        # the age restated in words or digits: both go
        ("93 (ninety-three) years old", ["93", "ninety-three"]),
        ("(93) ninety three years old", ["93", "ninety three"]),
        ("one hundred and first birthday", ["one hundred and first"]),
        ("one hundred and eighteen years old", ["one hundred and eighteen"]),
    ],
)
def test_age_lists_and_number_words(text: str, ages: list[str]) -> None:
    assert _ages(text) == ages


@pytest.mark.parametrize(
    "text",
    [
        # the Safe Harbor category itself, and what the generalizer writes
        "Age: 90+",
        "age 90 or older",
        "aged 90 and over",
        "she is over 90",
        "ninety or older",
        # zero-padded numbers with no unit or label; a clinician's name
        "Room 093, Bed 2",
        "ext 093",
        "Order #093",
        "Dr. Ann Lee, 93",
        # single words that are no name, and places before a sex
        "Result (93)",
        "See Figure (93)",
        "Total [93]",
        "Room 93 | F",
        "Bed 93 F",
        "Blood Glucose, 93",
        "Heart Rate, 93",
        "Potassium; 93; F",
        # rough readings, rates, lists of readings and other numbers
        "BP 90-ish",
        "sats 90-something on RA",
        "a 90-something minute wait",
        "HR 93 and 95",
        "Sats are 93",
        "BPs were 95 and 100",
        "sugars checked, they were 95 and 101",
        "Age 93/min",
        "HR 93 / min",
        "she lives at 92nd street",
        "RESULT IS 93",
        "Glucose,Sodium\n95,140",
        "Seen in 1993 and 1995",
        "Procedure at 0930",
        "GCS 15, MMSE 24/30, Braden 19",
        "Plt 93, WBC 11",
        "Page 93 of 120",
        "a woman in her ninth decade",
        "the tenth decade of the century",
    ],
)
def test_age_hard_negatives(text: str) -> None:
    assert _ages(text) == []
