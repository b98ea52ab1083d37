"""The scorer on hand-made cases: full, partial and typed coverage, tokens, leaked documents."""

from __future__ import annotations

import pytest

from phigate.errors import FormatError
from phigate.evaluation.corpus import LabelledDoc, Span
from phigate.evaluation.score import miss_patterns, score_corpus
from phigate.model import Category as C

TEXT = "Seen by Dr. Anna Lee on 03/04/2021, MRN 1234567. BP 120/80."
#       0         1         2         3         4         5
NAME = Span(12, 20, C.NAME)  # "Anna Lee"
DATE = Span(24, 34, C.DATE)  # "03/04/2021"
MRN = Span(40, 47, C.MRN)  # "1234567"
DOC = LabelledDoc("d1", TEXT, (NAME, DATE, MRN))


def test_offsets_of_the_fixture() -> None:
    assert [TEXT[s.start : s.end] for s in DOC.spans] == ["Anna Lee", "03/04/2021", "1234567"]


def test_perfect_predictions() -> None:
    result = score_corpus([DOC], {"d1": DOC.spans})
    assert result.overall.entity_recall == 1.0
    assert result.overall.token_precision == 1.0
    assert result.overall.token_recall == 1.0
    assert result.overall.leaked_doc_share == 0.0
    assert result.misses == []


def test_type_mismatch_still_counts_as_removed() -> None:
    predicted = (Span(12, 20, C.LOCATION), Span(24, 34, C.ID), Span(40, 47, C.ACCOUNT))
    result = score_corpus([DOC], {"d1": predicted})
    assert result.overall.entity_recall == 1.0
    assert result.category(C.NAME).removed == 1
    # per-category precision is charged to the predicted category: LOCATION tokens were PHI
    assert result.category(C.LOCATION).predicted_tokens == 2
    assert result.category(C.LOCATION).token_precision == 1.0


def test_partial_coverage_leaks() -> None:
    predicted = (Span(12, 16, C.NAME), Span(24, 34, C.DATE), Span(40, 47, C.MRN))  # "Anna" only
    result = score_corpus([DOC], {"d1": predicted})
    assert result.category(C.NAME).entity_recall == 0.0
    assert result.overall.entity_recall == pytest.approx(2 / 3)
    assert result.overall.leaked_doc_share == 1.0
    (miss,) = result.misses
    assert miss.partial is True
    assert miss.text == "Anna Lee"
    assert miss.predicted == (Span(12, 16, C.NAME),)
    # tokens: Anna found, Lee missed
    assert result.category(C.NAME).gold_tokens == 2
    assert result.category(C.NAME).gold_tokens_found == 1


def test_punctuation_outside_alnum_need_not_be_covered() -> None:
    # the date's slashes are not letters or digits; the pieces between them must each be covered
    predicted = (Span(12, 20, C.NAME), Span(24, 26, C.DATE), Span(27, 29, C.DATE), Span(30, 34, C.DATE))
    result = score_corpus([DOC], {"d1": predicted + (Span(40, 47, C.MRN),)})
    assert result.category(C.DATE).entity_recall == 1.0
    one_digit_short = (Span(12, 20, C.NAME), Span(24, 33, C.DATE), Span(40, 47, C.MRN))
    assert score_corpus([DOC], {"d1": one_digit_short}).category(C.DATE).entity_recall == 0.0


def test_false_positive_lowers_token_precision_only() -> None:
    predicted = (*DOC.spans, Span(53, 59, C.DATE))  # "120/80"
    result = score_corpus([DOC], {"d1": predicted})
    assert result.overall.entity_recall == 1.0
    assert result.overall.token_recall == 1.0
    gold_tokens = 2 + 3 + 1  # Anna Lee / 03 04 2021 / 1234567
    assert result.overall.predicted_tokens == gold_tokens + 2
    assert result.overall.token_precision == pytest.approx(gold_tokens / (gold_tokens + 2))
    assert result.category(C.DATE).token_precision == pytest.approx(3 / 5)
    assert 0 < result.overall.token_f1 < 1


def test_nothing_predicted() -> None:
    result = score_corpus([DOC], {"d1": ()})
    assert result.overall.entity_recall == 0.0
    assert result.overall.token_recall == 0.0
    assert result.overall.token_f1 == 0.0
    assert len(result.misses) == 3
    assert all(not m.partial for m in result.misses)


def test_leaked_share_per_category_counts_documents_holding_it() -> None:
    clean = LabelledDoc("d2", "Call 555-123-4567 now.", (Span(5, 17, C.PHONE),))
    result = score_corpus([DOC, clean], {"d1": DOC.spans[:2], "d2": clean.spans})
    assert result.overall.leaked_doc_share == 0.5
    assert result.category(C.MRN).leaked_doc_share == 1.0
    assert result.category(C.PHONE).leaked_doc_share == 0.0
    assert result.category(C.PHONE).docs_with == 1


def test_mismatched_predictions_are_errors() -> None:
    with pytest.raises(FormatError, match="lack 1"):
        score_corpus([DOC], {})
    with pytest.raises(FormatError, match="not in the corpus"):
        score_corpus([DOC], {"d1": (), "zz": ()})


def test_miss_shapes_hide_the_letters_and_digits() -> None:
    result = score_corpus([DOC], {"d1": ()})
    shapes = miss_patterns(result.misses)
    assert shapes[(C.NAME, "Aa Aa")] == 1
    assert shapes[(C.DATE, "9/9/9")] == 1
    assert result.misses[0].as_json()["text"] == "Anna Lee"
