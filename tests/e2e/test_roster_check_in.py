"""An organiser takes attendance on a date's roster in the Wagtail admin (mark all present, then one
no-show) and reads the check-in code off it; a participant with no booking enters that code in the
check-in window, checks in and finds the learning path's step done on "My learning"; another opens
the English link from the meeting chat and finds the session among those attended. axe-core finds
no serious or critical violation on the pages used."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from bookings.factories import BookableEventFactory, PersonFactory, book
from bookings.models import AttendanceSource, Booking, BookingState, SessionDate
from events.factories import EventIndexPageFactory
from home.models import HomePage
from learning import progress_store
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, session_step
from tests.e2e.conftest import sign_in


@pytest.fixture
def seminar():
    sv_home = HomePage.objects.get(depth=2, locale__language_code="sv")
    calendar = EventIndexPageFactory(parent=sv_home, published=True)
    event = BookableEventFactory(
        parent=calendar,
        published=True,
        title="Seminarium om Supported Employment",
        capacity=5,
        start_date=(timezone.localtime() + dt.timedelta(days=10)).date(),
    )
    anna = PersonFactory(first_name="Anna", last_name="Lind")
    bo = PersonFactory(first_name="Bo", last_name="Berg")
    for person in (anna, bo):
        assert book(person, event).ok
    return event, SessionDate.objects.get(event_key=event.translation_key), anna, bo


def path_with(event):
    sv_home = HomePage.objects.get(depth=2, locale__language_code="sv")
    index = LearningPathIndexPageFactory(parent=sv_home, published=True)
    return LearningPathPageFactory(
        parent=index, published=True, title="Lärväg: Supported Employment", steps=[session_step(event)]
    )


def sign_in_site(context, site_url, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )


def assert_accessible(page, axe_check):
    page.wait_for_load_state("networkidle")
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_organiser_takes_attendance_and_a_participant_checks_in_with_the_code(
    site_url, page, browser, axe_check, organiser, seminar
):
    event, session_date, anna, bo = seminar
    sign_in(page, site_url)
    page.goto(f"{site_url}/admin/bookings/date/{session_date.pk}/")
    page.locator("[data-roster-link]").click()
    page.wait_for_url(f"{site_url}/admin/bookings/date/{session_date.pk}/roster/")
    assert_accessible(page, axe_check)

    page.locator("[data-mark-all]").click()
    page.wait_for_url(f"**/admin/bookings/date/{session_date.pk}/roster/**")
    bo_booking = Booking.objects.get(user=bo)
    page.locator(f"input[name='state-{bo_booking.pk}'][value=no_show]").check()
    page.locator("[data-save-marks]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"tr[data-booking='{bo_booking.pk}']").get_attribute("data-state") == "no_show"
    assert Booking.objects.get(user=anna).state == BookingState.ATTENDED
    code = page.locator("[data-check-in-code]").inner_text().strip()
    assert len(code.replace("-", "")) == 6
    assert page.locator("[data-check-in] svg[role=img]").count() == 1
    assert_accessible(page, axe_check)
    assert page.js_errors == []

    # The participant, without a booking, in the room ten minutes before the start.
    cecilia = PersonFactory(first_name="Cecilia", last_name="Ceder")
    david = PersonFactory(first_name="David", last_name="Dahl")
    path = path_with(event)
    progress_store.follow(cecilia, path)
    occurrence = event.occurrences.get()
    with time_machine.travel(occurrence.start - dt.timedelta(minutes=10), tick=True):
        context = browser.new_context(locale="sv-SE")
        try:
            sign_in_site(context, site_url, cecilia)
            participant = context.new_page()
            participant.goto(f"{site_url}/sv/incheckning/")
            assert_accessible(participant, axe_check)
            participant.get_by_label("Incheckningskod").fill(code.lower())
            participant.get_by_role("button", name="Fortsätt").click()
            participant.wait_for_url(f"{site_url}/sv/incheckning/*/")
            assert "Supported Employment" in participant.locator("[data-check-in-date]").inner_text()
            assert_accessible(participant, axe_check)
            participant.get_by_role("button", name="Checka in").click()
            participant.locator("[data-checked-in]").wait_for()
            assert_accessible(participant, axe_check)
            # The path's step is done at once: attendance, not the person, completed it.
            participant.goto(f"{site_url}/sv/mitt-larande/")
            entry = participant.locator(".learning-entry", has_text=path.title)
            assert event.title in entry.locator("ul").inner_text()
            assert "Deltog" in participant.locator("[data-attendance=attended]").inner_text()
            assert_accessible(participant, axe_check)
        finally:
            context.close()
        # In English, with the link from the meeting chat; a second press is refused, not counted twice.
        link = page.locator("[data-check-in-link=en]").get_attribute("href")
        context = browser.new_context(locale="en-GB")
        try:
            sign_in_site(context, site_url, david)
            participant = context.new_page()
            participant.goto(link)
            assert_accessible(participant, axe_check)
            participant.get_by_role("button", name="Check in").click()
            participant.locator("[data-checked-in]").wait_for()
            assert "Welcome" in participant.locator("[data-checked-in]").inner_text()
            participant.goto(link)
            assert "already" in participant.locator("[data-check-in-refused]").inner_text()
            assert_accessible(participant, axe_check)
            participant.goto(f"{site_url}/en/my-learning/")
            assert "Attended" in participant.locator("[data-attendance=attended]").inner_text()
        finally:
            context.close()
    for person in (cecilia, david):
        booking = Booking.objects.get(user=person)
        assert (booking.state, booking.attendance_source) == (
            BookingState.ATTENDED,
            AttendanceSource.CHECK_IN,
        )
