"""The editors' learning path report in the Wagtail admin, its CSV and XLSX downloads, and who sees it."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning import progress_store
from learning.factories import material_step, session_step

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


def signed_in(client, user):
    client.force_login(user)
    return client


EXPECTED = [
    ["Lärväg", "Fördelat på", "Grupp eller steg", "Antal som följer", "Antal som slutfört"],
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
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="learning-paths.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(text))) == EXPECTED

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
        response = client.get(REPORT + "?export=csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1 + 4 + 7 * 4
