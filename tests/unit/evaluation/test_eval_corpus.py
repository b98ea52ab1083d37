"""Corpus and predictions files: round trip, and a clear FormatError for each kind of bad line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phigate.errors import FormatError
from phigate.evaluation.corpus import LabelledDoc, Span, read_corpus, read_predictions, write_corpus
from phigate.model import Category as C


def _write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8"
    )
    return path


def test_round_trip(tmp_path: Path) -> None:
    docs = [
        LabelledDoc("a", "Jo Ng, 3/4/21", (Span(0, 5, C.NAME), Span(7, 13, C.DATE))),
        LabelledDoc("b", "x", ()),
    ]
    path = tmp_path / "out" / "c.jsonl"
    assert write_corpus(path, docs) == 2
    assert read_corpus(path) == docs
    assert [p.name for p in path.parent.iterdir()] == ["c.jsonl"]  # no temp file left behind


def test_spans_are_sorted_on_read(tmp_path: Path) -> None:
    spans = [{"start": 7, "end": 13, "type": "DATE"}, {"start": 0, "end": 5, "type": "NAME"}]
    (doc,) = read_corpus(_write(tmp_path, {"id": "a", "text": "Jo Ng, 3/4/21", "spans": spans}))
    assert [s.start for s in doc.spans] == [0, 7]


BAD = [
    ("not json", "line 1: invalid JSON"),
    ([1, 2], "must be a JSON object"),
    ({"text": "x", "spans": []}, "'id' must be a non-empty string"),
    ({"id": "a", "spans": []}, "'text' must be a string"),
    ({"id": "a", "text": "abc", "spans": {}}, "'spans' must be a list"),
    ({"id": "a", "text": "abc", "spans": [3]}, "span 0 must be an object"),
    ({"id": "a", "text": "abc", "spans": [{"start": "0", "end": 2, "type": "NAME"}]}, "integer"),
    ({"id": "a", "text": "abc", "spans": [{"start": True, "end": 2, "type": "NAME"}]}, "integer"),
    ({"id": "a", "text": "abc", "spans": [{"start": 2, "end": 2, "type": "NAME"}]}, "invalid offsets"),
    ({"id": "a", "text": "abc", "spans": [{"start": 0, "end": 9, "type": "NAME"}]}, "past the text"),
    ({"id": "a", "text": "abc", "spans": [{"start": 0, "end": 2, "type": "PERSON"}]}, "unknown type"),
    ({"id": "a", "text": "a -", "spans": [{"start": 1, "end": 3, "type": "NAME"}]}, "no letter or digit"),
    ({"id": "a", "text": "abc", "spans": [{"start": 0, "end": 2, "type": "NAME", "x": 1}]}, "unknown keys"),
    (
        {
            "id": "a",
            "text": "abcd",
            "spans": [{"start": 0, "end": 3, "type": "NAME"}, {"start": 2, "end": 4, "type": "ID"}],
        },
        "overlap",
    ),
]


@pytest.mark.parametrize(("line", "message"), BAD)
def test_bad_lines(tmp_path: Path, line: object, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        read_corpus(_write(tmp_path, line))
    assert "abc" not in str(info.value)  # never the text


def test_duplicate_ids_and_empty_corpus(tmp_path: Path) -> None:
    doc = {"id": "a", "text": "x", "spans": []}
    with pytest.raises(FormatError, match="line 2: duplicate id"):
        read_corpus(_write(tmp_path, doc, doc))
    with pytest.raises(FormatError, match="no documents"):
        read_corpus(_write(tmp_path, ""))


def test_unreadable_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read"):
        read_corpus(tmp_path / "missing.jsonl")
    path = tmp_path / "bin.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x", "spans": []}\n\xff\xfe\n')
    with pytest.raises(FormatError, match="line 2: not valid UTF-8"):
        read_corpus(path)


def test_predictions_allow_overlaps_and_missing_spans(tmp_path: Path) -> None:
    spans = [{"start": 0, "end": 3, "type": "NAME"}, {"start": 2, "end": 4, "type": "ID"}]
    path = _write(tmp_path, {"id": "a", "spans": spans}, {"id": "b"})
    predictions = read_predictions(path)
    assert predictions["a"] == (Span(0, 3, C.NAME), Span(2, 4, C.ID))
    assert predictions["b"] == ()
