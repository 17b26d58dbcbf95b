"""The organisers' views in the Wagtail admin: who may see them, each date's people and waiting list,
the export, the places and the changes made on someone's behalf (with the organiser in the history)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from recurrence import deserialize
from wagtail.users.models import UserProfile

from accounts.models import Organisation
from bookings import services
from bookings.factories import PersonFactory, book
from bookings.models import Booking, BookingChange, BookingState, SessionDate
from events.models import EventDateException
from tests.helpers import in_english, member_of, signed_in, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_date(make_event):
    """A date with 2 places: Anna and Bo booked, Cecilia and David waiting in that order."""
    event = make_event(capacity=2, asks_adjustments=True)
    anna = PersonFactory(
        first_name="Anna",
        last_name="Andersson",
        organisation=Organisation.MUNICIPALITY,
        organisation_name="Haninge kommun",
    )
    names = [("Bo", "Berg"), ("Cecilia", "Ceder"), ("David", "Dahl")]
    others = [PersonFactory(first_name=first, last_name=last) for first, last in names]
    book(anna, event, adjustments="Hörslinga, tack")
    for person in others:
        book(person, event)
    occurrence = event.occurrences.get()
    session_date = SessionDate.objects.get(event_key=event.translation_key)
    return event, occurrence, session_date


def date_url(session_date):
    return reverse("bookings_admin:date", args=[session_date.pk])


def roster_names(response, kind):
    table = soup_of(response).select_one(f"[data-roster={kind}]")
    return [row.th.get_text(strip=True) for row in table.tbody.select("tr")] if table else []


def test_the_organisers_group_sees_bookings_but_edits_no_pages(organiser):
    group = Group.objects.get(name="Organisers")
    assert organiser.has_perm("wagtailadmin.access_admin")
    assert organiser.has_perm("bookings.view_booking") and organiser.has_perm("bookings.change_booking")
    assert not group.page_permissions.exists()
    editor = member_of("Editors", "redaktor")
    communicator = member_of("Communicators", "kommunikator")
    assert editor.has_perm("bookings.change_booking") and editor.has_perm("bookings.change_sessiondate")
    assert not communicator.has_perm("bookings.view_booking")


def test_communicators_get_403_and_anonymous_visitors_the_login(full_date, client):
    _event, _occurrence, session_date = full_date
    communicator = signed_in(member_of("Communicators", "kommunikator"))
    for url in [reverse("bookings_admin:index"), date_url(session_date)]:
        # Wagtail's admin answers a PermissionDenied with a redirect home and a "no permission" message.
        refused = communicator.get(url)
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Refused before anything is looked up: an unknown date answers the same.
    unknown = communicator.get(reverse("bookings_admin:date", args=[999999]))
    assert unknown.status_code == 302 and unknown["Location"] == reverse("wagtailadmin_home")
    booking = Booking.objects.filter(state=BookingState.BOOKED).first()
    assert communicator.post(reverse("bookings_admin:cancel", args=[booking.pk])).status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.BOOKED


def test_the_date_lists_the_booked_and_the_waiting_list_in_order(full_date, organiser):
    event, _occurrence, session_date = full_date
    response = signed_in(organiser).get(date_url(session_date))
    assert response.status_code == 200
    assert roster_names(response, "booked") == ["Anna Andersson", "Bo Berg"]
    assert roster_names(response, "waiting") == ["Cecilia Ceder", "David Dahl"]
    page = soup_of(response)
    waiting_positions = [
        td.get_text(strip=True) for td in page.select("[data-roster=waiting] [data-position]")
    ]
    assert waiting_positions == ["1", "2"]
    anna = page.select_one("[data-roster=booked] tbody tr").get_text(" ", strip=True)
    assert "Haninge kommun" in anna and "A municipality" in anna and "Hörslinga, tack" in anna


def test_the_event_page_and_the_index_show_the_counts_per_date(full_date, organiser, make_event):
    event, _occurrence, session_date = full_date
    client = signed_in(organiser)
    response = client.get(reverse("bookings_admin:event", args=[event.pk]))
    row = soup_of(response).select_one("[data-booking-dates] tbody tr")
    assert row.select_one("[data-booked]").get_text(strip=True) == "2"
    assert row.select_one("[data-waiting]").get_text(strip=True) == "2"
    assert row.a["href"] == date_url(session_date)
    index = client.get(reverse("bookings_admin:index"))
    assert soup_of(index).select_one(f"[data-event='{event.pk}'] a")["href"] == reverse(
        "bookings_admin:event", args=[event.pk]
    )


def csv_body(response):
    """The CSV download (home/spreadsheets.py streams it) as text, byte-order mark included."""
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_opens_in_swedish_excel(full_date, organiser):

    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "sv"
    profile.save()
    _event, _occurrence, session_date = full_date
    response = signed_in(organiser).get(date_url(session_date) + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = csv_body(response)
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Plats i kön", "Namn", "Organisation"]
    assert [row[1] for row in rows[1:]] == ["Anna Andersson", "Bo Berg", "Cecilia Ceder", "David Dahl"]
    assert [row[0] for row in rows[1:]] == ["", "", "1", "2"]
    assert rows[1][6] == "Hörslinga, tack"


def test_an_answer_that_looks_like_a_formula_stays_text_in_the_csv(make_event, organiser):
    event = make_event(capacity=2, asks_adjustments=True)
    book(PersonFactory(first_name="Eve"), event, adjustments='=HYPERLINK("https://evil.example")')
    session_date = SessionDate.objects.get(event_key=event.translation_key)
    response = signed_in(organiser).get(date_url(session_date) + "?export=csv")
    rows = list(csv.reader(io.StringIO(csv_body(response).removeprefix("\ufeff"))))
    assert rows[1][6] == '\'=HYPERLINK("https://evil.example")'


def test_xlsx_export_has_the_same_rows(full_date, organiser):
    _event, _occurrence, session_date = full_date
    response = signed_in(organiser).get(date_url(session_date) + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Anna Andersson", "Bo Berg", "Cecilia Ceder", "David Dahl"]


def test_an_organiser_cancels_on_someones_behalf_and_the_first_in_line_moves_up(full_date, organiser):
    _event, _occurrence, session_date = full_date
    client = signed_in(organiser)
    bo = Booking.objects.get(user__first_name="Bo")
    confirm = client.get(reverse("bookings_admin:cancel", args=[bo.pk]))
    assert confirm.status_code == 200 and soup_of(confirm).select_one("form[method=post] textarea")
    response = client.post(reverse("bookings_admin:cancel", args=[bo.pk]), {"note": "Sjuk"})
    assert response.status_code == 302
    bo.refresh_from_db()
    assert bo.state == BookingState.CANCELLED
    change = bo.changes.last()
    assert change.by == organiser and change.reason == services.BY_ORGANISER and change.note == "Sjuk"
    page = client.get(date_url(session_date))
    assert roster_names(page, "booked") == ["Anna Andersson", "Cecilia Ceder"]
    assert roster_names(page, "waiting") == ["David Dahl"]
    # A second submit changes nothing.
    again = client.post(reverse("bookings_admin:cancel", args=[bo.pk]))
    assert again.status_code == 302
    assert BookingChange.objects.filter(booking=bo).count() == 2


def test_approve_and_reject_a_request(make_event, organiser):
    event = make_event(capacity=5, requires_approval=True)
    eva, frans = PersonFactory(first_name="Eva"), PersonFactory(first_name="Frans")
    book(eva, event)
    book(frans, event)
    client = signed_in(organiser)
    eva_booking, frans_booking = Booking.objects.get(user=eva), Booking.objects.get(user=frans)
    assert eva_booking.state == BookingState.PENDING
    session_date = eva_booking.session_date
    page = soup_of(client.get(date_url(session_date)))
    assert page.select_one(f"form[action='{reverse('bookings_admin:approve', args=[eva_booking.pk])}']")
    client.post(reverse("bookings_admin:approve", args=[eva_booking.pk]))
    client.post(reverse("bookings_admin:reject", args=[frans_booking.pk]), {"note": "Fullt från er enhet"})
    eva_booking.refresh_from_db()
    frans_booking.refresh_from_db()
    assert eva_booking.state == BookingState.BOOKED
    assert frans_booking.state == BookingState.REJECTED
    assert eva_booking.changes.last().by == organiser
    assert frans_booking.changes.last().by == organiser


def test_more_places_on_a_date_move_the_waiting_list_up_and_the_event_remembers_who(full_date, organiser):
    event, occurrence, session_date = full_date
    client = signed_in(organiser)
    response = client.post(reverse("bookings_admin:capacity", args=[session_date.pk]), {"capacity": "3"})
    assert response.status_code == 302
    occurrence = event.occurrences.get()
    assert occurrence.places == 3
    assert EventDateException.objects.get(event=event).capacity == 3
    event.refresh_from_db()
    assert event.live_revision.user == organiser
    page = client.get(date_url(session_date))
    assert roster_names(page, "booked") == ["Anna Andersson", "Bo Berg", "Cecilia Ceder"]
    assert roster_names(page, "waiting") == ["David Dahl"]
    # Empty: the event's number again, and the date change that only held the number is gone.
    client.post(reverse("bookings_admin:capacity", args=[session_date.pk]), {"capacity": ""})
    assert event.occurrences.get().places == 2
    assert not EventDateException.objects.filter(event=event).exists()


def test_bad_places_give_a_400_and_an_unpublished_draft_a_409(full_date, organiser):
    event, _occurrence, session_date = full_date
    client = signed_in(organiser)
    url = reverse("bookings_admin:capacity", args=[session_date.pk])
    assert client.post(url, {"capacity": "-1"}).status_code == 400
    assert client.post(url, {"capacity": "many"}).status_code == 400
    event.title = "Ett utkast"
    event.save_revision()
    response = client.post(url, {"capacity": "5"})
    assert response.status_code == 409
    assert "not published" in response.content.decode()
    assert event.occurrences.get().places == 2


def test_unknown_ids_are_404(organiser):
    client = signed_in(organiser)
    # The language middleware first tries the address under /sv/, which is a 404 as well.
    for url in [
        reverse("bookings_admin:date", args=[999999]),
        reverse("bookings_admin:event", args=[999999]),
    ]:
        assert client.get(url, follow=True).status_code == 404
    assert client.post(reverse("bookings_admin:cancel", args=[999999]), follow=True).status_code == 404


def test_the_date_list_reads_the_same_number_of_queries_for_10_and_500_bookings(
    make_event, organiser, django_assert_max_num_queries
):
    event = make_event(capacity=250)
    occurrence = event.occurrences.get()
    session_date = None
    client = signed_in(organiser)
    measured = {}
    for count in [10, 500]:
        for person in PersonFactory.create_batch(count - len(measured and Booking.objects.all())):
            services.book(person, event, [occurrence.original_start])
        session_date = SessionDate.objects.get(event_key=event.translation_key)
        client.get(date_url(session_date))  # warm the admin's own caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(date_url(session_date))
        measured[count] = len(captured)
        assert len(roster_names(response, "booked")) + len(roster_names(response, "waiting")) == count
        with django_assert_max_num_queries(15):
            export = client.get(date_url(session_date) + "?export=csv")
        assert len(csv_body(export).splitlines()) == count + 1
    assert measured[500] == measured[10] <= 15, measured


def test_the_events_listing_shows_the_counts_without_a_query_per_event(make_event):
    editor = signed_in(in_english(member_of("Editors", "redaktor")))
    url = "/admin/events/"

    def add_events(count):
        for event in [make_event(capacity=1) for _ in range(count)]:
            book(PersonFactory(), event)
            book(PersonFactory(), event)

    def counting_queries():
        """The listing, and how many of its queries read dates or bookings (Wagtail's own per-row
        queries, for translations and permissions, are not ours to count)."""
        editor.get(url)  # warm the admin's own caches
        with CaptureQueriesContext(connection) as captured:
            response = editor.get(url)
        ours = [q["sql"] for q in captured if "bookings_" in q["sql"] or "events_occurrence" in q["sql"]]
        return response, len(ours)

    add_events(2)
    response, few = counting_queries()
    labels = [
        a.get_text(" ", strip=True) for a in soup_of(response).select("a[href*='/admin/bookings/event/']")
    ]
    assert labels.count("Bookings, next date: 1 of 1 booked, 1 waiting") == 2
    add_events(6)
    response, many = counting_queries()
    assert len(soup_of(response).select("a[href*='/admin/bookings/event/']")) == 8
    assert many == few == 2


def test_the_index_and_an_events_dates_read_the_same_number_of_queries_as_they_grow(make_event, organiser):
    client = signed_in(organiser)

    def queries(url):
        client.get(url)  # warm the admin's caches and make the dates' rows
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    series = make_event(capacity=3, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"))
    book(PersonFactory(), series)
    few = (
        queries(reverse("bookings_admin:index")),
        queries(reverse("bookings_admin:event", args=[series.pk])),
    )
    series.recurrence = deserialize("RRULE:FREQ=WEEKLY;COUNT=30")
    series.save_revision().publish()
    for _ in range(4):
        book(PersonFactory(), make_event(capacity=3))
    assert series.occurrences.count() == 30
    many = (
        queries(reverse("bookings_admin:index")),
        queries(reverse("bookings_admin:event", args=[series.pk])),
    )
    assert many == few
