"""The editors' learning path report in the Wagtail admin, its CSV and XLSX downloads, and who sees it."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from learning import progress_store
from learning.factories import material_step, session_step
from learning.models import PathCompletion, PathFollow, StepCompletion

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/learning-paths/"


@pytest.fixture
def make_user(django_user_model):
    def make(username, group=None, organisation="", **extra):
        # Joined before the seminar's past date, so they may report having attended it.
        extra.setdefault("date_joined", timezone.now() - dt.timedelta(days=60))
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", "pw", organisation=organisation, **extra
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def report_data(make_path, seminar, make_user):
    reading = material_step("Läs om IPS")
    employment = make_path([reading, session_step(seminar)], title="Supported Employment")
    make_path([material_step("Läs om samverkan")], title="Samverkan")
    anna = make_user("anna", organisation="municipality")
    bo = make_user("bo", organisation="municipality")
    cecilia = make_user("cecilia", organisation="region_stockholm")
    for person in (anna, bo, cecilia):
        progress_store.follow(person, employment)
    progress_store.mark_done(anna, employment, reading["id"])
    progress_store.mark_done(cecilia, employment, reading["id"])
    progress_store.mark_done(cecilia, employment, employment.structure.steps[1].id)  # last week's date
    return employment


def read_csv(response, separator=";"):
    """The rows as Swedish Excel reads them: UTF-8 because of the byte-order mark, split at ";"."""
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=separator))


def signed_in(client, user):
    client.force_login(user)
    return client


EXPECTED = [
    ["Lärväg", "Fördelat på", "Grupp eller steg", "Antal som följer", "Antal som slutfört"],
    ["Alla lärvägar", "Unika deltagare", "", "3", "1"],
    ["Samverkan", "Alla", "", "0", "0"],
    ["Samverkan", "Steg", "1. Läs om samverkan", "", "0"],
    ["Supported Employment", "Alla", "", "3", "1"],
    ["Supported Employment", "Organisationstyp", "En kommun", "2", "0"],
    ["Supported Employment", "Organisationstyp", "Region Stockholm", "1", "1"],
    ["Supported Employment", "Steg", "1. Läs om IPS", "", "2"],
    ["Supported Employment", "Steg", "2. Supported Employment i praktiken", "", "1"],
]


@pytest.mark.parametrize("group", ["Editors", "Moderators", None])
def test_editors_moderators_and_superusers_download_the_report_as_csv_and_xlsx(
    client, report_data, make_user, group
):
    user = make_user("redaktor", group, is_superuser=group is None)
    signed_in(client, user)
    page = client.get(REPORT)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Supported Employment i praktiken" in body and "Region Stockholm" in body
    assert "?export=csv" in body and "?export=xlsx" in body

    response = client.get(REPORT + "?export=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="learning-paths.csv"' in response["Content-Disposition"]
    assert read_csv(response) == EXPECTED

    response = client.get(REPORT + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [
        ["" if v is None else str(v) for v in row] for row in workbook.active.iter_rows(values_only=True)
    ]
    assert cells == EXPECTED


def test_the_report_is_in_the_reports_menu_of_editors_only(client, report_data, make_user):
    signed_in(client, make_user("redaktor", "Editors"))
    assert REPORT in client.get("/admin/").content.decode()
    client.logout()

    signed_in(client, make_user("kommunikator", "Communicators"))
    assert client.get("/admin/").status_code == 200
    assert REPORT not in client.get("/admin/").content.decode()
    for url in (REPORT, REPORT + "?export=csv", REPORT + "?export=xlsx", REPORT + "results/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Supported Employment" not in response.content
    client.logout()

    signed_in(client, make_user("deltagare", organisation="municipality"))  # no admin access at all
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_report_queries_do_not_grow_with_paths_and_followers(
    client, make_path, make_event, make_user, django_assert_max_num_queries
):
    signed_in(client, make_user("redaktor", "Editors"))
    first = make_path([material_step("Läs"), session_step(make_event(title="Seminarium A"))])
    progress_store.follow(make_user("p0", organisation="municipality"), first)
    client.get(REPORT)
    with CaptureQueriesContext(connection) as few:
        assert client.get(REPORT + "?export=csv").status_code == 200
    for n in range(1, 8):
        path = make_path([material_step(f"Läs {n}"), session_step(make_event(title=f"Seminarium {n}"))])
        for m in range(3):
            person = make_user(f"p{n}-{m}", organisation="region_stockholm")
            progress_store.follow(person, path)
            progress_store.mark_done(person, path, path.structure.steps[0].id)
    with django_assert_max_num_queries(len(few)):
        rows = read_csv(client.get(REPORT + "?export=csv"))
    assert len(rows) == 2 + 4 + 7 * 4


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_the_period_counts_what_happened_in_it_and_each_person_once(client, make_path, make_user):
    reading, practice = material_step("Läs"), material_step("Öva")
    first = make_path([reading], title="Första")
    second = make_path([practice], title="Andra")
    anna, bo, cecilia = (make_user(name, organisation="municipality") for name in ("anna", "bo", "cecilia"))
    progress_store.mark_done(anna, first, reading["id"])  # follows and completes the path
    for model in (PathFollow, StepCompletion, PathCompletion):
        stamp = "followed_at" if model is PathFollow else "completed_at"
        model.objects.filter(user=anna).update(**{stamp: days_ago(40)})
    progress_store.mark_done(bo, first, reading["id"])
    progress_store.mark_done(bo, second, practice["id"])
    for model in (PathFollow, StepCompletion, PathCompletion):
        stamp = "followed_at" if model is PathFollow else "completed_at"
        model.objects.filter(user=bo).update(**{stamp: days_ago(5)})
    progress_store.follow(cecilia, second)  # today

    signed_in(client, make_user("redaktor", "Editors"))
    today = timezone.localdate()

    def export(start, end):
        query = f"?export=csv&period_from={start.isoformat()}&period_to={end.isoformat()}"
        rows = read_csv(client.get(REPORT + query))
        return {(row[0], row[1]): row[3:] for row in rows[1:] if row[2] == ""}

    last_week = export(today - dt.timedelta(days=10), today - dt.timedelta(days=1))
    assert last_week[("Alla lärvägar", "Unika deltagare")] == ["1", "1"]  # bo, on two paths: once
    assert last_week[("Första", "Alla")] == ["1", "1"] and last_week[("Andra", "Alla")] == ["1", "1"]
    this_week = export(today - dt.timedelta(days=2), today)
    assert this_week[("Alla lärvägar", "Unika deltagare")] == ["1", "0"]  # cecilia began following
    assert this_week[("Första", "Alla")] == ["0", "0"] and this_week[("Andra", "Alla")] == ["1", "0"]
    everything = read_csv(client.get(REPORT + "?export=csv"))
    assert everything[1] == ["Alla lärvägar", "Unika deltagare", "", "3", "2"]

    page = BeautifulSoup(
        client.get(REPORT + f"?period_from={(today - dt.timedelta(days=10)).isoformat()}").content,
        "html.parser",
    )
    total = page.select_one("[data-unique-participants]")
    assert total["data-unique-participants"] == "2"
    assert "2 unika deltagare" in total.get_text(" ", strip=True)


@pytest.mark.parametrize("query", ["period_from=2026-13-01", "period_from=2026-12-10&period_to=2026-12-01"])
def test_a_period_that_cannot_be_read_is_refused_not_ignored(client, report_data, make_user, query):
    signed_in(client, make_user("redaktor", "Editors"))
    response = client.get(f"{REPORT}?export=csv&{query}")
    assert response.status_code == 400
    assert "perioden" in response.content.decode().lower()
    assert client.get(f"{REPORT}?{query}").status_code == 200  # the form shows what is wrong


def test_an_editor_who_reads_english_gets_a_comma_separated_file(client, report_data, make_user):
    editor = make_user("editor", "Editors")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    signed_in(client, editor)
    rows = read_csv(client.get(REPORT + "?export=csv"), separator=",")
    assert rows[0] == [
        "Learning path",
        "Figures by",
        "Group or step",
        "People following",
        "People who completed",
    ]
    assert rows[1] == ["All learning paths", "Unique participants", "", "3", "1"]
