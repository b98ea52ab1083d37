"""The manifest: durable appends, crash-cut lines dropped, one settings per output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from phigate.batch import Manifest, ManifestEntry
from phigate.errors import ConfigError


def entry(output: str = "a.txt", policy_version: str = "1") -> ManifestEntry:
    return ManifestEntry(
        input=f"in/{output}",
        input_sha256="i" * 64,
        output=output,
        output_sha256="o" * 64,
        handler="text",
        policy="safe-harbor",
        policy_version=policy_version,
        key_ref="abc",
        recognizers={"r": "1"},
        documents=1,
        counts={"NAME": 2},
    )


def test_append_and_reload(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.append(entry("a.txt"))
    manifest.append(entry("b.txt"))
    again = Manifest(tmp_path)
    assert set(again.entries) == {"a.txt", "b.txt"}
    assert again.entries["a.txt"] == entry("a.txt")
    assert (tmp_path / "manifest.jsonl").read_text().count("\n") == 2


def test_a_line_cut_short_by_a_crash_is_dropped(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.append(entry("a.txt"))
    with (tmp_path / "manifest.jsonl").open("ab") as handle:
        handle.write(entry("b.txt").to_line()[:40])
    reloaded = Manifest(tmp_path)
    assert set(reloaded.entries) == {"a.txt"}
    reloaded.append(entry("c.txt"))
    assert set(Manifest(tmp_path).entries) == {"a.txt", "c.txt"}


def test_a_corrupt_line_in_the_middle_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.jsonl").write_bytes(entry().to_line() + b'{"x": 1}\n' + entry("b.txt").to_line())
    with pytest.raises(ConfigError, match="line 2"):
        Manifest(tmp_path)


def test_other_settings_in_the_same_folder_are_refused(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.append(entry())
    manifest.check_settings(entry().settings())
    with pytest.raises(ConfigError, match="other settings"):
        manifest.check_settings(entry(policy_version="2").settings())


def test_a_group_of_entries_is_appended_in_one_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[int] = []
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        writes.append(len(data))
        return real_write(fd, data)

    manifest = Manifest(tmp_path)
    monkeypatch.setattr(os, "write", write)
    manifest.append_many([entry("a.txt"), entry("b.txt"), entry("c.txt")])
    manifest.append_many([])
    monkeypatch.undo()
    assert len(writes) == 1
    assert list(Manifest(tmp_path).entries) == ["a.txt", "b.txt", "c.txt"]
