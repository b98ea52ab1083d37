"""Re-identification risk of the quasi-identifiers left in a table, for an Expert Determination.

Measures (El Emam's three attacker models, as in ARX and sdcMicro; see the Safe Harbor reference):

- **k-anonymity**: the size of the smallest equivalence class (records sharing all QI values).
- **l-diversity**: the fewest distinct sensitive values in any class (distinct l-diversity).
- **Prosecutor risk**: the attacker knows the target is in the data: a record's risk is ``1/f`` for
  its class size ``f``; reported as the maximum, the average (``#classes / n``) and the share of
  records whose risk exceeds the threshold.
- **Journalist risk**: the target is known only to be in a population: ``1/F`` with the population
  class size ``F`` (a population table the caller supplies; without one it equals prosecutor risk,
  an upper bound).
- **Marketer risk**: the expected share of records re-identified by linking everything:
  ``(1/n) * sum(f_j / F_j)`` (``#classes / n`` without a population table).

:func:`reduce_risk` then generalizes QIs one level at a time along built-in hierarchies (ages and
years into 5/10/20-year bands, ZIP3 to 2 and 1 digits, dates to year then decade, anything to
``*``) and suppresses the records of the smallest classes, until the maximum prosecutor risk is at
or below the threshold (0.09, 0.05, ...), with every step recorded for the report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from phigate.errors import ConfigError

__all__ = ["RiskReport", "generalize_value", "measure_risk", "reduce_risk"]

SUPPRESSED = "*"
Row = Mapping[str, str | None]


@dataclass(frozen=True, slots=True)
class RiskReport:
    """The measures of one table against one threshold."""

    records: int
    quasi_identifiers: tuple[str, ...]
    sensitive: tuple[str, ...]
    threshold: float
    classes: int
    k_anonymity: int
    l_diversity: int | None
    prosecutor_max: float
    prosecutor_avg: float
    prosecutor_at_risk: float  # share of records with risk above the threshold
    journalist_max: float
    marketer: float
    population_source: str
    suppressed: int = 0
    steps: tuple[str, ...] = ()
    levels: Mapping[str, int] = field(default_factory=dict)

    @property
    def meets_threshold(self) -> bool:
        """Whether the maximum prosecutor and journalist risks are at or below the threshold."""
        return self.records > 0 and max(self.prosecutor_max, self.journalist_max) <= self.threshold

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for reports."""
        out = asdict(self)
        out["meets_threshold"] = self.meets_threshold
        out["levels"] = dict(self.levels)
        return out


def _key(row: Row, qis: Sequence[str]) -> tuple[str, ...]:
    return tuple("" if row.get(q) is None else str(row.get(q)) for q in qis)


def measure_risk(
    rows: Sequence[Row],
    quasi_identifiers: Sequence[str],
    *,
    sensitive: Sequence[str] = (),
    threshold: float = 0.09,
    population: Mapping[tuple[str, ...], int] | None = None,
    population_source: str = "none (sample used as population: upper bound)",
) -> RiskReport:
    """Measure k, l, and prosecutor / journalist / marketer risk of ``rows`` over ``quasi_identifiers``."""
    if not quasi_identifiers:
        raise ConfigError("a risk measurement needs at least one quasi-identifier")
    if not 0 < threshold <= 1:
        raise ConfigError("the risk threshold must be in (0, 1]")
    missing = [q for q in (*quasi_identifiers, *sensitive) if rows and q not in rows[0]]
    if missing:
        raise ConfigError(f"columns not in the table: {', '.join(missing)}")
    n = len(rows)
    sizes: Counter[tuple[str, ...]] = Counter(_key(r, quasi_identifiers) for r in rows)
    if n == 0:
        return RiskReport(0, tuple(quasi_identifiers), tuple(sensitive), threshold, 0, 0, None,
                          0.0, 0.0, 0.0, 0.0, 0.0, population_source)  # fmt: skip
    diversity: int | None = None
    if sensitive:
        values: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        for r in rows:
            values[_key(r, quasi_identifiers)].add(_key(r, sensitive))
        diversity = min(len(v) for v in values.values())
    k = min(sizes.values())
    at_risk = sum(f for f in sizes.values() if 1 / f > threshold)
    if population is None:
        journalist = 1 / k
        marketer = len(sizes) / n
    else:
        pop = {key: max(population.get(key, f), f) for key, f in sizes.items()}
        journalist = max(1 / p for p in pop.values())
        marketer = sum(f / pop[key] for key, f in sizes.items()) / n
    return RiskReport(
        records=n,
        quasi_identifiers=tuple(quasi_identifiers),
        sensitive=tuple(sensitive),
        threshold=threshold,
        classes=len(sizes),
        k_anonymity=k,
        l_diversity=diversity,
        prosecutor_max=1 / k,
        prosecutor_avg=len(sizes) / n,
        prosecutor_at_risk=at_risk / n,
        journalist_max=journalist,
        marketer=marketer,
        population_source=population_source,
    )


_YEAR = re.compile(r"^(\d{4})")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_BAND = re.compile(r"^(\d+)-(\d+)$")


def generalize_value(value: str | None, level: int) -> str | None:
    """``value`` one hierarchy step up per level: numbers and years into 5, 10, 20-year bands;
    ZIP3 to 2 then 1 digits; ISO dates to year, then the bands; anything else to ``*`` at level 1.
    Level 0 is the value itself; the last level of every hierarchy is ``*``.
    """
    if value is None or level == 0 or value == SUPPRESSED:
        return value
    text = value.strip()
    if re.fullmatch(r"\d{3}", text):  # ZIP3
        return (text[:2] + "*", text[:1] + "**")[level - 1] if level <= 2 else SUPPRESSED
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?.*", text):  # ISO date: first to the year
        year = text[:4]
        return year if level == 1 else generalize_value(year, level - 1)
    band = _BAND.match(text)
    if _NUMBER.match(text) or band or text.endswith("+"):
        low = int(band.group(1)) if band else int(float(text.rstrip("+") or 0))
        widths = (5, 10, 20)
        if level > len(widths):
            return SUPPRESSED
        width = widths[level - 1]
        start = low - low % width
        return f"{start}-{start + width - 1}"
    return SUPPRESSED


def reduce_risk(
    rows: Sequence[Row],
    quasi_identifiers: Sequence[str],
    *,
    sensitive: Sequence[str] = (),
    threshold: float = 0.09,
    max_suppression: float = 0.05,
    population: Mapping[tuple[str, ...], int] | None = None,
) -> tuple[list[dict[str, str | None]], RiskReport]:
    """Generalize and suppress until the maximum prosecutor risk is at or below ``threshold``.

    Each round either suppresses the QIs of the records in classes that are too small (when they are
    at most ``max_suppression`` of the records; suppressed records count as not released in the
    measures), or generalizes the QI with the most distinct values
    one level. Returns the new rows and the final report, whose ``steps`` list what was done.
    """
    if not 0 <= max_suppression < 1:
        raise ConfigError("max_suppression must be in [0, 1)")
    original = [dict(r) for r in rows]
    levels = dict.fromkeys(quasi_identifiers, 0)
    steps: list[str] = []
    suppressed_rows: set[int] = set()
    minimum = int(1 / threshold - 1e-9) + 1  # smallest class size with 1/f <= threshold

    def current() -> list[dict[str, str | None]]:
        out = []
        for i, row in enumerate(original):
            new = dict(row)
            for q in quasi_identifiers:
                new[q] = SUPPRESSED if i in suppressed_rows else generalize_value(row.get(q), levels[q])
            out.append(new)
        return out

    def measured(table: list[dict[str, str | None]]) -> RiskReport:
        kept = [
            r for i, r in enumerate(table) if i not in suppressed_rows
        ]  # suppressed rows are not released
        return measure_risk(
            kept, quasi_identifiers, sensitive=sensitive, threshold=threshold, population=population
        )

    for _ in range(64):
        table = current()
        report = measured(table)
        if report.meets_threshold or report.records == 0:
            break
        sizes = Counter(_key(r, quasi_identifiers) for r in table)
        small = [
            i
            for i, r in enumerate(table)
            if i not in suppressed_rows and sizes[_key(r, quasi_identifiers)] < minimum
        ]
        if small and (len(suppressed_rows) + len(small)) / len(table) <= max_suppression:
            suppressed_rows.update(small)
            steps.append(
                f"suppressed the quasi-identifiers of {len(small)} records in classes smaller than {minimum}"
            )
            continue
        candidates = [
            q
            for q in quasi_identifiers
            if any(generalize_value(r.get(q), levels[q]) != SUPPRESSED for r in original)
        ]
        if not candidates:
            break
        distinct = {q: len({generalize_value(r.get(q), levels[q]) for r in original}) for q in candidates}
        target = max(candidates, key=lambda q: (distinct[q], q))
        levels[target] += 1
        steps.append(f"generalized {target} to level {levels[target]}")
    table = current()
    final = measured(table)
    final = RiskReport(
        **{**asdict(final), "suppressed": len(suppressed_rows), "steps": tuple(steps), "levels": levels}
    )
    return table, final
