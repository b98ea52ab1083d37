"""A second day after a month written with ``to``/``and`` belongs to the date (``Jan 3 to 5, 2020``,
``4 and 6 March``): the whole span is the date, so no day is left in the text; a count after ``and``
stays out (``March 4 and 6 units``)."""

from __future__ import annotations

import pytest

from phigate.detection.builtin.dates import DateRecognizer

R = DateRecognizer()


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Visits on March 4 and 6, 2021.", "March 4 and 6, 2021"),
        ("away from Jan 3 to 5, 2020 per family", "Jan 3 to 5, 2020"),
        ("seen Mar 4 and 6.", "Mar 4 and 6"),
        ("clinic Sept 8 through 12\n", "Sept 8 through 12"),
        ("Seen 4 and 6 March 2021.", "4 and 6 March 2021"),
        ("from 4 to 6 March", "4 to 6 March"),
    ],
)
def test_a_second_day_joins_the_date(text: str, date: str) -> None:
    assert [text[m.start : m.end] for m in R.find(text)] == [date]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("on March 4 and 6 units of insulin", "March 4"),
        ("March 4, 2021 and 2 tabs", "March 4, 2021"),
        ("since May 3 to 4 times a day", "May 3"),
    ],
)
def test_a_count_after_the_date_stays_out(text: str, date: str) -> None:
    assert [text[m.start : m.end] for m in R.find(text)] == [date]
