"""What the structured handlers (FHIR, HL7 v2, CSV/Parquet, DICOM) share: keys, the size limit, the
parse cache, and the link between documents and the places their text came from.

A structured handler processes an input once (``_process``): it applies the field rules and collects
one :class:`Unit` per document for the text engine, with the document's patient reference and the
slots (:class:`Slot`) where its free text lives. ``parse`` turns the units into documents; ``render`` gets
the same processed input back by the input's SHA-256 (a small LRU cache; on a miss the input is
processed again, with the same result), checks with :meth:`StructuredHandler.processed_for` that the
documents are the ones parsed, and writes their text into the slots.

Keys are required: a handler built without ``keys`` or a ``transformer`` refuses to parse with a
``ConfigError`` naming ``phigate keys init``. It never falls back to a random key, which would give
the same patient other pseudonyms and another date shift in every file and run.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from phigate.errors import ConfigError, FormatError
from phigate.formats.fields import FieldKeys, FieldTransformer
from phigate.formats.limits import DEFAULT_MAX_BYTES, check_size
from phigate.model import FREE_TEXT, Document, Segment

__all__ = ["NO_KEY", "Slot", "StructuredHandler", "Unit"]

#: Why a handler without keys refuses to work, and what to do.
NO_KEY = (
    "has no de-identification key: pseudonyms and date shifts must agree across files and runs, so "
    "structured formats need the configured key (run `phigate keys init`, or pass "
    "keys=FieldKeys.from_provider(provider))"
)


class Slot(Protocol):
    """Where one free-text value of a document lives in its input."""

    @property
    def path(self) -> str:
        """Where the text is, for the document's segment (``PID[1]-5[0]``, ``row 3/col note``)."""

    @property
    def text(self) -> str:
        """The text as parsed (unescaped)."""


SlotT = TypeVar("SlotT", bound=Slot)


@dataclass(slots=True)
class Unit(Generic[SlotT]):
    """One document of an input: its number (the ``#n`` of its id), patient reference and slots."""

    number: int
    patient: str | None
    slots: list[SlotT] = field(default_factory=list)


class Processed(Protocol):
    """An input after ``_process``: whatever the handler keeps, plus the units of its documents."""

    @property
    def units(self) -> Sequence[Unit[Any]]:
        """The documents of the input, in order."""


ProcessedT = TypeVar("ProcessedT", bound=Processed)


class StructuredHandler(Generic[ProcessedT]):
    """Base of the structured handlers: field keys, ``max_bytes``, the processed-input cache, ``parse``."""

    #: Processed inputs kept for ``render`` (an input is parsed, run through the pipeline, rendered).
    cache_size = 2

    def __init__(
        self,
        *,
        keys: FieldKeys | None = None,
        transformer: FieldTransformer | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if keys is not None and transformer is not None:
            raise ConfigError("pass either keys or a field transformer, not both")
        self._fields = (
            transformer if transformer is not None else (FieldTransformer(keys) if keys is not None else None)
        )
        self.max_bytes = max_bytes
        self._cache: OrderedDict[str, ProcessedT] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """The format's name (set by each handler)."""
        raise NotImplementedError

    @property
    def fields(self) -> FieldTransformer:
        """The field actions with the run's keys; a handler without keys raises ``ConfigError``."""
        return self._transformer()

    def parse(self, data: bytes, *, source: str) -> Sequence[Document]:
        """One document per unit of the input, holding the unit's free text."""
        return [
            Document(
                id=f"{source}#{unit.number}",
                segments=tuple(Segment(slot.path, slot.text, FREE_TEXT) for slot in unit.slots),
                patient=unit.patient,
                source_format=self.name,
            )
            for unit in self.processed(data, source).units
        ]

    def processed(self, data: bytes, source: str) -> ProcessedT:
        """``data`` processed (cached by its SHA-256): size-checked, rules applied, units collected."""
        self._transformer()  # no key, no work
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            hit = self._cache.get(digest)
            if hit is not None:
                self._cache.move_to_end(digest)
                return hit
        check_size(data, source=source, limit=self.max_bytes)
        result = self._process(data, source, digest)
        with self._lock:
            self._cache[digest] = result
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return result

    def processed_for(self, documents: Sequence[Document], original: bytes) -> ProcessedT:
        """The processed ``original``, after checking that ``documents`` are its parsed documents (same
        count, same order, same number of segments); the text engine may only change their text.
        """
        result = self.processed(original, "input")
        units = result.units
        if len(documents) != len(units):
            raise FormatError(f"document count does not match the input ({len(units)} parsed)")
        for doc, unit in zip(documents, units, strict=True):
            if not doc.id.endswith(f"#{unit.number}"):
                raise FormatError("documents are not in the order they were parsed", path=doc.id)
            if len(doc.segments) != len(unit.slots):
                raise FormatError("document segments do not match the input", path=doc.id)
        return result

    def method(self) -> dict[str, Any]:
        """What a de-identification report records about this handler (step 2, method): its own
        rules, schema or profile, the ZIP3 table with its digest, the date-shift range, the key kind.
        """
        out = self._method()
        if self._fields is not None:
            table = self._fields.zip3_table
            out["zip3_table"] = {"name": table.name, "version": table.version, "digest": table.digest}
            out["date_shift_max_days"] = self._fields.max_shift_days
            out["keys"] = "ephemeral (unsafe)" if self._fields.keys.ephemeral else "configured"
        return out

    def clear_cache(self) -> None:
        """Forget every processed input (benchmarks; memory)."""
        with self._lock:
            self._cache.clear()

    def _transformer(self) -> FieldTransformer:
        if self._fields is None:
            raise ConfigError(f"the {self.name} handler {NO_KEY}")
        return self._fields

    def _method(self) -> dict[str, Any]:
        """The handler's own part of :meth:`method`."""
        raise NotImplementedError

    def _process(self, data: bytes, source: str, digest: str) -> ProcessedT:
        """Apply the rules to ``data`` (already size-checked); ``digest`` is its SHA-256 (hex), for
        keys that must not depend on the file name.
        """
        raise NotImplementedError
