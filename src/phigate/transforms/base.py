"""The transform protocol and the context a transform runs in.

A transform turns the text of one finding into its replacement. It never sees the rest of the
document, and it raises ``TransformError`` when it cannot apply (fail closed): the pipeline then
writes nothing for that document.

``TransformContext`` carries what keyed transforms need: the patient key that scopes surrogates and
date shifts, the secret they are derived from, the redaction marker and the reference date that
ages are counted from.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import string
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from phigate.errors import ConfigError, TransformError
from phigate.formats.fields import FieldKeys
from phigate.model import SAFE_HARBOR_LETTER, Action, Category

__all__ = [
    "DEFAULT_MARKER",
    "MARKER_PRESETS",
    "Draw",
    "Transform",
    "TransformContext",
    "marker",
    "resolve_marker",
]

#: Typed tags: ``[NAME]``, ``[DATE]``, ...
DEFAULT_MARKER = "[{category}]"

#: Named markers accepted wherever a marker template is (``--marker stars``).
MARKER_PRESETS: dict[str, str] = {
    "typed": DEFAULT_MARKER,
    "stars": "***",
    "redacted": "[REDACTED]",
}

_MARKER_FIELDS = frozenset({"category", "letter"})


@functools.lru_cache(maxsize=64)
def resolve_marker(spec: str) -> str:
    """A marker template from a preset name or a template using ``{category}`` and ``{letter}``.

    ``{category}`` is the category name (``NAME``), ``{letter}`` its Safe Harbor paragraph (``A``).
    A template with other fields or unbalanced braces is a ``ConfigError``.
    """
    template = MARKER_PRESETS.get(spec, spec)
    if not template:
        raise ConfigError("a redaction marker cannot be empty")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ConfigError(f"invalid marker template {template!r}: {exc}") from None
    unknown = fields - _MARKER_FIELDS
    if unknown:
        raise ConfigError(f"marker template fields must be {{category}} or {{letter}}, not {sorted(unknown)}")
    return template


@functools.lru_cache(maxsize=1024)
def marker(template: str, category: Category) -> str:
    """The redaction marker of ``category`` from a resolved ``template`` (cached)."""
    return template.format(category=category.value, letter=SAFE_HARBOR_LETTER[category])


@functools.lru_cache(maxsize=64)
def _field_keys(secret: bytes) -> FieldKeys:
    return FieldKeys.from_secret(secret)


@dataclass(frozen=True, slots=True)
class TransformContext:
    """Per-document inputs of the transforms. ``secret`` is ``None`` when no key was given."""

    patient_key: str
    secret: bytes | None = field(default=None, repr=False)
    marker: str = DEFAULT_MARKER
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        resolve_marker(self.marker)

    def marker_for(self, category: Category) -> str:
        """The redaction marker of ``category``."""
        return marker(self.marker, category)

    def keys(self) -> FieldKeys:
        """The per-purpose keys derived from the secret (shared with the structured-field actions, so a
        patient's pseudonyms and date shift agree across formats); no secret is a ``TransformError``.
        """
        if self.secret is None:
            raise TransformError("this transform needs a secret key (pass a key file)")
        try:
            return _field_keys(self.secret)
        except ConfigError as exc:
            raise TransformError(str(exc)) from exc


class Draw:
    """A deterministic stream of numbers keyed by ``key`` and a label (HMAC-SHA256 in counter mode).

    The same key and label always give the same sequence; without the key it cannot be predicted.
    """

    __slots__ = ("_block", "_buffer", "_key", "_label", "_pos")

    def __init__(self, key: bytes, label: str) -> None:
        self._key = key
        self._label = label.encode("utf-8")
        self._block = 0
        self._buffer = b""
        self._pos = 0

    def below(self, n: int) -> int:
        """A number in ``range(n)``, near-uniform (64 bits per draw)."""
        if n <= 0:
            raise ValueError("n must be positive")
        if self._pos + 8 > len(self._buffer):
            self._buffer = hmac.digest(self._key, self._block.to_bytes(4, "big") + self._label, "sha256")
            self._block += 1
            self._pos = 0
        value = int.from_bytes(self._buffer[self._pos : self._pos + 8], "big")
        self._pos += 8
        return value % n

    def choice(self, options: str | tuple[str, ...]) -> str:
        """One of ``options``."""
        return options[self.below(len(options))]


@runtime_checkable
class Transform(Protocol):
    """Turns the text of one finding into its replacement."""

    @property
    def name(self) -> str:
        """The name policies use in ``Action.transform`` (``redact``, ``generalize``, ...)."""

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        """The replacement for ``value``; raise ``TransformError`` if it cannot be made."""
