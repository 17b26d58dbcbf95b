"""When a person is asked, as plain functions of dates (tested without the database).

An evaluation is open from the end of an attended date for ``EVALUATION_OPEN``; the follow-up opens
``FOLLOW_UP_AFTER`` the end of the person's last attended date of a module or a path's session and
stays open for ``FOLLOW_UP_OPEN``. The mail goes once, when the command first sees the question open.
"""

import datetime as dt

EVALUATION_OPEN = dt.timedelta(days=60)
FOLLOW_UP_AFTER = dt.timedelta(days=90)
FOLLOW_UP_OPEN = dt.timedelta(days=60)


def evaluation_open(end: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a date that ended at ``end`` can be evaluated at ``now``: after its end, not long after."""
    return end is not None and end <= now < end + EVALUATION_OPEN


def follow_up_open(last_end: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether the follow-up about an event whose last attended date ended at ``last_end`` is open."""
    return (
        last_end is not None
        and last_end + FOLLOW_UP_AFTER <= now < last_end + FOLLOW_UP_AFTER + FOLLOW_UP_OPEN
    )


def iso_week(moment: dt.datetime) -> str:
    """The ISO week of ``moment`` ("2026-W49"): the finest time an answer keeps."""
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"
