"""Recurrence expansion as plain functions: DST, EXDATE, moved dates, COUNT/UNTIL, horizon, limits."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from recurrence import DAILY, HOURLY, MONTHLY, WEEKLY, Recurrence, Rule, deserialize

from events.choices import OccurrenceStatus
from events.expansion import DateException, expand, locate_date, series_dates, validate_rule

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC


def weekly(**kwargs):
    return Recurrence(rrules=[Rule(WEEKLY, **kwargs)])


def utc_times(instances):
    return [i.start.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for i in instances]


def test_weekly_session_stays_at_18_local_across_the_march_change():
    # Summer time starts on Sunday 29 March 2026.
    instances = expand(dt.datetime(2026, 3, 17, 18), dt.datetime(2026, 3, 17, 20), weekly(count=4))
    assert [i.start.strftime("%d %H:%M%z") for i in instances] == [
        "17 18:00+0100",
        "24 18:00+0100",
        "31 18:00+0200",
        "07 18:00+0200",
    ]
    assert utc_times(instances) == [
        "2026-03-17 17:00",
        "2026-03-24 17:00",
        "2026-03-31 16:00",
        "2026-04-07 16:00",
    ]
    assert all(i.end - i.start == dt.timedelta(hours=2) for i in instances)


def test_weekly_session_stays_at_18_local_across_the_october_change():
    # Summer time ends on Sunday 25 October 2026.
    instances = expand(dt.datetime(2026, 10, 13, 18), dt.datetime(2026, 10, 13, 19), weekly(count=3))
    assert utc_times(instances) == ["2026-10-13 16:00", "2026-10-20 16:00", "2026-10-27 17:00"]


def test_exdate_picked_in_the_widget_matches_its_occurrence_after_a_dst_change():
    # The widget stores the picked date 31 March as local midnight in UTC: 30 March 22:00Z.
    rule = deserialize("RRULE:FREQ=WEEKLY;COUNT=4\nEXDATE:20260330T220000Z")
    instances = expand(dt.datetime(2026, 3, 17, 18), dt.datetime(2026, 3, 17, 20), rule)
    assert [i.start.date().isoformat() for i in instances] == ["2026-03-17", "2026-03-24", "2026-04-07"]


def test_rdate_adds_an_extra_date_at_the_series_time():
    rule = deserialize("RRULE:FREQ=WEEKLY;COUNT=2\nRDATE:20261201T230000Z")  # local 2 December 00:00
    instances = expand(dt.datetime(2026, 11, 10, 9, 30), dt.datetime(2026, 11, 10, 11), rule)
    assert [i.start.isoformat() for i in instances][-1] == "2026-12-02T09:30:00+01:00"
    assert len(instances) == 3


def test_until_written_as_a_utc_date_includes_the_last_local_day():
    # UNTIL 6 October, stored as local midnight in UTC.
    rule = deserialize("RRULE:FREQ=WEEKLY;UNTIL=20261005T220000Z")
    instances = expand(dt.datetime(2026, 9, 15, 13), dt.datetime(2026, 9, 15, 15), rule)
    assert [i.start.day for i in instances] == [15, 22, 29, 6]


def test_count_limits_the_series():
    instances = expand(dt.datetime(2027, 1, 12, 9), dt.datetime(2027, 1, 12, 12), weekly(count=6, interval=2))
    assert len(instances) == 6
    assert instances[-1].start.date() == dt.date(2027, 3, 23)


def test_open_ended_rule_stops_at_the_horizon():
    instances = expand(
        dt.datetime(2026, 1, 15, 14),
        dt.datetime(2026, 1, 15, 16),
        Recurrence(rrules=[Rule(MONTHLY)]),
        until=dt.datetime(2027, 7, 15, 23, 59),
    )
    assert len(instances) == 19
    assert instances[-1].start.date() == dt.date(2027, 7, 15)


def test_cancelled_and_moved_dates_are_applied_by_their_original_date():
    exceptions = [
        DateException(dt.date(2026, 3, 24), cancelled=True, note="Sjukdom"),
        DateException(
            dt.date(2026, 3, 31), new_start=dt.datetime(2026, 4, 1, 9), new_end=dt.datetime(2026, 4, 1, 11)
        ),
        DateException(dt.date(2026, 4, 7), note="Ta med egen dator"),
    ]
    instances = expand(
        dt.datetime(2026, 3, 17, 18), dt.datetime(2026, 3, 17, 20), weekly(count=4), exceptions=exceptions
    )
    by_original = {i.original_start.date().isoformat(): i for i in instances}
    assert (
        by_original["2026-03-24"].status == OccurrenceStatus.CANCELLED
        and by_original["2026-03-24"].note == "Sjukdom"
    )
    moved = by_original["2026-03-31"]
    assert moved.status == OccurrenceStatus.MOVED
    assert moved.start.isoformat() == "2026-04-01T09:00:00+02:00"
    assert moved.original_start.isoformat() == "2026-03-31T18:00:00+02:00"
    assert (
        by_original["2026-04-07"].status == OccurrenceStatus.SCHEDULED
        and by_original["2026-04-07"].note == "Ta med egen dator"
    )


def test_single_event_has_one_instance():
    instances = expand(dt.datetime(2026, 12, 3, 9), dt.datetime(2026, 12, 4, 16))
    assert len(instances) == 1
    assert instances[0].end - instances[0].start == dt.timedelta(days=1, hours=7)


def test_dtstart_outside_the_rule_is_still_the_first_date():
    rule = deserialize("RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=2")
    instances = expand(dt.datetime(2026, 11, 24, 10), dt.datetime(2026, 11, 24, 11), rule)  # a Tuesday
    assert [i.start.day for i in instances] == [24, 26, 3]


def test_rules_finer_than_daily_are_refused():
    with translation.override("en"), pytest.raises(ValidationError, match="at most once a day"):
        validate_rule(Recurrence(rrules=[Rule(HOURLY)]), dt.datetime(2026, 1, 1, 9))


def test_series_with_too_many_dates_is_refused():
    with translation.override("en"), pytest.raises(ValidationError, match="at most 500"):
        validate_rule(Recurrence(rrules=[Rule(DAILY, count=501)]), dt.datetime(2026, 1, 1, 9))
    with translation.override("sv"), pytest.raises(ValidationError, match="fler än 500"):
        validate_rule(Recurrence(rrules=[Rule(DAILY)]), dt.datetime(2026, 1, 1, 9))
    validate_rule(Recurrence(rrules=[Rule(WEEKLY)]), dt.datetime(2026, 1, 1, 9))  # 3 years of weeks is fine


def test_a_dates_own_title_is_carried_to_its_instance():
    start = dt.datetime(2027, 1, 13, 13)
    instances = expand(
        start,
        start + dt.timedelta(hours=2),
        weekly(count=3),
        exceptions=[
            DateException(dt.date(2027, 1, 20), new_start=dt.datetime(2027, 1, 21, 10), title="Studiebesök"),
            DateException(dt.date(2027, 1, 27), title="Forskarnas timme"),
        ],
    )
    assert [(i.start.date().isoformat(), i.status, i.title) for i in instances] == [
        ("2027-01-13", OccurrenceStatus.SCHEDULED, ""),
        ("2027-01-21", OccurrenceStatus.MOVED, "Studiebesök"),
        ("2027-01-27", OccurrenceStatus.SCHEDULED, "Forskarnas timme"),
    ]


def test_series_dates_are_the_local_dates_of_the_series_without_its_exdates():
    # The widget stores an excluded date as local midnight in UTC, the day before in UTC.
    rule = deserialize("RRULE:FREQ=WEEKLY;COUNT=4\nEXDATE:20260330T220000Z")
    dates = list(series_dates(dt.datetime(2026, 3, 17, 18), rule, STOCKHOLM))
    assert dates == [dt.date(2026, 3, 17), dt.date(2026, 3, 24), dt.date(2026, 4, 7)]
    assert list(series_dates(dt.datetime(2026, 3, 17, 18))) == [dt.date(2026, 3, 17)]


def test_series_dates_of_an_open_ended_rule_are_read_only_as_far_as_needed():
    dates = series_dates(dt.datetime(2026, 1, 7, 9), weekly(), STOCKHOLM)
    assert locate_date(dates, dt.date(2040, 1, 4)) == (True, dt.date(2039, 12, 28), None)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 3, 24), (True, dt.date(2026, 3, 17), None)),
        (dt.date(2026, 3, 26), (False, dt.date(2026, 3, 24), dt.date(2026, 4, 7))),
        (dt.date(2026, 3, 1), (False, None, dt.date(2026, 3, 17))),
        (dt.date(2026, 5, 1), (False, dt.date(2026, 4, 7), None)),
        (dt.date(2026, 3, 31), (False, dt.date(2026, 3, 24), dt.date(2026, 4, 7))),  # the excluded date
    ],
)
def test_locate_date_says_whether_a_date_is_in_the_series_and_names_its_neighbours(day, expected):
    rule = deserialize("RRULE:FREQ=WEEKLY;COUNT=4\nEXDATE:20260330T220000Z")
    assert locate_date(series_dates(dt.datetime(2026, 3, 17, 18), rule, STOCKHOLM), day) == expected
