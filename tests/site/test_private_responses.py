"""Every page built for someone is ``Cache-Control: private, no-store`` (site/private_responses.py);
what is built for no one stays as public and cacheable as before."""

import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from events.factories import EventPageFactory
from events.models import sync_occurrences
from home.models import FooterLinks
from learning import progress_store
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, session_step
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(
        "anna", "anna@example.org", "pw", first_name="Anna", last_name="Andersson"
    )


@pytest.fixture
def followed_path(person, sv_home, calendar):
    seminar = EventPageFactory(
        parent=calendar, published=True, title="Matchning", start_date=dt.date.today() + dt.timedelta(days=5)
    )
    sync_occurrences(seminar)
    index = publish(LearningPathIndexPageFactory(parent=sv_home))
    path = publish(
        LearningPathPageFactory(
            parent=index, steps=[session_step(seminar)], title="Samverkan", slug="samverkan"
        )
    )
    progress_store.follow(person, path)
    return path


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_every_personal_page_is_private_and_never_stored(client, person, followed_path):
    client.force_login(person)
    pages = [
        "/sv/mitt-larande/",
        "/en/my-learning/",
        "/sv/accounts/profile/",
        "/sv/accounts/email/",
        "/sv/accounts/password/change/",
        "/sv/accounts/logout/",
        followed_path.url,  # the path page shows the person's progress
        "/sv/",  # any page shows who is signed in
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= directives(response), url
        assert "public" not in directives(response), url
    # The answer to a POST, such as a new feed address, too.
    response = client.post("/sv/mitt-larande/kalenderadress/")
    assert response.status_code == 303 and {"private", "no-store"} <= directives(response)


def test_the_personal_feed_is_private(client, person, followed_path):
    client.force_login(person)
    page = client.get("/sv/mitt-larande/").content.decode()
    feed_path = page.split("data-personal-feed", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    feed_path = feed_path.removeprefix("http://testserver")
    response = Client().get(feed_path)
    assert response.status_code == 200 and "private" in directives(response)
    assert "public" not in directives(response)
    # The token goes to no other site through a link, and the client may still revalidate its copy.
    assert response["Referrer-Policy"] == "no-referrer"
    assert response.has_header("ETag") and "no-store" not in directives(response)


def token_page(request, **kwargs):
    return HttpResponse("<p>Incheckning</p>", headers={"Cache-Control": "public, max-age=600"})


urlpatterns = [path("sv/incheckning/<str:token>/", token_page), path("sv/open/<str:slug>/", token_page)]


@pytest.mark.urls(__name__)
def test_a_page_with_a_token_in_its_address_is_never_kept_nor_passed_on(client):
    # Like the check-in page a phone opens without a session: the token alone makes it someone's.
    response = client.get("/sv/incheckning/hemlig-kod/")
    assert {"private", "no-store"} <= directives(response) and "public" not in directives(response)
    assert response["Referrer-Policy"] == "no-referrer"
    # Another argument is no token.
    response = client.get("/sv/open/hemlig-kod/")
    assert "public" in directives(response) and response["Referrer-Policy"] != "no-referrer"


def test_a_message_after_signing_out_is_private_too(client, person, followed_path):
    client.force_login(person)
    page = client.get("/sv/")
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post("/sv/accounts/logout/", {"csrfmiddlewaretoken": token}, follow=True)
    assert "Du har loggat ut." in response.content.decode()
    assert {"private", "no-store"} <= directives(response)


def test_what_is_built_for_no_one_stays_public_and_cacheable(
    settings, client, person, followed_path, sv_home
):
    FooterLinks.for_site(sv_home.get_site())  # made by the first page view otherwise, which is a change
    settings.PAGE_CACHE_SECONDS = 300
    for url in ("/sv/", followed_path.url):
        first = client.get(url)
        assert first.status_code == 200 and not {"private", "no-store"} & directives(first), url
        assert (first["X-Page-Cache"], client.get(url)["X-Page-Cache"]) == ("miss", "hit"), url
    feed = client.get(f"/sv/feeds/path/{followed_path.pk}.ics")
    assert "public" in directives(feed)
    # A signed-in visitor's public feed is the same public feed: it reads no session.
    client.force_login(person)
    signed_in_feed = client.get(f"/sv/feeds/path/{followed_path.pk}.ics")
    assert "public" in directives(signed_in_feed) and "private" not in directives(signed_in_feed)
    signed_in_page = client.get("/sv/")
    assert "X-Page-Cache" not in signed_in_page and "private" in directives(signed_in_page)
