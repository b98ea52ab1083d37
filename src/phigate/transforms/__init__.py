"""Transforms: what happens to each finding (redact, mask, pseudonymize, date-shift, generalize, keep).

Transforms are plugins in :data:`TRANSFORMS`. The built-ins register through ``register`` below,
exactly as a third-party package's ``phigate.transforms`` entry point would.
"""

from __future__ import annotations

import threading

from phigate.errors import RegistryError, TransformError
from phigate.registry import Registry
from phigate.transforms.apply import apply_decision
from phigate.transforms.base import (
    DEFAULT_MARKER,
    MARKER_PRESETS,
    Transform,
    TransformContext,
    resolve_marker,
)

__all__ = [
    "DEFAULT_MARKER",
    "MARKER_PRESETS",
    "TRANSFORMS",
    "Transform",
    "TransformContext",
    "apply_decision",
    "get_transform",
    "register",
    "resolve_marker",
]

#: Every transform plugin: the built-ins, then installed ``phigate.transforms`` entry points.
TRANSFORMS: Registry[Transform] = Registry(
    "transform", group="phigate.transforms", defaults=("phigate.transforms:register",)
)

_instances: dict[str, Transform] = {}
_lock = threading.Lock()


def register(registry: Registry[Transform]) -> None:
    """Plugin hook: the built-in transforms."""
    from phigate.transforms.date_shift import DateShiftTransform
    from phigate.transforms.generalize import GeneralizeTransform
    from phigate.transforms.keep import KeepTransform
    from phigate.transforms.mask import MaskTransform
    from phigate.transforms.pseudonymize import PseudonymizeTransform
    from phigate.transforms.redact import RedactTransform

    for cls in (
        RedactTransform,
        MaskTransform,
        PseudonymizeTransform,
        DateShiftTransform,
        GeneralizeTransform,
        KeepTransform,
    ):
        registry.register(cls.name, cls)


def get_transform(name: str) -> Transform:
    """The (shared, stateless) transform called ``name``; an unknown name is a ``TransformError``."""
    transform = _instances.get(name)
    if transform is None:
        with _lock:
            try:
                transform = _instances.setdefault(name, TRANSFORMS.create(name))
            except RegistryError as exc:
                raise TransformError(str(exc)) from exc
        if transform.name != name:
            raise TransformError(f"transform {name!r} reports the name {transform.name!r}")
    return transform
