"""tools/case_variants.py: a corpus written again in one letter case, spans and all, skipping documents
whose length would change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from phigate.evaluation.corpus import LabelledDoc, Span, read_corpus, write_corpus
from phigate.model import Category

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("case", "name"), [("upper", "ANN LEE"), ("lower", "ann lee")])
def test_case_variant_keeps_spans_and_drops_growing_documents(tmp_path: Path, case: str, name: str) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    text = "Seen by Ann Lee on 3/4."
    write_corpus(
        source,
        [
            LabelledDoc("d1", text, (Span(8, 15, Category.NAME), Span(19, 22, Category.DATE))),
            LabelledDoc("d2", "Straße in İzmir", ()),  # ß and İ change length in one case or the other
        ],
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "case_variants.py"), str(source), case, str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    (doc,) = read_corpus(out)
    assert doc.id == f"d1-{case}"
    assert doc.text[doc.spans[0].start : doc.spans[0].end] == name
    assert doc.spans == (Span(8, 15, Category.NAME), Span(19, 22, Category.DATE))
    assert "1 of 2 documents" in run.stdout
