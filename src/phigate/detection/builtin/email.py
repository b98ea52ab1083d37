"""Email addresses: ``jane.doe+note@example.org``, ``mailto:`` links and the common obfuscations
``jane [at] example [dot] org`` / ``jane(at)example.org``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["EmailRecognizer", "register"]

#: The local part, ending where the ``@`` is (searched in a short window before it).
_LOCAL = re.compile(r"[A-Za-z0-9_%+'\-][A-Za-z0-9_%+'.\-]{0,63}$")
_DOMAIN = re.compile(
    r"[ \t]*(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.|[ \t]*[\[(]dot[\])][ \t]*))+"
    r"[A-Za-z]{2,24}(?![A-Za-z0-9-])",
    re.IGNORECASE,
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
        for at in _AT.finditer(lower):
            obfuscated = at.group() != "@"
            left = _LOCAL.search(text, max(0, at.start() - (2 if obfuscated else 0) - 64), _strip(text, at))
            if left is None:
                continue
            start = left.start()
            while start < left.end() and text[start] == ".":
                start += 1
            right = _DOMAIN.match(text, at.end())
            if right is None or start >= left.end():
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
