from __future__ import annotations

import pytest

from phigate.detection.context import (
    Keywords,
    has_keyword_after,
    has_keyword_before,
    has_keyword_near,
    tokens_after,
    tokens_before,
)

MRN = Keywords(["MRN", "medical record number", "MR#", "acct"])


def test_tokens_are_lowercased_words_and_hashes() -> None:
    text = "Pt MR#: 12345, Medical-Record Number 9"
    assert tokens_before(text, text.index("12345"), 3) == ["pt", "mr", "#"]
    assert tokens_after(text, text.index("12345") + 5, 3) == ["medical", "record", "number"]
    assert tokens_before(text, 0, 3) == [] and tokens_after(text, len(text), 3) == []
    assert tokens_before(text, 5, 0) == [] and tokens_after(text, 5, 0) == []


def test_windows_never_return_half_tokens() -> None:
    text = "x" * 200 + " MRN 5"
    assert tokens_before(text, len(text) - 1, 1) == ["mrn"]
    assert "x" * 200 not in tokens_before(text, len(text) - 1, 2)
    text = "5 MRN " + "y" * 200
    assert tokens_after(text, 1, 2) == ["mrn"]


def test_windows_with_more_tokens_than_asked_keep_the_nearest() -> None:
    text = "seen by the team, MR#77 acct 5512 today"
    assert tokens_before(text, text.index("acct"), 3) == ["mr", "#", "77"]
    assert tokens_before(text, text.index("5512"), 8) == "seen by the team mr # 77 acct".split()
    assert tokens_after(text, text.index("team"), 3) == ["team", "mr", "#"]
    accented = "seen by the équipe, MR#77 acct 5512 today"  # not ASCII: read by the regex, same tokens
    assert tokens_before(accented, accented.index("acct"), 3) == ["mr", "#", "77"]
    assert tokens_after(accented, accented.index("équipe"), 3) == ["équipe", "mr", "#"]


@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [
        ("MRN: 12345", 1, True),
        ("mrn 12345", 1, True),
        ("Medical record number is 12345", 2, True),  # the phrase ends inside the window
        ("Medical record number is 12345", 1, False),
        ("Medical record number for this admission: 12345", 2, False),
        ("Medical record number for this admission: 12345", 5, True),
        ("MR# 12345", 1, True),
        ("record 12345", 3, False),
        ("acctg 12345", 3, False),
    ],
)
def test_has_keyword_before(text: str, n: int, expected: bool) -> None:
    assert has_keyword_before(text, text.index("12345"), MRN, n) is expected


def test_has_keyword_after_and_near() -> None:
    text = "12345 (MRN) and 678"
    assert has_keyword_after(text, 5, MRN, 1)
    assert not has_keyword_after(text, len(text), MRN, 2)
    assert has_keyword_near(text, 0, 5, MRN)
    assert not has_keyword_near("x 678 y", 2, 5, MRN)


def test_keywords_membership_and_validation() -> None:
    assert "mrn" in MRN and "MRN" in MRN and "record" not in MRN and 5 not in MRN
    assert MRN.longest == 3
    with pytest.raises(ValueError, match="at least one letter"):
        Keywords(["--"])
    with pytest.raises(ValueError, match="at least one keyword"):
        Keywords([])
