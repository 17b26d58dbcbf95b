"""An organiser opens a full date's list in the Wagtail admin (axe-core finds no serious violation on the
bookings pages), and, with JavaScript off, cancels a booking on someone's behalf: the first in line
moves up."""

import datetime as dt

import pytest
from django.utils import timezone

from bookings.factories import BookableEventFactory, PersonFactory, book
from bookings.models import Booking, BookingState, SessionDate
from events.factories import EventIndexPageFactory
from home.models import HomePage
from tests.e2e.conftest import sign_in


@pytest.fixture
def full_seminar():
    sv_home = HomePage.objects.get(depth=2, locale__language_code="sv")
    calendar = EventIndexPageFactory(parent=sv_home, published=True)
    event = BookableEventFactory(
        parent=calendar,
        published=True,
        title="Seminarium om matchning",
        capacity=2,
        asks_adjustments=True,
        start_date=(timezone.localtime() + dt.timedelta(days=10)).date(),
    )
    names = [("Anna", "Lind"), ("Bo", "Berg"), ("Cecilia", "Ceder"), ("David", "Dahl")]
    for first, last in names:
        book(PersonFactory(first_name=first, last_name=last, organisation_name="Haninge kommun"), event)
    return event, SessionDate.objects.get(event_key=event.translation_key)


def names(page, kind):
    return page.locator(f"[data-roster={kind}] tbody th").all_inner_texts()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_organiser_reads_the_lists_and_cancels_for_someone_without_javascript(
    site_url, page, browser, axe_check, organiser, full_seminar
):
    event, session_date = full_seminar

    sign_in(page, site_url)
    page.goto(f"{site_url}/admin/bookings/")
    page.wait_for_load_state("networkidle")
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    page.get_by_role("link", name=event.title).click()
    page.wait_for_load_state("networkidle")
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    page.locator("[data-booking-dates] tbody a").first.click()
    page.wait_for_url(f"{site_url}/admin/bookings/date/{session_date.pk}/")
    page.wait_for_load_state("networkidle")
    assert names(page, "booked") == ["Anna Lind", "Bo Berg"]
    assert names(page, "waiting") == ["Cecilia Ceder", "David Dahl"]
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert page.js_errors == []

    # The same work with JavaScript off: plain links and POST forms.
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    try:
        plain = context.new_page()
        sign_in(plain, site_url)
        plain.goto(f"{site_url}/admin/bookings/date/{session_date.pk}/")
        bo = Booking.objects.get(user__first_name="Bo")
        plain.locator(f"[data-booking='{bo.pk}'] a[href$='/cancel/']").click()
        plain.locator("textarea[name=note]").fill("Sjuk")
        plain.locator("main form button[type=submit]").click()
        plain.wait_for_url(f"{site_url}/admin/bookings/date/{session_date.pk}/")
        assert names(plain, "booked") == ["Anna Lind", "Cecilia Ceder"]
        assert names(plain, "waiting") == ["David Dahl"]
    finally:
        context.close()
    bo.refresh_from_db()
    assert bo.state == BookingState.CANCELLED
    assert bo.changes.last().by == organiser
