r"""Prompt-injection screening with rules shipped in the package (``gateway/rules/injection.yaml``).

Five kinds of rule: instruction override, role-play jailbreaks, system-prompt exfiltration, encoded
payloads and tool-call abuse. Text is normalised first (NFKC, zero-width characters removed,
whitespace collapsed), and long base64 or hex runs are decoded and screened again, so an encoded
attack matches as ``encoded-payload``. ``Screener.screen`` returns the matches; ``enforce`` raises
``InjectionBlocked`` when the use case blocks and something matched (a check that raises, never a bool).

Speed, with the same matches: a pattern that opens with ``\b`` gets no fast scan from Python's regex
engine, which then tries a match at every character of the text. Where the characters a match can
start with are plain to read off the pattern (``\b(ignore|disregard|...)``: ``d f i ...``), the rule
searches ``[dfi...](?<=(?=PATTERN)(?s:.))`` instead, which scans for those characters at C speed and
tries the pattern only there (it matches somewhere exactly when the pattern does). Runs to decode
are found in a copy of the text whose base64 characters are all ``a`` (a literal search).
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from phigate.errors import ConfigError
from phigate.gateway.errors import InjectionBlocked

__all__ = ["Rule", "RuleMatch", "Screener", "enforce", "load_rules"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_HEX_RUN = re.compile(r"\b(?:[0-9a-fA-F]{2}){16,}\b")
_MAX_DECODE_DEPTH = 2
_B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
#: Every base64 character becomes ``a`` (itself one), so ``a`` * n marks n of them in a row.
_RUN_MARKS = str.maketrans(_B64_ALPHABET, "a" * len(_B64_ALPHABET))
#: ``[A-Za-z0-9+/]{24,}={0,2}`` in the marked text: a literal prefix, so no restart inside every word.
_BASE64_RUN = re.compile("a" * 24 + "a*={0,2}")
_HEX_PROBE = "a" * 32  # the shortest _HEX_RUN (hex digits are base64 characters)
#: Characters that stand for themselves in a pattern (not syntax), and quantifiers that allow zero.
_SYNTAX = frozenset("\\.^$*+?{}[]()|")
_OPTIONAL = frozenset("?*{")
_CATEGORIES = frozenset(
    {"instruction-override", "role-play", "system-prompt-exfiltration", "encoded-payload", "tool-call-abuse"}
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One screening rule."""

    id: str
    category: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    #: ``pattern``, or a faster search that matches somewhere exactly when it does.
    scan: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scan", fast_scan(self.pattern))

    def search(self, lowered: str) -> bool:
        """True if the rule matches ``lowered`` (normalised, lowercase, space-padded): a keyword, then
        the pattern.
        """
        return any(k in lowered for k in self.keywords) and self.scan.search(lowered) is not None


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A rule that matched, and where (a message path such as ``messages[2].content``). No text."""

    rule: str
    category: str
    path: str


def load_rules(extra: Path | None = None) -> tuple[Rule, ...]:
    """The shipped rules, plus those of ``extra`` (same format) when given."""
    shipped = resources.files("phigate.gateway").joinpath("rules/injection.yaml").read_text("utf-8")
    rules = list(_parse(shipped, "the shipped rules"))
    if extra is not None:
        try:
            text = extra.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"screening rules unreadable: {extra}: {type(exc).__name__}") from exc
        rules.extend(_parse(text, str(extra)))
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise ConfigError("screening rule ids must be unique")
    return tuple(rules)


def _parse(text: str, where: str) -> Iterable[Rule]:
    try:
        doc: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"screening rules in {where} are not YAML") from exc
    entries = doc.get("rules") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"screening rules in {where}: expected a non-empty 'rules' list")
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"id", "category", "keywords", "pattern"}:
            raise ConfigError(
                f"screening rules in {where}: each rule needs exactly id, category, keywords, pattern"
            )
        keywords = entry["keywords"]
        if (
            not isinstance(keywords, list)
            or not keywords
            or not all(isinstance(k, str) and k for k in keywords)
        ):
            raise ConfigError(f"screening rule {entry['id']}: keywords must be a non-empty list of words")
        if entry["category"] not in _CATEGORIES:
            raise ConfigError(f"screening rule {entry['id']}: unknown category {entry['category']!r}")
        if re.search("[A-Z]", re.sub(r"\\.", "", str(entry["pattern"]))):
            raise ConfigError(
                f"screening rule {entry['id']}: write the pattern in lowercase (text is lowercased)"
            )
        try:
            pattern = re.compile(str(entry["pattern"]))
        except re.error as exc:
            raise ConfigError(f"screening rule {entry['id']}: invalid pattern ({exc.msg})") from exc
        yield Rule(str(entry["id"]), str(entry["category"]), tuple(k.lower() for k in keywords), pattern)


def fast_scan(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A search equivalent to ``pattern``'s (a match somewhere exactly when it has one) that first
    scans for the characters its matches can start with; ``pattern`` itself when they are not known.
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or "(?#" in pattern.pattern:
        return pattern
    split = _alternatives(pattern.pattern, 0, group=False)
    starts = None if split is None else _starts(split[0])
    if not starts:
        return pattern
    charset = "".join(sorted(map(re.escape, starts)))
    try:
        return re.compile(f"[{charset}](?<=(?={pattern.pattern})(?s:.))", pattern.flags)
    except re.error:
        return pattern


def _starts(alternatives: list[str]) -> set[str] | None:
    r"""The characters a match of any of ``alternatives`` can start with, when each opens (after an
    optional ``\b``) with a literal character that must occur (``from\s+now``) or with a group whose
    alternatives do (``(ignore|disregard)``, ``(\brm\s+-rf|/etc/passwd)``); else ``None``.
    """
    starts: set[str] = set()
    for alternative in alternatives:
        head = alternative.removeprefix("\\b")
        if head.startswith("(?:") or head.startswith("(") and not head.startswith("(?"):
            split = _alternatives(head, 3 if head.startswith("(?:") else 1, group=True)
            if split is None or head[split[1] : split[1] + 1] in _OPTIONAL:
                return None
            inner = _starts(split[0])
            if inner is None:
                return None
            starts |= inner
        elif not head or head[0] in _SYNTAX or head[1:2] in _OPTIONAL:
            return None
        else:
            starts.add(head[0])
    return starts


def _alternatives(text: str, i: int, *, group: bool) -> tuple[list[str], int] | None:
    """The alternatives from ``text[i]`` to the end of the group (``group``) or of ``text``, and the
    index after them; ``None`` if the parentheses do not balance.
    """
    alternatives: list[str] = []
    begin, depth = i, 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(text, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == ")":
            if not group:
                return None
            alternatives.append(text[begin:i])
            return alternatives, i + 1
        elif char == "|" and not depth:
            alternatives.append(text[begin:i])
            begin = i + 1
        i += 1
    if group or depth:
        return None
    alternatives.append(text[begin:])
    return alternatives, len(text)


def _class_end(text: str, i: int) -> int:
    """The index after the character class that opens at ``text[i]``."""
    i += 1
    if text[i : i + 1] == "^":
        i += 1
    if text[i : i + 1] == "]":  # a ']' first in a class is a literal
        i += 1
    while i < len(text) and text[i] != "]":
        i += 2 if text[i] == "\\" else 1
    return i + 1


def normalize(text: str) -> str:
    """NFKC, zero-width characters removed, whitespace runs collapsed to one space."""
    if text.isascii():
        return " ".join(text.split())
    folded = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    return " ".join(folded.split())


class Screener:
    """Screens texts against a rule set. Refuses to exist without rules (fail closed)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        if not rules:
            raise ConfigError("prompt-injection screening needs at least one rule")
        self.rules = tuple(rules)

    def screen(self, texts: Iterable[tuple[str, str]]) -> list[RuleMatch]:
        """Matches in ``(path, text)`` pairs, one per rule and path at most."""
        found: dict[tuple[str, str], RuleMatch] = {}
        for path, text in texts:
            for match in self._screen_one(path, text, depth=0):
                found.setdefault((match.rule, path), match)
        return list(found.values())

    def _screen_one(self, path: str, text: str, *, depth: int) -> Iterable[RuleMatch]:
        lowered = f" {normalize(text).lower()} "
        for rule in self.rules:
            if rule.search(lowered):
                yield RuleMatch(rule.id, rule.category, path)
        if depth >= _MAX_DECODE_DEPTH:
            return
        for decoded in _decoded_runs(text):
            for inner in self._screen_one(path, decoded, depth=depth + 1):
                yield RuleMatch(f"encoded:{inner.rule}", "encoded-payload", path)


def _decoded_runs(text: str) -> Iterable[str]:
    """Text hidden in base64 or hex runs that decode to mostly printable UTF-8."""
    marked = text.translate(_RUN_MARKS)
    for match in _BASE64_RUN.finditer(marked):
        run = text[match.start() : match.end()]
        try:
            raw = base64.b64decode(run + "=" * (-len(run) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        decoded = _printable(raw)
        if decoded:
            yield decoded
    if _HEX_PROBE not in marked:
        return
    for match in _HEX_RUN.finditer(text):
        decoded = _printable(bytes.fromhex(match.group()))
        if decoded:
            yield decoded


def _printable(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return text if text and printable / len(text) > 0.9 else None


def enforce(matches: Sequence[RuleMatch], *, mode: str) -> None:
    """Raise ``InjectionBlocked`` when ``mode`` is ``block`` and anything matched."""
    if mode == "block" and matches:
        rules = ", ".join(sorted({m.rule for m in matches}))
        raise InjectionBlocked(f"prompt-injection screening blocked this request (rules: {rules})")
