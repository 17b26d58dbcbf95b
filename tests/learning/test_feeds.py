"""The learning paths' calendar feeds over HTTP: a public feed per path and a personal feed per
person, read with parsers that are not the one we write with (tests/events/calendar_readers.py)."""

import datetime as dt
import hashlib
import re
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.feeds.blocks import local_entries as local_feed_blocks
from learning import progress_store
from learning.factories import material_step, session_step
from learning.models import PersonalFeedToken
from tests.events.calendar_readers import expand_ical, expand_vobject, properties, read_ical

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(
        "anna", "anna.andersson@example.org", "pw", first_name="Anna", last_name="Andersson"
    )


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.fixture
def browser(person):
    return signed_in(person)


@pytest.fixture
def two_paths(make_path, make_event):
    """Two paths with sessions of their own (a seminar and a module, and a supervision)."""
    day = dt.date.today() + dt.timedelta(days=10)
    seminar = make_event(title="Supported Employment i praktiken", event_type="seminar", start_date=day)
    module = make_event(
        title="Fördjupning: IPS-metoden", event_type="module", start_date=day + dt.timedelta(days=7)
    )
    supervision = make_event(title="Handledning i samverkan", event_type="supervision", start_date=day)
    make_event(title="Ett seminarium utan lärväg", start_date=day)
    employment = make_path(
        [material_step("Läs om IPS"), session_step(seminar), session_step(module)],
        title="Supported Employment",
        slug="supported-employment",
    )
    collaboration = make_path([session_step(supervision)], title="Samverkan", slug="samverkan")
    return employment, collaboration


def summaries(text):
    if "BEGIN:VEVENT" not in text:
        return set()
    start = dt.datetime.now(STOCKHOLM) - dt.timedelta(days=1)
    end = start + dt.timedelta(days=400)
    from_ical = {seen.summary for seen in expand_ical(text, start, end)}
    from_vobject = {seen.summary for seen in expand_vobject(text, start, end)}
    assert from_ical == from_vobject
    return from_ical


def personal_feed_url(client):
    soup = BeautifulSoup(client.get("/sv/mitt-larande/").content, "html.parser")
    element = soup.select_one("[data-personal-feed]")
    return element["value"] if element else None


def post_form(client, page_url, action_suffix):
    soup = BeautifulSoup(client.get(page_url).content, "html.parser")
    form = next(f for f in soup.select("form[method=post]") if f["action"].endswith(action_suffix))
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    return client.post(form["action"], data)


def fetch(url):
    """What a calendar client does: a plain GET with no cookie."""
    return Client().get(url.removeprefix("http://testserver"))


# The path feed


def test_a_path_feed_holds_its_sessions_and_the_path_page_links_it(client, two_paths):
    employment, _collaboration = two_paths
    soup = BeautifulSoup(client.get(employment.url).content, "html.parser")
    link = soup.select_one('head link[rel=alternate][type="text/calendar"]')
    assert link["href"] == f"http://testserver/sv/feeds/path/{employment.pk}.ics"
    assert link["title"] == "Supported Employment – Conecto+"
    assert soup.select_one(".subscribe input[data-subscribe-url]")["value"] == link["href"]

    response = client.get(f"/sv/feeds/path/{employment.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response["Cache-Control"]
    text = response.content.decode()
    read_ical(text)
    assert summaries(text) == {"Supported Employment i praktiken", "Fördjupning: IPS-metoden"}
    assert properties(text, "X-WR-CALNAME") == [("", "Supported Employment – Conecto+")]
    assert properties(text, "URL")[0][1].endswith(employment.url)


def test_an_unknown_or_unpublished_path_has_no_feed(client, two_paths, seminar):
    employment, _collaboration = two_paths
    assert client.get("/sv/feeds/path/999999.ics").status_code == 404
    assert client.get(f"/sv/feeds/path/{seminar.pk}.ics").status_code == 404  # an event, not a path
    assert client.get(f"/en/feeds/path/{employment.pk}.ics").status_code == 404  # no English translation
    employment.unpublish()
    assert client.get(f"/sv/feeds/path/{employment.pk}.ics").status_code == 404
    assert client.post(f"/sv/feeds/path/{employment.pk}.ics").status_code == 405


# The personal feed


def test_the_personal_feed_holds_exactly_the_followed_paths_sessions(browser, person, two_paths):
    employment, collaboration = two_paths
    progress_store.follow(person, employment)
    url = personal_feed_url(browser)
    assert re.fullmatch(r"http://testserver/sv/feeds/me/[A-Za-z0-9_-]{43}\.ics", url)
    assert len(url.replace("http://testserver", "https://kunskapsportal.conecto.se")) < 256

    response = fetch(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "") and not response.cookies
    text = response.content.decode()
    read_ical(text)
    assert summaries(text) == {"Supported Employment i praktiken", "Fördjupning: IPS-metoden"}
    assert properties(text, "X-WR-CALNAME") == [("", "Mitt lärande – Conecto+")]
    for private in ("Anna", "Andersson", "anna.andersson", "Läs om IPS", "Supported Employment\r\n"):
        assert private not in text  # no name, address, progress or path titles

    # The same address follows what the person follows.
    progress_store.follow(person, collaboration)
    assert summaries(fetch(url).content.decode()) == {
        "Supported Employment i praktiken",
        "Fördjupning: IPS-metoden",
        "Handledning i samverkan",
    }
    progress_store.leave(person, employment)
    assert summaries(fetch(url).content.decode()) == {"Handledning i samverkan"}


def test_with_the_page_cache_on_the_personal_feed_is_never_stored_nor_served_to_anyone_else(
    settings, browser, person, two_paths, django_user_model
):
    settings.PAGE_CACHE_SECONDS = 300  # the test settings turn it off
    employment, collaboration = two_paths
    progress_store.follow(person, employment)
    url = personal_feed_url(browser)
    for _ in range(2):
        response = fetch(url)
        assert response.status_code == 200 and "X-Page-Cache" not in response

    other = django_user_model.objects.create_user("bo", "bo@example.org", "pw")
    progress_store.follow(other, collaboration)
    assert summaries(fetch(personal_feed_url(signed_in(other))).content.decode()) == {
        "Handledning i samverkan"
    }
    # A follow changes no public page, so only an uncached feed shows it.
    progress_store.follow(person, collaboration)
    assert summaries(fetch(url).content.decode()) == {
        "Supported Employment i praktiken",
        "Fördjupning: IPS-metoden",
        "Handledning i samverkan",
    }
    # The public path feed beside it is cached.
    path_feed = f"/sv/feeds/path/{employment.pk}.ics"
    assert [fetch(path_feed)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]


def test_the_token_is_stored_only_as_its_hash_and_shown_only_in_the_sign_in_that_made_it(
    browser, person, two_paths
):
    url = personal_feed_url(browser)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    row = PersonalFeedToken.objects.get(user=person)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not PersonalFeedToken.objects.filter(token_hash__contains=token).exists()
    # No cookie holds it, in any form: the sign-in's session keeps it, on the server.
    assert [name for name in browser.cookies if name != settings.SESSION_COOKIE_NAME] == ["csrftoken"]
    assert not any(token in morsel.value for morsel in browser.cookies.values())
    # The sign-in that made it sees it again, in both languages.
    assert personal_feed_url(browser) == url
    english = BeautifulSoup(browser.get("/en/my-learning/").content, "html.parser")
    assert english.select_one("[data-personal-feed]")["value"] == url.replace("/sv/", "/en/")
    other_device = signed_in(person)
    soup = BeautifulSoup(other_device.get("/sv/mitt-larande/").content, "html.parser")
    assert soup.select_one("[data-personal-feed]") is None
    assert soup.select_one("form button[data-personal-feed-new]")
    assert token not in soup.decode()

    # Signing out deletes the session, and the address with it; the feed itself keeps working.
    session_key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert post_form(browser, "/sv/mitt-larande/", "/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    for session in Session.objects.all():
        assert token not in str(session.get_decoded()) and token not in session.session_data
    assert personal_feed_url(signed_in(person)) is None
    assert fetch(url).status_code == 200


def test_the_cookies_earlier_versions_kept_the_address_in_are_deleted(browser, person, two_paths):
    """Earlier versions kept the raw token in a signed cookie per "My learning" page, for a year."""
    token = personal_feed_url(browser).rsplit("/", 1)[1].removesuffix(".ics")
    paths = {"personal_feed_sv": "/sv/mitt-larande/", "personal_feed_en": "/en/my-learning/"}

    def old_cookies():
        for name, path in paths.items():
            browser.cookies[name] = signing.get_cookie_signer(
                salt=name + "learning.personal_feed.shown"
            ).sign(token)
            browser.cookies[name]["path"] = path

    def assert_deleted(response):
        for name, path in paths.items():
            morsel = response.cookies[name]
            assert (morsel.value, morsel["max-age"], morsel["path"]) == ("", 0, path)

    old_cookies()
    assert_deleted(browser.get("/sv/mitt-larande/"))
    old_cookies()
    response = post_form(browser, "/sv/mitt-larande/", "/accounts/logout/")
    assert response.status_code == 302
    assert_deleted(response)
    assert not any(browser.cookies[name].value for name in paths)


def test_a_new_address_kills_the_old_one(browser, person, two_paths):
    employment, _collaboration = two_paths
    progress_store.follow(person, employment)
    old = personal_feed_url(browser)
    assert fetch(old).status_code == 200
    assert browser.get("/sv/mitt-larande/kalenderadress/").status_code == 405
    assert browser.post("/sv/mitt-larande/kalenderadress/").status_code == 403  # no CSRF token
    assert personal_feed_url(browser) == old

    response = post_form(browser, "/sv/mitt-larande/", "/kalenderadress/")
    assert response.status_code == 303 and response["Location"] == "/sv/mitt-larande/#personal-feed"
    new = personal_feed_url(browser)
    assert new and new != old
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200
    assert PersonalFeedToken.objects.filter(user=person).count() == 1


def test_a_wrong_or_someone_elses_old_token_is_an_ordinary_404(browser, person, two_paths, django_user_model):
    employment, _collaboration = two_paths
    progress_store.follow(person, employment)
    own = personal_feed_url(browser)
    other = django_user_model.objects.create_user("bo", "bo@example.org", "pw")
    other_browser = signed_in(other)
    others_old = personal_feed_url(other_browser)
    post_form(other_browser, "/sv/mitt-larande/", "/kalenderadress/")

    unknown_page = Client().get("/sv/finns-inte/")
    assert unknown_page.status_code == 404
    wrong = own[:-10] + ("A" if own[-10] != "A" else "B") + own[-9:]
    for url in (
        others_old,
        wrong,
        "/sv/feeds/me/kort.ics",
        "/sv/feeds/me/" + "x" * 300 + ".ics",
        own.replace(".ics", ".ICS"),
    ):
        response = fetch(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == unknown_page["Content-Type"]
        assert response.content == unknown_page.content  # nothing tells a wrong token from no page
    assert fetch(own).status_code == 200


def test_a_deactivated_persons_feed_is_gone(browser, person, two_paths):
    url = personal_feed_url(browser)
    person.is_active = False
    person.save()
    assert fetch(url).status_code == 404


def test_the_personal_feed_shows_the_english_events_under_en(browser, person, two_paths):
    progress_store.follow(person, two_paths[0])
    url = personal_feed_url(browser)
    response = fetch(url.replace("/sv/feeds/", "/en/feeds/"))
    assert response.status_code == 200
    text = response.content.decode()
    assert properties(text, "X-WR-CALNAME") == [("", "My learning – Conecto+")]
    assert summaries(text) == set()  # the events have no English translation yet


def test_personal_feed_queries_do_not_grow_with_followed_paths(
    browser, person, make_path, make_event, django_assert_max_num_queries
):
    day = dt.date.today() + dt.timedelta(days=5)
    paths = [
        make_path(
            [session_step(make_event(title=f"Seminarium {n}", start_date=day)), material_step(f"Läs {n}")]
        )
        for n in range(10)
    ]
    progress_store.follow(person, paths[0])
    url = personal_feed_url(browser).removeprefix("http://testserver")
    anonymous = Client()
    anonymous.get(url)
    cache.clear()
    local_feed_blocks.clear()  # this process's copies of the event blocks too: a build from scratch
    with CaptureQueriesContext(connection) as one:
        assert anonymous.get(url).status_code == 200
    for page in paths[1:]:
        progress_store.follow(person, page)
    cache.clear()
    local_feed_blocks.clear()
    with django_assert_max_num_queries(len(one)):
        response = anonymous.get(url)
    assert len(summaries(response.content.decode())) == 10


def test_the_english_path_feed_has_the_english_path_and_events(
    client, simple_path, seminar, english_paths, calendar
):
    from home.translation import translate_page

    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    translate_page(
        seminar,
        "en",
        {
            seminar.title: "Supported Employment in practice",
            seminar.slug: "supported-employment-in-practice",
            "Kommunhuset, Haninge": "Town hall, Haninge",
        },
    )
    english = translate_page(
        simple_path,
        "en",
        {
            simple_path.title: "Supported Employment: the path",
            simple_path.slug: "supported-employment",
            simple_path.introduction: "A path.",
            "Läs om IPS": "Read about IPS",
            "Kapitel 1 och 2.": "Chapters 1 and 2.",
        },
    )
    soup = BeautifulSoup(client.get(english.url).content, "html.parser")
    link = soup.select_one('head link[rel=alternate][type="text/calendar"]')
    assert link["href"] == f"http://testserver/en/feeds/path/{english.pk}.ics"
    for page_id in (english.pk, simple_path.pk):  # either id, the language comes from the URL
        text = client.get(f"/en/feeds/path/{page_id}.ics").content.decode()
        assert properties(text, "X-WR-CALNAME") == [("", "Supported Employment: the path – Conecto+")]
        assert summaries(text) == {"Supported Employment in practice"}
    assert summaries(client.get(f"/sv/feeds/path/{english.pk}.ics").content.decode()) == {
        "Supported Employment i praktiken"
    }


def test_the_personal_feed_has_the_meeting_links_the_public_path_feed_keeps_out(
    browser, person, make_path, make_event
):
    link = "https://meet.example.org/for-deltagare"
    online = make_event(
        title="Digital handledning",
        event_format="online",
        online_url=link,
        start_date=dt.date.today() + dt.timedelta(days=3),
    )
    path = make_path([session_step(online)], title="Handledning", slug="handledning")
    progress_store.follow(person, path)

    personal = fetch(personal_feed_url(browser)).content.decode()
    assert link in personal and "CONFERENCE" in personal  # they take part
    public = fetch(f"/sv/feeds/path/{path.pk}.ics").content.decode()
    assert "Digital handledning" in public and link not in public
    assert link not in Client().get(path.url).content.decode()
