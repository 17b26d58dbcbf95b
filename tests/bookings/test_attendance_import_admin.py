"""The admin's attendance import over HTTP: upload, preview, hand matches, apply; bad files, a preview
applied twice and who may use it."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from bookings.factories import PersonFactory, book
from bookings.models import AttendanceImport, Booking, BookingState, SessionDate
from tests.helpers import member_of, signed_in, soup_of

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "attendance"


@pytest.fixture
def date_with_people(make_event):
    event = make_event(capacity=20, start_time=dt.time(10, 0), end_time=dt.time(12, 0))
    anna = PersonFactory(first_name="Anna", last_name="Svensson", email="anna.svensson@kommun.example")
    erik = PersonFactory(first_name="Erik", last_name="Nyström", email="erik.nystrom@kommun.example")
    for someone in (anna, erik):
        assert book(someone, event).ok
    session_date = SessionDate.objects.get(event_key=event.translation_key)
    return session_date, anna, erik


def import_url(session_date):
    return reverse("bookings_admin:attendance_import", args=[session_date.pk])


def upload(client, session_date, name="zoom_participants_meeting_block.csv", data=None):
    data = (FILES / name).read_bytes() if data is None else data
    return client.post(
        import_url(session_date), {"attendance_file": SimpleUploadedFile(name, data, "text/csv")}
    )


def preview_form(response):
    form = soup_of(response).select_one("form[method=post] input[name=upload]").find_parent("form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    selects = {select["name"]: select for select in form.select("select")}
    return fields, selects


def test_an_organiser_previews_matches_by_hand_and_applies_the_previewed_file(date_with_people):
    session_date, anna, erik = date_with_people
    organiser = member_of("Organisers", "arrangor")
    client = signed_in(organiser)

    form_page = client.get(import_url(session_date))
    assert form_page.status_code == 200
    file_input = soup_of(form_page).select_one("input[type=file]")
    assert soup_of(form_page).select_one(f"label[for={file_input['id']}]")

    response = upload(client, session_date)
    assert response.status_code == 200
    page = soup_of(response)
    anna_row = page.select_one(f"tr[data-booking='{Booking.objects.get(user=anna).pk}']")
    assert "Deltog" in anna_row.get_text() and "113" in anna_row.get_text()
    unmatched = [row.th.get_text(strip=True) for row in page.select("tr[data-row]")]
    assert unmatched == ["Björn Ek", "Erik Ny", "Fatima Ali"]
    assert Booking.objects.get(user=anna).state == BookingState.BOOKED  # a preview changes nothing

    fields, selects = preview_form(response)
    erik_field = next(
        name for name, select in selects.items() if select.find_parent("tr").th.get_text() == "Erik Ny"
    )
    erik_booking = Booking.objects.get(user=erik)
    assert str(erik_booking.pk) in [option["value"] for option in selects[erik_field].select("option")]

    # Apply with a match the preview did not show: the preview again, nothing applied.
    changed = client.post(
        import_url(session_date), {**fields, erik_field: erik_booking.pk, "action": "apply"}
    )
    assert changed.status_code == 200 and not AttendanceImport.objects.exists()
    fields, selects = preview_form(changed)
    assert selects[erik_field].select_one("option[selected]")["value"] == str(erik_booking.pk)

    applied = client.post(
        import_url(session_date), {**fields, erik_field: erik_booking.pk, "action": "apply"}
    )
    assert applied.status_code == 303
    assert Booking.objects.get(user=anna).state == BookingState.ATTENDED
    assert (Booking.objects.get(user=erik).state, Booking.objects.get(user=erik).attended_minutes) == (
        BookingState.PARTLY_ATTENDED,
        34,
    )
    assert AttendanceImport.objects.get().imported_by == organiser

    # The same form again: the kept file is gone, nothing more changes.
    again = client.post(import_url(session_date), {**fields, erik_field: erik_booking.pk, "action": "apply"})
    assert again.status_code == 400 and AttendanceImport.objects.count() == 1
    # The same file uploaded again: the preview says it was applied and offers no Apply.
    repeat = upload(client, session_date)
    assert soup_of(repeat).select_one("[role=status]") and not soup_of(repeat).select("button[value=apply]")


def test_the_previewed_bytes_are_applied_only_with_their_hash(date_with_people):
    session_date, anna, _erik = date_with_people
    client = signed_in(member_of("Organisers", "arrangor"))
    fields, _selects = preview_form(upload(client, session_date))
    response = client.post(import_url(session_date), {**fields, "file_hash": "0" * 64, "action": "apply"})
    assert response.status_code == 400
    assert Booking.objects.get(user=anna).state == BookingState.BOOKED
    tampered = client.post(import_url(session_date), {**fields, "match-1": "x", "action": "apply"})
    assert tampered.status_code == 400
    assert Booking.objects.get(user=anna).state == BookingState.BOOKED


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "tom"),
        (b"Name,Email\r\nAnna,anna@example.org\r\n", "Teams"),
        ("Name\tIn-Meeting Duration\r\nAnna\tsoon\r\n".encode("utf-16"), "soon"),
    ],
)
def test_a_bad_file_shows_the_reason_and_changes_nothing(date_with_people, data, reason):
    session_date, anna, _erik = date_with_people
    client = signed_in(member_of("Organisers", "arrangor"))
    response = upload(client, session_date, name="report.csv", data=data)
    assert response.status_code == 400
    alert = soup_of(response).select_one("[role=alert]")
    assert reason in alert.get_text()
    assert (
        Booking.objects.get(user=anna).state == BookingState.BOOKED and not AttendanceImport.objects.exists()
    )


def test_only_organisers_and_editors_may_import(date_with_people, client):
    session_date, anna, _erik = date_with_people
    url = import_url(session_date)
    # Wagtail turns a refusal into a redirect to the admin's home with a message.
    communicator = signed_in(member_of("Communicators", "kommunikator"))
    refused = communicator.get(url)
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert upload(communicator, session_date).status_code == 302
    assert (
        Booking.objects.get(user=anna).state == BookingState.BOOKED and not AttendanceImport.objects.exists()
    )
    assert "/admin/login/" in client.get(url)["Location"]
    assert signed_in(member_of("Editors", "redaktor")).get(url).status_code == 200
    missing = reverse("bookings_admin:attendance_import", args=[999999])
    assert signed_in(member_of("Organisers", "arrangor")).get(missing, follow=True).status_code == 404


@pytest.mark.parametrize(
    "language, attended, applied",
    [("sv", "Deltog", "redan lästs in"), ("en", "Attended", "already been applied")],
)
def test_the_preview_reads_in_the_organisers_language(date_with_people, language, attended, applied):
    session_date, anna, _erik = date_with_people
    organiser = member_of("Organisers", "arrangor")
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = language
    profile.save()
    client = signed_in(organiser)
    response = upload(client, session_date)
    row = soup_of(response).select_one(f"tr[data-booking='{Booking.objects.get(user=anna).pk}']")
    assert attended in row.get_text()
    fields, _selects = preview_form(response)
    client.post(import_url(session_date), {**fields, "action": "apply"})
    assert applied in upload(client, session_date).content.decode()
