"""``date-shift``: move a date by the patient's offset, keeping its surface form.

The offset is a whole number of days, non-zero, in ``[-365, 365]``, derived from the secret and the
patient key (the same derivation as the structured-field ``date-shift`` action, so a patient's notes
and FHIR/HL7/DICOM dates move together). Every date of a patient moves by the same offset, so
intervals between them are kept. Dates without a year are read in the leap year 2000.

A value that holds no readable date is a ``TransformError``, unless the action's ``unparsed``
parameter is ``redact``: then it becomes the redaction marker.
"""

from __future__ import annotations

import datetime as dt
import functools

from phigate.errors import TransformError
from phigate.formats.fields import FieldKeys, FieldTransformer
from phigate.model import Action
from phigate.transforms.base import TransformContext
from phigate.transforms.dates import parse_date

__all__ = ["DateShiftTransform", "shift_days"]

#: The year assumed for dates written without one (a leap year, so 29 February reads).
YEARLESS = 2000


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
        if parsed is None:
            if action.params.get("unparsed") == "redact":
                return ctx.marker_for(action.finding.category)
            raise TransformError("no readable date in a DATE finding")
        try:
            shifted = parsed.as_date(default_year=YEARLESS) + dt.timedelta(days=offset)
        except OverflowError as exc:
            raise TransformError("shifted date out of range") from exc
        return parsed.render(shifted)
