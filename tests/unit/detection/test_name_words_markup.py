"""Names in structured markup pasted into notes: JSON/key-value fields, XML tags, HL7 components."""

from __future__ import annotations

import pytest

from phigate.detection.builtin.names import NameRecognizer


def _found(text: str) -> set[str]:
    return {text[m.start : m.end] for m in NameRecognizer().find(text)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Payload {"first_name": "Hope", "last_name": "Baker"} was sent.', "Hope"),
        ('Payload {"first_name": "Hope", "last_name": "Baker"} was sent.', "Baker"),
        ("record given=Grace family=Baker received", "Grace"),
        ('patientName: "Lee, Ann" in the export', "Lee, Ann"),
        ("first: hope, last: baker", "baker"),
        ("<given>Hope</given><family>Baker</family>", "Baker"),
        ("Copied PID|1||448812||SMITH^HOPE||19410304|F into chart", "SMITH^HOPE"),
        ("Order for Smith^Hope was placed", "Smith^Hope"),
    ],
)
def test_field_value_is_a_name(text: str, name: str) -> None:
    assert name in _found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("<given>2 tabs</given> daily", "2 tabs"),
        ("OBX|1|NM|GLU^Glucose||98|mg/dL", "GLU^Glucose"),
        ('{"first": "none"}', "none"),
    ],
)
def test_non_names_in_markup(text: str, word: str) -> None:
    assert not any(word in f for f in _found(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The nurses say he is known as Will on the ward.", "Will"),
        ("Registered as Ann Lee AKA Hope Baker.", "Hope Baker"),
        ("Family present: Hope and Will", "Will"),
        ("first: hope, last: baker", "hope"),
    ],
)
def test_alias_labels(text: str, name: str) -> None:
    assert name in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "He is known as a smoker.",
        "family present at bedside",
        "Known as The Stroke Unit",
        "Family: son at bedside",
    ],
)
def test_alias_labels_left_alone(text: str) -> None:
    assert not _found(text)
