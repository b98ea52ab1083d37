"""Write a labelled corpus again in one letter case, to measure how detection copes with notes typed
all in capitals or all in lowercase (real charting often is). Spans are kept; a document whose length
would change when its case changes (a handful of non-ASCII letters grow) is left out. Run::

    python tools/case_variants.py physionet-dev.jsonl upper physionet-dev-upper.jsonl
    phigate eval --corpus physionet-dev-upper.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from phigate.evaluation.corpus import read_corpus, write_corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("case", choices=("upper", "lower"))
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    source, docs = read_corpus(args.corpus), []
    for doc in source:
        text = doc.text.upper() if args.case == "upper" else doc.text.lower()
        if len(text) == len(doc.text):
            docs.append(dataclasses.replace(doc, id=f"{doc.id}-{args.case}", text=text))
    written = write_corpus(args.out, docs)
    print(f"{written} of {len(source)} documents written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
