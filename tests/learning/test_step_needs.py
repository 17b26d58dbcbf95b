"""What a step needs, as the path page and the path editor's event chooser show it, and taking back a
step marked done by mistake."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from recurrence import deserialize

from learning import progress_store
from learning.factories import material_step, session_step
from learning.models import PathCompletion, ProgressSource, StepCompletion

pytestmark = pytest.mark.django_db


def weekly(make_event, title, first_day, count, **fields):
    return make_event(
        title=title,
        start_date=first_day,
        recurrence=deserialize(f"RRULE:FREQ=WEEKLY;COUNT={count}"),
        **fields,
    )


def shown_dates(soup, step_id):
    return [
        li.select_one("time")["datetime"][:10] for li in soup.select(f"#step-{step_id} .occurrence-list li")
    ]


def test_every_upcoming_date_of_a_four_date_step_is_on_the_path_page(client, make_path, make_event):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    module = weekly(make_event, "Fördjupning IPS", tomorrow, 5, event_type="module")
    path = make_path([session_step(module, dates_needed="number", number_of_dates=4)])
    step_id = path.structure.steps[0].id

    soup = BeautifulSoup(client.get(path.url).content, "html.parser")
    expected = [(tomorrow + dt.timedelta(weeks=week)).isoformat() for week in range(5)]
    assert shown_dates(soup, step_id) == expected
    step_text = soup.select_one(f"#step-{step_id}").get_text(" ", strip=True)
    assert "Klart efter att du deltagit i 4 tillfällen." in step_text
    facts = soup.select_one(".learning-path__facts").get_text(" ", strip=True)
    assert "Innehåll 1 steg med tillfällen" in facts and "Tillfällen" not in facts


def test_a_one_date_step_shows_three_dates_and_links_to_all_of_them(client, make_path, make_event):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    seminar = weekly(make_event, "Seminarium varje vecka", tomorrow, 6)
    path = make_path([session_step(seminar)])
    step_id = path.structure.steps[0].id

    soup = BeautifulSoup(client.get(path.url).content, "html.parser")
    assert len(shown_dates(soup, step_id)) == 3
    link = soup.select_one(f"#step-{step_id} a[href$='#event-when']")
    assert "Se alla 6 kommande datum på evenemangssidan" in link.get_text(" ", strip=True)
    event_page = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    section = event_page.select_one("#event-when").find_parent("section")
    assert len(section.select(".occurrence-list li")) == 6


def test_path_page_queries_stay_the_same_with_many_dates(
    client, make_path, make_event, django_assert_max_num_queries
):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    few = make_path([session_step(weekly(make_event, "Få", tomorrow, 2), dates_needed="all")])
    many = make_path([session_step(weekly(make_event, "Många", tomorrow, 20), dates_needed="all")])
    client.get(few.url), client.get(many.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(few.url)
    with django_assert_max_num_queries(len(queries)):
        soup = BeautifulSoup(client.get(many.url).content, "html.parser")
    assert len(soup.select(".learning-step .occurrence-list li")) == 12  # then the link to all 20
    assert soup.select_one(".learning-step a[href$='#event-when']")


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("redaktor", "redaktor@example.org", "pw"))
    return client


def chooser_rows(client):
    response = client.get(reverse("learning_seminar_chooser:choose"))
    assert response.status_code == 200
    soup = BeautifulSoup(json.loads(response.content)["html"], "html.parser")
    return {
        row.select_one("td").get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in soup.select("tbody tr")
    }


def test_the_event_chooser_shows_each_events_next_date(
    editor_client, make_event, django_assert_max_num_queries
):
    next_week = dt.date.today() + dt.timedelta(days=7)
    make_event(title="Kommande seminarium", start_date=next_week, start_time=dt.time(9, 30))
    make_event(title="Gammalt seminarium", start_date=dt.date.today() - dt.timedelta(days=30))
    rows = chooser_rows(editor_client)
    assert f"{next_week.day} " in rows["Kommande seminarium"] and "09:30" in rows["Kommande seminarium"]
    assert "Inga kommande datum" in rows["Gammalt seminarium"]
    assert "Inga kommande datum" not in rows["Kommande seminarium"]

    with CaptureQueriesContext(connection) as queries:
        chooser_rows(editor_client)
    for number in range(8):
        make_event(title=f"Seminarium {number}", start_date=next_week + dt.timedelta(days=number))
    with django_assert_max_num_queries(len(queries)):
        assert len(chooser_rows(editor_client)) == 10


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user("anna", "anna@example.org", "pw")


@pytest.fixture
def browser(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    return client


def submit(client, page_url, action_suffix):
    soup = BeautifulSoup(client.get(page_url).content, "html.parser")
    form = next(f for f in soup.select("form[method=post]") if f["action"].endswith(action_suffix))
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    return client.post(form["action"], data)


def test_a_step_marked_done_by_mistake_is_undone_with_a_post_form(browser, person, make_path):
    only = material_step("Läs om samverkan")
    path = make_path([only], title="Samverkan")
    undo_url = f"{path.url}steps/{only['id']}/undo/"
    submit(browser, path.url, f"/steps/{only['id']}/done/")
    assert PathCompletion.objects.filter(user=person).exists()

    assert browser.get(undo_url).status_code == 405
    assert browser.post(undo_url).status_code == 403  # no CSRF token
    button = BeautifulSoup(browser.get(path.url).content, "html.parser").select_one(
        f"form[action='{undo_url}'] button"
    )
    assert button.get_text(" ", strip=True) == "Ångra : Läs om samverkan"

    response = submit(browser, path.url, f"/steps/{only['id']}/undo/")
    assert response.status_code == 303 and response["Location"].endswith(f"#step-{only['id']}")
    assert not StepCompletion.objects.exists() and not PathCompletion.objects.exists()
    page = BeautifulSoup(browser.get(path.url).content, "html.parser")
    assert "Steget är inte längre markerat som klart." in page.get_text(" ", strip=True)
    assert page.select_one(f"form[action$='/steps/{only['id']}/done/']")
    assert not page.select_one(f"form[action='{undo_url}']")
    assert browser.get("/sv/mitt-larande/").content.decode().count('value="0"') == 1  # the bar is back to 0


def test_a_step_recorded_from_attendance_cannot_be_undone(browser, person, make_path, make_event):
    seminar = make_event(title="Seminarium", start_date=dt.date.today() - dt.timedelta(days=2))
    path = make_path([session_step(seminar)])
    step_id = path.structure.steps[0].id
    progress_store.mark_done(person, path, step_id, source=ProgressSource.ATTENDANCE)
    page = browser.get(path.url)
    assert f"/steps/{step_id}/undo/" not in page.content.decode()
    token = browser.cookies["csrftoken"].value
    refused = browser.post(f"{path.url}steps/{step_id}/undo/", {"csrfmiddlewaretoken": token})
    assert refused.status_code == 400
    assert "närvaro" in refused.content.decode()
    assert StepCompletion.objects.filter(user=person).count() == 1
    unknown = browser.post(f"{path.url}steps/no-such-step/undo/", {"csrfmiddlewaretoken": token})
    assert unknown.status_code == 404


def test_undo_keeps_the_path_complete_when_the_rest_still_completes_it(person, make_path):
    required, optional = material_step("Krävs"), material_step("Frivillig", required=False)
    path = make_path([required, optional])
    progress_store.mark_done(person, path, required["id"])
    progress_store.mark_done(person, path, optional["id"])
    progress = progress_store.undo_done(person, path, optional["id"])
    assert progress.complete and PathCompletion.objects.filter(user=person).exists()
    progress = progress_store.undo_done(person, path, required["id"])
    assert not progress.complete and not PathCompletion.objects.exists()
