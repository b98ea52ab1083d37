"""date-shift: per-patient offset, intervals kept, form kept."""

from __future__ import annotations

import datetime as dt

import pytest

from phigate.errors import TransformError
from phigate.formats.fields import FieldKeys, FieldTransformer
from phigate.model import Action, Category, Finding
from phigate.transforms import get_transform
from phigate.transforms.base import TransformContext
from phigate.transforms.date_shift import shift_days
from phigate.transforms.dates import parse_date

KEY = b"k" * 32
TODAY = dt.date(2025, 6, 1)


def shift(value: str, *, patient: str = "p1", key: bytes = KEY, **params: str) -> str:
    act = Action(Finding(0, 0, len(value), Category.DATE, 0.9, "t"), "date-shift", params)
    return get_transform("date-shift").apply(value, act, TransformContext(patient, secret=key, today=TODAY))


def as_date(text: str) -> dt.date:
    parsed = parse_date(text, today=TODAY)
    assert parsed is not None
    return parsed.as_date(default_year=2000)


def test_offset_is_per_patient_non_zero_and_bounded() -> None:
    offsets = {shift_days(TransformContext(f"patient-{n}", secret=KEY)) for n in range(200)}
    assert 0 not in offsets
    assert all(-365 <= o <= 365 for o in offsets)
    assert len(offsets) > 100  # spread out, not one constant


def test_offset_matches_the_structured_field_date_shift() -> None:
    ctx = TransformContext("patient-7", secret=KEY)
    assert shift_days(ctx) == FieldTransformer(FieldKeys.from_secret(KEY)).shift_days("patient-7")


def test_intervals_between_a_patients_dates_are_kept() -> None:
    admitted, discharged = shift("03/04/2021"), shift("March 11th, 2021")
    assert (as_date(discharged) - as_date(admitted)).days == 7
    assert admitted != "03/04/2021"
    assert shift("2021-03-04") == shift("2021-03-04")


@pytest.mark.parametrize("value", ["03/04/2021", "2021-03-04", "March 4th, 2021", "04-MAR-21", "Mar '21"])
def test_the_form_is_kept(value: str) -> None:
    shifted = shift(value)
    original = parse_date(value, today=TODAY)
    new = parse_date(shifted, today=TODAY)
    assert original is not None and new is not None
    assert [p.kind for p in new.parts] == [p.kind for p in original.parts]
    assert len(shifted.split()) == len(value.split())


def test_other_patients_shift_differently() -> None:
    assert len({shift("03/04/2021", patient=f"p{n}") for n in range(10)}) > 1


def test_unreadable_dates_fail_closed_or_redact_when_asked() -> None:
    with pytest.raises(TransformError, match="no readable date"):
        shift("last spring")
    assert shift("last spring", unparsed="redact") == "[DATE]"


@pytest.mark.parametrize(
    "value",
    [
        "March 4-6, 2021",
        "March 4 to 6",
        "3/4-3/6",
        "11/21-22",
        "Mar 4 and 6, 2021",
        "2021-03-04 / 2021-03-09",
    ],
)
def test_a_value_with_a_second_date_or_day_is_redacted_not_half_shifted(value: str) -> None:
    assert shift(value, unparsed="redact") == "[DATE]"
    with pytest.raises(TransformError, match="no readable date"):
        shift(value)


@pytest.mark.parametrize(
    "value", ["Thu 03/04/21 10:30", "2021-03-04T10:30:15.250+05:00", "3/4/21 1400", "March 4th, 2021 at 9:05"]
)
def test_times_of_day_are_kept_beside_a_shifted_date(value: str) -> None:
    shifted = shift(value)
    assert shifted != value
    for clock in ("10:30", "10:30:15.250+05:00", "1400", "9:05"):
        if clock in value:
            assert clock in shifted
