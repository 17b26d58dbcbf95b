import datetime as dt

import pytest
import time_machine

# The calendar files in tests/events/ics are real exports, with dates from February 2026 to March 2027.
# A test that reads one lives on the day before them (README, Tests: tests build their dates from now
# or travel the clock), so their dates are upcoming whatever day the suite runs.
CALENDAR_FILES_DAY = dt.datetime(2026, 2, 15, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def on_calendar_files_day():
    """The clock at CALENDAR_FILES_DAY, ticking from there."""
    with time_machine.travel(CALENDAR_FILES_DAY, tick=True):
        yield
