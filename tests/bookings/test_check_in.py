"""Self check-in over HTTP: the signed link from the QR code and the six-character code, opened by a
signed-in person in the window from 30 minutes before the start to 15 minutes after the end."""

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bookings import attendance
from bookings.check_in import (
    CODE_ALPHABET,
    MAX_WRONG_CODES,
    code_for,
    display_code,
    normalise_code,
    session_date_id_from_token,
    token_for,
)
from bookings.factories import PersonFactory, book
from bookings.models import AttendanceSource, Booking, BookingState, SessionDate
from tests.helpers import signed_in, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(make_event, people):
    """A date a week ahead with 2 places, Anna booked (one place left)."""
    event = make_event(title="Matchning från dag 1", capacity=2)
    occurrence = event.occurrences.get()
    [anna] = people(1)
    assert book(anna, event).ok
    session_date = SessionDate.objects.get(event_key=event.translation_key)
    return event, occurrence, session_date, anna


def check_in_url(session_date, language="sv"):
    with translation.override(language):
        return reverse("check_in", args=[token_for(session_date)])


def code_url(language="sv"):
    with translation.override(language):
        return reverse("check_in_code")


def refusal(response):
    return soup_of(response).select_one("[data-check-in-refused]").get_text(strip=True)


def assert_private(response):
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_urls_are_translated():
    assert code_url("sv") == "/sv/incheckning/"
    assert code_url("en") == "/en/check-in/"


def test_a_valid_link_shows_the_date_and_checks_in_only_on_post(seminar):
    event, occurrence, session_date, anna = seminar
    url = check_in_url(session_date)
    assert url.startswith("/sv/incheckning/")
    with time_machine.travel(occurrence.start - dt.timedelta(minutes=10), tick=False):
        client = signed_in(anna)
        response = client.get(url)
        assert response.status_code == 200
        assert_private(response)
        page = soup_of(response)
        assert "Matchning från dag 1" in page.select_one("[data-check-in-date]").get_text()
        assert page.select_one("form[method=post] [data-check-in-button]").get_text(strip=True) == "Checka in"
        # Nothing changes on GET.
        assert Booking.objects.get(user=anna).state == BookingState.BOOKED

        response = client.post(url)
        assert response.status_code == 200
        assert_private(response)
        assert soup_of(response).select_one("[data-checked-in]")
    booking = Booking.objects.get(user=anna)
    assert (booking.state, booking.attendance_source) == (BookingState.ATTENDED, AttendanceSource.CHECK_IN)
    assert booking.changes.filter(reason=attendance.CHECKED_IN).count() == 1


def test_the_english_page_says_check_in(seminar):
    event, occurrence, session_date, anna = seminar
    url = check_in_url(session_date, "en")
    assert url.startswith("/en/check-in/")
    with time_machine.travel(occurrence.start, tick=False):
        response = signed_in(anna).get(url)
    assert soup_of(response).select_one("[data-check-in-button]").get_text(strip=True) == "Check in"


def test_too_early_and_too_late_are_refused_with_the_time(seminar):
    event, occurrence, session_date, anna = seminar
    url = check_in_url(session_date)
    with time_machine.travel(occurrence.start - dt.timedelta(minutes=31), tick=False):
        client = signed_in(anna)
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 403
            assert_private(response)
            assert "inte öppnat" in refusal(response)
    with time_machine.travel(occurrence.end + dt.timedelta(minutes=16), tick=False):
        client = signed_in(anna)
        response = client.post(url)
        assert response.status_code == 410
        assert "stängde" in refusal(response)
    assert Booking.objects.get(user=anna).state == BookingState.BOOKED


def test_forged_and_edited_tokens_are_refused(seminar, make_event):
    event, occurrence, session_date, anna = seminar
    token = token_for(session_date)
    other = SessionDate.objects.create(
        event_key=session_date.event_key, original_start=occurrence.start + dt.timedelta(days=1)
    )
    assert session_date_id_from_token(token) == session_date.pk
    forged = [
        f"{other.pk}.{token.split('.', 1)[1]}",  # another date's id with this date's signature
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        str(session_date.pk),
        "x" * 60,
    ]
    with time_machine.travel(occurrence.start, tick=False):
        client = signed_in(anna)
        for value in forged:
            with translation.override("sv"):
                response = client.post(reverse("check_in", args=[value]))
            assert response.status_code == 404, value
            assert "inte giltig" in refusal(response)
        assert client.post("/sv/incheckning/%3Cscript%3E/").status_code == 404
    assert Booking.objects.get(user=anna).state == BookingState.BOOKED


def test_a_reused_link_checks_in_once(seminar):
    event, occurrence, session_date, anna = seminar
    url = check_in_url(session_date)
    with time_machine.travel(occurrence.start, tick=False):
        client = signed_in(anna)
        assert client.post(url).status_code == 200
        again = client.post(url)
        assert again.status_code == 409
        assert "redan" in refusal(again)
    booking = Booking.objects.get(user=anna)
    assert booking.changes.filter(reason=attendance.CHECKED_IN).count() == 1


def test_a_link_of_a_past_date_is_refused_on_a_later_date(seminar):
    """The same event's link of last week does not check anyone in today: it names its own date."""
    event, occurrence, session_date, anna = seminar
    with time_machine.travel(occurrence.end + dt.timedelta(days=7), tick=False):
        response = signed_in(anna).post(check_in_url(session_date))
    assert response.status_code == 410


def test_someone_without_a_booking_gets_the_place_left_and_then_none(seminar, people):
    event, occurrence, session_date, anna = seminar
    bo, cia = people(2)
    url = check_in_url(session_date)
    with time_machine.travel(occurrence.start + dt.timedelta(minutes=5), tick=False):
        assert signed_in(bo).post(url).status_code == 200
        response = signed_in(cia).post(url)
        assert response.status_code == 409
        assert "ingen plats kvar" in refusal(response)
    bo_booking = Booking.objects.get(user=bo)
    assert (bo_booking.state, bo_booking.attendance_source) == (
        BookingState.ATTENDED,
        AttendanceSource.CHECK_IN,
    )
    assert not Booking.objects.filter(user=cia).exists()
    session_date.refresh_from_db()
    assert session_date.booked_count == 2


def test_anonymous_visitors_are_sent_to_the_login_and_back(seminar):
    event, occurrence, session_date, anna = seminar
    url = check_in_url(session_date)
    with time_machine.travel(occurrence.start, tick=False):
        for target in (url, code_url()):
            response = Client().get(target)
            assert response.status_code == 302
            assert response["Location"].startswith("/sv/accounts/login/")
            assert quote(target, safe="") in response["Location"] or target in response["Location"]
            assert "no-store" in response["Cache-Control"]
            assert Client().post(target).status_code == 302
    assert Booking.objects.get(user=anna).state == BookingState.BOOKED


def test_codes_avoid_ambiguous_characters_and_are_read_loosely(seminar):
    event, occurrence, session_date, anna = seminar
    code = code_for(session_date.pk)
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set("0O1I") & set(CODE_ALPHABET)
    assert code_for(session_date.pk) == code  # derived, the same every time
    assert normalise_code(display_code(code).lower()) == code
    assert normalise_code(" " + code[:3] + " " + code[3:]) == code
    assert normalise_code("ABC") == "" and normalise_code("ABCDE0") == ""


def test_the_right_code_leads_to_the_date_and_checks_in(seminar):
    event, occurrence, session_date, anna = seminar
    code = display_code(code_for(session_date.pk)).lower()
    with time_machine.travel(occurrence.start - dt.timedelta(minutes=20), tick=False):
        client = signed_in(anna)
        page = client.get(code_url())
        assert page.status_code == 200
        assert_private(page)
        assert soup_of(page).select_one("label[for=id_code]")
        response = client.post(code_url(), {"code": code})
        assert response.status_code == 303
        assert response["Location"] == check_in_url(session_date)
        assert client.post(response["Location"]).status_code == 200
    assert Booking.objects.get(user=anna).state == BookingState.ATTENDED


def test_a_wrong_code_or_one_of_a_date_not_open_is_refused_and_counted(seminar):
    event, occurrence, session_date, anna = seminar
    code = code_for(session_date.pk)
    wrong = "".join(CODE_ALPHABET[(CODE_ALPHABET.index(c) + 1) % len(CODE_ALPHABET)] for c in code)
    with time_machine.travel(occurrence.start - dt.timedelta(hours=2), tick=False):
        client = signed_in(anna)
        early = client.post(code_url(), {"code": code})  # the right code, before check-in opens
        assert early.status_code == 400
        assert soup_of(early).select_one("[data-code-error]")
    with time_machine.travel(occurrence.start, tick=False):
        client = signed_in(anna)
        for value in [wrong, "", "ABC", "<script>"]:
            response = client.post(code_url(), {"code": value})
            assert response.status_code == 400, value
        # After MAX_WRONG_CODES wrong codes even the right one waits (guessing is not cheap).
        for _ in range(MAX_WRONG_CODES):
            client.post(code_url(), {"code": wrong})
        blocked = client.post(code_url(), {"code": code})
        assert blocked.status_code == 429
        # Someone else is not blocked by Anna's tries.
        assert signed_in(PersonFactory()).post(code_url(), {"code": code}).status_code == 303
    assert Booking.objects.get(user=anna).state == BookingState.BOOKED


def test_a_cancelled_date_refuses_check_in(seminar):
    from events.models import Occurrence, OccurrenceStatus

    event, occurrence, session_date, anna = seminar
    Occurrence.objects.filter(pk=occurrence.pk).update(status=OccurrenceStatus.CANCELLED)
    with time_machine.travel(occurrence.start, tick=False):
        response = signed_in(anna).post(check_in_url(session_date))
    assert response.status_code == 410


def test_someone_on_the_waiting_list_of_a_full_date_is_told_so(seminar, people):
    event, occurrence, session_date, anna = seminar
    bo, cia = people(2)
    assert book(bo, event).ok
    assert book(cia, event).ok
    assert Booking.objects.get(user=cia).state == BookingState.WAITING
    with time_machine.travel(occurrence.start, tick=False):
        response = signed_in(cia).post(check_in_url(session_date))
    assert response.status_code == 409
    assert "väntar på en plats" in refusal(response)
    assert Booking.objects.get(user=cia).state == BookingState.WAITING
