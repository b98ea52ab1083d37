"""IP addresses: IPv4 (``192.168.10.4``, with ``:port`` or ``/prefix``) and IPv6 (``2001:db8::7``,
``fe80::1%eth0`` without the zone), validated with :mod:`ipaddress`.

Not IP addresses: version numbers (``1.2.3``, ``version 10.2.1.4``), section numbers
(``section 1.2.3.4``), times (``14:30:00``), ``::`` in code (``std::vector``), and blood gases written
as chains of values (``ABG 80/48/7.45.34.7``: a link of a slash chain, or within four tokens after a
blood-gas word).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._shared import ascii_lower, match, run_start
from phigate.detection.builtin._tokens import chunk_index, chunk_matches
from phigate.detection.context import Keywords, tokens_before
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["IPRecognizer", "register"]

_V4 = re.compile(
    r"\d(?<![\w.]\d)\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?P<suffix>:\d{1,5}|/\d{1,2})?(?![\w]|\.\d)"
)
#: A colon with hex digits (or another colon) on its right: where an IPv6 candidate may be.
_V6_HINT = re.compile(r":(?=[0-9a-f]{0,4}:)")
#: Hex digits and colons, and the letters OCR reads for digits (``o l i s`` in ``bdO5``, ``lc2d``).
_V6_CHARS = frozenset("0123456789abcdefilos:")
_V6_RIGHT = re.compile(r"[0-9a-filos:]{0,39}(?:(?<=:)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})?")
_OCR_HEX = str.maketrans("oils", "0115")
#: A number and a slash right before: the address is a link of a chain of values (``80/48/7.45.34.7``).
_CHAIN_BEFORE = re.compile(r"\d/$")
_BLOOD_GAS = Keywords("abg abgs vbg gas gases ph po2 pco2 pao2 paco2".split())
_NOT_IP = Keywords(
    "version ver v rev release build firmware software section sec chapter step item table figure fig".split()
)


class IPRecognizer:
    """IPv4 and IPv6 addresses."""

    id = "ip-address"
    version = "1"
    categories = frozenset({Category.IP})

    def find(self, text: str) -> Iterator[Match]:
        """Yield IP matches in ``text``."""
        index = chunk_index(text)
        dotted = [c for c in index.long if c[2].count(".") >= 3]
        for m in chunk_matches(_V4, dotted, index.view, min_len=7, after=8):
            address = m.group()[: m.start("suffix") - m.start()] if m["suffix"] else m.group()
            if not _valid_v4(address) or _NOT_IP.in_tokens(tokens_before(text, m.start(), 2)):
                continue
            if _CHAIN_BEFORE.search(text, max(0, m.start() - 2), m.start()) or _BLOOD_GAS.in_tokens(
                tokens_before(text, m.start(), 4)
            ):
                continue  # a blood gas: "ABG 80/48/7.45.34.7" (pO2/pCO2/pH...)
            yield match(m.start(), m.end(), Category.IP, 0.9)
        yield from self._v6(text)

    def _v6(self, text: str) -> Iterator[Match]:
        lower = ascii_lower(text)
        covered = -1
        for hint in _V6_HINT.finditer(lower):
            if hint.start() < covered:
                continue
            start = run_start(lower, hint.start(), _V6_CHARS, max(0, hint.start() - 39))
            right = _V6_RIGHT.match(lower, hint.start())
            end = right.end() if right is not None else hint.end()
            covered = end
            if (start and lower[start - 1].isalnum()) or (end < len(lower) and lower[end].isalnum()):
                continue
            candidate = lower[start:end]
            if candidate.count(":") < 2 or len(candidate.replace(":", "")) < 3:
                continue
            if _valid_v6(candidate) or (
                sum(c.isdigit() for c in candidate) >= 4 and _valid_v6(candidate.translate(_OCR_HEX))
            ):
                yield match(start, end, Category.IP, 0.9)


def _valid_v6(address: str) -> bool:
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def _valid_v4(address: str) -> bool:
    octets = address.split(".")
    if any(int(o) > 255 for o in octets):
        return False
    ipaddress.IPv4Address(".".join(str(int(o)) for o in octets))
    return True


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the IP address recognizer."""
    registry.register(IPRecognizer.id, IPRecognizer)
