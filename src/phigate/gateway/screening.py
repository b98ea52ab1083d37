"""Prompt-injection screening with rules shipped in the package (``gateway/rules/injection.yaml``).

Five kinds of rule: instruction override, role-play jailbreaks, system-prompt exfiltration, encoded
payloads and tool-call abuse. Text is normalised first (NFKC, zero-width characters removed,
whitespace collapsed), and long base64 or hex runs are decoded and screened again, so an encoded
attack matches as ``encoded-payload``. ``Screener.screen`` returns the matches; ``enforce`` raises
``InjectionBlocked`` when the use case blocks and something matched (a check that raises, never a bool).
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from phigate.errors import ConfigError
from phigate.gateway.errors import InjectionBlocked

__all__ = ["Rule", "RuleMatch", "Screener", "enforce", "load_rules"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")
_HEX_RUN = re.compile(r"\b(?:[0-9a-fA-F]{2}){16,}\b")
_MAX_DECODE_DEPTH = 2
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

    def search(self, lowered: str) -> bool:
        """True if the rule matches ``lowered`` (normalised, lowercase, space-padded): a keyword, then
        the pattern.
        """
        return any(k in lowered for k in self.keywords) and self.pattern.search(lowered) is not None


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
    for match in _BASE64_RUN.finditer(text):
        run = match.group()
        try:
            raw = base64.b64decode(run + "=" * (-len(run) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        decoded = _printable(raw)
        if decoded:
            yield decoded
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
