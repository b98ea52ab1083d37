"""The batch manifest: one JSON line per finished input, appended after its output is in place.

Each line records the input's and the output's SHA-256, the handler, the policy and its version, a
reference to the key (a keyed hash, never the key), the recognizer versions and the findings per
category. The runner puts the output in place first (atomically, durably) and the line second, with
one ``write`` and an ``fsync`` (for a group of inputs, one for all their lines); so after a crash
every line names an output that exists, and an output without a line is simply made again. A line
cut short by a crash is dropped when the manifest is opened.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from phigate.errors import ConfigError

__all__ = ["MANIFEST_NAME", "Manifest", "ManifestEntry"]

MANIFEST_NAME = "manifest.jsonl"


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One finished input."""

    input: str
    input_sha256: str
    output: str
    output_sha256: str
    handler: str
    policy: str
    policy_version: str
    key_ref: str | None
    recognizers: Mapping[str, str]
    documents: int
    counts: Mapping[str, int] = field(default_factory=dict)

    def to_line(self) -> bytes:
        """The entry as one JSON line."""
        # Not ``asdict``: it deep-copies the mappings, a cost paid on every finished input.
        body = {f.name: getattr(self, f.name) for f in fields(self)}
        return (json.dumps(body, sort_keys=True, ensure_ascii=False, default=dict) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: Any) -> ManifestEntry:
        """An entry from a parsed JSON line; a wrong shape is a ``ValueError``."""
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        try:
            return cls(**raw)
        except TypeError as exc:
            raise ValueError("unexpected fields") from exc

    def settings(self) -> tuple[str, str, str | None, dict[str, str]]:
        """What must not change within one output folder: policy, its version, key, recognizers."""
        return self.policy, self.policy_version, self.key_ref, dict(self.recognizers)


class Manifest:
    """The manifest of an output folder: the finished entries by output path, and appends."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST_NAME
        self.entries: dict[str, ManifestEntry] = {}
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        data = self.path.read_bytes()
        cut = data.rfind(b"\n") + 1
        if cut < len(data):  # a line cut short by a crash: drop it
            with self.path.open("r+b") as handle:
                handle.truncate(cut)
                os.fsync(handle.fileno())
        for number, line in enumerate(data[:cut].splitlines(), 1):
            try:
                entry = ManifestEntry.from_json(json.loads(line))
            except ValueError as exc:
                raise ConfigError(f"{self.path}: line {number} is not a manifest entry") from exc
            self.entries[entry.output] = entry

    def check_settings(self, settings: tuple[str, str, str | None, dict[str, str]]) -> None:
        """Refuse to add to a folder made with another policy, policy version, key or recognizers."""
        for entry in self.entries.values():
            if entry.settings() != settings:
                raise ConfigError(
                    f"{self.path.parent} holds output made with other settings (policy {entry.policy} "
                    f"{entry.policy_version}, or another key or recognizer version); choose a new --out"
                )

    def append(self, entry: ManifestEntry) -> None:
        """Append ``entry`` durably (one write, then fsync)."""
        self.append_many([entry])

    def append_many(self, entries: Sequence[ManifestEntry]) -> None:
        """Append ``entries`` durably with one write and one fsync (a group of finished inputs)."""
        if not entries:
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            lines = memoryview(b"".join(entry.to_line() for entry in entries))
            while lines:
                lines = lines[os.write(fd, lines) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        for entry in entries:
            self.entries[entry.output] = entry
