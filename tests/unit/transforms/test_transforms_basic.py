"""redact, mask, keep, markers, the registry, and applying a decision."""

from __future__ import annotations

import pytest

from phigate.errors import ConfigError, TransformError
from phigate.model import Action, Category, Decision, Document, Finding, Segment
from phigate.transforms import TRANSFORMS, apply_decision, get_transform, resolve_marker
from phigate.transforms.base import Draw, TransformContext


def action(category: Category, transform: str, start: int = 0, end: int = 4, **params: str) -> Action:
    return Action(Finding(0, start, end, category, 0.9, "t"), transform, params)


CTX = TransformContext("patient-1")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("typed", "[NAME]"),
        ("[{category}]", "[NAME]"),
        ("stars", "***"),
        ("redacted", "[REDACTED]"),
        ("<{category}:{letter}>", "<NAME:A>"),
        ("XXX", "XXX"),
    ],
)
def test_markers(spec: str, expected: str) -> None:
    ctx = TransformContext("p", marker=resolve_marker(spec))
    assert get_transform("redact").apply("John", action(Category.NAME, "redact"), ctx) == expected


@pytest.mark.parametrize("bad", ["", "{name}", "{category", "{0}"])
def test_bad_marker_templates_are_config_errors(bad: str) -> None:
    with pytest.raises(ConfigError):
        resolve_marker(bad)
    with pytest.raises(ConfigError):
        TransformContext("p", marker=bad)


def test_mask_keeps_separators_and_length() -> None:
    mask = get_transform("mask")
    assert mask.apply("(617) 555-0134", action(Category.PHONE, "mask"), CTX) == "(***) ***-****"
    assert mask.apply("AB-12", action(Category.MRN, "mask", char="#"), CTX) == "##-##"
    with pytest.raises(TransformError):
        mask.apply("AB-12", action(Category.MRN, "mask", char="x"), CTX)


def test_keep_returns_the_value() -> None:
    assert get_transform("keep").apply("2021", action(Category.DATE, "keep"), CTX) == "2021"


def test_registry_knows_the_builtins_and_refuses_unknown_names() -> None:
    assert set(TRANSFORMS.names()) >= {"redact", "mask", "pseudonymize", "date-shift", "generalize", "keep"}
    assert get_transform("redact") is get_transform("redact")
    with pytest.raises(TransformError, match="unknown transform"):
        get_transform("nope")


def test_keyed_transforms_need_a_secret() -> None:
    with pytest.raises(TransformError, match="secret"):
        get_transform("pseudonymize").apply("John", action(Category.NAME, "pseudonymize"), CTX)
    with pytest.raises(TransformError, match="secret"):
        get_transform("date-shift").apply("3/4/21", action(Category.DATE, "date-shift"), CTX)
    with pytest.raises(TransformError, match="16 bytes"):
        TransformContext("p", secret=b"short").keys()


def test_draw_is_deterministic_per_key_and_label() -> None:
    a, b, c = Draw(b"k" * 32, "x"), Draw(b"k" * 32, "x"), Draw(b"k" * 32, "y")
    first = [a.below(1000) for _ in range(10)]
    assert first == [b.below(1000) for _ in range(10)]
    assert first != [c.below(1000) for _ in range(10)]
    assert all(0 <= n < 1000 for n in first)
    with pytest.raises(ValueError):
        a.below(0)


def test_apply_decision_builds_the_output_in_one_pass() -> None:
    text = "Jane met John on 3/4/21."
    doc = Document("d", (Segment("note", text), Segment("other", "untouched")))
    decision = Decision(
        "p",
        "1",
        (
            action(Category.NAME, "redact", 9, 13),  # out of order on purpose
            action(Category.NAME, "redact", 0, 4),
            Action(Finding(0, 17, 23, Category.DATE, 0.9, "t"), "generalize"),
        ),
    )
    out = apply_decision(doc, decision, CTX, get_transform)
    assert out.segments[0].text == "[NAME] met [NAME] on 2021."
    assert out.segments[1] == doc.segments[1]
    assert doc.segments[0].text == text  # the input is not changed


@pytest.mark.parametrize(
    "findings",
    [
        [Finding(0, 0, 6, Category.NAME, 0.9, "t"), Finding(0, 4, 8, Category.NAME, 0.9, "t")],
        [Finding(0, 0, 99, Category.NAME, 0.9, "t")],
        [Finding(3, 0, 2, Category.NAME, 0.9, "t")],
    ],
)
def test_apply_decision_refuses_overlaps_and_bad_spans(findings: list[Finding]) -> None:
    doc = Document.from_text("John Smith here")
    decision = Decision("p", "1", tuple(Action(f, "redact") for f in findings))
    with pytest.raises(TransformError):
        apply_decision(doc, decision, CTX, get_transform)
