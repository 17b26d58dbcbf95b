"""The roster of a date in the Wagtail admin: who may open it, marking everyone present and then the
exceptions, walk-ins by e-mail and without an account, the history of a correction, the check-in
code, and a constant number of queries however many are booked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation
from bookings import attendance, services
from bookings.check_in import code_for, display_code, token_for
from bookings.factories import PersonFactory, book
from bookings.models import AttendanceSource, Booking, BookingState, SessionDate, WalkInCount
from tests.helpers import member_of, signed_in, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(make_event):
    """A date with Anna, Bo and Cecilia booked and David's late cancellation."""
    event = make_event(title="Supported Employment i praktiken", capacity=10)
    names = [("Anna", "Andersson"), ("Bo", "Berg"), ("Cecilia", "Ceder"), ("David", "Dahl")]
    persons = [PersonFactory(first_name=first, last_name=last) for first, last in names]
    for person in persons:
        assert book(person, event).ok
    session_date = SessionDate.objects.get(event_key=event.translation_key)
    david = Booking.objects.get(user=persons[3])
    # A late cancellation as the service leaves it (the rules for "late" live in bookings/rules.py).
    Booking.objects.filter(pk=david.pk).update(state=BookingState.CANCELLED_LATE)
    SessionDate.objects.filter(pk=session_date.pk).update(booked_count=3)
    return event, session_date, persons


def roster_url(session_date):
    return reverse("bookings_admin:roster", args=[session_date.pk])


def rows(response):
    table = soup_of(response).select_one("[data-attendance-roster]")
    return {
        row.th.get_text(" ", strip=True).split(" ")[0]: row
        for row in (table.tbody.select("tr") if table else [])
    }


def booking_of(person):
    return Booking.objects.get(user=person)


def test_staff_and_communicators_are_refused_organisers_and_editors_may(seminar, client):
    _event, session_date, (anna, *_rest) = seminar
    url = roster_url(session_date)
    assert client.get(url).status_code == 302 and "/admin/login/" in client.get(url)["Location"]
    staff = signed_in(anna)
    response = staff.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    communicator = signed_in(member_of("Communicators", "kommunikator"))
    for response in [communicator.get(url), communicator.post(url, {"action": "mark_all"})]:
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert booking_of(anna).state == BookingState.BOOKED
    for user in [member_of("Organisers", "arrangor"), member_of("Editors", "redaktor")]:
        response = signed_in(user).get(url)
        assert response.status_code == 200
        assert soup_of(response).select_one("[data-mark-all]")


def test_the_date_page_links_to_the_roster(seminar, organiser):
    _event, session_date, _persons = seminar
    response = signed_in(organiser).get(reverse("bookings_admin:date", args=[session_date.pk]))
    assert soup_of(response).select_one("[data-roster-link]")["href"] == roster_url(session_date)


def test_the_roster_lists_the_booked_and_shows_a_late_cancellation(seminar, organiser):
    _event, session_date, _persons = seminar
    response = signed_in(organiser).get(roster_url(session_date))
    assert response.status_code == 200
    listed = rows(response)
    assert sorted(listed) == ["Anna", "Bo", "Cecilia", "David"]
    assert listed["David"].select_one("[data-state-label]").get_text(strip=True) == "Cancelled late"
    assert listed["Anna"].select_one("[data-state-label]").get_text(strip=True) == "Booked"
    # Each row's choice is a labelled group of radios, its minutes a labelled field.
    legend = listed["Anna"].select_one("fieldset legend").get_text(strip=True)
    assert legend == "Attendance of Anna Andersson"
    minutes = listed["Anna"].select_one("input[type=number]")
    assert soup_of(response).select_one(f"label[for={minutes['id']}]")


def test_mark_all_present_then_the_exceptions_over_http(seminar, organiser):
    _event, session_date, (anna, bo, cia, david) = seminar
    client = signed_in(organiser)
    url = roster_url(session_date)
    response = client.post(url, {"action": "mark_all"})
    assert response.status_code == 303
    assert {booking_of(p).state for p in (anna, bo, cia)} == {BookingState.ATTENDED}
    assert booking_of(david).state == BookingState.CANCELLED_LATE  # not booked any more: not marked

    bo_booking, cia_booking, david_booking = booking_of(bo), booking_of(cia), booking_of(david)
    response = client.post(
        url,
        {
            "action": "marks",
            f"state-{bo_booking.pk}": "no_show",
            f"state-{cia_booking.pk}": "partly_attended",
            f"minutes-{cia_booking.pk}": "45",
            f"state-{david_booking.pk}": "attended",
        },
    )
    assert response.status_code == 303
    cia_booking.refresh_from_db()
    assert booking_of(bo).state == BookingState.NO_SHOW
    assert (cia_booking.state, cia_booking.attended_minutes) == (BookingState.PARTLY_ATTENDED, 45)
    assert booking_of(david).state == BookingState.ATTENDED
    assert booking_of(anna).state == BookingState.ATTENDED

    page = client.get(url)
    listed = rows(page)
    assert listed["Bo"].select_one("[data-state-label]").get_text(strip=True) == "Did not come"
    assert listed["Cecilia"].select_one("input[type=number]")["value"] == "45"
    assert listed["Cecilia"].select_one("input[value=partly_attended]").has_attr("checked")
    assert "Roster" in listed["Cecilia"].get_text()  # where the mark came from


def test_a_correction_is_kept_in_the_history_shown_on_the_roster(seminar, organiser):
    _event, session_date, (anna, *_rest) = seminar
    client = signed_in(organiser)
    url = roster_url(session_date)
    client.post(url, {"action": "mark_all"})
    booking = booking_of(anna)
    client.post(url, {"action": "marks", f"state-{booking.pk}": "no_show"})
    history = list(booking.changes.values_list("from_state", "to_state", "reason", "by"))
    assert history[-2:] == [
        (BookingState.BOOKED, BookingState.ATTENDED, attendance.RECORDED, organiser.pk),
        (BookingState.ATTENDED, BookingState.NO_SHOW, attendance.CORRECTED, organiser.pk),
    ]
    shown = rows(client.get(url))["Anna"].select_one("[data-history]")
    items = [li.get_text(" ", strip=True) for li in shown.select("li")]
    assert len(items) == 3  # booked, attended, corrected
    assert "Attended → Did not come" in items[-1]
    assert "arrangor" in items[-1]


def test_bad_marks_change_nothing_and_say_which_row(seminar, organiser):
    _event, session_date, (anna, bo, *_rest) = seminar
    client = signed_in(organiser)
    anna_booking, bo_booking = booking_of(anna), booking_of(bo)
    response = client.post(
        roster_url(session_date),
        {
            "action": "marks",
            f"state-{anna_booking.pk}": "attended",
            f"state-{bo_booking.pk}": "partly_attended",
            f"minutes-{bo_booking.pk}": "-3",
        },
    )
    assert response.status_code == 400
    assert rows(response)["Bo"].select_one("[data-row-error]")
    assert booking_of(anna).state == BookingState.BOOKED
    assert (
        client.post(
            roster_url(session_date), {"action": "marks", f"state-{anna_booking.pk}": "cancelled"}
        ).status_code
        == 400
    )
    assert client.post(roster_url(session_date), {"action": "nonsense"}).status_code == 400
    assert booking_of(anna).state == BookingState.BOOKED


def test_a_walk_in_is_added_by_e_mail_and_an_unknown_address_is_explained(seminar, organiser):
    _event, session_date, _persons = seminar
    eva = PersonFactory(first_name="Eva", last_name="Ek", email="Eva.Ek@haninge.se")
    client = signed_in(organiser)
    url = roster_url(session_date)
    response = client.post(url, {"action": "walk_in", "email": "nobody@example.org"})
    assert response.status_code == 400
    error = soup_of(response).select_one("[data-walk-in-error]").get_text(strip=True)
    assert "No account has the address nobody@example.org" in error
    assert soup_of(response).select_one("input[name=email]")["aria-invalid"] == "true"

    response = client.post(url, {"action": "walk_in", "email": "eva.ek@HANINGE.se"})
    assert response.status_code == 303
    booking = booking_of(eva)
    assert (booking.state, booking.attendance_source) == (BookingState.ATTENDED, AttendanceSource.ROSTER)
    assert booking.changes.get().reason == attendance.WALK_IN
    assert "Eva" in rows(client.get(url))


def test_people_without_an_account_are_counted_per_organisation_type(seminar, organiser):
    _event, session_date, _persons = seminar
    client = signed_in(organiser)
    url = roster_url(session_date)
    response = client.post(
        url, {"action": "counts", Organisation.MUNICIPALITY: "3", Organisation.CIVIL_SOCIETY: "1"}
    )
    assert response.status_code == 303
    assert dict(WalkInCount.objects.values_list("organisation", "count")) == {
        Organisation.MUNICIPALITY: 3,
        Organisation.CIVIL_SOCIETY: 1,
    }
    page = soup_of(client.get(url))
    assert page.select_one(f"input[name={Organisation.MUNICIPALITY}]")["value"] == "3"
    assert "4 people without an account" in page.select_one("[data-roster-counts]").get_text(" ", strip=True)
    # Setting a number to 0 removes it; a bad number changes nothing.
    client.post(url, {"action": "counts", Organisation.MUNICIPALITY: "0", Organisation.CIVIL_SOCIETY: "1"})
    assert dict(WalkInCount.objects.values_list("organisation", "count")) == {Organisation.CIVIL_SOCIETY: 1}
    bad = client.post(url, {"action": "counts", Organisation.MUNICIPALITY: "-1"})
    assert bad.status_code == 400
    assert dict(WalkInCount.objects.values_list("organisation", "count")) == {Organisation.CIVIL_SOCIETY: 1}


def test_the_roster_shows_the_check_in_qr_code_link_and_code(seminar, organiser):
    _event, session_date, _persons = seminar
    response = signed_in(organiser).get(roster_url(session_date))
    # The page holds the check-in token: no shared cache or browser history keeps it.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = soup_of(response)
    section = page.select_one("[data-check-in]")
    svg = section.select_one("svg[role=img]")
    assert svg is not None and svg.title.get_text()
    token = token_for(session_date)
    assert section.select_one("[data-check-in-link=sv]")["href"].endswith(f"/sv/incheckning/{token}/")
    assert section.select_one("[data-check-in-link=en]")["href"].endswith(f"/en/check-in/{token}/")
    assert section.select_one("[data-check-in-code]").get_text(strip=True) == display_code(
        code_for(session_date.pk)
    )


def test_the_roster_reads_the_same_number_of_queries_for_20_and_200_people(
    make_event, organiser, django_assert_max_num_queries
):
    event = make_event(capacity=250)
    occurrence = event.occurrences.get()
    client = signed_in(organiser)
    measured = {}
    booked = 0
    for count in [20, 200]:
        for person in PersonFactory.create_batch(count - booked):
            services.book(person, event, [occurrence.original_start])
        booked = count
        session_date = SessionDate.objects.get(event_key=event.translation_key)
        attendance.mark_all_present(session_date, by=organiser)  # each row has a history of two
        client.get(roster_url(session_date))  # warm the admin's own caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(roster_url(session_date))
        measured[count] = len(captured)
        assert len(soup_of(response).select("[data-attendance-roster] tbody tr")) == count
    with django_assert_max_num_queries(measured[20]):
        client.get(roster_url(session_date))
    assert measured[200] == measured[20] <= 25, measured


def test_the_event_s_dates_link_to_their_rosters(seminar, organiser):
    event, session_date, _persons = seminar
    response = signed_in(organiser).get(reverse("bookings_admin:event", args=[event.pk]))
    links = soup_of(response).select("[data-booking-dates] [data-roster-link]")
    assert [a["href"] for a in links] == [roster_url(session_date)]
