"""The synthetic generator: deterministic, labels on the right text, every category, disjoint splits."""

from __future__ import annotations

import ipaddress
import re
import sys
from collections import Counter

import pytest

from phigate.errors import MissingExtraError, PhigateError
from phigate.evaluation.corpus import LabelledDoc
from phigate.evaluation.synth import SPLITS, generate, template_set
from phigate.evaluation.synth.engine import TemplateSet, slot_names, template_fields
from phigate.evaluation.synth.values import Values, _luhn_digit
from phigate.model import Category as C


@pytest.fixture(scope="module", params=SPLITS)
def corpus(request: pytest.FixtureRequest) -> list[LabelledDoc]:
    return list(generate(request.param, docs=270))


def _templates(ts: TemplateSet) -> set[str]:
    return {t for sections in ts.styles.values() for section in sections for t in section.templates}


def _literals(ts: TemplateSet) -> set[str]:
    pieces: set[str] = set()
    for template in _templates(ts):
        for piece in re.split(r"\{[a-z0-9_]+\}", template):
            for sentence in re.split(r"(?<=[.:;!?])\s+|\n", piece):
                if len(sentence.strip()) >= 25:
                    pieces.add(sentence.strip().lower())
    return pieces


def test_same_seed_same_corpus_and_other_seed_differs() -> None:
    first = list(generate("dev", docs=12, seed=7))
    assert first == list(generate("dev", docs=12, seed=7))
    assert [d.text for d in first] != [d.text for d in generate("dev", docs=12, seed=8)]


def test_splits_share_no_templates_and_no_long_phrases() -> None:
    dev, heldout = template_set("dev"), template_set("heldout")
    assert not _templates(dev) & _templates(heldout)
    assert not _literals(dev) & _literals(heldout)
    assert not set(dev.styles) & set(heldout.styles)


@pytest.mark.parametrize("split", SPLITS)
def test_templates_use_known_slots(split: str) -> None:
    used = {name for t in _templates(template_set(split)) for name in template_fields(t)}
    assert used <= slot_names()


def test_unknown_split_and_empty_corpus_are_errors() -> None:
    with pytest.raises(PhigateError, match="unknown split"):
        template_set("train")
    with pytest.raises(PhigateError, match="at least 1"):
        generate("dev", docs=0)


def test_every_category_occurs_often(corpus: list[LabelledDoc]) -> None:
    counts = Counter(span.type for doc in corpus for span in doc.spans)
    assert {c: counts[c] for c in C if counts[c] < 25} == {}


def test_spans_sit_on_clean_boundaries(corpus: list[LabelledDoc]) -> None:
    for doc in corpus:
        for span in doc.spans:
            value = doc.text[span.start : span.end]
            assert value == value.strip(), doc.id
            assert any(ch.isalnum() for ch in value)
            before = doc.text[span.start - 1] if span.start else " "
            after = doc.text[span.end] if span.end < len(doc.text) else " "
            assert not (before.isalnum() and value[0].isalnum()), (doc.id, span)
            assert not (after.isalnum() and value[-1].isalnum()), (doc.id, span)


def _valid(category: C, value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if category is C.EMAIL:
        return re.fullmatch(r"[^@\s]+@[\w.-]+\.[a-z]+", value) is not None
    if category is C.IP:
        return bool(ipaddress.ip_address(value))
    if category is C.ZIP:
        return re.fullmatch(r"\d{5}(-\d{4})?", value) is not None
    if category is C.SSN:
        return len(digits) == 4 or (len(digits) == 9 and not digits.startswith(("000", "666", "9")))
    if category in (C.PHONE, C.FAX):
        return len(digits) >= 5
    if category is C.URL:
        return "." in value and " " not in value
    return True


def test_values_have_their_shape_in_clean_documents(corpus: list[LabelledDoc]) -> None:
    checked = Counter[C]()
    for doc in corpus:
        if not doc.id.endswith("-none"):
            continue
        for span in doc.spans:
            assert _valid(span.type, doc.text[span.start : span.end]), (doc.id, span)
            checked[span.type] += 1
    assert all(checked[c] > 10 for c in (C.EMAIL, C.IP, C.ZIP, C.SSN, C.PHONE, C.URL))


def test_hard_negatives_are_present_and_unlabelled(corpus: list[LabelledDoc]) -> None:
    text = "\n".join(d.text for d in corpus).lower()
    for trap in ("bp ", "/5 ", "/6 systolic", "visual acuity 20/", "catheter", "mg ", "e11.9"):
        assert trap in text
    for doc in corpus:
        labelled = "".join(doc.text[s.start : s.end] for s in doc.spans).lower()
        assert "mg/dl" not in labelled and "catheter" not in labelled


def test_check_digits_of_generated_numbers() -> None:
    v = Values(3)
    for _ in range(50):
        npi = v.npi()
        assert _luhn_digit("80840" + npi[:-1]) == npi[-1]
        card = v.card().replace(" ", "")
        assert _luhn_digit(card[:-1]) == card[-1]
        dea = v.dea("Smith")
        d = [int(c) for c in dea[2:8]]
        assert (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == int(dea[8])
        assert len(v.vin()) == 17


def test_missing_faker_is_a_missing_extra_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faker", None)
    with pytest.raises(MissingExtraError, match="phigate\\[dev\\]"):
        Values(1)
