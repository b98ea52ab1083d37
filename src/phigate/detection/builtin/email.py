"""Email addresses: ``jane.doe+note@example.org``, ``mailto:`` links and the common obfuscations
``jane [at] example [dot] org`` / ``jane(at)example.org``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._shared import ascii_lower, match, run_start
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["EmailRecognizer", "register"]

#: The characters of the local part, which ends where the ``@`` is; it is at most 64 long.
_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_%+'.-")
_DOMAIN = re.compile(
    r"[ \t]*(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.|[ \t]*[\[(](?i:dot)[\])][ \t]*))+"
    r"[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
#: ``@`` itself or an obfuscated ``[at]`` / ``(at)``, in the lowercased text.
_AT = re.compile(r"@|[\[(]at[\])]")


class EmailRecognizer:
    """Email addresses, including ``[at]``/``[dot]`` obfuscations."""

    id = "email"
    version = "1"
    categories = frozenset({Category.EMAIL})

    def find(self, text: str) -> Iterator[Match]:
        """Yield EMAIL matches in ``text``."""
        lower = ascii_lower(text)
        if "@" not in text and "at]" not in lower and "at)" not in lower:
            return
        for at in _AT.finditer(lower):
            obfuscated = at.group() != "@"
            stop = _strip(text, at)
            start = run_start(text, stop, _LOCAL, max(0, stop - 64))
            while start < stop and text[start] == ".":
                start += 1  # a local part does not start with a dot
            right = _DOMAIN.match(text, at.end()) if start < stop else None
            if right is None:
                continue
            yield match(start, right.end(), Category.EMAIL, 0.85 if obfuscated else 0.95)


def _strip(text: str, at: re.Match[str]) -> int:
    """Where the local part ends: at the ``@``, or before the blanks in front of ``[at]``."""
    end = at.start()
    while end > 0 and text[end - 1] in " \t" and at.group() != "@":
        end -= 1
    return end


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the email recognizer."""
    registry.register(EmailRecognizer.id, EmailRecognizer)
