"""Build ``src/phigate/detection/data/name_ngrams.txt``, the character n-gram name-likeness model.

Usage::

    .venv/bin/python tools/build_name_model.py              # rebuild the model from the shipped lists
    .venv/bin/python tools/build_name_model.py --check      # rebuild into a temp file, exit 1 on drift
    .venv/bin/python tools/build_name_model.py --evaluate   # accuracy on held-out slices of the lists

The model tells a name no list knows (``Oluwaseun``, ``Chaitaly``) from an English word no list knows
(``mentating``, ``diuresed``) by its spelling. It is trained only from lists already shipped beside it:
the positive class is every first name and surname (``first_names.txt``, ``surnames.txt``) that is not
an English or clinical word, the negative class every English word and clinical term
(``english_words.txt``, ``clinical_terms.txt``) that is not a name; entries that are not plain letters
are skipped. Nothing is downloaded.

For every character bigram, trigram and 4-gram (the word padded with ``^`` before and ``$`` after) the
weight is the log-likelihood ratio ``log P_name(c | context) - log P_word(c | context)`` of its last
character given the ones before it, with add-0.5 smoothing over the 27 symbols. Trigrams and 4-grams
seen fewer than 5 times in both classes together are dropped, and so are those whose weight is within
0.5 of the weight of their longest shorter suffix (the one a reader backs off to): they add nothing.
Weights are stored in tenths, as integers. A word's score is the sum over its characters of the
weight of the longest stored n-gram ending there (:func:`phigate.detection.builtin._caps.name_likeness`).

The build is deterministic: the same lists give a byte-identical file. ``--evaluate`` trains on nine
tenths of each class (split by a SHA-256 of the entry) and reports, on the tenth left out, how many
names and how many English words score at or above each threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "phigate" / "detection" / "data"
OUT = DATA / "name_ngrams.txt"

ORDER = 4  #: the longest n-gram
MIN_COUNT = 5  #: trigrams and 4-grams seen fewer times in both classes are dropped
PRUNE = 0.5  #: n-grams whose weight is this close to their back-off weight are dropped
SMOOTHING = 0.5
SYMBOLS = 27  #: a-z and the end marker
#: The threshold ``name_like`` uses at run time (reported by ``--evaluate``).
THRESHOLD = 2.0
_LETTERS = re.compile(r"[a-z]{2,}").fullmatch


def entries(name: str) -> list[str]:
    """The entries of a shipped list (header lines skipped)."""
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


def classes() -> tuple[list[str], list[str]]:
    """Names that are no word, and words that are no name, as sorted lists of plain-letter entries."""
    names = {e for e in (*entries("first_names"), *entries("surnames")) if _LETTERS(e)}
    words = {e for e in (*entries("english_words"), *entries("clinical_terms")) if _LETTERS(e)}
    return sorted(names - words), sorted(words - names)


def grams(word: str, n: int) -> Iterable[str]:
    """The n-grams of ``word`` padded with ``^`` and ``$``."""
    padded = "^" * (n - 1) + word + "$"
    return (padded[i : i + n] for i in range(len(padded) - n + 1))


def weights(names: list[str], words: list[str]) -> dict[str, float]:
    """Log-likelihood ratio of every n-gram's last character, names against words."""
    out: dict[str, float] = {}
    for n in range(2, ORDER + 1):
        pos = Counter(g for w in names for g in grams(w, n))
        neg = Counter(g for w in words for g in grams(w, n))
        pos_ctx: Counter[str] = Counter()
        neg_ctx: Counter[str] = Counter()
        for g, c in pos.items():
            pos_ctx[g[:-1]] += c
        for g, c in neg.items():
            neg_ctx[g[:-1]] += c
        for g in sorted(set(pos) | set(neg)):
            if n > 2 and pos[g] + neg[g] < MIN_COUNT:
                continue
            p = (pos[g] + SMOOTHING) / (pos_ctx[g[:-1]] + SMOOTHING * SYMBOLS)
            q = (neg[g] + SMOOTHING) / (neg_ctx[g[:-1]] + SMOOTHING * SYMBOLS)
            out[g] = math.log(p / q)
    return out


def prune(raw: dict[str, float]) -> dict[str, int]:
    """Weights in tenths, without the n-grams that say no more than their back-off suffix."""
    kept = {g: round(w * 10) for g, w in raw.items() if len(g) == 2}
    for n in range(3, ORDER + 1):
        for g in sorted(x for x in raw if len(x) == n):
            tenths = round(raw[g] * 10)
            backoff = next((kept[g[-m:]] for m in range(n - 1, 1, -1) if g[-m:] in kept), None)
            if backoff is None or abs(tenths - backoff) >= PRUNE * 10:
                kept[g] = tenths
    return kept


def score(model: dict[str, int], word: str) -> float:
    """The model's score of ``word`` (the same reading as ``_caps.name_likeness``)."""
    padded = "^" * (ORDER - 1) + word + "$"
    total = 0
    for i in range(ORDER - 1, len(padded)):
        for n in range(ORDER, 1, -1):
            w = model.get(padded[i - n + 1 : i + 1])
            if w is not None:
                total += w
                break
    return total / 10


def render(model: dict[str, int], names: int, words: int) -> str:
    header = [
        "# Character n-gram name-likeness model: <n-gram> TAB <log-likelihood ratio in tenths>.",
        f"# Trained on {names} first names and surnames that are no English word (first_names.txt,",
        f"# surnames.txt) against {words} English words and clinical terms that are no name",
        "# (english_words.txt, clinical_terms.txt); licences as those lists (see SOURCES.md).",
        f"# Built by tools/build_name_model.py; {len(model)} n-grams. Do not edit by hand.",
    ]
    return "\n".join([*header, *(f"{g}\t{w}" for g, w in sorted(model.items()))]) + "\n"


def build() -> str:
    names, words = classes()
    return render(prune(weights(names, words)), len(names), len(words))


def _held_out(entry: str) -> bool:
    return hashlib.sha256(entry.encode()).digest()[0] % 10 == 0


def evaluate() -> None:
    """Train on nine tenths of each class and report the scores of the tenth left out."""
    names, words = classes()
    model = prune(weights([w for w in names if not _held_out(w)], [w for w in words if not _held_out(w)]))
    test_names = [score(model, w) for w in names if _held_out(w)]
    test_words = [score(model, w) for w in words if _held_out(w)]
    print(f"held out: {len(test_names)} names, {len(test_words)} English words; model {len(model)} n-grams")
    for t in (0.0, 1.0, THRESHOLD, 4.0, 6.0):
        recall = sum(s >= t for s in test_names) / len(test_names)
        false = sum(s >= t for s in test_words) / len(test_words)
        mark = "  <- name_like" if t == THRESHOLD else ""
        print(f"score >= {t:4.1f}: names {recall:6.1%}  English words {false:6.1%}{mark}")
    correct = sum(s >= THRESHOLD for s in test_names) + sum(s < THRESHOLD for s in test_words)
    print(f"accuracy at {THRESHOLD}: {correct / (len(test_names) + len(test_words)):.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="rebuild into a temp file and compare")
    parser.add_argument("--evaluate", action="store_true", help="report accuracy on held-out entries")
    args = parser.parse_args(argv)
    if args.evaluate:
        evaluate()
        return 0
    text = build()
    if args.check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.name} is out of date: run tools/build_name_model.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
