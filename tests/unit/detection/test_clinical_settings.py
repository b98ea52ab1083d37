"""Ventilator, haemodynamic, urine-output and blood-gas values in nursing notes are not identifiers.

ICU notes write settings and readings as pairs, chains and ranges (``PSV 15/5``, ``A/C 700x12``,
``SVR 954-1183``, ``U/O 100-200cc/hr``, ``ABG 80/48/7.45.34.7``) that have the shapes of dates,
account numbers, phone numbers, ids, URLs and IP addresses. Each rule is tested both ways: the
clinical value is left alone, and a real identifier of the same shape is still found.
"""

from __future__ import annotations

import pytest
from detection_tables import findings

from phigate.detection.allowlist import (
    is_clinical_fraction,
    is_clinical_range,
    is_clinical_setting,
    is_plain_fraction,
    is_reading,
    is_setting_chain,
    measurement_follows,
    setting_before,
    setting_near,
    value_label_before,
)
from phigate.detection.base import Recognizer
from phigate.detection.builtin.account import AccountRecognizer
from phigate.detection.builtin.dates import DateRecognizer
from phigate.detection.builtin.ip import IPRecognizer
from phigate.detection.builtin.mrn import MRNRecognizer
from phigate.detection.builtin.other_id import OtherIdRecognizer
from phigate.detection.builtin.phone import PhoneRecognizer
from phigate.detection.builtin.url import URLRecognizer
from phigate.model import Category as C


def _span(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


def _found(recognizer: Recognizer, text: str) -> list[tuple[str, C]]:
    return [(span, category) for span, category, _ in findings(recognizer, text)]


# -- allow-list checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Weaned to PSV 15/5 overnight.", "15/5"),
        ("PS increased to 10/5 this am.", "10/5"),
        ("SIMV 40%, 600x4, & 5/10 with good sats.", "5/10"),
        ("Remains on CPAP .4%, 5/18. No changes.", "5/18"),
        ("Back on cpap 5/15 ips since noon.", "5/15"),
        ("Placed on pressure support 12/8 at 1400.", "12/8"),
        ("IVF D5 1/2 NS at 75/hr.", "1/2"),
        ("Rales up 1/3-1/2 bilaterally.", "1/2"),
        ("Crackles 1/3 up on the left.", "1/3"),
        ("Suctioned q 1/2-1 hrs.", "1/2"),
        ("Dangled for 1 1/2 hours.", "1/2"),
        ("Developed 4/10 CP at 0400.", "4/10"),
        ("CP down to 3/10 after nitro.", "3/10"),
        ("Incisional pain 3-4/10 with turns.", "4/10"),
        ("CO/CI 4-6/2-4 on dobutamine.", "6/2"),
    ],
)
def test_settings_and_scores_are_clinical_fractions(text: str, value: str) -> None:
    assert is_clinical_fraction(text, *_span(text, value))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mech vent via trach (placed 8/14), AC 750 x 10.", "8/14"),
        ("Follow up 3/14 in clinic.", "3/14"),
        ("PICC placed in R AC 11/17 by IV team.", "11/17"),
        ("Wedge resection done 9/30.", "9/30"),
        ("Blood cultures 10/1 grew GPC.", "10/1"),
        ("Vent weaned. Discharged 3/14 home.", "3/14"),
    ],
)
def test_dates_near_clinical_words_stay_dates(text: str, value: str) -> None:
    assert not is_clinical_fraction(text, *_span(text, value))


def test_blood_alone_is_not_a_vital_label_but_a_fingerstick_is_a_lab() -> None:
    assert value_label_before("blood pressure 120/80", 15)
    assert not value_label_before("blood cultures 10/1", 15)
    assert value_label_before("normoglycemic fs (118)", 17)
    assert not value_label_before("seen by us (92)", 12)


def test_setting_words_count_only_across_numbers_units_and_links() -> None:
    text = "SVR is in the 900-1300 range"
    assert setting_before(text, text.index("900"))
    text = "vent via trach, placed 8/14"
    assert not setting_before(text, text.index("8/14"))
    text = "PEEP 5. Seen 3/4 in clinic"
    assert not setting_before(text, text.index("3/4"))  # another sentence
    text = "Settings: A/C 700*12 50% 5 peep"
    assert setting_near(text, *_span(text, "700"))
    text = "Rate 700 then 12 visitors"
    assert not setting_near(text, *_span(text, "700"))


def test_setting_chains_are_not_dates() -> None:
    assert is_setting_chain("PSV 12/10/40% now", 4, 12)
    assert is_setting_chain("Pt on 10/5/50%.", 6, 13)
    assert not is_setting_chain("Seen 3/4/21 in clinic", 5, 11)
    assert not is_setting_chain("ABG drawn 3/4/21", 10, 16)


@pytest.mark.parametrize(
    "value",
    ["BP130-140", "Tmax-99", "RATE98-100", "MAP-75-100", "AD-91-118", "BAEDP-56-66", "AC700X10"]
    + ["650x10x100", "ac-20-50-400-5", "95.8-97.2", "SpO2-98"],
)
def test_readings(value: str) -> None:
    assert is_reading(value)


@pytest.mark.parametrize(
    "value", ["CT-21-12345", "S21-12345", "CA-21-1234", "E12345", "12345", "XJH719659571", "RAD-2021-000123"]
)
def test_identifiers_are_not_readings(value: str) -> None:
    assert not is_reading(value)


def test_clinical_settings_need_short_numbers() -> None:
    text = "Settings: A/C 650*14 40% 8 peep."
    assert is_clinical_setting(text, *_span(text, "650"))
    text = "Continues on A/C 10/700/.50/5 with stable ABG."
    assert is_clinical_setting(text, *_span(text, "10/700"))
    text = "A/C 00123456 on file"
    assert not is_clinical_setting(text, *_span(text, "00123456"))
    text = "Account 4455 on file"
    assert not is_clinical_setting(text, *_span(text, "4455"))


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("SVR 954-1183; K repleted", "954-1183", True),
        ("voiding 575-1000 cc", "575-1000", True),
        ("using IS 750-1000 each hour", "750-1000", True),
        ("TV improved to 900-1000", "900-1000", True),
        ("daughter at 555-1234 tonight", "555-1234", False),
        ("room 555-1201 upstairs", "555-1201", False),
        ("(555) 234-5678", "234-5678", False),
    ],
)
def test_clinical_ranges(text: str, value: str, expected: bool) -> None:
    assert is_clinical_range(text, *_span(text, value)) is expected


def test_plain_fractions_and_time_units() -> None:
    assert all(is_plain_fraction(a, b) for a, b in ((1, 2), (2, 3), (3, 4), (4, 5), (5, 5), (2, 2)))
    assert not any(is_plain_fraction(a, b) for a, b in ((8, 3), (3, 6), (6, 9), (7, 1)))
    assert measurement_follows("15-20 minutes", 5) and measurement_follows("2 hours", 1)
    assert not measurement_follows("3 minutemen", 1)


# -- recognizers ---------------------------------------------------------------------------------


def test_dates_skip_ventilator_settings_and_pain_scores() -> None:
    text = "Weaned to PSV 15/5, later CPAP 12/10/40%. Developed 8/10 CP. Crackles 1/3 up."
    assert _found(DateRecognizer(), text) == []


def test_dates_in_the_same_notes_are_still_found() -> None:
    text = "PMH: MI 8/3, line placed 8/14 on PSV 10/5. Admitted 3/6, cath 6/9. Pain free since 2/10."
    assert [span for span, _ in _found(DateRecognizer(), text)] == ["8/3", "8/14", "3/6", "6/9", "2/10"]


def test_month_and_two_digit_year() -> None:
    text = "PMH: AVR 8/88, s/p MI 11/92. VA 20/40 OD, 1/50 dilution, PSV 10/40, on 5/40%."
    assert [span for span, _ in _found(DateRecognizer(), text)] == ["8/88", "11/92"]


def test_assist_control_settings_are_not_accounts() -> None:
    text = "Vent: A/C 650*14 40% 8 peep. Later a/c 550-14-peep 8 and A/C 550 X 14."
    assert _found(AccountRecognizer(), text) == []
    assert _found(AccountRecognizer(), "Account # 123456789 billed") == [("123456789", C.ACCOUNT)]
    assert _found(AccountRecognizer(), "A/C 00123456 billed") == [("00123456", C.ACCOUNT)]


def test_measurements_times_and_readings_are_not_ids() -> None:
    text = (
        "GU: U/O 100-200CC/HR, neg by 1500cc. Lasix gtt @ 0600-10MG/HR. Seen @ 1415PM and @ 0400. "
        "ID: Tmax 102R, TMAX-99. ID=95.8-97.2 on warming blanket. Via PB7200 vent, AC700X10, "
        "650X10X100, BP130-140."
    )
    assert _found(OtherIdRecognizer(), text) == []


def test_ids_are_still_found() -> None:
    text = "Badge #55213, employee ID E12345, study subject 060-2895."
    assert [span for span, _ in _found(OtherIdRecognizer(), text)] == ["55213", "E12345", "060-2895"]


def test_balloon_pump_readings_are_not_mrns() -> None:
    text = "IABP values: AD-91-118  BAEDP-56-66  MAP-75-100"
    assert _found(MRNRecognizer(), text) == []
    assert _found(MRNRecognizer(), "see CT-21-12345 and S21-12345") == [
        ("CT-21-12345", C.MRN),
        ("S21-12345", C.MRN),
    ]


def test_ranges_and_fluid_balances_are_not_phones() -> None:
    text = "SVR 954-1183; SVR is in the 900-1300. Voiding 575-1000 cc. +4701 LOS +3042. X 15-20 minutes."
    assert _found(PhoneRecognizer(), text) == []


def test_phones_are_still_found() -> None:
    text = "Call 555-234-5678 or 555-1200; daughter +44 20 7946 0958."
    assert [span for span, _ in _found(PhoneRecognizer(), text)] == [
        "555-234-5678",
        "555-1200",
        "+44 20 7946 0958",
    ]


def test_blood_gases_are_not_ip_addresses() -> None:
    assert _found(IPRecognizer(), "ABG on these settings: 80/48/7.45.34.7. Repeat at noon.") == []
    assert _found(IPRecognizer(), "ABG: 7.45.34.7 this am") == []
    assert _found(IPRecognizer(), "Host 192.168.1.20 and 10.0.0.12/24") == [
        ("192.168.1.20", C.IP),
        ("10.0.0.12/24", C.IP),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "30% FIO2..7.5 PEEP...TV 600...minimal secretions",
        "Rate of 12..TV 500..suction q4",
        "after lasix..co 5.6, ci 2.98",
        "CVP 7-10....CO 7.6",
        "Resp rate 14 to 20.tv 300 cc",
        "Pressure support.tv 150cc to 300cc",
        "Anxious with suctioning...med with fentanyl",
    ],
)
def test_run_together_sentences_are_not_urls(text: str) -> None:
    assert _found(URLRecognizer(), text) == []


def test_domains_with_clinical_tlds_are_still_urls() -> None:
    text = "See example.tv, records at 163.com/x, www.example.co 5 and portal.health today."
    assert [span for span, _ in _found(URLRecognizer(), text)] == [
        "example.tv",
        "163.com/x",
        "www.example.co",
        "portal.health",
    ]
