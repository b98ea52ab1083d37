from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.detection.checksums import (
    dea_valid,
    luhn_valid,
    npi_valid,
    ssn_valid,
    vin_check_digit,
    vin_valid,
)


def _luhn_digit(payload: str) -> str:
    for d in "0123456789":
        if luhn_valid(payload + d):
            return d
    raise AssertionError("no check digit")


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_exactly_one_luhn_check_digit_fits(payload: str) -> None:
    assert sum(luhn_valid(payload + d) for d in "0123456789") == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("378282246310005", True),
        ("", False),
        ("41a1", False),
        ("٤١١١", False),
    ],
)
def test_luhn(value: str, expected: bool) -> None:
    assert luhn_valid(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234567893", True), ("1234567890", False), ("3234567893", False), ("123456789", False)],
)
def test_npi(value: str, expected: bool) -> None:
    assert npi_valid(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("AB1234563", True),
        ("ab1234563", True),
        ("A91234563", True),
        ("AB1234564", False),
        ("1B1234563", False),
        ("AB123456", False),
        ("AB12345X3", False),
    ],
)
def test_dea(value: str, expected: bool) -> None:
    assert dea_valid(value) is expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("123", "45", "6789"), True),
        (("000", "45", "6789"), False),
        (("666", "45", "6789"), False),
        (("900", "45", "6789"), False),
        (("123", "00", "6789"), False),
        (("123", "45", "0000"), False),
        (("12", "345", "6789"), False),
        (("12a", "45", "6789"), False),
    ],
)
def test_ssn_rules(parts: tuple[str, str, str], expected: bool) -> None:
    assert ssn_valid(*parts) is expected


def test_vin_check_digit() -> None:
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"
    assert vin_valid("1M8GDM9AXKP042788") and vin_valid("1HGCM82633A004352")
    assert not vin_valid("1M8GDM9A1KP042788")
    assert vin_check_digit("1M8GDM9AXKP04278") is None
    assert vin_check_digit("1I8GDM9AXKP042788") is None  # I is not allowed


@given(st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=16, max_size=16))
def test_a_vin_with_its_computed_check_digit_is_valid(body: str) -> None:
    vin = body[:8] + "0" + body[8:]
    digit = vin_check_digit(vin)
    assert digit is not None
    assert vin_valid(vin[:8] + digit + vin[9:])


def test_luhn_helper_finds_card_check_digits() -> None:
    assert _luhn_digit("411111111111111") == "1"
