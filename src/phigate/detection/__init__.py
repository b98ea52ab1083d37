"""Detection: recognizers find PHI spans in text; the detector runs them and merges the findings.

Recognizers are plugins in :data:`RECOGNIZERS`. The built-ins (``phigate.detection.builtin``) register
exactly like a third-party ``phigate-recognizers-xyz`` package's ``phigate.recognizers`` entry points.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from phigate.detection.base import Detector, Match, Recognizer
from phigate.detection.builtin import DEFAULT_PLUGINS
from phigate.errors import RegistryError
from phigate.registry import Registry

__all__ = [
    "RECOGNIZERS",
    "Detector",
    "Match",
    "Recognizer",
    "build_detector",
    "default_detector",
    "recognizer_ids",
]

#: Every recognizer plugin: the built-ins, then installed ``phigate.recognizers`` entry points.
RECOGNIZERS: Registry[Recognizer] = Registry(
    "recognizer", group="phigate.recognizers", defaults=DEFAULT_PLUGINS
)

_default: Detector | None = None
_default_lock = threading.Lock()


def recognizer_ids() -> tuple[str, ...]:
    """The ids of every registered recognizer, sorted."""
    return RECOGNIZERS.names()


def build_detector(
    names: Iterable[str] | None = None,
    *,
    exclude: Iterable[str] = (),
    min_score: float = 0.5,
    registry: Registry[Recognizer] = RECOGNIZERS,
) -> Detector:
    """A new detector with the named recognizers (default: all registered) minus ``exclude``.

    Unknown names in either list are a ``RegistryError``; a recognizer whose ``id`` differs from the
    name it was registered under is one too. ``registry`` is for tests and embedders with their own.
    """
    chosen = list(registry.names() if names is None else names)
    dropped = set(exclude)
    for name in [*chosen, *sorted(dropped)]:
        registry.factory(name)
    recognizers: list[Recognizer] = []
    for name in chosen:
        if name in dropped:
            continue
        recognizer = registry.create(name)
        if not isinstance(recognizer, Recognizer) or recognizer.id != name:
            raise RegistryError(f"recognizer {name!r} does not build a Recognizer with id {name!r}")
        recognizers.append(recognizer)
    return Detector(recognizers, min_score=min_score)


def default_detector() -> Detector:
    """The detector with every registered recognizer, built once per process (thread-safe)."""
    global _default
    detector = _default
    if detector is None:
        with _default_lock:
            if _default is None:
                _default = build_detector()
            detector = _default
    return detector
