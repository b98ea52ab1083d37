"""Re-identification risk: measures checked against hand-computed tables and a brute-force oracle.

pycanon (the suggested cross-check) pins typer==0.23.2, numpy, scipy and reportlab exactly, which
conflicts with phigate's pinned typer, so the oracle here is an independent, naive implementation.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.errors import ConfigError
from phigate.formats.risk import SUPPRESSED, generalize_value, measure_risk, reduce_risk

ROWS = [
    {"age": "34", "zip": "021", "sex": "F", "dx": "I10"},
    {"age": "34", "zip": "021", "sex": "F", "dx": "E11"},
    {"age": "34", "zip": "021", "sex": "F", "dx": "I10"},
    {"age": "51", "zip": "100", "sex": "M", "dx": "J45"},
    {"age": "51", "zip": "100", "sex": "M", "dx": "J45"},
    {"age": "77", "zip": "606", "sex": "F", "dx": "F32"},
]


def test_hand_computed_table() -> None:
    r = measure_risk(ROWS, ["age", "zip", "sex"], sensitive=["dx"], threshold=0.34)
    assert (r.records, r.classes, r.k_anonymity, r.l_diversity) == (6, 3, 1, 1)
    assert r.prosecutor_max == 1.0 and r.prosecutor_avg == pytest.approx(3 / 6)
    assert r.prosecutor_at_risk == pytest.approx(3 / 6)  # classes of 2 (0.5) and 1 (1.0) exceed 0.34
    assert r.journalist_max == 1.0 and r.marketer == pytest.approx(0.5)
    assert not r.meets_threshold
    pop = {("34", "021", "F"): 300, ("51", "100", "M"): 40, ("77", "606", "F"): 20}
    rp = measure_risk(ROWS, ["age", "zip", "sex"], threshold=0.09, population=pop, population_source="census")
    assert rp.journalist_max == pytest.approx(1 / 20)
    assert rp.marketer == pytest.approx((3 / 300 + 2 / 40 + 1 / 20) / 6)
    assert rp.as_dict()["population_source"] == "census"


def _oracle(rows: list[dict[str, str]], qis: list[str], sens: str) -> tuple[int, int, float]:
    ks, ls = [], []
    for row in rows:
        same = [o for o in rows if all(o[q] == row[q] for q in qis)]
        ks.append(len(same))
        ls.append(len({o[sens] for o in same}))
    return min(ks), min(ls), sum(1 / k for k in ks) / len(rows)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from("xy"), st.sampled_from("pqr")),
        min_size=1,
        max_size=30,
    )
)
def test_matches_brute_force_oracle(data: list[tuple[str, str, str]]) -> None:
    rows = [{"q1": a, "q2": b, "s": c} for a, b, c in data]
    r = measure_risk(rows, ["q1", "q2"], sensitive=["s"], threshold=0.5)
    k, l_div, avg = _oracle(rows, ["q1", "q2"], "s")
    assert (r.k_anonymity, r.l_diversity) == (k, l_div)
    assert r.prosecutor_avg == pytest.approx(avg)


@pytest.mark.parametrize(
    ("value", "level", "expected"),
    [
        ("37", 0, "37"),
        ("37", 1, "35-39"),
        ("37", 2, "30-39"),
        ("37", 3, "20-39"),
        ("37", 4, SUPPRESSED),
        ("021", 1, "02*"),
        ("021", 2, "0**"),
        ("021", 3, SUPPRESSED),
        ("1961-05-02", 1, "1961"),
        ("1961-05-02", 2, "1960-1964"),
        ("F", 1, SUPPRESSED),
        ("90+", 1, "90-94"),
        (None, 2, None),
    ],
)
def test_hierarchies(value: str | None, level: int, expected: str | None) -> None:
    assert generalize_value(value, level) == expected


@pytest.mark.parametrize("threshold", [0.09, 0.05])
def test_reduce_risk_reaches_threshold(threshold: float) -> None:
    rng = random.Random(3)
    rows = [
        {"age": str(rng.randrange(20, 90)), "zip": rng.choice(["021", "100", "606", "941"]),
         "sex": rng.choice("FM"), "dx": rng.choice(["I10", "E11", "J45"])}
        for _ in range(600)
    ]  # fmt: skip
    before = measure_risk(rows, ["age", "zip", "sex"], threshold=threshold)
    table, after = reduce_risk(rows, ["age", "zip", "sex"], sensitive=["dx"], threshold=threshold)
    assert not before.meets_threshold and after.meets_threshold
    assert after.prosecutor_max <= threshold and after.steps and len(table) == len(rows)
    assert after.k_anonymity >= 1 / threshold - 1e-9
    assert [r["dx"] for r in table] == [r["dx"] for r in rows]


def test_reduce_risk_prefers_small_suppression() -> None:
    rows = [{"zip": "021", "sex": "F"}] * 40 + [{"zip": "100", "sex": "M"}]
    table, report = reduce_risk(rows, ["zip", "sex"], threshold=0.09, max_suppression=0.05)
    assert report.suppressed == 1 and report.levels == {"zip": 0, "sex": 0}
    assert table[-1] == {"zip": SUPPRESSED, "sex": SUPPRESSED}


def test_bad_arguments() -> None:
    with pytest.raises(ConfigError):
        measure_risk(ROWS, [])
    with pytest.raises(ConfigError):
        measure_risk(ROWS, ["age"], threshold=0)
    with pytest.raises(ConfigError, match="not in the table"):
        measure_risk(ROWS, ["nope"])
    with pytest.raises(ConfigError):
        reduce_risk(ROWS, ["age"], max_suppression=1.5)
    assert measure_risk([], ["age"]).records == 0
