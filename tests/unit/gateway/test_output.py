"""Scanning and re-identifying answers: whole, and streamed in pieces of every size."""

from __future__ import annotations

import json

import pytest

from deid_testkit import detector
from phigate.gateway.deid import MAX_PLACEHOLDER_CHARS, PLACEHOLDER_RE, new_placeholder
from phigate.gateway.output import OutputFilter, json_string_escape
from phigate.model import Category

NAME = "[NAME_7KQ2M]"
PHONE = "[PHONE_AB3DE]"
MAPPING = {NAME: "John Smith", PHONE: "(617) 555-0134"}
ORIGINALS = {"John Smith": Category.NAME, "(617) 555-0134": Category.PHONE}


def make(reidentify: bool, **kw: object) -> OutputFilter:
    return OutputFilter(
        detector=detector(),
        placeholders=MAPPING,
        originals=ORIGINALS,
        reidentify=reidentify,
        **kw,  # type: ignore[arg-type]
    )


def run(output: OutputFilter, text: str, size: int) -> tuple[str, list[str]]:
    pieces = [output.feed(text[i : i + size]) for i in range(0, len(text), size)]
    pieces.append(output.finish())
    return "".join(pieces), pieces


def test_placeholder_format() -> None:
    for category in Category:
        placeholder = new_placeholder(category)
        assert PLACEHOLDER_RE.fullmatch(placeholder)
        assert len(placeholder) <= MAX_PLACEHOLDER_CHARS


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 11, 1000])
def test_stream_reidentifies_placeholders_split_anywhere(size: int) -> None:
    text = f"Call {NAME} at {PHONE} today; {NAME} agreed. [not a placeholder] [NAME_"
    out, _ = run(make(True), text, size)
    assert out == "Call John Smith at (617) 555-0134 today; John Smith agreed. [not a placeholder] [NAME_"


def test_stream_holds_back_only_a_placeholder_length() -> None:
    output = make(True)
    text = "The quick brown fox jumps over the lazy dog " * 4
    emitted = ""
    for index, ch in enumerate(text):
        emitted += output.feed(ch)
        assert len(emitted) == index + 1  # no bracket: nothing is held back at all
    assert emitted == text
    held = output.feed("see [NAME_7K")
    assert held == "see "
    assert output.feed("Q2M] now") == "John Smith now"
    assert output.reidentified == 1


def test_without_reidentification_placeholders_stay_and_phi_is_redacted() -> None:
    text = f"{NAME} is John Smith, SSN 123-45-6789, reach (617) 555-0134. Plan: rest."
    for size in (1, 4, 9, 1000):
        output = make(False)
        out, _ = run(output, text, size)
        assert out == f"{NAME} is [NAME], SSN [SSN], reach [PHONE]. Plan: rest."
        assert output.leaks == 2
        assert output.entities["SSN"] == 1
        assert output.reidentified == 0


def test_redacting_stream_still_emits_before_the_end() -> None:
    output = make(False)
    text = "word " * 40
    first = output.feed(text)
    assert first and len(first) >= len(text) - 60
    assert first + output.finish() == text


def test_reidentifying_callers_get_leaks_counted_not_redacted() -> None:
    output = make(True)
    out, _ = run(output, "Known: John Smith, 123-45-6789.", 6)
    assert out == "Known: John Smith, 123-45-6789."
    assert output.leaks == 1
    assert output.entities["SSN"] == 1


def test_unknown_placeholders_use_the_lookup_then_stay() -> None:
    seen: list[str] = []

    def lookup(placeholder: str) -> str | None:
        seen.append(placeholder)
        return "Jane Roe" if placeholder == "[NAME_ZZZZZ]" else None

    output = make(True, lookup=lookup)
    out, _ = run(output, "[NAME_ZZZZZ] and [NAME_YYYYY]", 4)
    assert out == "Jane Roe and [NAME_YYYYY]"
    assert seen == ["[NAME_ZZZZZ]", "[NAME_YYYYY]"]


def test_json_arguments_are_escaped_when_reidentified() -> None:
    mapping = {NAME: 'John "Jack" Smith\\'}
    output = OutputFilter(
        detector=detector(), placeholders=mapping, originals={}, reidentify=True, escape=json_string_escape
    )
    arguments = json.dumps({"patient": NAME, "q": "allergies"})
    out, _ = run(output, arguments, 3)
    assert json.loads(out) == {"patient": 'John "Jack" Smith\\', "q": "allergies"}
