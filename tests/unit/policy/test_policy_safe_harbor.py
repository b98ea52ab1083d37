"""The safe-harbor policy covers all 18 identifiers of 45 CFR 164.514(b)(2)(i)(A)-(R)."""

from __future__ import annotations

import datetime as dt
import inspect
import re

import pytest

from phigate.errors import PolicyError
from phigate.model import SAFE_HARBOR_LETTER, Category, Decision, Document, Finding
from phigate.policy import check_decision, get_policy, safe_harbor
from phigate.policy.safe_harbor import IDENTIFIERS, SafeHarborPolicy
from phigate.policy.zip3 import get_zip3_table
from phigate.transforms import apply_decision, get_transform
from phigate.transforms.base import TransformContext

# One synthetic value per category and a check that the output keeps nothing of it.
SAMPLES: dict[Category, str] = {
    Category.NAME: "Jane Roe",
    Category.LOCATION: "12 Elm Street",
    Category.ZIP: "02139",
    Category.DATE: "03/04/2021",
    Category.AGE: "93",
    Category.PHONE: "(617) 555-0134",
    Category.FAX: "617-555-0199",
    Category.EMAIL: "jane@mail.example",
    Category.SSN: "123-45-6789",
    Category.MRN: "00123456",
    Category.HEALTH_PLAN: "XJH123456789",
    Category.ACCOUNT: "ACCT-77812",
    Category.LICENSE: "D1234567",
    Category.VEHICLE: "1HGCM82633A004352",
    Category.DEVICE: "SN-44X-1209",
    Category.URL: "https://example.org/jane",
    Category.IP: "10.2.3.4",
    Category.BIOMETRIC: "left index fingerprint 4471",
    Category.PHOTO: "photo IMG_2041.jpg",
    Category.ID: "BADGE-5521",
}
ALLOWED = {Category.ZIP: "021", Category.DATE: "2021", Category.AGE: "90+"}


def test_the_table_lists_18_identifiers_in_the_regulations_order() -> None:
    assert [i.number for i in IDENTIFIERS] == list(range(1, 19))
    assert [i.letter for i in IDENTIFIERS] == list("ABCDEFGHIJKLMNOPQR")


def test_every_identifier_is_tagged_in_the_source() -> None:
    source = inspect.getsource(safe_harbor)
    for n, letter in zip(range(1, 19), "ABCDEFGHIJKLMNOPQR", strict=True):
        assert re.search(rf"# \({n}\): \({letter}\)", source), f"identifier ({n}) is not tagged"


def test_every_category_falls_under_exactly_one_identifier_with_its_letter() -> None:
    owners: dict[Category, list[str]] = {}
    for identifier in IDENTIFIERS:
        for category in identifier.rules:
            owners.setdefault(category, []).append(identifier.letter)
    assert set(owners) == set(Category)
    for category, letters in owners.items():
        assert letters == [SAFE_HARBOR_LETTER[category]]


@pytest.mark.parametrize("category", list(Category))
def test_no_category_is_kept(category: Category) -> None:
    value = SAMPLES[category]
    text = f"x {value} y"
    finding = Finding(0, 2, 2 + len(value), category, 0.9, "t")
    doc = Document.from_text(text)
    decision = get_policy("safe-harbor").decide(doc, [finding])
    check_decision([finding], decision)
    assert decision.actions[0].transform != "keep"
    ctx = TransformContext("p", today=dt.date(2025, 6, 1))
    out = apply_decision(doc, decision, ctx, get_transform).segments[0].text
    assert value not in out
    assert out == f"x {ALLOWED.get(category, f'[{category.value}]')} y"


def test_version_names_the_zip3_table_and_its_digest() -> None:
    default = SafeHarborPolicy()
    assert default.version.startswith("1.0+zip3.union-default.")
    assert get_zip3_table().digest[7:19] in default.version
    other = SafeHarborPolicy(zip3_table="hhs-2000")
    assert other.version != default.version
    finding = Finding(0, 0, 5, Category.ZIP, 0.9, "t")
    decision = other.decide(Document.from_text("03601"), [finding])
    assert decision.actions[0].params == {"zip3_table": "hhs-2000"}
    assert decision.policy_version == other.version


def test_check_decision_refuses_missing_and_extra_actions() -> None:
    a = Finding(0, 0, 4, Category.NAME, 0.9, "t")
    b = Finding(0, 5, 9, Category.NAME, 0.9, "t")
    decision = get_policy().decide(Document.from_text("John Jane"), [a])
    check_decision([a], decision)
    with pytest.raises(PolicyError, match="left 1"):
        check_decision([a, b], decision)
    with pytest.raises(PolicyError, match="decided 1 unknown"):
        check_decision([], decision)
    empty = Decision("safe-harbor", "1", ())
    with pytest.raises(PolicyError):
        check_decision([a], empty)


def test_a_category_without_a_rule_is_a_policy_error() -> None:
    policy = SafeHarborPolicy()
    del policy._rules[Category.ID]
    with pytest.raises(PolicyError, match="no rule for category ID"):
        policy.decide(Document.from_text("BADGE-1"), [Finding(0, 0, 7, Category.ID, 0.9, "t")])
