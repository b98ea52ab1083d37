from __future__ import annotations

import datetime as dt

import pytest

from phigate.audit.retention import DEFAULT_RETENTION_YEARS, retention_cutoff
from phigate.config import AuditSettings, Settings
from phigate.errors import ConfigError


def test_default_is_six_years_everywhere():
    assert DEFAULT_RETENTION_YEARS == 6
    assert AuditSettings().retention_years == 6
    assert Settings().audit.retention_years == 6


@pytest.mark.parametrize(
    ("now", "years", "cutoff"),
    [
        (dt.datetime(2031, 5, 17, 8, 30, tzinfo=dt.UTC), 6, dt.datetime(2025, 5, 17, 8, 30, tzinfo=dt.UTC)),
        (dt.datetime(2024, 2, 29, tzinfo=dt.UTC), 6, dt.datetime(2018, 2, 28, tzinfo=dt.UTC)),
        (dt.datetime(2024, 2, 29, tzinfo=dt.UTC), 4, dt.datetime(2020, 2, 29, tzinfo=dt.UTC)),
        (
            dt.datetime(2031, 1, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            1,
            dt.datetime(2029, 12, 31, 23, 0, tzinfo=dt.UTC),
        ),
    ],
)
def test_cutoff_is_calendar_years_in_utc(now: dt.datetime, years: int, cutoff: dt.datetime):
    assert retention_cutoff(now, years) == cutoff
    assert retention_cutoff(now, years).tzinfo == dt.UTC


def test_cutoff_refuses_zero_years_and_naive_times():
    with pytest.raises(ConfigError):
        retention_cutoff(dt.datetime.now(dt.UTC), 0)
    with pytest.raises(ConfigError):
        retention_cutoff(dt.datetime(2030, 1, 1), 6)  # noqa: DTZ001


def test_settings_refuse_short_retention_and_unknown_keys():
    with pytest.raises(ValueError):
        AuditSettings(retention_years=0)
    with pytest.raises(ValueError):
        AuditSettings.model_validate({"retention": 6})
