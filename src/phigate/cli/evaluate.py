"""``phigate eval`` (score detection on a labelled corpus) and ``phigate synth`` (write one)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from phigate.errors import PhigateError

if TYPE_CHECKING:
    from phigate.evaluation.corpus import Span

__all__ = ["register"]


def _detect_all(texts: list[tuple[str, str]]) -> dict[str, tuple[Span, ...]]:
    """Run the default detector over ``(id, text)`` pairs with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from phigate.detection import default_detector
    from phigate.evaluation.corpus import Span

    detector = default_detector()
    predictions: dict[str, tuple[Span, ...]] = {}
    columns = (TextColumn("detecting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True) as progress:
        for doc_id, text in progress.track(texts):
            found = detector.find_text(text)
            predictions[doc_id] = tuple(Span(f.start, f.end, f.category) for f in found)
    return predictions


def eval_command(
    corpus: Annotated[Path, typer.Option("--corpus", help="Labelled corpus (JSONL: id, text, spans).")],
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions", help="Score this JSONL of predicted spans instead of running detection."
        ),
    ] = None,
    missed: Annotated[
        Path | None, typer.Option("--missed", help="Write every leaked gold span (JSONL) to this file.")
    ] = None,
) -> None:
    """Score PHI detection on a labelled corpus: entity recall, token P/R/F1, leaked documents."""
    from rich.console import Console

    from phigate.evaluation.corpus import read_corpus, read_predictions, write_jsonl
    from phigate.evaluation.report import miss_table, score_table
    from phigate.evaluation.score import score_corpus

    docs = read_corpus(corpus)
    if predictions is not None:
        predicted = read_predictions(predictions)
        source = f"predictions {predictions.name}"
    else:
        predicted = _detect_all([(d.id, d.text) for d in docs])
        source = "default detector"
    result = score_corpus(docs, predicted)
    console = Console()
    console.print(score_table(result, title=f"Detection on {corpus.name} ({source})"))
    if result.misses:
        console.print(miss_table(result))
    if missed is not None:
        count = write_jsonl(missed, (m.as_json() for m in result.misses))
        console.print(f"{count} missed span(s) written to {missed}")


def synth_command(
    out: Annotated[Path, typer.Option("--out", help="Corpus file to write (JSONL).")],
    split: Annotated[str, typer.Option("--split", help="Template set: dev or heldout.")] = "dev",
    docs: Annotated[int, typer.Option("--docs", help="Number of documents.")] = 500,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed (default: the split's own seed).")
    ] = None,
) -> None:
    """Write a synthetic labelled corpus (the same split and seed always give the same file)."""
    from phigate.evaluation.corpus import write_corpus
    from phigate.evaluation.synth import SPLITS, generate

    if split not in SPLITS:
        raise PhigateError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    count = write_corpus(out, generate(split, docs=docs, seed=seed))
    typer.echo(f"{count} {split} documents written to {out}")


def register(app: typer.Typer) -> None:
    """Add ``eval`` and ``synth`` to the ``phigate`` app."""
    app.command("eval")(eval_command)
    app.command("synth")(synth_command)
