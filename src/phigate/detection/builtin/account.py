"""Account, billing, claim and invoice numbers, and payment card numbers (Category.ACCOUNT).

After a label (``Acct# 123456789``, ``Account number: 00-1234-56``, ``Claim #: C2021-998877``,
``HAR 5551234``, ``FIN 123456``). Without a label, payment card numbers: 13-19 digits, optionally in
groups (``4111 1111 1111 1111``, ``3782-822463-10005``), that pass the Luhn check and start with a
card-network digit (2-6); and the last four digits of a card after a card word (``Visa ending in
4242``, ``card ****4242``, ``last 4 of card: 4242``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.allowlist import is_clinical_setting
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import labelled_identifiers
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index, chunk_matches
from phigate.detection.checksums import luhn_valid
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["AccountRecognizer", "register"]

_WEAK = frozenset(
    """account acct claim claims invoice fin visa discover transaction compte cuenta konto conto conta
    facture factura fattura""".split()
)
#: The last four digits of a payment card: after a card word (``Visa ending in 4242``,
#: ``card no. ****4242``), or after "last four of" it (``last 4 of card: 4242``).
_CARD_LAST4 = re.compile(
    r"(?<![a-z])(?:(?:card|visa|mastercard|amex|discover)(?![a-z])[^\n\d]{0,24}?"
    r"(?:ending(?:[ \t]+(?:in|with))?|last[ \t]*(?:4|four)(?:[ \t]*digits)?"
    r"|[x*#\u2022]{4,}(?:[ \-][x*#\u2022]{4}){0,2})"
    r"|last[ \t]*(?:4|four)(?:[ \t]*digits)?[ \t]+of[ \t]+(?:the[ \t]+|his[ \t]+|her[ \t]+|their[ \t]+)?"
    r"(?:credit[ \t]+|debit[ \t]+)?card)"
    r"[ \t:#=\-]{0,6}(?:is[ \t]+)?(?P<v>\d{4})(?![\w]|[-.]\d)"
)
_CARD_WORDS = ("card", "visa", "mastercard", "amex", "discover")
_CARD = re.compile(r"\d(?<![\w.\-]\d)\d{3}(?:[ \-]?\d{2,6}){2,4}(?![\w]|[-.]\d)")


class AccountRecognizer:
    """Account, billing and claim numbers after a label; Luhn-valid payment card numbers anywhere."""

    id = "account"
    version = "1"
    categories = frozenset({Category.ACCOUNT})

    def find(self, text: str) -> Iterator[Match]:
        """Yield ACCOUNT matches in ``text``."""
        for _label, start, end, score in labelled_identifiers(text, "ACCOUNT", weak=_WEAK):
            if not is_clinical_setting(text, start, end):  # "A/C 700x12": assist-control, not an account
                yield match(start, end, Category.ACCOUNT, score)
        lower = ascii_lower(text)
        if any(word in lower for word in _CARD_WORDS):
            for m in _CARD_LAST4.finditer(lower):
                yield match(m.start("v"), m.end("v"), Category.ACCOUNT, 0.85)
        index = chunk_index(text)
        for m in chunk_matches(_CARD, index.long, index.view, min_len=13):
            digits = re.sub(r"[ \-]", "", m.group())
            if 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_valid(digits):
                yield match(m.start(), m.end(), Category.ACCOUNT, 0.9)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the account recognizer."""
    registry.register(AccountRecognizer.id, AccountRecognizer)
