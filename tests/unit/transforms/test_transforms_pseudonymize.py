"""pseudonymize and surrogates: same shape, consistent per patient and key, never the original."""

from __future__ import annotations

import ipaddress
import re

import pytest

from phigate.errors import TransformError
from phigate.model import Action, Category, Finding
from phigate.policy.zip3 import get_zip3_table
from phigate.transforms import get_transform
from phigate.transforms.base import Draw, TransformContext
from phigate.transforms.surrogate import has_surrogate, normalize, surrogate

KEY = b"k" * 32


def pseudo(category: Category, value: str, *, patient: str = "p1", key: bytes = KEY) -> str:
    act = Action(Finding(0, 0, len(value), category, 0.9, "t"), "pseudonymize")
    return get_transform("pseudonymize").apply(value, act, TransformContext(patient, secret=key))


def shape(value: str) -> str:
    return re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", value)))


@pytest.mark.parametrize(
    ("category", "value"),
    [
        (Category.PHONE, "(617) 555-0134"),
        (Category.PHONE, "617.555.0134 x204"),
        (Category.PHONE, "+1 617 555 0134"),
        (Category.FAX, "617-555-0199"),
        (Category.SSN, "123-45-6789"),
        (Category.SSN, "123456789"),
        (Category.MRN, "MRN-00123456"),
        (Category.ACCOUNT, "ACCT 88812-33"),
        (Category.HEALTH_PLAN, "XJH123456789"),
        (Category.LICENSE, "D1234567"),
        (Category.VEHICLE, "1HGCM82633A004352"),
        (Category.DEVICE, "SN-44X-1209"),
        (Category.ID, "ab-12-cd"),
        (Category.ZIP, "02139"),
        (Category.ZIP, "02139-4307"),
    ],
)
def test_surrogates_keep_the_shape_and_differ(category: Category, value: str) -> None:
    fake = pseudo(category, value)
    assert shape(fake) == shape(value)
    assert normalize(category, fake) != normalize(category, value)


def test_phone_surrogates_are_valid_looking_nanp_numbers() -> None:
    for n in range(50):
        digits = normalize(Category.PHONE, pseudo(Category.PHONE, f"(617) 555-{n:04d}"))
        assert len(digits) == 10
        assert digits[0] in "23456789" and digits[3] in "23456789"
        assert digits[4:6] != "11"


def test_ssn_surrogates_are_in_a_never_issued_range() -> None:
    for n in range(50):
        fake = pseudo(Category.SSN, f"123-45-{n:04d}")
        area, group, serial = fake.split("-")
        assert area.startswith("9") and 1 <= int(group) <= 49 and serial != "0000"


def test_zip_surrogates_avoid_restricted_prefixes() -> None:
    restricted = get_zip3_table().prefixes
    for n in range(50):
        fake = pseudo(Category.ZIP, f"021{n:02d}")
        assert fake[:3] not in restricted and fake[:3] != "000"


def test_email_url_and_ip_surrogates_use_reserved_ranges() -> None:
    assert pseudo(Category.EMAIL, "john.smith@gmail.com").split("@")[1] in {
        "example.com",
        "example.org",
        "example.net",
    }
    assert pseudo(Category.URL, "https://mychart.example-hospital.org/p/123").startswith(
        "https://example.org/"
    )
    assert pseudo(Category.URL, "www.johnsmith.net").startswith("example.org/")
    v4 = ipaddress.ip_address(pseudo(Category.IP, "10.2.3.4"))
    assert any(v4 in ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"))
    assert ipaddress.ip_address(pseudo(Category.IP, "fe80::1")) in ipaddress.ip_network("2001:db8::/32")
    assert re.fullmatch(r"[A-Z]{2}\d{2}", pseudo(Category.IP, "AB12"))  # not an address: same shape


def test_names_keep_case_titles_and_initials() -> None:
    fake = pseudo(Category.NAME, "Dr. John Smith")
    assert fake.startswith("Dr. ") and len(fake.split()) == 3
    upper = pseudo(Category.NAME, "SMITH, John")
    surname, given = upper.split(", ")
    assert surname.isupper() and given.istitle()
    initial = pseudo(Category.NAME, "J. Smith")
    assert re.fullmatch(r"[A-Z]\. [A-Z][a-z]+", initial) and not initial.startswith("J.")
    assert pseudo(Category.NAME, "john smith").islower()


def test_names_are_consistent_word_by_word() -> None:
    full = pseudo(Category.NAME, "John Smith")
    assert pseudo(Category.NAME, "Mr. Smith") == "Mr. " + full.split()[1]
    assert pseudo(Category.NAME, "SMITH, John") == f"{full.split()[1].upper()}, {full.split()[0]}"


def test_first_names_get_first_names_and_surnames_get_surnames() -> None:
    from phigate.transforms.surrogate import _pools

    pools = _pools()
    given, family = pseudo(Category.NAME, "Mary Johnson").split()
    assert given in pools.given and family in pools.surnames


def test_places_keep_facility_and_street_words() -> None:
    fake = pseudo(Category.LOCATION, "1200 Main Street")
    assert re.fullmatch(r"[1-9]\d{3} [A-Z][a-z]+ Street", fake)
    hospital = pseudo(Category.LOCATION, "Springfield General Hospital")
    assert hospital.endswith(" General Hospital") and not hospital.startswith("Springfield")


def test_consistent_per_patient_and_key_and_different_across() -> None:
    value = "123-45-6789"
    assert pseudo(Category.SSN, value) == pseudo(Category.SSN, value)
    assert pseudo(Category.SSN, "123 45 6789").replace(" ", "-") == pseudo(Category.SSN, value)
    assert pseudo(Category.SSN, value, patient="p2") != pseudo(Category.SSN, value)
    assert pseudo(Category.SSN, value, key=b"x" * 32) != pseudo(Category.SSN, value)


def test_never_equal_to_the_original_over_many_values() -> None:
    for n in range(300):
        value = f"{n:03d}"
        assert pseudo(Category.MRN, value) != value


def test_categories_without_surrogates_are_refused() -> None:
    for category in (Category.DATE, Category.AGE, Category.BIOMETRIC, Category.PHOTO):
        assert not has_surrogate(category)
        with pytest.raises(TransformError, match="no surrogate"):
            pseudo(category, "x")


def test_a_surrogate_that_cannot_differ_is_an_error() -> None:
    with pytest.raises(TransformError, match="differs"):
        surrogate(Category.MRN, "7", lambda label: _Stuck(), attempts=3)


class _Stuck(Draw):
    """A draw that always gives 7."""

    def __init__(self) -> None:
        super().__init__(KEY, "stuck")

    def below(self, n: int) -> int:
        return 7 % n
