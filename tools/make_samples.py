"""Write the bundled demo notes to ``src/phigate/data/samples/`` (run from the repository root).

One short note per dev note style, generated with a fixed seed, so the files are reproducible:
``python tools/make_samples.py`` rewrites them; ``--check`` fails if they differ from what is on disk.
Every name, date and number in them is made up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from phigate.evaluation.synth import generate

OUT = Path(__file__).resolve().parent.parent / "src" / "phigate" / "data" / "samples"
SEED = 424242
BANNER = "[SYNTHETIC SAMPLE NOTE - made up by tools/make_samples.py; no real patient]\n\n"
MAX_CHARS = 1400


def samples() -> dict[str, str]:
    """File name -> text: the shortest generated note of each style, among the first 100."""
    best: dict[str, str] = {}
    for doc in generate("dev", docs=100, seed=SEED):
        style = doc.id.split("-")[3]
        if len(doc.text) <= MAX_CHARS and len(doc.text) < len(best.get(style, "x" * (MAX_CHARS + 1))):
            best[style] = doc.text
    return {f"{n:02d}-{style}.txt": BANNER + text for n, (style, text) in enumerate(sorted(best.items()), 1)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the files on disk differ")
    args = parser.parse_args(argv)
    wanted = samples()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in OUT.glob("*.txt")} if OUT.exists() else {}
    if args.check:
        if wanted != on_disk:
            print("samples are out of date: run python tools/make_samples.py")
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in set(on_disk) - set(wanted):
        (OUT / name).unlink()
    for name, text in wanted.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"{len(wanted)} sample notes written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
