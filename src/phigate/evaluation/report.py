"""Render a :class:`~phigate.evaluation.score.Score` as rich tables, marking figures below the goals."""

from __future__ import annotations

from rich.table import Table

from phigate.evaluation.score import CategoryScore, Score, miss_patterns
from phigate.model import Category

__all__ = ["GOALS", "miss_table", "score_table"]

#: Goals from the detection issue: held-out entity recall overall and per category, token precision.
GOALS = {"recall_overall": 0.995, "recall_category": 0.99, "precision": 0.90}


def _pct(value: float, goal: float | None = None) -> str:
    text = f"{100 * value:.2f}"
    return f"[red]{text}[/red]" if goal is not None and value < goal else text


def _row(name: str, c: CategoryScore, recall_goal: float | None) -> list[str]:
    entity = _pct(c.entity_recall, recall_goal) if c.entities else "-"
    return [
        name,
        str(c.entities),
        str(c.entities - c.removed),
        entity,
        _pct(c.token_precision) if c.predicted_tokens else "-",
        _pct(c.token_recall) if c.gold_tokens else "-",
        _pct(c.token_f1) if c.predicted_tokens or c.gold_tokens else "-",
        _pct(c.leaked_doc_share) if c.docs_with else "-",
    ]


def score_table(score: Score, *, title: str) -> Table:
    """One row per category that occurs in gold or predictions, then the overall row."""
    table = Table(title=title, title_justify="left")
    table.add_column("category", no_wrap=True, min_width=len("HEALTH_PLAN"))
    for header in ("gold", "missed", "entity R %", "tok P %", "tok R %", "tok F1 %", "leaked docs %"):
        table.add_column(header, justify="right")
    for category in Category:
        counts = score.by_category.get(category)
        if counts is not None:
            table.add_row(*_row(category.value, counts, GOALS["recall_category"]))
    overall = _row("overall", score.overall, GOALS["recall_overall"])
    if score.overall.predicted_tokens and score.overall.token_precision < GOALS["precision"]:
        overall[4] = f"[red]{overall[4]}[/red]"
    table.add_section()
    table.add_row(*overall, style="bold")
    table.caption = (
        f"{score.documents} documents. Entity R: every letter/digit of a gold span inside a predicted span. "
        "Red: below the goal (entity R 99.5 % overall, 99 % per category; token P 90 %)."
    )
    return table


def miss_table(score: Score, *, limit: int = 15) -> Table:
    """The most frequent shapes of missed spans (``A``/``a`` letters, ``9`` digits), per category."""
    table = Table(title="Most frequent missed shapes", title_justify="left")
    table.add_column("category")
    table.add_column("shape")
    table.add_column("count", justify="right")
    for (category, shape), count in miss_patterns(score.misses).most_common(limit):
        table.add_row(category.value, shape, str(count))
    return table
