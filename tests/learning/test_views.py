"""Following, marking steps done and "My learning" over HTTP, as a visitor's browser would."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from events.models import EventDateException, sync_occurrences
from home.translation import translate_page
from learning.factories import material_step, session_step, step_group
from learning.models import PathFollow, StepCompletion

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(django_user_model):
    # In the programme since before the fixtures' past dates: an earlier date cannot be self-reported.
    joined = timezone.now() - dt.timedelta(days=60)
    return django_user_model.objects.create_user("anna", "anna@example.org", "pw", date_joined=joined)


@pytest.fixture
def browser(person):
    """A signed-in visitor whose POSTs must carry the CSRF token, like a real browser's."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    return client


def post_form(client, page_url, action_suffix):
    """Submit the form on the page whose action ends with ``action_suffix``, token included."""
    soup = BeautifulSoup(client.get(page_url).content, "html.parser")
    form = next(f for f in soup.select("form[method=post]") if f["action"].endswith(action_suffix))
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    return client.post(form["action"], data)


def test_a_signed_out_visitor_is_offered_to_log_in_and_cannot_follow(client, simple_path):
    body = client.get(simple_path.url).content.decode()
    login = 'href="/sv/accounts/login/?next=%2Fsv%2Flarvagar%2Fsupported-employment%2F"'
    assert login in body and "Logga in för att följa" in body
    response = client.post(simple_path.url + "follow/")
    assert response.status_code == 302 and response["Location"].startswith("/sv/accounts/login/?next=")
    assert not PathFollow.objects.exists()


def test_follow_and_leave_are_post_forms_with_csrf(browser, person, simple_path):
    assert browser.get(simple_path.url + "follow/").status_code == 405
    assert browser.post(simple_path.url + "follow/").status_code == 403  # no token
    assert not PathFollow.objects.exists()

    response = post_form(browser, simple_path.url, "/follow/")
    assert response.status_code == 303
    assert PathFollow.objects.filter(user=person, path_key=simple_path.translation_key).exists()
    assert "Sluta följa" in browser.get(simple_path.url).content.decode()

    assert browser.get(simple_path.url + "leave/").status_code == 405
    assert post_form(browser, simple_path.url, "/leave/").status_code == 303
    assert not PathFollow.objects.exists()


def test_material_is_marked_done_by_post_and_the_bar_moves(browser, person, simple_path):
    reading, session = simple_path.structure.steps
    done_url = f"{simple_path.url}steps/{reading.id}/done/"
    assert browser.get(done_url).status_code == 405
    assert browser.post(done_url).status_code == 403
    assert not StepCompletion.objects.exists()

    response = post_form(browser, simple_path.url, f"/steps/{reading.id}/done/")
    assert response.status_code == 303 and response["Location"].endswith(f"#step-{reading.id}")
    completion = StepCompletion.objects.get(user=person)
    assert (completion.step_id, completion.source) == (reading.id, "self_report")
    soup = BeautifulSoup(browser.get("/sv/mitt-larande/").content, "html.parser")
    bar = soup.select_one("progress")
    assert bar["value"] == "50" and bar["max"] == "100"
    assert (
        soup.select_one(f"label[for={bar['id']}]").get_text(strip=True) == "Framsteg i Supported Employment"
    )


def test_a_blocked_step_or_a_session_before_its_date_is_refused_with_a_reason(browser, make_path, make_event):
    upcoming = make_event(title="Seminarium i morgon", start_date=dt.date.today() + dt.timedelta(days=1))
    reading = material_step("Läs först")
    after = material_step("Sedan", prerequisite=reading["id"])
    path = make_path([reading, after, session_step(upcoming)])
    steps = path.structure.steps
    blocked = browser.get(path.url)  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    blocked = browser.post(f"{path.url}steps/{steps[1].id}/done/", {"csrfmiddlewaretoken": token})
    assert blocked.status_code == 400
    assert "Gör först steget som det bygger på." in blocked.content.decode()
    too_early = browser.post(f"{path.url}steps/{steps[2].id}/done/", {"csrfmiddlewaretoken": token})
    assert too_early.status_code == 400
    assert "när dess datum har passerat" in too_early.content.decode()
    unknown = browser.post(f"{path.url}steps/no-such-step/done/", {"csrfmiddlewaretoken": token})
    assert unknown.status_code == 404
    assert not StepCompletion.objects.exists()


def test_a_session_can_be_marked_done_once_a_date_has_passed(browser, person, simple_path):
    reading, session = simple_path.structure.steps
    post_form(browser, simple_path.url, f"/steps/{reading.id}/done/")
    response = post_form(browser, simple_path.url, f"/steps/{session.id}/done/")
    assert response.status_code == 303
    assert StepCompletion.objects.filter(user=person).count() == 2
    body = browser.get("/sv/mitt-larande/").content.decode()
    assert "Slutförd" in body


def test_the_path_page_shows_kinds_dates_prerequisites_effort_and_sessions(client, make_path, make_event):
    series = make_event(
        title="Fördjupning Case Management",
        event_type="module",
        start_date=dt.date.today() - dt.timedelta(days=1),
        recurrence=__import__("recurrence").deserialize("RRULE:FREQ=WEEKLY;COUNT=4"),
    )
    cancelled_on = dt.date.today() + dt.timedelta(days=6)
    EventDateException.objects.create(
        event=series, original_date=cancelled_on, kind="cancelled", locale=series.locale
    )
    series.save_revision().publish()
    sync_occurrences(series)
    intro = material_step("Introduktion", effort_hours="1")
    path = make_path(
        [intro, session_step(series, dates_needed="all", prerequisite=intro["id"], effort_hours="12")],
    )
    soup = BeautifulSoup(client.get(path.url).content, "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "Fördjupningsmodul" in text and "Material" in text
    assert "cirka 13 timmar" in text  # the steps' effort added up
    assert "Innehåll 1 steg med tillfällen, 1 steg med material" in text
    assert "Har varit" in text  # yesterday's date
    assert "Inställt" in text  # the cancelled date
    prerequisite = soup.select_one(".learning-step__prerequisite a")
    assert prerequisite.get_text() == "1. Introduktion" and prerequisite["href"] == f"#step-{intro['id']}"
    for time in soup.select(".learning-step time"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", time["datetime"])


def test_someone_elses_progress_is_never_shown(browser, simple_path, django_user_model):
    other = django_user_model.objects.create_user("bertil", "bertil@example.org", "pw")
    from learning import progress_store

    progress_store.mark_done(other, simple_path, simple_path.structure.steps[0].id)
    page = browser.get(simple_path.url).content.decode()
    assert "Klart" not in page and "Följ lärvägen" in page
    mine = browser.get("/sv/mitt-larande/").content.decode()
    assert "Du följer ingen lärväg än." in mine and "Supported Employment" not in mine


def test_my_learning_is_for_signed_in_people_in_both_languages(client, browser):
    response = client.get("/sv/mitt-larande/")
    assert response.status_code == 302
    assert response["Location"] == "/sv/accounts/login/?next=/sv/mitt-larande/"
    assert client.get("/en/my-learning/")["Location"] == "/en/accounts/login/?next=/en/my-learning/"
    assert browser.get("/en/my-learning/").status_code == 200
    assert "<h1>My learning</h1>" in browser.get("/en/my-learning/").content.decode()


def test_my_learning_shows_the_path_in_the_visitors_language(browser, person, simple_path, english_paths):
    english = translate_page(
        simple_path,
        "en",
        {
            simple_path.title: "Supported Employment in practice",
            simple_path.slug: "supported-employment",
            simple_path.introduction: "A path.",
            "Läs om IPS": "Read about IPS",
            "Kapitel 1 och 2.": "Chapters 1 and 2.",
        },
    )
    post_form(browser, english.url, "/follow/")
    soup = BeautifulSoup(browser.get("/en/my-learning/").content, "html.parser")
    assert soup.select_one(".learning-entry a")["href"] == "/en/learning-paths/supported-employment/"
    assert "Next: Read about IPS" in soup.get_text(" ", strip=True)
    assert (
        "Supported Employment i praktiken"
        in soup.select_one("#next-sessions").find_parent("section").get_text()
    )
    soup = BeautifulSoup(browser.get("/sv/mitt-larande/").content, "html.parser")
    assert [a["href"] for a in soup.select(".learning-entry h3 a")] == ["/sv/larvagar/supported-employment/"]


def many_steps(make_event, count):
    steps = []
    for n in range(count):
        if n % 3 == 0:
            steps.append(material_step(f"Material {n}"))
        else:
            event = make_event(title=f"Seminarium {n}")
            steps.append(session_step(event, prerequisite=steps[-1]["id"]))
    # one group, the same in both sizes, so the shape of the path is comparable
    steps.append(step_group("Välj ett", 1, [material_step("A"), material_step("B")]))
    return steps


def test_path_page_queries_do_not_grow_with_its_steps(
    browser, person, make_path, make_event, django_assert_max_num_queries
):
    small = make_path(many_steps(make_event, 3))
    large = make_path(many_steps(make_event, 30))
    for page in (small, large):
        browser.get(page.url)  # warm the site root cache like any other page
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert browser.get(small.url).status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        response = browser.get(large.url)
    assert response.content.decode().count('<li class="learning-step') == 32


def test_my_learning_queries_do_not_grow_with_followed_paths(
    browser, person, make_path, make_event, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning import progress_store

    event = make_event(title="Gemensamt seminarium")
    paths = [make_path([material_step(f"Läs {n}"), session_step(event)]) for n in range(20)]
    progress_store.follow(person, paths[0])
    progress_store.mark_done(person, paths[0], paths[0].structure.steps[0].id)
    browser.get("/sv/mitt-larande/")
    with CaptureQueriesContext(connection) as one:
        browser.get("/sv/mitt-larande/")
    for page in paths[1:]:
        progress_store.follow(person, page)
    with django_assert_max_num_queries(len(one)):
        response = browser.get("/sv/mitt-larande/")
    assert response.content.decode().count("<progress") == 20


def test_the_index_lists_the_paths_of_its_language(client, simple_path, english_paths):
    translate_page(
        simple_path,
        "en",
        {
            simple_path.title: "Supported Employment in practice",
            simple_path.slug: "supported-employment",
            simple_path.introduction: "A path.",
            "Läs om IPS": "Read about IPS",
            "Kapitel 1 och 2.": "Chapters 1 and 2.",
        },
    )
    swedish = BeautifulSoup(client.get("/sv/larvagar/").content, "html.parser")
    assert [a["href"] for a in swedish.select(".card__title a")] == ["/sv/larvagar/supported-employment/"]
    english = BeautifulSoup(client.get("/en/learning-paths/").content, "html.parser")
    assert [a.get_text() for a in english.select(".card__title a")] == ["Supported Employment in practice"]


def test_a_date_held_before_the_account_existed_cannot_be_self_reported(
    make_path, seminar, django_user_model
):
    newcomer = django_user_model.objects.create_user("nykomling", "ny@example.org", "pw")
    path = make_path([session_step(seminar)])  # the seminar's past date was last week
    client = Client()
    client.force_login(newcomer)
    page = client.get(path.url).content.decode()
    assert "Markera som klar" not in page
    response = client.post(f"{path.url}steps/{path.structure.steps[0].id}/done/")
    assert response.status_code == 400
    assert "innan du hade ett konto" in response.content.decode()
    assert not StepCompletion.objects.exists()


def test_a_session_with_sign_up_here_waits_for_attendance(browser, make_path, make_event):
    booked_here = make_event(
        title="Seminarium med bokning", start_date=dt.date.today() - dt.timedelta(days=7)
    )
    booked_here.signup = "site"
    booked_here.save_revision().publish()
    path = make_path([session_step(booked_here)])
    page = browser.get(path.url).content.decode()
    assert "Markera som klar" not in page
    assert "Klar när din närvaro har registrerats." in page
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        f"{path.url}steps/{path.structure.steps[0].id}/done/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 400
    assert "när arrangören registrerar din närvaro" in response.content.decode()
    assert not StepCompletion.objects.exists()
