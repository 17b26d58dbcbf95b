"""Bulk actions are all or nothing (docs/architecture.md, "Bulk actions are all or nothing").

Each action is first run once and rolled back, counting the rows it writes; then it is run again with
the database refusing the write half-way through it (an ``OperationalError``, as a full disk or a
dropped connection gives). Afterwards every table of every installed app must read exactly as before:
no page, revision, occurrence, booking, history row, attendance import, placeholder or answer left
half-written.
"""

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from recurrence import deserialize

from accounts.personal_data import delete_account, purge
from bookings import attendance
from bookings.attendance_import import apply_file
from bookings.factories import BookableEventFactory, PersonFactory, book
from bookings.models import SessionDate
from events.ics_import import apply_import, parse_calendar
from events.models import EventDateException, EventPage
from events.term_copy import copy_for_new_term
from tests.events.conftest import CALENDAR_FILES_DAY
from tests.followup.conftest import build_programme, user_maker

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).parents[1]
WRITES = ("INSERT", "UPDATE", "DELETE")


def is_write(sql):
    return sql.lstrip().upper().startswith(WRITES)


@contextmanager
def counting_writes():
    writes = []

    def count(execute, sql, params, many, context):
        if is_write(sql):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield writes


@contextmanager
def refusing_write(number):
    """The database refuses the ``number``-th row-writing statement (counted from 1)."""
    seen = [0]

    def refuse(execute, sql, params, many, context):
        if is_write(sql):
            seen[0] += 1
            if seen[0] == number:
                raise OperationalError(f"refused on purpose: write {number}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def everything():
    """Every row of every table the project's and Wagtail's models have, in a comparable form."""
    seen = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        seen[meta.label] = list(model._base_manager.order_by("pk").values_list())
    return seen


def writes_of(action):
    """How many row-writing statements ``action`` makes, its work rolled back afterwards."""
    with transaction.atomic():
        with counting_writes() as writes:
            action()
        transaction.set_rollback(True)
    return len(writes)


def assert_all_or_nothing(action):
    total = writes_of(action)
    assert total >= 4, f"the action wrote {total} rows: too few to fail half-way"
    before = everything()
    with refusing_write(total // 2 + 1), pytest.raises(OperationalError, match="refused on purpose"):
        action()
    after = everything()
    changed = sorted(label for label in before if before[label] != after[label])
    assert changed == [], f"half-written after a failure half-way: {changed}"
    # And the action still works once the database takes writes again.
    action()
    assert everything() != before


def test_a_calendar_import_failed_half_way_leaves_no_page(calendar):
    files = ["outlook_weekly.ics", "apple_overrides.ics", "google_override_titles.ics"]
    with time_machine.travel(CALENDAR_FILES_DAY, tick=True):
        events = [e for name in files for e in parse_calendar((TESTS / "events/ics" / name).read_bytes())]
        assert len(events) >= 3

        def run():
            report = apply_import(events, calendar)
            assert not report.errors

        assert_all_or_nothing(run)


def test_a_calendar_reimport_that_updates_pages_failed_half_way_changes_none(calendar):
    with time_machine.travel(CALENDAR_FILES_DAY, tick=True):
        text = (TESTS / "events/ics/outlook_weekly.ics").read_bytes()
        apply_import(parse_calendar(text), calendar)
        renamed = parse_calendar(text.replace(b"sv-se:", b"sv-se:Nytt namn: "))

        assert_all_or_nothing(lambda: apply_import(renamed, calendar))


@pytest.fixture
def seminar_with_people(calendar):
    event = BookableEventFactory(
        parent=calendar,
        published=True,
        capacity=50,
        start_date=(timezone.localtime() + dt.timedelta(days=7)).date(),
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 0),
    )
    people = [
        PersonFactory(first_name="Anna", last_name="Svensson", email="Anna.Svensson@kommun.example"),
        PersonFactory(first_name="Björn", last_name="Ek", email="bjorn.ek@foretag.example"),
        PersonFactory(first_name="Cecilia", last_name="Öberg", email="cecilia.oberg@region.example"),
        PersonFactory(first_name="Eva", last_name="Nilsson", email="eva.n@skola.example"),
        PersonFactory(first_name="Gunnar", last_name="Ström", email="gunnar.strom@kommun.example"),
    ]
    for person in people:
        assert book(person, event).ok
    return event, SessionDate.objects.get(event_key=event.translation_key), people


def test_an_attendance_file_failed_half_way_marks_nobody(seminar_with_people):
    _event, session_date, _people = seminar_with_people
    data = (TESTS / "bookings/attendance/teams_en_utf16_tabs.csv").read_bytes()
    organiser = PersonFactory()

    assert_all_or_nothing(lambda: apply_file(session_date, data, "teams.csv", organiser))


def test_marking_everyone_present_failed_half_way_marks_nobody(seminar_with_people):
    _event, session_date, _people = seminar_with_people
    organiser = PersonFactory()

    assert_all_or_nothing(lambda: attendance.mark_all_present(session_date, by=organiser))


def test_a_term_copy_failed_half_way_leaves_no_copy(calendar):
    event = BookableEventFactory(
        parent=calendar,
        published=True,
        start_date=(timezone.localtime() + dt.timedelta(days=3)).date(),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=6"),
    )
    EventDateException.objects.create(
        event=event, original_date=event.start_date + dt.timedelta(weeks=2), kind="cancelled"
    )
    event = EventPage.objects.get(pk=event.pk)
    next_term = event.start_date + dt.timedelta(weeks=26)

    assert_all_or_nothing(lambda: copy_for_new_term(event, next_term, "Nästa termin"))


@pytest.fixture
def programme(sv_home, django_user_model):
    return build_programme(sv_home, user_maker(django_user_model))


def test_the_personal_data_purge_failed_half_way_anonymises_nobody(programme, settings):
    settings.PROGRAMME_REPORTING_ENDS = dt.date(2026, 6, 30)
    settings.PERSONAL_DATA_RETENTION_DAYS = 30

    assert_all_or_nothing(lambda: purge(now=timezone.now()))


def test_deleting_an_account_failed_half_way_keeps_the_account_whole(programme):
    person = programme["people"]["p1"]
    # Read afresh each time: a deletion that was rolled back still took the pk off the instance.
    User = type(person)

    assert_all_or_nothing(lambda: delete_account(User.objects.get(pk=person.pk)))
