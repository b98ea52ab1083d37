"""atomic_output: temp file then rename for regular files; devices and pipes are written in place."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from phigate.batch.files import TEMP_SUFFIX, atomic_output, atomic_write
from phigate.evaluation.corpus import write_jsonl


def test_a_regular_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    atomic_write(target, b"first")
    atomic_write(target, b"second")
    assert target.read_bytes() == b"second"
    assert not list(target.parent.glob(f"*{TEMP_SUFFIX}"))


def test_a_failed_block_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(target, text=True) as handle:
        handle.write("half")
        raise RuntimeError("stop")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_named_pipe_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert write_jsonl(fifo, [{"id": "1"}, {"id": "2"}]) == 2
    reader.join(timeout=10)
    assert received == [b'{"id": "1"}\n{"id": "2"}\n']
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]
