"""``date-shift``: move a date by the patient's offset, keeping its surface form.

The offset is a whole number of days, non-zero, in ``[-365, 365]``, derived from the secret and the
patient key (the same derivation as the structured-field ``date-shift`` action, so a patient's notes
and FHIR/HL7/DICOM dates move together). Every date of a patient moves by the same offset, so
intervals between them are kept. Dates without a year are read in the leap year 2000.

A value that holds no readable date is a ``TransformError``, unless the action's ``unparsed``
parameter is ``redact``: then it becomes the redaction marker. So is a value with digits beyond the one
date that was read, other than a time of day (a day range ``March 4-6, 2021``, two dates in one
finding): shifting only the first date would leave the others as written.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from phigate.errors import TransformError
from phigate.formats.fields import FieldKeys, FieldTransformer
from phigate.model import Action
from phigate.transforms.base import TransformContext
from phigate.transforms.dates import ParsedDate, parse_date

__all__ = ["DateShiftTransform", "shift_days"]

#: The year assumed for dates written without one (a leap year, so 29 February reads).
YEARLESS = 2000
#: A time of day, kept as written: ``10:30``, ``10:30:15.250``, a zone offset ``+05:00``.
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
#: A 24-hour time without a colon (``1400``): only after a date whose year was read, so it is no year.
_MILITARY = re.compile(r"(?<!\d)(?:[01]\d|2[0-3])[0-5]\d(?!\d)")
_DIGITS = re.compile(r"\d+")


def shift_days(ctx: TransformContext) -> int:
    """The patient's offset in days (non-zero)."""
    return _offset(ctx.keys(), ctx.patient_key)


@functools.lru_cache(maxsize=4096)
def _offset(keys: FieldKeys, patient: str) -> int:
    return FieldTransformer(keys).shift_days(patient)


class DateShiftTransform:
    """Shifts the date in the value by the patient's offset; the rest of the value is kept."""

    name = "date-shift"

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        """The shifted date in the original format."""
        offset = shift_days(ctx)
        parsed = parse_date(value, today=ctx.today)
        if parsed is None or _other_digits(parsed, value):
            if action.params.get("unparsed") == "redact":
                return ctx.marker_for(action.finding.category)
            raise TransformError("no readable date in a DATE finding")
        try:
            shifted = parsed.as_date(default_year=YEARLESS) + dt.timedelta(days=offset)
        except OverflowError as exc:
            raise TransformError("shifted date out of range") from exc
        return parsed.render(shifted)


def _other_digits(parsed: ParsedDate, value: str) -> bool:
    """True when ``value`` holds digits outside the parts of ``parsed`` and outside times of day."""
    kept = [(part.start, part.end) for part in parsed.parts]
    kept += [m.span() for m in _CLOCK.finditer(value)]
    if parsed.year is not None:
        kept += [m.span() for m in _MILITARY.finditer(value)]
    return any(
        not any(start <= m.start() and m.end() <= end for start, end in kept) for m in _DIGITS.finditer(value)
    )
