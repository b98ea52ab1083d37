"""List the detector's false positives on a labelled corpus, grouped by category, recognizer and text.

A false positive is a predicted span that overlaps no gold span. The default detector runs over every
document of a corpus JSONL (the format of ``phigate eval``); the spans it finds that touch no gold
span are counted by ``(category, recognizer, text)`` and printed most frequent first, each group with
one example in context::

    python tools/false_positives.py /tmp/pn/dev.jsonl --category DATE --top 40
    python tools/false_positives.py corpus.jsonl --recognizer phone --context 50 --json fp.jsonl

Use it on development corpora only: looking at the errors of a held-out split tunes the detector to
it. The output quotes the corpus text, so keep it out of the repository when the corpus is real.
"""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from phigate.detection import build_detector
from phigate.evaluation.corpus import LabelledDoc, Span, read_corpus
from phigate.model import Finding


@dataclass(frozen=True, slots=True)
class FalsePositive:
    """One predicted span of one document that overlaps no gold span."""

    doc: str
    start: int
    end: int
    category: str
    recognizer: str
    text: str
    context: str


def overlaps_gold(gold: Sequence[Span], starts: Sequence[int], start: int, end: int) -> bool:
    """True when ``start:end`` overlaps a span of ``gold`` (sorted, non-overlapping; ``starts`` are
    their start offsets).
    """
    i = bisect_left(starts, end)  # gold spans that start before ``end``
    return i > 0 and gold[i - 1].end > start


def false_positives(doc: LabelledDoc, findings: Iterable[Finding], context: int) -> Iterator[FalsePositive]:
    """The findings of ``doc`` that overlap none of its gold spans."""
    starts = [s.start for s in doc.spans]
    for f in findings:
        if overlaps_gold(doc.spans, starts, f.start, f.end):
            continue
        left = doc.text[max(0, f.start - context) : f.start]
        right = doc.text[f.end : f.end + context]
        shown = f"{left}[[{doc.text[f.start : f.end]}]]{right}".replace("\n", " ")
        yield FalsePositive(
            doc.id, f.start, f.end, f.category.value, f.recognizer, doc.text[f.start : f.end], shown
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="labelled corpus JSONL")
    parser.add_argument("--category", action="append", help="only these categories (repeatable)")
    parser.add_argument("--recognizer", action="append", help="only these recognizer ids (repeatable)")
    parser.add_argument("--top", type=int, default=50, help="groups to print per category (default 50)")
    parser.add_argument("--context", type=int, default=30, help="characters of context either side")
    parser.add_argument("--json", type=Path, help="also write every false positive as JSON lines here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Print the grouped false positives of a corpus; 0 on success."""
    args = _parser().parse_args(argv)
    categories = {c.upper() for c in args.category or ()}
    recognizers = set(args.recognizer or ())
    detector = build_detector()
    found: list[FalsePositive] = []
    for doc in read_corpus(args.corpus):
        for fp in false_positives(doc, detector.find_text(doc.text), args.context):
            if (not categories or fp.category in categories) and (
                not recognizers or fp.recognizer in recognizers
            ):
                found.append(fp)
    groups = Counter((fp.category, fp.recognizer, fp.text.lower()) for fp in found)
    example = {(fp.category, fp.recognizer, fp.text.lower()): fp.context for fp in reversed(found)}
    per_category = Counter(fp.category for fp in found)
    out = sys.stdout
    for category, total in per_category.most_common():
        out.write(f"\n== {category}: {total} false positives\n")
        rows = [(key, n) for key, n in groups.most_common() if key[0] == category][: args.top]
        for (_, recognizer, text), n in rows:
            out.write(f"{n:5d}  {recognizer:<12} {text!r:<32} {example[category, recognizer, text]}\n")
    if args.json is not None:
        with args.json.open("w", encoding="utf-8") as fh:
            for fp in found:
                fh.write(json.dumps(_as_dict(fp)) + "\n")
    return 0


def _as_dict(fp: FalsePositive) -> dict[str, object]:
    return {name: getattr(fp, name) for name in FalsePositive.__slots__}


if __name__ == "__main__":
    sys.exit(main())
