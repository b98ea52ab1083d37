"""FHIR R4 JSON: single resources, Bundles and bulk-export NDJSON, de-identified by path rules.

Parsing validates the input with ``fhir.resources`` (R4B models), walks every element with the
rule set (``fhir_rules``; default deny), and turns free-text elements (narrative ``text.div``,
``Annotation.text``, ``CodeableConcept.text``, ...) into ``FREE_TEXT`` segments for the text engine.
Rendering writes the transformed resources back in the input's shape (one JSON document or NDJSON
lines) and validates the output; output that does not validate is a ``FormatError``, never written.

Documents: one per resource (for a Bundle, document 0 is the Bundle itself and document ``n`` its
``n``-th entry), with the keyed reference of the resource's patient, so free-text date shifts and
pseudonyms match the structured ones. Ids and references are pseudonymized with the run's key, so
``Patient/123`` in one file and ``urn:uuid:123`` in another still point at the same new id.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phigate.errors import FormatError, TransformError
from phigate.formats.fhir_model import child_type, is_resource_type
from phigate.formats.fhir_rules import FhirRule, FhirRuleSet, Step
from phigate.formats.fields import FieldAction, FieldKeys, FieldTransformer, Generalization
from phigate.formats.handler import StructuredHandler, Unit
from phigate.formats.limits import DEFAULT_MAX_BYTES, decode_utf8
from phigate.formats.rulefile import RuleFile, load_rule_file
from phigate.model import Document

__all__ = ["FhirHandler", "validate_resource"]

_REMOVED = object()
_TAG = re.compile(r"(<[^>]*>)")
_LITERAL_REF = re.compile(r"^(?:.*/)?(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]{1,64})(?:/_history/.*)?$")
_DICOM_UID = re.compile(r"^[0-2](?:\.(?:0|[1-9][0-9]*))+$")
_PATIENT_KEYS = ("subject", "patient", "beneficiary", "individual")
_DATE_TYPES = frozenset({"date", "dateTime", "instant"})
_NUMBER_TYPES = frozenset({"decimal", "integer", "positiveInt", "unsignedInt"})


def validate_resource(resource: dict[str, Any], *, source: str, what: str = "input") -> None:
    """Raise ``FormatError`` unless ``resource`` validates as its R4 type (``fhir.resources`` R4B).

    The message names the element path and the error type, never the value.
    """
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    rtype = resource.get("resourceType")
    if not isinstance(rtype, str) or not is_resource_type(rtype):
        raise FormatError(f"{what} is not a FHIR R4 resource (resourceType)", path=source)
    try:
        get_fhir_model_class(rtype).model_validate(resource)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise FormatError(
            f"{what} fails FHIR validation at {rtype}.{where} ({first.get('type')})", path=source
        ) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise FormatError(f"{what} fails FHIR validation ({type(exc).__name__})", path=source) from exc


@dataclass(slots=True)
class _Slot:
    """Where a free-text value lives: ``holder["v"]``, or piece ``piece`` of a narrative div."""

    path: str
    text: str
    holder: dict[str, Any]
    div: list[str] | None = None
    piece: int = 0


@dataclass(slots=True)
class _Processed:
    ndjson: bool
    indent: int | None
    roots: list[Any]
    units: list[Unit[_Slot]]


@dataclass(slots=True)
class _Ctx:
    digest: str  # of the input
    units: list[Unit[_Slot]]
    patient: str = ""


class FhirHandler(StructuredHandler[_Processed]):
    """FHIR R4 JSON / NDJSON handler with path rules and default deny."""

    def __init__(
        self,
        *,
        rules: RuleFile | str | Path = "safe-harbor",
        keys: FieldKeys | None = None,
        transformer: FieldTransformer | None = None,
        validate_input: bool = True,
        validate_output: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        super().__init__(keys=keys, transformer=transformer, max_bytes=max_bytes)
        file = rules if isinstance(rules, RuleFile) else load_rule_file(rules, fmt="fhir")
        self.rules = file
        self._ruleset = FhirRuleSet(file)
        self.validate_input = validate_input
        self.validate_output = validate_output

    @property
    def name(self) -> str:
        """``fhir``."""
        return "fhir"

    def _method(self) -> dict[str, Any]:
        return {
            **self.rules.summary(),
            "validate_input": self.validate_input,
            "validate_output": self.validate_output,
        }

    def sniff(self, head: bytes, filename: str) -> bool:
        """JSON (or NDJSON) whose first object names a ``resourceType``."""
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text.startswith(b"{") and re.search(rb'"resourceType"\s*:\s*"[A-Z]', text) is not None

    def render(self, documents: Sequence[Document], *, original: bytes) -> bytes:
        """The de-identified resources, in the input's shape; the output is validated.

        One document per resource (a Bundle: the Bundle, then each entry), as ``parse`` made them.
        """
        processed = self.processed_for(documents, original)
        with self._lock:  # the holders are shared by every render of this input
            for doc, unit in zip(documents, processed.units, strict=True):
                divs: dict[int, tuple[dict[str, Any], list[str]]] = {}
                for seg, slot in zip(doc.segments, unit.slots, strict=True):
                    if slot.div is None:
                        slot.holder["v"] = seg.text
                        continue
                    _, pieces = divs.setdefault(id(slot.holder), (slot.holder, list(slot.div)))
                    pieces[slot.piece] = html.escape(seg.text, quote=False)
                for holder, pieces in divs.values():
                    holder["v"] = "".join(pieces)
            roots = [_materialize(root) for root in processed.roots]
        if self.validate_output:
            for root in roots:
                validate_resource(root, source="output", what="output")
        if processed.ndjson:
            text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in roots)
        else:
            text = json.dumps(roots[0], ensure_ascii=False, indent=processed.indent) + "\n"
        return text.encode("utf-8")

    # -- parsing -----------------------------------------------------------------------------------
    def _process(self, data: bytes, source: str, digest: str) -> _Processed:
        text = decode_utf8(data, source=source)
        if not text.strip():
            raise FormatError("empty FHIR input", path=source)
        roots, ndjson = self._load(text, source)
        indent = 2 if (not ndjson and "\n" in text.strip()) else None
        ctx = _Ctx(digest, [])
        out_roots = []
        for number, resource in enumerate(roots):
            where = f"{source}:{number + 1}" if ndjson else source
            if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
                raise FormatError("JSON value is not a FHIR resource (no resourceType)", path=where)
            if self.validate_input:
                validate_resource(resource, source=where)
            elif not is_resource_type(resource["resourceType"]):
                raise FormatError("unknown FHIR resourceType", path=where)
            out_roots.append(self._walk_root(resource, ctx))
        return _Processed(ndjson, indent, out_roots, ctx.units)

    @staticmethod
    def _load(text: str, source: str) -> tuple[list[Any], bool]:
        try:
            return [json.loads(text)], False
        except json.JSONDecodeError as exc:
            if not (exc.msg == "Extra data" and "\n" in text.strip()):
                raise FormatError(f"malformed JSON ({exc.msg})", path=source, offset=exc.pos) from exc
        roots = []
        offset = 0
        for line_no, line in enumerate(text.splitlines(keepends=True), start=1):
            if line.strip():
                try:
                    roots.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise FormatError(
                        f"malformed NDJSON line {line_no} ({exc.msg})", path=source, offset=offset + exc.pos
                    ) from exc
            offset += len(line)
        return roots, True

    def _patient_of(self, resource: dict[str, Any]) -> str | None:
        if resource.get("resourceType") == "Patient" and isinstance(resource.get("id"), str):
            return str(resource["id"])
        for key in _PATIENT_KEYS:
            ref = resource.get(key)
            if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
                value: str = ref["reference"]
                m = _LITERAL_REF.match(value)
                if m and m.group("type") == "Patient":
                    return m.group("id")
                if value.startswith("urn:uuid:"):
                    return value[len("urn:uuid:") :]
        return None

    def _start_unit(self, resource: dict[str, Any], ctx: _Ctx) -> None:
        """A new document for ``resource``, keyed to its patient; a resource of no patient gets a key of
        its own (by its id, else by its place in the input), shared by its fields and its free text.
        """
        raw = self._patient_of(resource)
        number = len(ctx.units)
        if raw is None:
            rid = resource.get("id")
            raw = f"resource:{resource.get('resourceType')}/{rid}" if rid else f"unit:{ctx.digest}#{number}"
        ctx.patient = self.fields.patient_ref(raw)
        ctx.units.append(Unit(number, ctx.patient))

    def _walk_root(self, resource: dict[str, Any], ctx: _Ctx) -> Any:
        rtype = resource["resourceType"]
        self._start_unit(resource, ctx)
        chain = (Step("", rtype, rtype),)
        if rtype != "Bundle":
            return self._walk_dict(resource, chain, rtype, None, ctx, rtype)
        out = self._walk_dict(
            {k: v for k, v in resource.items() if k != "entry"}, chain, rtype, None, ctx, rtype
        )
        entries = []
        entry_type = child_type("Bundle", "entry")
        if entry_type is None:  # pragma: no cover - fixed by the R4 model
            raise FormatError("the FHIR model has no Bundle.entry")
        entry_chain = (*chain, Step("entry", entry_type.fhir_type))
        own = self._ruleset.first_match(entry_chain)
        for i, entry in enumerate(resource.get("entry") or []):
            inner = entry.get("resource") if isinstance(entry, dict) else None
            self._start_unit(inner if isinstance(inner, dict) else {}, ctx)
            new = self._walk(entry, entry_chain, entry_type.model, own, ctx, f"Bundle.entry[{i}]")
            if new is not _REMOVED:
                entries.append(new)
        if entries:
            out["entry"] = entries
        return out

    def _walk(
        self,
        value: Any,
        chain: tuple[Step, ...],
        model: str | None,
        rule: FhirRule | None,
        ctx: _Ctx,
        path: str,
    ) -> Any:
        if isinstance(value, list):
            items = [self._walk(v, chain, model, rule, ctx, f"{path}[{i}]") for i, v in enumerate(value)]
            kept = [v for v in items if v is not _REMOVED]
            return kept if kept else _REMOVED
        if isinstance(value, dict):
            if model is None:
                return _REMOVED
            return self._walk_dict(value, chain, model, rule, ctx, path)
        return self._leaf(value, chain, rule, ctx, path)

    def _walk_dict(
        self,
        node: dict[str, Any],
        chain: tuple[Step, ...],
        model: str,
        inherited: FhirRule | None,
        ctx: _Ctx,
        path: str,
    ) -> Any:
        out: dict[str, Any] = {}
        is_resource = chain[-1].resource_type is not None
        if is_resource:
            out["resourceType"] = node.get("resourceType")
        for key, value in node.items():
            if key == "resourceType":
                continue
            etype = child_type(model, key)
            if etype is None:
                continue  # not an R4 element: never passed through
            if etype.fhir_type == "Resource":
                new = self._resources(key, value, chain, inherited, ctx, f"{path}.{key}")
            else:
                step = Step(key, etype.fhir_type)
                new = self._child(value, (*chain, step), etype.model, inherited, ctx, f"{path}.{key}")
            if new is not _REMOVED:
                out[key] = new
        return out if (out or is_resource) else _REMOVED

    def _resources(
        self, key: str, value: Any, chain: tuple[Step, ...], inherited: FhirRule | None, ctx: _Ctx, path: str
    ) -> Any:
        """A resource-typed element (``contained``, ``Bundle.entry.resource``): one or a list."""
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            rtype = item.get("resourceType") if isinstance(item, dict) else None
            if not isinstance(rtype, str) or not is_resource_type(rtype):
                continue
            where = f"{path}[{i}]" if isinstance(value, list) else path
            new = self._child(item, (*chain, Step(key, rtype, rtype)), rtype, inherited, ctx, where)
            if new is not _REMOVED:
                out.append(new)
        if not out:
            return _REMOVED
        return out if isinstance(value, list) else out[0]

    def _child(
        self,
        value: Any,
        chain: tuple[Step, ...],
        model: str | None,
        inherited: FhirRule | None,
        ctx: _Ctx,
        path: str,
    ) -> Any:
        own = self._ruleset.first_match(chain)
        rule = own if inherited is None or (own is not None and own.index < inherited.index) else inherited
        return self._walk(value, chain, model, rule, ctx, path)

    # -- leaves ------------------------------------------------------------------------------------
    def _leaf(self, value: Any, chain: tuple[Step, ...], rule: FhirRule | None, ctx: _Ctx, path: str) -> Any:
        action = rule.action if rule is not None else self.rules.default
        node = chain[-1]
        if action is FieldAction.KEEP:
            return value
        if action is FieldAction.REDACT:
            return _REMOVED
        if action is FieldAction.TEXT:
            if not isinstance(value, str):
                return _REMOVED
            return self._text_slot(value, node.fhir_type, ctx, path)
        try:
            return self._transform(action, rule.how if rule else None, value, chain, ctx)
        except TransformError:
            return _REMOVED  # not the shape the rule expects: remove, never pass through

    def _text_slot(self, value: str, fhir_type: str, ctx: _Ctx, path: str) -> Any:
        unit = ctx.units[-1]
        holder: dict[str, Any] = {"v": value}
        if fhir_type != "xhtml":
            unit.slots.append(_Slot(path, value, holder))
            return _Deferred(holder)
        pieces = _TAG.split(value)
        for i, piece in enumerate(pieces):
            if i % 2 == 0 and piece.strip():
                unit.slots.append(_Slot(f"{path}#{i // 2}", html.unescape(piece), holder, pieces, i))
        return _Deferred(holder)

    def _transform(
        self, action: FieldAction, how: Generalization | None, value: Any, chain: tuple[Step, ...], ctx: _Ctx
    ) -> Any:
        node = chain[-1]
        if action is FieldAction.GENERALIZE:
            if node.fhir_type in _NUMBER_TYPES or isinstance(value, int | float):
                return _REMOVED if float(value) > 89 else value
            if node.fhir_type == "instant":
                year = self.fields.year_of(str(value))
                return _REMOVED if year is None else f"{year}-01-01T00:00:00Z"
            new = self.fields.generalize(
                str(value), how or (Generalization.YEAR if node.fhir_type in _DATE_TYPES else None)
            )
            return _REMOVED if new is None else new
        if action is FieldAction.DATE_SHIFT:
            if node.fhir_type not in _DATE_TYPES:
                return _REMOVED
            return self.fields.shift_date(str(value), patient=ctx.patient)
        if action in (FieldAction.PSEUDONYMIZE, FieldAction.HASH):
            if not isinstance(value, str):
                return _REMOVED
            return self._identifier(action, value, chain)
        raise TransformError(f"action {action.value} cannot apply to a FHIR element")

    def _opaque(self, action: FieldAction, value: str, namespace: str, *, as_uuid: bool) -> str:
        if action is FieldAction.HASH:
            digest = self.fields.hash(f"{namespace}\x1f{value}")
        else:
            digest = self.fields.pseudonym(value, namespace=namespace) + self.fields.pseudonym(
                value, namespace=namespace + "+"
            )
        return str(uuid.UUID(hex=digest[:32], version=4)) if as_uuid else digest[:64]

    def _identifier(self, action: FieldAction, value: str, chain: tuple[Step, ...]) -> str:
        """Pseudonymize an id, a reference or an identifier value, keeping references resolvable."""
        node = chain[-1]
        if node.fhir_type in ("id", "oid") and _DICOM_UID.match(value.removeprefix("urn:oid:")):
            uid = self.fields.uid(value.removeprefix("urn:oid:"))
            return f"urn:oid:{uid}" if value.startswith("urn:oid:") else uid
        if node.fhir_type == "id":
            return self._opaque(action, value, "fhir-id", as_uuid=True)
        is_ref = node.key in ("reference", "fullUrl", "url") or node.fhir_type in ("uri", "url")
        if not is_ref:
            parent = chain[-2] if len(chain) > 1 else None
            grand = chain[-3] if len(chain) > 2 else None
            if (
                parent is not None
                and parent.key == "identifier"
                and grand is not None
                and grand.resource_type == "Patient"
            ):
                return self.fields.pseudonym(value, namespace="patient-id")
            return self._opaque(action, value, "fhir-value", as_uuid=False)[:24]
        if value.startswith("#"):
            return "#" + self._opaque(action, value[1:], "fhir-id", as_uuid=True)
        if value.startswith("urn:uuid:"):
            return "urn:uuid:" + self._opaque(action, value[len("urn:uuid:") :], "fhir-id", as_uuid=True)
        m = _LITERAL_REF.match(value.split("?")[0])
        if m and "?" not in value:
            return f"{m.group('type')}/{self._opaque(action, m.group('id'), 'fhir-id', as_uuid=True)}"
        if re.fullmatch(r"[A-Z][A-Za-z]+", value):
            return value  # a bare resource type (Bundle.entry.request.url of a create)
        kind = re.match(r"^([A-Z][A-Za-z]+)\?", value)
        prefix = f"{kind.group(1)}/" if kind else "urn:uuid:"
        return prefix + self._opaque(action, value, "fhir-id", as_uuid=True)


class _Deferred:
    """Placeholder for a free-text value: replaced by the engine's text when the tree is rendered."""

    __slots__ = ("holder",)

    def __init__(self, holder: dict[str, Any]) -> None:
        self.holder = holder


def _materialize(node: Any) -> Any:
    """A plain JSON copy of ``node`` with every placeholder replaced by its text."""
    if isinstance(node, _Deferred):
        return node.holder["v"]
    if isinstance(node, dict):
        return {k: _materialize(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_materialize(v) for v in node]
    return node
