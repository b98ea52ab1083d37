"""De-identifying OpenAI request bodies: every message, tool-call argument and tool result.

The body's texts become the segments of one ``Document`` whose patient is the call's scope (the
``X-Phigate-Patient`` header, else ``X-Phigate-Conversation``, else the tenant's shared scope), and go
through the engine: the detector finds PHI, the use case's policy decides, the transforms apply.

``UseCasePolicy`` wraps the Safe Harbor policy with the use case's minimum-necessary rule:

1. a category the use case lets through (``phi_categories``) is kept;
2. under ``pseudonymize`` every other finding becomes a placeholder such as ``[NAME_7KQ2M]`` from the
   pseudonym vault, the same for the same value and patient in every turn and every request, so the
   answer can be re-identified;
3. under ``safe-harbor`` every other finding gets the Safe Harbor transform (marker, year only, ZIP3).

Placeholders already in the text (a previous answer kept by a caller who may not re-identify) are left
alone. Vault pseudonyms are cached in memory per process (keyed by a MAC, keyed BLAKE2b, under a random
per-process key), so repeated values in a conversation cost no database round trip.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import re
import secrets
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from phigate.detection.base import Detector
from phigate.errors import TransformError
from phigate.model import FREE_TEXT, Action, Category, Decision, Document, Finding, Segment
from phigate.policy import Policy, check_decision, get_policy
from phigate.transforms import Transform, TransformContext, apply_decision, get_transform
from phigate.vault import PseudonymVault

__all__ = [
    "MAX_PLACEHOLDER_CHARS",
    "PLACEHOLDER_RE",
    "Deidentified",
    "Deidentifier",
    "Plan",
    "PlaceholderCache",
    "UseCasePolicy",
    "detect_joined",
    "new_placeholder",
]

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_TOKEN_CHARS = 5
_CATEGORIES = "|".join(sorted((c.value for c in Category), key=len, reverse=True))
#: A vault placeholder: ``[CATEGORY_XXXXX]``.
PLACEHOLDER_RE = re.compile(rf"\[(?:{_CATEGORIES})_[{_ALPHABET}]{{{_TOKEN_CHARS}}}\]")
#: The longest placeholder: a stream holds back at most one less than this.
MAX_PLACEHOLDER_CHARS = max(len(c.value) for c in Category) + _TOKEN_CHARS + 3
VAULT_TRANSFORM = "vault-placeholder"
#: What joins a call's texts for one detector pass: a paragraph break, a boundary to every recognizer.
_JOIN = "\n\n"


def new_placeholder(category: Category) -> str:
    """A fresh random placeholder for ``category``."""
    token = "".join(secrets.choice(_ALPHABET) for _ in range(_TOKEN_CHARS))
    return f"[{category.value}_{token}]"


class UseCasePolicy:
    """Safe Harbor, narrowed by a use case: keep its allowed categories, and under ``pseudonymize``
    replace the rest with vault placeholders instead of the Safe Harbor transforms.
    """

    name = "gateway-use-case"

    def __init__(self, *, base: Policy, keep: frozenset[Category], pseudonymize: bool) -> None:
        self.base = base
        self.keep = keep
        self.pseudonymize = pseudonymize

    @property
    def version(self) -> str:
        """The version of this policy and of its base policy."""
        return f"1.0+{self.base.name}.{self.base.version}"

    def decide(self, document: Document, findings: Sequence[Finding]) -> Decision:
        """(1) keep allowed categories, (2) placeholders under pseudonymize, (3) else Safe Harbor."""
        base = self.base.decide(document, findings)
        check_decision(findings, base)
        actions = []
        for action in base.actions:
            if action.finding.category in self.keep:  # (1)
                actions.append(Action(action.finding, "keep"))
            elif self.pseudonymize:  # (2)
                actions.append(Action(action.finding, VAULT_TRANSFORM))
            else:  # (3)
                actions.append(action)
        return Decision(self.name, self.version, tuple(actions))


class PlaceholderCache:
    """Recently used pseudonyms, keyed by a MAC of (scope, category, value) under a per-process key:
    keyed BLAKE2b, one call where HMAC-SHA256 takes two hashes (a lookup per finding, on every call).
    """

    def __init__(self, *, max_entries: int = 100_000, ttl_seconds: float = 300.0) -> None:
        self._key = secrets.token_bytes(32)
        self._entries: OrderedDict[bytes, tuple[str, float]] = OrderedDict()
        self._max = max_entries
        self._ttl = ttl_seconds
        self._lock = threading.Lock()

    def _id(self, scope: str, category: str, value: str) -> bytes:
        return hashlib.blake2b(f"{scope}\x1f{category}\x1f{value}".encode(), key=self._key).digest()

    def get(self, scope: str, category: str, value: str) -> str | None:
        """The cached pseudonym, if fresh."""
        key = self._id(scope, category, value)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry[1] > self._ttl:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, scope: str, category: str, value: str, pseudonym: str) -> None:
        """Remember a pseudonym."""
        with self._lock:
            self._entries[self._id(scope, category, value)] = (pseudonym, time.monotonic())
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


class _VaultPlaceholder:
    """The ``vault-placeholder`` transform of one call: the placeholder resolved for the value."""

    name = VAULT_TRANSFORM

    def __init__(self, resolved: Mapping[tuple[str, str], str], made: dict[str, str]) -> None:
        self.resolved = resolved
        self.made = made

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        pseudonym = self.resolved.get((action.finding.category.value, value))
        if pseudonym is None:
            raise TransformError("a placeholder was not resolved before the transform")
        self.made[pseudonym] = value
        return pseudonym


@dataclass(slots=True)
class Deidentified:
    """A de-identified body and what the gateway needs later (kept in memory for this call only).

    ``placeholders`` maps each placeholder made for this call to its original (for re-identifying the
    answer); ``originals`` maps every replaced value to its category (for leak detection);
    ``screen`` holds the de-identified user and tool texts, by path, for injection screening.
    """

    body: dict[str, Any]
    counts: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    placeholders: dict[str, str] = field(default_factory=dict)
    originals: dict[str, Category] = field(default_factory=dict)
    screen: list[tuple[str, str]] = field(default_factory=list)
    policy_version: str = ""


# A slot in the body: where a text lives and how to write its de-identified version back.
_Slot = tuple[str, str, Callable[[str], None], bool]  # path, text, setter, screened


@dataclass(slots=True)
class Plan:
    """A call's detection and decision, before the transforms run. ``missing`` lists the (category,
    value) pairs whose placeholder is not cached: ``Deidentifier.resolve`` gets them from the vault
    (database I/O, so callers run it off the event loop); ``resolved`` holds every placeholder.
    """

    body: dict[str, Any]
    slots: list[_Slot]
    document: Document
    decision: Decision
    scope: str
    resolved: dict[tuple[str, str], str] = field(default_factory=dict)
    missing: list[tuple[Category, str]] = field(default_factory=list)


class Deidentifier:
    """De-identifies chat and embedding request bodies for a use case and scope.

    In three steps, so that only the vault's database work needs a worker thread: ``plan`` (detect,
    decide, look up cached placeholders), ``resolve`` (the vault, for the rest) and ``finish`` (apply).
    ``chat`` and ``embeddings`` run all three.
    """

    def __init__(
        self,
        *,
        detector: Detector,
        vault: PseudonymVault,
        cache: PlaceholderCache | None = None,
        base_policy: Policy | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.detector = detector
        self.vault = vault
        self.cache = cache or PlaceholderCache()
        self.base_policy = base_policy or get_policy("safe-harbor")
        self.today = today

    def chat(
        self, body: Mapping[str, Any], *, keep: frozenset[Category], pseudonymize: bool, scope: str
    ) -> Deidentified:
        """De-identify a validated chat-completions body."""
        plan = self.plan(body, kind="chat", keep=keep, pseudonymize=pseudonymize, scope=scope)
        self.resolve(plan)
        return self.finish(plan)

    def embeddings(
        self, body: Mapping[str, Any], *, keep: frozenset[Category], pseudonymize: bool, scope: str
    ) -> Deidentified:
        """De-identify a validated embeddings body."""
        plan = self.plan(body, kind="embeddings", keep=keep, pseudonymize=pseudonymize, scope=scope)
        self.resolve(plan)
        return self.finish(plan)

    def plan(
        self,
        body: Mapping[str, Any],
        *,
        kind: str,
        keep: frozenset[Category],
        pseudonymize: bool,
        scope: str,
    ) -> Plan:
        """Detect and decide on a copy of ``body`` (``kind``: ``chat`` or ``embeddings``); no I/O."""
        out = _copied(body)
        slots = list(_chat_slots(out) if kind == "chat" else _embedding_slots(out))
        document = Document(
            id="gateway-call",
            segments=tuple(Segment(path, text) for path, text, _, _ in slots),
            patient=scope,
            source_format="openai",
        )
        findings = _outside_placeholders(document, detect_joined(self.detector, document))
        decision = UseCasePolicy(base=self.base_policy, keep=keep, pseudonymize=pseudonymize).decide(
            document, findings
        )
        check_decision(findings, decision)
        plan = Plan(out, slots, document, decision, scope)
        for action in decision.actions:
            if action.transform != VAULT_TRANSFORM:
                continue
            f = action.finding
            value = document.segments[f.segment].text[f.start : f.end]
            key = (f.category.value, value)
            if key in plan.resolved:
                continue
            cached = self.cache.get(scope, f.category.value, value)
            if cached is None:
                plan.missing.append((f.category, value))
                plan.resolved[key] = ""
            else:
                plan.resolved[key] = cached
        return plan

    def resolve(self, plan: Plan) -> None:
        """Get or create the placeholders the cache did not have, from the vault (database I/O)."""
        for category, value in plan.missing:
            pseudonym = self.vault.pseudonym_for(
                patient=plan.scope,
                category=category.value,
                value=value,
                make=functools.partial(new_placeholder, category),
            )
            if not PLACEHOLDER_RE.fullmatch(pseudonym):
                raise TransformError("the vault returned a pseudonym that is not a gateway placeholder")
            self.cache.put(plan.scope, category.value, value, pseudonym)
            plan.resolved[(category.value, value)] = pseudonym
        plan.missing.clear()

    def finish(self, plan: Plan) -> Deidentified:
        """Apply the decision; write the de-identified texts into the body."""
        document, decision = plan.document, plan.decision
        result = Deidentified(plan.body, policy_version=decision.policy_version)
        vault_transform = _VaultPlaceholder(plan.resolved, result.placeholders)

        def lookup(name: str) -> Transform:
            return vault_transform if name == VAULT_TRANSFORM else get_transform(name)

        ctx = TransformContext(plan.scope, None, today=self.today())
        output = apply_decision(document, decision, ctx, lookup)
        for action in decision.actions:
            f = action.finding
            if action.transform == "keep":
                result.kept[f.category.value] += 1
                continue
            result.counts[f.category.value] += 1
            result.originals[document.segments[f.segment].text[f.start : f.end]] = f.category
        for (path, _text, setter, screened), segment in zip(plan.slots, output.segments, strict=True):
            setter(segment.text)
            if screened:
                result.screen.append((path, segment.text))
        return result


def detect_joined(detector: Detector, document: Document) -> list[Finding]:
    """The detector's findings in every segment of ``document`` from one pass over the segments joined
    by blank lines (a pass has a fixed cost, so one is cheaper than one per message). Findings are
    mapped back to their segments; one that crosses a boundary is split, each part kept.
    """
    segments = document.segments
    if len(segments) < 2 or any(seg.kind != FREE_TEXT for seg in segments):
        return detector.detect(document)
    starts: list[int] = []
    position = 0
    for seg in segments:
        starts.append(position)
        position += len(seg.text) + len(_JOIN)
    findings: list[Finding] = []
    for f in detector.find_text(_JOIN.join(seg.text for seg in segments)):
        index = bisect.bisect_right(starts, f.start) - 1
        while index < len(segments) and starts[index] < f.end:
            base = starts[index]
            start, end = max(f.start - base, 0), min(f.end - base, len(segments[index].text))
            if start < end:
                findings.append(Finding(index, start, end, f.category, f.score, f.recognizer))
            index += 1
    return findings


def _outside_placeholders(document: Document, findings: list[Finding]) -> list[Finding]:
    """``findings`` minus those touching a placeholder already in the text."""
    holes: dict[int, list[tuple[int, int]]] = {}
    for index, seg in enumerate(document.segments):
        if "[" in seg.text:
            holes[index] = [m.span() for m in PLACEHOLDER_RE.finditer(seg.text)]
    if not any(holes.values()):
        return findings
    return [
        f
        for f in findings
        if not any(start < f.end and f.start < end for start, end in holes.get(f.segment, ()))
    ]


def _chat_slots(body: dict[str, Any]) -> Iterator[_Slot]:
    for i, message in enumerate(body["messages"]):
        role = message["role"]
        screened = role in ("user", "tool")
        content = message.get("content")
        if isinstance(content, str):
            yield f"messages[{i}].content", content, _setter(message, "content"), screened
        elif isinstance(content, list):
            for j, part in enumerate(content):
                yield f"messages[{i}].content[{j}].text", part["text"], _setter(part, "text"), screened
        for k, call in enumerate(message.get("tool_calls") or []):
            function = call["function"]
            yield from _argument_slots(f"messages[{i}].tool_calls[{k}].function.arguments", function)


def _argument_slots(path: str, function: dict[str, Any]) -> Iterator[_Slot]:
    """Tool-call arguments: each string inside the JSON, or the whole text if it is not JSON."""
    raw = function["arguments"]
    try:
        parsed = json.loads(raw)
    except ValueError:
        yield path, raw, _setter(function, "arguments"), False
        return
    holder = {"value": parsed}
    slots = list(_json_strings(holder, "value", path))
    if not slots:
        return

    def rewrite(_: str) -> None:
        function["arguments"] = json.dumps(holder["value"], ensure_ascii=False)

    for index, (slot_path, text, setter, _) in enumerate(slots):
        if index == len(slots) - 1:
            yield slot_path, text, _then(setter, rewrite), False
        else:
            yield slot_path, text, setter, False


def _json_strings(container: Any, key: Any, path: str) -> Iterator[_Slot]:
    value = container[key]
    if isinstance(value, str):
        yield path, value, _setter(container, key), False
    elif isinstance(value, dict):
        for name in value:
            yield from _json_strings(value, name, f"{path}.{name}")
    elif isinstance(value, list):
        for index in range(len(value)):
            yield from _json_strings(value, index, f"{path}[{index}]")


def _embedding_slots(body: dict[str, Any]) -> Iterator[_Slot]:
    if isinstance(body["input"], str):
        yield "input", body["input"], _setter(body, "input"), True
        return
    for i, text in enumerate(body["input"]):
        yield f"input[{i}]", text, _setter(body["input"], i), True


def _copied(body: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a parsed JSON body, down to its lists and objects (what ``copy.deepcopy`` would give
    for JSON values, without its memo and dispatch).
    """
    return {key: _copied_value(value) for key, value in body.items()}


def _copied_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _copied(value)
    if isinstance(value, list):
        return [_copied_value(item) for item in value]
    return value


def _setter(container: Any, key: Any) -> Callable[[str], None]:
    def set_value(text: str) -> None:
        container[key] = text

    return set_value


def _then(first: Callable[[str], None], second: Callable[[str], None]) -> Callable[[str], None]:
    def both(text: str) -> None:
        first(text)
        second(text)

    return both
