"""An organiser imports a Zoom attendance file through the admin: upload, preview (axe-core finds no
serious violation on either page), a row matched by hand, then apply."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from bookings.factories import BookableEventFactory, PersonFactory, book
from bookings.models import Booking, BookingState, SessionDate
from events.factories import EventIndexPageFactory
from home.models import HomePage
from tests.e2e.conftest import sign_in

FILE = Path(__file__).parent.parent / "bookings" / "attendance" / "zoom_participants_meeting_block.csv"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_organiser_previews_matches_and_applies_an_attendance_file(site_url, page, axe_check, organiser):
    sv_home = HomePage.objects.get(depth=2, locale__language_code="sv")
    calendar = EventIndexPageFactory(parent=sv_home, published=True)
    event = BookableEventFactory(
        parent=calendar,
        published=True,
        title="Digitalt seminarium",
        start_date=(timezone.localtime() + dt.timedelta(days=3)).date(),
        start_time=dt.time(10, 0),
        end_time=dt.time(12, 0),
    )
    anna = PersonFactory(first_name="Anna", last_name="Svensson", email="anna.svensson@kommun.example")
    erik = PersonFactory(first_name="Erik", last_name="Nyström", email="erik.nystrom@kommun.example")
    for someone in (anna, erik):
        book(someone, event)
    session_date = SessionDate.objects.get(event_key=event.translation_key)

    sign_in(page, site_url)
    page.goto(f"{site_url}/admin/bookings/date/{session_date.pk}/attendance/import/")
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    page.get_by_label("Närvarofil").set_input_files(str(FILE))
    page.get_by_role("button", name="Förhandsvisa ändringarna").click()
    page.wait_for_load_state("networkidle")
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    page.get_by_label("Bokad person för Erik Ny").select_option(
        label="Erik Nyström (erik.nystrom@kommun.example)"
    )
    page.get_by_role("button", name="Visa förhandsvisningen med de här matchningarna").click()
    page.wait_for_load_state("networkidle")
    assert "för hand" in page.locator(f"tr[data-booking='{Booking.objects.get(user=erik).pk}']").inner_text()
    page.get_by_role("button", name="Läs in den förhandsvisade filen").click()
    page.wait_for_load_state("networkidle")
    assert "Närvarofilen lästes in" in page.content()
    assert Booking.objects.get(user=anna).state == BookingState.ATTENDED
    assert Booking.objects.get(user=erik).state == BookingState.PARTLY_ATTENDED
