"""Attendance completes session steps at once, and a correction withdraws only what it alone completed."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from recurrence import deserialize

from bookings import attendance
from bookings.factories import BookableEventFactory, PersonFactory, book
from bookings.models import Booking, BookingState, SessionDate
from home.translation import translate_page
from learning.factories import material_step, session_step
from learning.models import PathCompletion, ProgressSource, StepCompletion
from learning.progress_store import mark_done, progress_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookable(calendar):
    def make(**fields):
        fields.setdefault("start_date", (timezone.localtime() + dt.timedelta(days=7)).date())
        return BookableEventFactory(parent=calendar, published=True, **fields)

    return make


def dates(event):
    return list(event.occurrences.order_by("start"))


def session_date(occurrence):
    return SessionDate.objects.get(
        event_key=occurrence.event.translation_key, original_start=occurrence.original_start
    )


def mark(person, occurrence, state=BookingState.ATTENDED):
    booking = Booking.objects.get(user=person, session_date=session_date(occurrence))
    attendance.record(session_date(occurrence), {booking.pk: (state, None)}, by=None)


def book_all(person, event):
    for occurrence in dates(event):
        assert book(person, event, occurrence).ok


def test_attendance_completes_the_step_at_once_in_both_languages(
    bookable, make_path, english_paths, calendar
):
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = bookable(title="Samverkan", slug="samverkan")
    translate_page(
        event,
        "en",
        {"Samverkan": "Cooperation", "samverkan": "cooperation", "Kommunhuset, Haninge": "Haninge town hall"},
    )
    step = session_step(event)
    path = make_path([step, material_step("Läs")], title="Lärväg", slug="larvag")
    english_path = translate_page(
        path, "en", {"Lärväg": "Path", "larvag": "path", "Läs": "Read", path.introduction: "A path."}
    )
    person = PersonFactory()
    book_all(person, event)

    mark(person, dates(event)[0])

    completion = StepCompletion.objects.get(user=person, step_id=step["id"])
    assert completion.source == ProgressSource.ATTENDANCE
    assert step["id"] in progress_for(person, path).done
    assert step["id"] in progress_for(person, english_path).done


def test_an_all_dates_step_needs_every_date_attended(bookable, make_path):
    event = bookable(recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"))
    step = session_step(event, dates_needed="all")
    path = make_path([step])
    person = PersonFactory()
    book_all(person, event)
    first, second, third = dates(event)

    mark(person, first)
    mark(person, second)
    mark(person, third, BookingState.PARTLY_ATTENDED)
    assert step["id"] not in progress_for(person, path).done
    mark(person, third)
    assert progress_for(person, path).complete
    assert PathCompletion.objects.filter(user=person, path_key=path.translation_key).exists()


def test_a_step_of_n_dates_counts_attended_dates_and_no_shows_do_not_count(bookable, make_path):
    event = bookable(recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=4"))
    step = session_step(event, dates_needed="number", number_of_dates=2)
    path = make_path([step])
    person = PersonFactory()
    book_all(person, event)
    first, second, third, _ = dates(event)

    mark(person, first)
    mark(person, second, BookingState.NO_SHOW)
    assert step["id"] not in progress_for(person, path).done
    mark(person, third)
    assert step["id"] in progress_for(person, path).done
    # A third attended date and then a corrected one: two dates are still attended, the step stays.
    mark(person, second)
    mark(person, first, BookingState.NO_SHOW)
    assert step["id"] in progress_for(person, path).done


def test_a_corrected_attendance_withdraws_the_step_and_the_path_it_alone_completed(bookable, make_path):
    event = bookable()
    material = material_step("Läs")
    step = session_step(event)
    path = make_path([material, step])
    person = PersonFactory()
    book_all(person, event)
    mark_done(person, path, material["id"])

    mark(person, dates(event)[0])
    assert progress_for(person, path).complete
    mark(person, dates(event)[0], BookingState.NO_SHOW)

    progress = progress_for(person, path)
    assert not progress.complete
    assert progress.done == {material["id"]}  # what the person reported stays
    assert not PathCompletion.objects.filter(user=person).exists()


def test_a_correction_keeps_a_path_completed_before_the_attendance(bookable, make_path):
    event = bookable()
    material = material_step("Läs")
    path = make_path([material])
    person = PersonFactory()
    book_all(person, event)
    with time_machine.travel(timezone.now() - dt.timedelta(days=1)):
        mark_done(person, path, material["id"])  # the path is complete ...
    step = session_step(event)
    path.steps = [material, step]  # ... before the editors add the session to it
    path.save_revision().publish()

    mark(person, dates(event)[0])
    mark(person, dates(event)[0], BookingState.NO_SHOW)

    assert not StepCompletion.objects.filter(user=person, step_id=step["id"]).exists()
    assert PathCompletion.objects.filter(user=person, path_key=path.translation_key).exists()
    assert progress_for(person, path).complete
