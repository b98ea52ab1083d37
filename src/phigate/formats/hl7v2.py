"""HL7 v2 messages and batch files (FHS/BHS ... BTS/FTS), de-identified field by field.

Every message is checked by a small ER7 tokenizer (delimiters, separators, segment names) and by
``hl7apy`` (its version and message type; every segment with ``validate="full"``, tolerant level, so
local profiles still pass), then rewritten by the tokenizer, so the output keeps the input's segment
order, delimiters, segment separator and escape sequences; only field contents change. Fields are
handled by a rule file (``phigate/formats/rules/hl7v2-safe-harbor.yaml`` by default; a field no rule
covers is emptied): identifiers pseudonymized, names, addresses and phones removed, dates cut to the
year, ZIP to ZIP3. Free text (OBX-5 of type TX/FT/ST, NTE-3) becomes a ``FREE_TEXT`` segment of the
message's document for the text engine.

One document per message; its id is ``<source>#<n>`` and its patient is a keyed reference to the
first PID-3 identifier, so free-text pseudonyms and date shifts match the structured ones.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from phigate.errors import ConfigError, FormatError, TransformError
from phigate.formats.fields import FieldAction, FieldKeys, FieldTransformer, Generalization
from phigate.formats.handler import StructuredHandler, Unit
from phigate.formats.limits import DEFAULT_MAX_BYTES
from phigate.formats.rulefile import RuleFile, RuleSpec, load_rule_file
from phigate.model import Document

__all__ = ["Hl7v2Handler", "escape", "unescape"]

_HEADER_SEGMENTS = frozenset({"MSH", "FHS", "BHS"})
_ENVELOPE_SEGMENTS = frozenset({"FHS", "BHS", "BTS", "FTS"})
_SEGMENT_NAME = re.compile(r"[A-Z][A-Z0-9]{2}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PATH = re.compile(r"^(?P<seg>[A-Z0-9*?]{1,3})(?:-(?P<field>\d+|\*)(?:\.(?P<comp>\d+))?)?$")
# Formatting and character-set escapes that are kept verbatim (HL7 v2.5 section 2.7).
_KEPT_ESCAPE = re.compile(r"\\(?:\.[a-z]{2}[+-]?\d*|H|N|X[0-9A-Fa-f]*|Z[^\\]*|C[0-9A-Fa-f]+|M[0-9A-Fa-f]+)\\")
#: Identifier fields whose pseudonyms are shared with the same kind of id in other segments and formats.
_ID_NAMESPACES = {
    **dict.fromkeys(("PID-2", "PID-3", "PID-4", "MRG-1", "MRG-2", "MRG-5"), "patient-id"),
    **dict.fromkeys(("PID-18", "MRG-3"), "account"),
}


@dataclass(frozen=True)
class _Delimiters:
    field: str
    component: str
    repetition: str
    escape: str
    subcomponent: str

    @classmethod
    def from_header(cls, line: str, *, source: str, offset: int) -> _Delimiters:
        if len(line) < 8:
            raise FormatError("HL7 header segment too short for delimiters", path=source, offset=offset)
        fs = line[3]
        enc = line[4:].split(fs, 1)[0]
        chars = [fs, *enc[:4]]
        if len(enc) not in (4, 5) or len(set(chars)) != 5 or any(c.isalnum() or c in "\r\n" for c in chars):
            raise FormatError("HL7 delimiters are broken (MSH-1/MSH-2)", path=source, offset=offset)
        return _interned(fs, enc[0], enc[1], enc[2], enc[3])

    @cached_property
    def escapes(self) -> dict[str, str]:
        """Delimiter character -> its escape code (``|`` -> ``F``)."""
        return {
            self.field: "F",
            self.component: "S",
            self.subcomponent: "T",
            self.repetition: "R",
            self.escape: "E",
        }

    @cached_property
    def characters(self) -> dict[str, str]:
        """Escape code -> its delimiter character."""
        return {code: char for char, code in self.escapes.items()}

    @cached_property
    def escaped(self) -> re.Pattern[str]:
        """An escaped delimiter (the escape character, a code letter, the escape character)."""
        e = re.escape(self.escape)
        return re.compile(f"{e}([FSTRE]){e}")

    @cached_property
    def special(self) -> re.Pattern[str]:
        """Any delimiter character."""
        return re.compile("[" + re.escape("".join(self.escapes)) + "]")


@lru_cache(maxsize=64)
def _interned(*chars: str) -> _Delimiters:
    """One ``_Delimiters`` per set of characters, so their patterns are built once per batch."""
    return _Delimiters(*chars)


def unescape(value: str, delims: _Delimiters) -> str:
    r"""Turn ``\\F\\ \\S\\ \\T\\ \\R\\ \\E\\`` into their characters; other escapes stay verbatim."""
    if delims.escape not in value:
        return value
    back = delims.characters
    return delims.escaped.sub(lambda m: back[m.group(1)], value)


def escape(text: str, delims: _Delimiters) -> str:
    r"""Escape delimiter characters in ``text``; formatting escapes (``\\.br\\``) are left as they are."""
    if delims.special.search(text) is None:
        return text
    codes = delims.escapes
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == delims.escape and delims.escape == "\\":
            kept = _KEPT_ESCAPE.match(text, i)
            if kept:
                out.append(kept.group(0))
                i = kept.end()
                continue
        out.append(f"{delims.escape}{codes[ch]}{delims.escape}" if ch in codes else ch)
        i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Rule:
    segment: str
    field: int | None
    component: int | None
    types: frozenset[str] | None
    action: FieldAction
    how: Generalization | None

    @classmethod
    def from_spec(cls, spec: RuleSpec) -> _Rule:
        seg, fld, comp = "*", None, None
        if spec.path is not None:
            m = _PATH.match(spec.path)
            if not m:
                raise ConfigError(f"invalid HL7 rule path {spec.path!r}")
            seg = m.group("seg")
            fld = int(m.group("field")) if m.group("field") not in (None, "*") else None
            comp = int(m.group("comp")) if m.group("comp") else None
        if comp is not None and spec.action is FieldAction.TEXT:
            raise ConfigError(f"text action on a component is not supported ({spec.path})")
        types = frozenset(spec.type) if spec.type else None
        return cls(seg, fld, comp, types, spec.action, spec.generalize_as)

    def matches(self, seg: str, fld: int, dtype: str | None) -> bool:
        return (
            fnmatch.fnmatchcase(seg, self.segment)
            and (self.field is None or self.field == fld)
            and (self.types is None or dtype in self.types)
        )


_Step = tuple[FieldAction, Generalization | None]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the rules do with one field (segment, number, data type): one action for the field, or
    (``field`` is None) one per component: ``components[c - 1]``, then ``rest``.
    """

    field: _Step | None
    components: tuple[_Step, ...]
    rest: _Step
    namespace: str  # pseudonym namespace of the field's identifiers


@lru_cache(maxsize=4096)
def _datatype(version: str, segment: str, index: int) -> str | None:
    """The HL7 data type of ``SEG-index`` in ``version`` (hl7apy's tables), or None if unknown."""
    if segment.startswith("Z"):
        return None
    from hl7apy import load_reference
    from hl7apy.exceptions import HL7apyException

    try:
        ref = load_reference(f"{segment}_{index}", "Field", version)
    except (HL7apyException, KeyError, ValueError, TypeError):
        return None
    dtype = ref[2] if isinstance(ref, tuple) and len(ref) > 2 else None
    return dtype if isinstance(dtype, str) else None


@lru_cache(maxsize=1024)
def _check_header(fs: str, encoding: str, message_type: str, version: str) -> None:
    """hl7apy parses a header with this message type and version (raises if it cannot)."""
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.parser import parse_segment

    header = fs.join(["MSH", encoding, "", "", "", "", "", "", message_type, "", "", version or "2.5"])
    parse_segment(header, version=(version.split(encoding[:1])[0] if encoding else version) or "2.5",
                  validation_level=VALIDATION_LEVEL.TOLERANT)  # fmt: skip


@dataclass(slots=True)
class _Field:
    """A free-text field repetition: ``lines[line][field][rep]``."""

    path: str
    text: str
    line: int
    field: int
    rep: int


@dataclass(slots=True)
class _Processed:
    separator: str
    trailing: bool
    lines: list[list[list[str]]]  # line -> fields -> repetitions (escaped ER7 text)
    delims: list[_Delimiters]
    units: list[Unit[_Field]]  # one per message


class Hl7v2Handler(StructuredHandler[_Processed]):
    """HL7 v2 handler: one document per message, structured fields by rule, free text to the engine."""

    def __init__(
        self,
        *,
        rules: RuleFile | str | Path = "safe-harbor",
        keys: FieldKeys | None = None,
        transformer: FieldTransformer | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        validate: str = "header",
    ) -> None:
        super().__init__(keys=keys, transformer=transformer, max_bytes=max_bytes)
        if validate not in ("header", "full"):
            raise FormatError("HL7 validation must be 'header' or 'full'")
        self.validate = validate
        self.rules = rules if isinstance(rules, RuleFile) else load_rule_file(rules, fmt="hl7v2")
        self._rules = tuple(_Rule.from_spec(s) for s in self.rules.rules)
        self._plans: dict[tuple[str, str, int, str | None], _Plan] = {}

    @property
    def name(self) -> str:
        """``hl7v2``."""
        return "hl7v2"

    def _method(self) -> dict[str, Any]:
        return {**self.rules.summary(), "validate": self.validate}

    def sniff(self, head: bytes, filename: str) -> bool:
        """An input whose first segment is MSH, FHS or BHS followed by a field separator."""
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0b")
        if len(stripped) >= 8 and stripped[:3] in (b"MSH", b"FHS", b"BHS"):
            fs = stripped[3:4]
            return not fs.isalnum() and stripped[4:8].count(fs) == 0
        return False

    def render(self, documents: Sequence[Document], *, original: bytes) -> bytes:
        """The de-identified batch: structured fields by rule, free text from ``documents``."""
        processed = self.processed_for(documents, original)
        lines = [[list(reps) for reps in line] for line in processed.lines]
        for doc, unit in zip(documents, processed.units, strict=True):
            for seg, slot in zip(doc.segments, unit.slots, strict=True):
                lines[slot.line][slot.field][slot.rep] = escape(seg.text, processed.delims[slot.line])
        out = [self._join(line, delims) for line, delims in zip(lines, processed.delims, strict=True)]
        text = processed.separator.join(out) + (processed.separator if processed.trailing else "")
        return text.encode("utf-8")

    # -- internals ---------------------------------------------------------------------------------
    def _process(self, data: bytes, source: str, digest: str) -> _Processed:
        text = self._decode(data, source)
        separator = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
        stripped = text.strip("\r\n")
        if not stripped.strip():
            raise FormatError("empty HL7 input", path=source)
        raw_lines = _LINE_BREAK.split(stripped)
        trailing = text.endswith(("\r", "\n"))
        lines: list[list[list[str]]] = []
        delims_of: list[_Delimiters] = []
        units: list[Unit[_Field]] = []
        current: _Delimiters | None = None
        message_lines: list[int] = []
        offset = 0
        version = "2.5"
        for index, line in enumerate(raw_lines):
            if not line.strip():
                raise FormatError("empty segment inside the HL7 input", path=source, offset=offset)
            name = line[:3]
            if not _SEGMENT_NAME.fullmatch(name):
                raise FormatError("invalid HL7 segment name", path=source, offset=offset)
            if name in _HEADER_SEGMENTS:
                current = _Delimiters.from_header(line, source=source, offset=offset)
            if current is None:
                raise FormatError("HL7 input does not start with MSH, FHS or BHS", path=source, offset=0)
            if len(line) > 3 and line[3] != current.field:
                raise FormatError(
                    "segment does not use the declared field separator", path=source, offset=offset
                )
            if name == "MSH":
                if message_lines:
                    units.append(
                        self._message(raw_lines, message_lines, lines, delims_of, version, source, len(units))
                    )
                message_lines = []
                fields = line.split(current.field)
                version = (fields[11].split(current.component)[0] if len(fields) > 11 else "") or "2.5"
            if (name == "MSH" or message_lines) and name not in _ENVELOPE_SEGMENTS:
                message_lines.append(index)
            lines.append(self._split(line, current))
            delims_of.append(current)
            offset += len(line) + len(separator)
        if message_lines:
            units.append(
                self._message(raw_lines, message_lines, lines, delims_of, version, source, len(units))
            )
        if not units:
            raise FormatError("HL7 input holds no MSH message", path=source)
        self._apply_envelope(lines, delims_of)
        return _Processed(separator, trailing, lines, delims_of, units)

    @staticmethod
    def _decode(data: bytes, source: str) -> str:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            head = data[:1024]
            if b"8859" in head or b"ASCII" in head:
                return data.decode("latin-1")
            raise FormatError(
                "HL7 input is not UTF-8 and MSH-18 names no 8-bit character set",
                path=source,
                offset=exc.start,
            ) from exc

    @staticmethod
    def _split(line: str, delims: _Delimiters) -> list[list[str]]:
        fields = line.split(delims.field)
        out: list[list[str]] = [[fields[0]]]
        header = fields[0] in _HEADER_SEGMENTS
        for i, value in enumerate(fields[1:], start=1):
            if i == 1 and header:
                out.append([value])  # the encoding characters themselves
            else:
                out.append(value.split(delims.repetition))
        return out

    @staticmethod
    def _join(line: list[list[str]], delims: _Delimiters) -> str:
        return delims.field.join(delims.repetition.join(reps) for reps in line)

    def _validate(self, raw: str, source: str, offset: int) -> None:
        """hl7apy checks the message: by default its version and message type (MSH-9, MSH-12; cached
        per combination), every segment when ``validate="full"`` (slower; the tokenizer has already
        checked delimiters, separators and segment names).
        """
        from hl7apy.consts import VALIDATION_LEVEL
        from hl7apy.exceptions import HL7apyException
        from hl7apy.parser import parse_message

        try:
            if self.validate == "full":
                parse_message(raw, validation_level=VALIDATION_LEVEL.TOLERANT, find_groups=False)
            else:
                header = raw.split("\r", 1)[0]
                fields = header.split(header[3])
                _check_header(
                    header[3],
                    fields[1],
                    fields[8] if len(fields) > 8 else "",
                    fields[11] if len(fields) > 11 else "",
                )
        except (HL7apyException, ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
            raise FormatError(
                f"HL7 message does not parse ({type(exc).__name__})", path=source, offset=offset
            ) from exc

    def _message(
        self,
        raw_lines: list[str],
        indices: list[int],
        lines: list[list[list[str]]],
        delims_of: list[_Delimiters],
        version: str,
        source: str,
        number: int,
    ) -> Unit[_Field]:
        """Validate one message and apply the rules to its lines in place."""
        self._validate("\r".join(raw_lines[i] for i in indices), source, indices[0])
        patient_id = self._patient_id(indices, lines, delims_of)
        if patient_id is None:
            control = lines[indices[0]][9][0] if len(lines[indices[0]]) > 9 else ""
            patient_id = f"message:{control or number}"
        unit: Unit[_Field] = Unit(number, self.fields.patient_ref(patient_id))
        counters: dict[str, int] = {}
        for i in indices:
            line = lines[i]
            seg = line[0][0]
            counters[seg] = counters.get(seg, 0) + 1
            self._apply_line(i, line, delims_of[i], version, unit, counters[seg])
        return unit

    @staticmethod
    def _patient_id(
        indices: list[int], lines: list[list[list[str]]], delims_of: list[_Delimiters]
    ) -> str | None:
        for i in indices:
            line = lines[i]
            if line[0][0] == "PID":
                for fld in (3, 2, 4):
                    if len(line) > fld and line[fld][0]:
                        value = line[fld][0].split(delims_of[i].component)[0]
                        if value:
                            return unescape(value, delims_of[i])
        return None

    def _apply_envelope(self, lines: list[list[list[str]]], delims_of: list[_Delimiters]) -> None:
        """Apply rules to batch envelope segments (FHS, BHS, BTS, FTS), which hold no patient data."""
        envelope: Unit[_Field] = Unit(-1, "envelope")
        for i, line in enumerate(lines):
            if line[0][0] in _ENVELOPE_SEGMENTS:
                self._apply_line(i, line, delims_of[i], "2.5", envelope, 1)
        if envelope.slots:
            raise FormatError("rule file routes a batch envelope field to the text engine")

    def _plan(self, version: str, seg: str, number: int, obx_type: str | None) -> _Plan:
        """The rules' plan for one field, cached per (version, segment, field, OBX-5 type)."""
        key = (version, seg, number, obx_type)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        dtype = obx_type if (seg == "OBX" and number == 5) else _datatype(version, seg, number)
        matching = [r for r in self._rules if r.matches(seg, number, dtype)]
        default: _Step = (self.rules.default, None)
        whole = next((r for r in matching if r.component is None), None)
        rest = (whole.action, whole.how) if whole is not None else default
        namespace = _ID_NAMESPACES.get(f"{seg}-{number}", f"hl7:{seg}-{number}")
        if not matching or matching[0].component is None:
            plan = _Plan(rest, (), rest, namespace)
        else:
            last = max(r.component or 0 for r in matching)
            steps = []
            for c in range(1, last + 1):
                rule = next((r for r in matching if r.component in (None, c)), None)
                steps.append((rule.action, rule.how) if rule is not None else default)
            if any(action is FieldAction.TEXT for action, _ in (*steps, rest)):
                raise ConfigError(f"text action on a component is not supported ({seg}-{number})")
            plan = _Plan(None, tuple(steps), rest, namespace)
        if len(self._plans) < 100_000:
            self._plans[key] = plan
        return plan

    def _apply_line(
        self,
        index: int,
        line: list[list[str]],
        delims: _Delimiters,
        version: str,
        unit: Unit[_Field],
        occurrence: int,
    ) -> None:
        seg = line[0][0]
        header = seg in _HEADER_SEGMENTS
        obx_type = line[2][0].split(delims.component, 1)[0] if seg == "OBX" and len(line) > 2 else None
        for pos in range(2 if header else 1, len(line)):
            reps = line[pos]
            if len(reps) == 1 and not reps[0]:
                continue
            number = pos + 1 if header else pos
            plan = self._plan(version, seg, number, obx_type if number == 5 else None)
            if plan.field is not None and plan.field[0] is FieldAction.KEEP:
                continue
            for r, value in enumerate(reps):
                if not value:
                    continue
                new = self._apply_value(value, plan, delims, unit.patient or "")
                if new is None:  # free text: the text engine fills it in
                    path = f"{seg}[{occurrence}]-{number}[{r}]"
                    unit.slots.append(_Field(path, unescape(value, delims), index, pos, r))
                    continue
                reps[r] = new
            # drop trailing empty repetitions left by redaction
            while len(reps) > 1 and reps[-1] == "":
                reps.pop()

    def _apply_value(self, value: str, plan: _Plan, delims: _Delimiters, patient: str) -> str | None:
        """The field's new ER7 value, or ``None`` when it goes to the text engine."""
        if plan.field is not None:
            action, how = plan.field
            if action is FieldAction.TEXT:
                return None
            if action is FieldAction.KEEP:
                return value
            if action is FieldAction.REDACT:
                return ""
            first = value.split(delims.component, 1)[0].split(delims.subcomponent, 1)[0]
            return self._transform(action, how, first, delims, patient, plan.namespace) if first else ""
        out: list[str] = []
        for c, comp in enumerate(value.split(delims.component)):
            action, how = plan.components[c] if c < len(plan.components) else plan.rest
            if not comp or action is FieldAction.KEEP:
                out.append(comp)
            elif action is FieldAction.REDACT:
                out.append("")
            else:
                out.append(self._transform(action, how, comp, delims, patient, plan.namespace))
        return delims.component.join(out).rstrip(delims.component)

    def _transform(
        self,
        action: FieldAction,
        how: Generalization | None,
        raw: str,
        delims: _Delimiters,
        patient: str,
        namespace: str,
    ) -> str:
        plain = unescape(raw, delims)
        try:
            new = self.fields.apply(action, plain, patient=patient, namespace=namespace, how=how)
        except TransformError:
            new = None  # a value that is not a date/ZIP/age where one was expected: remove it
        return "" if new is None else escape(new, delims)
