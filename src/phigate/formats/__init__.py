"""Format handlers: bytes in, documents out, and back (see :mod:`phigate.formats.base`).

Handlers are plugins in :data:`FORMATS`. Each plugin registers a *handler factory* under the handler's
name: a zero-argument callable returning a function from :class:`HandlerOptions` (the run's policy
and secret, which structured handlers need for their field rules and keys) to a handler::

    def register(registry):
        registry.register("hl7v2", lambda: lambda options: Hl7v2Handler(...))

:func:`handler_for` picks a handler by content: every specific handler's ``sniff`` is asked first (in
name order), then ``jsonl``, then ``text`` (anything without NUL bytes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from phigate.errors import FormatError
from phigate.formats.base import FormatHandler
from phigate.registry import Registry

if TYPE_CHECKING:
    from phigate.config import Settings

__all__ = [
    "FORMATS",
    "HEAD_BYTES",
    "FormatHandler",
    "HandlerFactory",
    "HandlerOptions",
    "build_handlers",
    "handler_for",
    "register",
]

#: Bytes of an input that ``sniff`` sees.
HEAD_BYTES = 4096
#: Generic handlers, asked last, in this order.
_FALLBACKS = ("jsonl", "text")


@dataclass(frozen=True, slots=True)
class HandlerOptions:
    """What a run tells its handlers: the policy name and the secret (``None`` without a key).

    Without a secret the structured handlers (FHIR, HL7 v2, CSV, Parquet, DICOM) refuse to parse
    (run ``phigate keys init``), unless ``unsafe_ephemeral_keys`` asks for random keys: pseudonyms
    and date shifts then agree within these options and can never be matched to any other run. For
    tests and for reading only (``phigate detect``), never for output that is released.
    """

    policy: str = "safe-harbor"
    secret: bytes | None = field(default=None, repr=False)
    #: The run's settings (rule files, schemas, DICOM options of ``formats:``); None: ``load_settings()``.
    settings: Settings | None = field(default=None, repr=False, compare=False)
    #: Random keys instead of the secret (tests, read-only commands); ignored when a secret is given.
    unsafe_ephemeral_keys: bool = False


HandlerFactory = Callable[[HandlerOptions], FormatHandler]

#: Every format plugin: the built-ins, then installed ``phigate.formats`` entry points.
FORMATS: Registry[HandlerFactory] = Registry(
    "format",
    group="phigate.formats",
    defaults=("phigate.formats:register", "phigate.formats.structured:register"),
)


def register(registry: Registry[HandlerFactory]) -> None:
    """Plugin hook: the built-in ``text`` and ``jsonl`` handlers."""
    from phigate.formats.text import JsonlHandler, TextHandler

    registry.register("text", lambda: lambda options: TextHandler())
    registry.register("jsonl", lambda: lambda options: JsonlHandler())


def build_handlers(options: HandlerOptions | None = None) -> tuple[FormatHandler, ...]:
    """One handler of every registered format, in sniffing order."""
    opts = options or HandlerOptions()
    names = FORMATS.names()
    ordered = [n for n in names if n not in _FALLBACKS] + [n for n in _FALLBACKS if n in names]
    return tuple(FORMATS.create(name)(opts) for name in ordered)


def handler_for(path: str, head: bytes, handlers: Sequence[FormatHandler] | None = None) -> FormatHandler:
    """The first handler whose ``sniff`` accepts ``head`` (an input's first bytes) and file name.

    No handler (a binary file of no known format) is a ``FormatError``.
    """
    for handler in handlers if handlers is not None else build_handlers():
        if handler.sniff(head[:HEAD_BYTES], path):
            return handler
    raise FormatError("binary or unknown format: no handler reads this input", path=path)
