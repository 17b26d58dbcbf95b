"""Editors import calendars in the Wagtail admin; others cannot, and bad files are explained, not crashed on."""

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from events.factories import EventIndexPageFactory
from events.ics_import import MAX_BYTES
from events.import_uploads import KEPT_PER_EDITOR, keep_upload
from events.models import EventPage, Occurrence, PendingCalendarImport
from tests.helpers import member_of

# The fixed calendar files are read on the day before their dates (tests/events/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_calendar_files_day")]

ICS = Path(__file__).parent / "ics"
PASSWORD = "Kalender-lösen-2026"
URL = "/admin/import-calendar/"


@pytest.fixture
def calendar(sv_home):
    return EventIndexPageFactory(parent=sv_home)


@pytest.fixture
def editor_client(calendar):
    """An Editors member signed in through the admin's login form, with CSRF checks on as in a browser."""
    member_of("Editors", "redaktor", PASSWORD)
    client = Client(enforce_csrf_checks=True)
    login = client.get("/admin/login/")
    token = login.cookies["csrftoken"].value
    response = client.post(
        "/admin/login/", {"username": "redaktor", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    return client


def form_token(client):
    page = client.get(URL)
    assert page.status_code == 200
    return BeautifulSoup(page.content, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]


def upload(client, calendar, name, data=None, dry_run=False):
    data = data if data is not None else (ICS / name).read_bytes()
    fields = {
        "csrfmiddlewaretoken": form_token(client),
        "calendar_file": SimpleUploadedFile(name, data, content_type="text/calendar"),
        "parent": str(calendar.pk),
    }
    if dry_run:
        fields["dry_run"] = "on"
    return client.post(URL, fields)


def confirm_token(response):
    field = BeautifulSoup(response.content, "html.parser").select_one("input[type=hidden][name=upload]")
    assert field is not None, "no form to import the previewed file"
    return field["value"]


def confirm(client, token):
    return client.post(URL, {"csrfmiddlewaretoken": form_token(client), "upload": token})


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_editor_previews_then_imports_a_calendar(editor_client, calendar):
    form = editor_client.get(URL)
    soup = BeautifulSoup(form.content, "html.parser")
    assert soup.select_one("h1, h2").get_text(strip=True) == "Importera kalender"
    # Every field has a label, the file input takes .ics, and a dry run is the default.
    for name in ("calendar_file", "parent", "dry_run"):
        field = soup.select_one(f"[name={name}]")
        assert soup.select_one(f"label[for={field['id']}]") is not None
    assert soup.select_one("input[name=calendar_file]")["accept"] == ".ics,text/calendar"
    assert soup.select_one("input[name=dry_run]").has_attr("checked")
    assert [o.get_text() for o in soup.select("select[name=parent] option")] == ["Kalender (Svenska)"]
    assert soup.select_one("form")["enctype"] == "multipart/form-data"

    preview = upload(editor_client, calendar, "apple_overrides.ics", dry_run=True)
    assert preview.status_code == 200
    text = text_of(preview)
    assert "Provkörning: ingenting sparades" in text
    assert "Skulle skapa 1, uppdatera 0 och lämna 0 oförändrade i Kalender." in text
    assert "Handledning Case Management (rad 26)" in text
    assert EventPage.objects.count() == 0
    # The next step imports the previewed file, kept on the server: the form names it, signed.
    kept = PendingCalendarImport.objects.get()
    assert bytes(kept.data) == (ICS / "apple_overrides.ics").read_bytes()
    assert kept.parent_id == calendar.pk and kept.uploaded_by.username == "redaktor"
    token = confirm_token(preview)
    assert token.startswith(kept.name + ":")  # the random name, signed
    # Below it, a form for another file, a dry run again and the same calendar preselected.
    soup = BeautifulSoup(preview.content, "html.parser")
    assert soup.select_one("input[name=dry_run]").has_attr("checked")
    assert soup.select_one("select[name=parent] option[selected]")["value"] == str(calendar.pk)

    result = confirm(editor_client, token)
    assert result.status_code == 200
    assert "Kalendern importerades" in text_of(result)
    assert not PendingCalendarImport.objects.exists()  # deleted once imported
    page = EventPage.objects.get()
    assert page.live and page.owner.username == "redaktor"
    assert Revision.objects.filter(object_id=str(page.pk)).get().user.username == "redaktor"
    assert Occurrence.objects.filter(event=page).count() == 12
    # Each created event leads to its edit view and to its page on the site.
    soup = BeautifulSoup(result.content, "html.parser")
    edit_link = soup.find("a", string="Handledning Case Management")
    assert edit_link["href"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    live_link = edit_link.find_next_sibling("a")
    assert live_link.get_text(" ", strip=True) == "Visa på webbplatsen : Handledning Case Management"
    assert live_link["href"] == page.url
    assert editor_client.get(live_link["href"]).status_code == 200

    # The same form sent twice imports nothing the second time.
    twice = confirm(editor_client, token)
    assert twice.status_code == 400
    assert "Ingenting importerades." in text_of(twice)
    assert "redan importerats" in text_of(twice)
    assert EventPage.objects.count() == 1

    again = upload(editor_client, calendar, "apple_overrides.ics")
    assert "Skapade 0, uppdaterade 0 och lämnade 1 oförändrade i Kalender." in text_of(again)
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 1
    # Updated and unchanged events are links too.
    soup = BeautifulSoup(again.content, "html.parser")
    assert soup.find("a", string="Handledning Case Management")["href"] == reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    assert soup.find("a", href=page.url) is not None


def preview_token(client, calendar, name="apple_overrides.ics"):
    response = upload(client, calendar, name, dry_run=True)
    assert response.status_code == 200
    return confirm_token(response)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature"),
        pytest.param(lambda token: "x" + token, id="name"),
        pytest.param(lambda token: "", id="empty"),
        pytest.param(lambda token: token.split(":", 1)[0], id="unsigned-name"),
    ],
)
def test_a_tampered_upload_token_is_refused_and_imports_nothing(editor_client, calendar, change):
    token = preview_token(editor_client, calendar)
    response = confirm(editor_client, change(token))
    assert response.status_code == 400
    assert "Ingenting importerades." in text_of(response)
    assert EventPage.objects.count() == 0
    assert PendingCalendarImport.objects.count() == 1  # the real one is still there to import
    assert confirm(editor_client, token).status_code == 200
    assert EventPage.objects.count() == 1


def test_another_editors_or_an_expired_upload_is_refused(editor_client, calendar):
    token = preview_token(editor_client, calendar)
    other = Client()
    other.force_login(member_of("Editors", "redaktor2", PASSWORD))
    response = other.post(URL, {"upload": token})
    assert response.status_code == 400
    assert EventPage.objects.count() == 0

    # An hour after the preview the file is no longer offered.
    PendingCalendarImport.objects.update(uploaded_at=timezone.now() - dt.timedelta(hours=2))
    response = confirm(editor_client, token)
    assert response.status_code == 400
    assert "gått ut" in text_of(response)
    assert EventPage.objects.count() == 0


def test_an_editor_keeps_a_few_previewed_files_at_most(editor_client, calendar):
    tokens = [
        preview_token(editor_client, calendar, name) for name in sorted(p.name for p in ICS.glob("*.ics"))
    ]
    assert len(tokens) > KEPT_PER_EDITOR
    assert PendingCalendarImport.objects.count() == KEPT_PER_EDITOR
    assert confirm(editor_client, tokens[0]).status_code == 400  # the oldest one went first
    assert confirm(editor_client, tokens[-1]).status_code == 200


def test_a_file_over_the_size_limit_is_never_kept():
    with pytest.raises(ValueError):
        keep_upload(b"x" * (MAX_BYTES + 1), parent=None, user=None)


def test_a_bad_file_shows_each_problem_with_its_line(editor_client, calendar):
    broken = (
        (ICS / "outlook_weekly.ics")
        .read_bytes()
        .replace(
            b'DTEND;TZID="W. Europe Standard Time":20260310T200000',
            b'DTEND;TZID="W. Europe Standard Time":20260310T170000',
        )
    )
    broken = broken.replace(b'DTSTART;TZID="W. Europe Standard Time":20261027T090000', b"DTSTART:2026-10-27")
    response = upload(editor_client, calendar, "trasig.ics", broken)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one("[role=alert]")
    assert "Ingenting importerades." in alert.get_text()
    lines = broken.decode().split("\r\n")
    end_line = lines.index('DTEND;TZID="W. Europe Standard Time":20260310T170000') + 1
    start_line = lines.index("DTSTART:2026-10-27") + 1
    # Shown with the file field, in line order, and nothing about the override of the broken series.
    file_input = soup.select_one("input[name=calendar_file]")
    problems_id, help_id = file_input["aria-describedby"].split()
    problems = soup.find(id=problems_id)
    assert "högst 5 MB" in soup.find(id=help_id).get_text()
    assert [error.get_text(" ", strip=True) for error in problems.select("li")] == [
        f"rad {end_line}: DTEND före DTSTART",
        f"rad {start_line}: DTSTART är inte ett giltigt datum eller klockslag: 2026-10-27",
    ]
    assert EventPage.objects.count() == 0


def test_not_a_calendar_and_no_file_are_400_not_500(editor_client, calendar):
    response = upload(editor_client, calendar, "bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert response.status_code == 400
    assert re.search(r"rad 1: (BEGIN:VCALENDAR väntades|filen är inte giltig UTF-8-text)", text_of(response))

    response = editor_client.post(
        URL, {"csrfmiddlewaretoken": form_token(editor_client), "parent": str(calendar.pk)}
    )
    assert response.status_code == 400
    response = editor_client.post(
        URL,
        {
            "csrfmiddlewaretoken": form_token(editor_client),
            "parent": "999999",
            "calendar_file": SimpleUploadedFile("a.ics", (ICS / "rdate_floating.ics").read_bytes()),
        },
    )
    assert response.status_code == 400
    assert EventPage.objects.count() == 0


def test_the_form_is_csrf_protected(editor_client, calendar):
    response = editor_client.post(
        URL,
        {
            "calendar_file": SimpleUploadedFile("a.ics", (ICS / "rdate_floating.ics").read_bytes()),
            "parent": str(calendar.pk),
        },
    )
    assert response.status_code == 403
    assert EventPage.objects.count() == 0


def test_communicators_and_anonymous_visitors_are_refused(client, calendar):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.post(URL, {"parent": str(calendar.pk)})
    assert response.status_code == 302

    # Communicators may add pages but not publish them, and an import publishes.
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    communicator = member_of("Communicators", "kommunikator", PASSWORD)
    client.force_login(communicator)
    response = client.get(URL)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    data = {
        "calendar_file": SimpleUploadedFile("a.ics", (ICS / "rdate_floating.ics").read_bytes()),
        "parent": str(calendar.pk),
    }
    response = client.post(URL, data)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert EventPage.objects.count() == 0
    assert URL not in client.get("/admin/").content.decode()


def test_the_menu_and_the_event_index_lead_to_the_import(editor_client, calendar):
    dashboard = editor_client.get("/admin/").content.decode()
    assert URL in dashboard and "Importera kalender" in dashboard
    explorer = editor_client.get(reverse("wagtailadmin_explore", args=[calendar.pk]))
    link = BeautifulSoup(explorer.content, "html.parser").find("a", href=f"{URL}?parent={calendar.pk}")
    assert link is not None and "Importera kalender" in link.get_text()
    form = editor_client.get(f"{URL}?parent={calendar.pk}")
    selected = BeautifulSoup(form.content, "html.parser").select_one("select[name=parent] option[selected]")
    assert selected["value"] == str(calendar.pk)
