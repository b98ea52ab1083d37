"""Synthetic notes for the CLI tests (invented people, numbers from fictional or unissued ranges)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from cli_support import PHIGATE, cli_env

NOTE = (
    "Discharge summary for John Smith, SSN 401-27-3318, admitted 03/04/2021.\n"
    "Call his daughter Mary Smith at (617) 432-7781 or write to mary.smith@example.com.\n"
    "Plan: metoprolol 25 mg twice daily; BP 120/80.\n"
)
SECRETS = ("John Smith", "401-27-3318", "03/04/2021", "(617) 432-7781", "mary.smith@example.com")


def make_inputs(root: Path) -> Path:
    """``notes/`` with a text note, a JSONL file, a nested note and the bad inputs of a real folder."""
    notes = root / "notes"
    (notes / "ward").mkdir(parents=True)
    (notes / "a.txt").write_text(NOTE)
    (notes / "ward" / "b.txt").write_text("Seen by Dr. Jane Roe on 2021-03-11. SSN 402-18-2231.\n")
    (notes / "batch.jsonl").write_text(
        json.dumps({"id": "n1", "text": NOTE, "site": "north"})
        + "\n"
        + json.dumps({"id": "n2", "text": "No identifiers in this one."})
        + "\n"
    )
    (notes / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (notes / "latin1.txt").write_bytes("Zoé Roe, SSN 401-27-3318".encode("latin-1"))
    (notes / "broken.jsonl").write_text('{"id": "x", "text": "John Smith"}\n{"id": "y", "text": \n')
    return notes


def many_notes(root: Path, files: int) -> Path:
    """``many/`` with ``files`` small notes, each with its own SSN."""
    notes = root / "many"
    notes.mkdir()
    for n in range(files):
        (notes / f"note-{n:04d}.txt").write_text(f"Note {n}.\n{NOTE}SSN 401-27-{1000 + n}.\n")
    return notes


def finished(out: Path) -> int:
    """Complete manifest lines in ``out`` so far (the runner may be writing the next one)."""
    path = out / "manifest.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


def start_deid(workdir: Path, notes: Path, out: Path, *options: str, until: int) -> subprocess.Popen[bytes]:
    """``phigate deid NOTES --out OUT OPTIONS`` running in the background, returned once ``until``
    files are done (or the run ended)."""
    proc = subprocess.Popen(
        [PHIGATE, "deid", str(notes), "--out", str(out), *options],
        cwd=workdir,
        env=cli_env(workdir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while finished(out) < until and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    return proc
