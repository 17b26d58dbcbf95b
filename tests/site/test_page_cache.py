"""The public page cache (site/page_cache.py): what a visitor gets, how fast, and what never leaks."""

import datetime as dt
import gzip
import os
import subprocess
import sys
import urllib.request

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction

from conecto_site.page_cache import cacheable_request
from home.factories import StandardPageFactory
from home.models import FooterLinks
from tests.events.test_feeds_across_processes import REPO_ROOT
from tests.helpers import publish as published
from tools.processes import database_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    # The test settings turn the page cache off so that other tests measure pages being built.
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def about(sv_home):
    # The footer's settings exist, as on any site that has served a page: the first page to read them
    # would create them, which counts as a change.
    FooterLinks.for_site(sv_home.get_site())
    return published(
        StandardPageFactory(parent=sv_home, title="Om oss", slug="om-oss", introduction="Vilka vi är.")
    )


def test_a_cached_page_is_served_without_building_it(client, about, django_assert_max_num_queries):
    first = client.get("/sv/om-oss/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the site-content version, nothing else
        again = client.get("/sv/om-oss/")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content and "Vilka vi är." in again.content.decode()
    assert again["Content-Type"] == first["Content-Type"] and again["ETag"] == first["ETag"]

    with django_assert_max_num_queries(1):
        not_modified = client.get("/sv/om-oss/", headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304
    head = client.head("/sv/om-oss/")
    assert head.status_code == 200 and head.content == b"" and head["X-Page-Cache"] == "hit"


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_kept_page_may_be_kept_as_long_by_a_proxy_in_front_and_browsers_revalidate(client, about):
    for response in (client.get("/sv/om-oss/"), client.get("/sv/om-oss/")):  # built, then from the cache
        assert {"public", "max-age=0"} <= directives(response)
        [shared] = [each for each in directives(response) if each.startswith("s-maxage=")]
        assert 0 < int(shared.removeprefix("s-maxage=")) <= 300


def test_a_page_with_live_place_counts_is_not_for_a_proxy_to_keep(client, calendar):
    from bookings.factories import BookableEventFactory

    event = BookableEventFactory(parent=calendar, published=True)
    for _ in range(2):
        response = client.get(event.url)
        assert response.status_code == 200 and "public" not in directives(response)


def test_a_client_that_accepts_gzip_gets_the_same_page_compressed(client, about):
    plain = client.get("/sv/om-oss/")
    gzipped = {"accept-encoding": "gzip, deflate, br"}
    hit = client.get("/sv/om-oss/", headers=gzipped)
    assert hit["X-Page-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == plain.content
    assert int(hit["Content-Length"]) == len(hit.content) < len(plain.content) / 2
    assert hit["ETag"] != plain["ETag"]  # a validator belongs to one representation
    for response in (plain, hit):
        assert "Accept-Encoding" in response["Vary"]

    with_the_gzip_etag = {**gzipped, "if-none-match": hit["ETag"]}
    assert client.get("/sv/om-oss/", headers=with_the_gzip_etag).status_code == 304
    # A client that no longer takes gzip gets the plain page, not a 304 for a body it cannot read.
    identity = client.get("/sv/om-oss/", headers={"if-none-match": hit["ETag"]})
    assert identity.status_code == 200 and "Content-Encoding" not in identity
    assert identity.content == plain.content
    refused = client.get("/sv/om-oss/", headers={"accept-encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused and refused.content == plain.content

    head = client.head("/sv/om-oss/", headers=gzipped)
    assert head.content == b"" and head["Content-Length"] == hit["Content-Length"]


def test_the_first_visitor_after_a_publish_gets_gzip_too(client, about):
    response = client.get("/sv/om-oss/", headers={"accept-encoding": "gzip"})
    assert response["X-Page-Cache"] == "miss" and response["Content-Encoding"] == "gzip"
    assert "Vilka vi är." in gzip.decompress(response.content).decode()
    assert client.get("/sv/om-oss/", headers={"accept-encoding": "gzip"})["ETag"] == response["ETag"]


def test_a_signed_in_page_is_never_compressed_by_the_cache(client, about, django_user_model):
    person = django_user_model.objects.create_user("anna", "anna@example.org", "pw")
    client.force_login(person)
    response = client.get("/sv/om-oss/", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in response and "X-Page-Cache" not in response


def test_a_publish_shows_at_once_and_a_draft_never(client, about):
    assert "Om oss" in client.get("/sv/om-oss/").content.decode()

    about.title = "Utkast som ingen ska se"
    about.save_revision()  # a draft of a live page
    response = client.get("/sv/om-oss/")
    assert "Utkast som ingen ska se" not in response.content.decode()
    assert "Om oss" in response.content.decode()

    about.refresh_from_db()
    about.get_latest_revision().publish()
    response = client.get("/sv/om-oss/")
    assert response["X-Page-Cache"] == "miss"
    assert "Utkast som ingen ska se" in response.content.decode()


def test_a_new_draft_is_not_found_and_a_404_is_never_kept(client, sv_home):
    draft = StandardPageFactory(parent=sv_home, title="Kommer snart", slug="snart", live=False)
    assert client.get("/sv/snart/").status_code == 404
    published(draft)
    assert client.get("/sv/snart/").status_code == 200


def test_unpublish_move_and_footer_settings_change_what_is_served(client, about, sv_home):
    other = published(StandardPageFactory(parent=sv_home, title="Kontakt", slug="kontakt"))
    assert client.get("/sv/om-oss/").status_code == 200
    assert "Kontakt" not in client.get("/sv/om-oss/").content.decode().split("<footer", 1)[-1]

    links = FooterLinks.for_site(sv_home.get_site())
    links.accessibility_page = other
    links.save()
    assert "Kontakt" in client.get("/sv/om-oss/").content.decode().split("<footer", 1)[-1]

    about.move(other, pos="last-child")
    assert client.get("/sv/om-oss/")["Location"] == "/sv/kontakt/om-oss/"  # Wagtail's redirect
    assert client.get("/sv/kontakt/om-oss/").status_code == 200

    about.refresh_from_db()
    about.unpublish()
    assert client.get("/sv/kontakt/om-oss/").status_code == 404


def test_the_next_day_builds_the_page_afresh(client, about, monkeypatch):
    # "Upcoming" lists change at midnight: the local date is part of the key.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2026, 3, 10))
    assert client.get("/sv/om-oss/")["X-Page-Cache"] == "miss"
    assert client.get("/sv/om-oss/")["X-Page-Cache"] == "hit"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2026, 3, 11))
    assert client.get("/sv/om-oss/")["X-Page-Cache"] == "miss"


def test_a_signed_in_persons_page_is_never_kept_nor_given_to_them_from_the_cache(
    client, about, django_user_model
):
    person = django_user_model.objects.create_user(
        "anna", "anna@example.org", "pw", first_name="Anna", last_name="Lind"
    )
    signed_in = Client()
    signed_in.force_login(person)

    mine = signed_in.get("/sv/om-oss/")
    assert "Anna Lind" in mine.content.decode() and "X-Page-Cache" not in mine

    anonymous = client.get("/sv/om-oss/")
    assert anonymous["X-Page-Cache"] == "miss"  # the signed-in page was not stored
    assert "Anna Lind" not in anonymous.content.decode()
    assert client.get("/sv/om-oss/")["X-Page-Cache"] == "hit"

    again = signed_in.get("/sv/om-oss/")  # the cached anonymous page is not what she gets
    assert "Anna Lind" in again.content.decode() and "X-Page-Cache" not in again


def test_pages_under_a_view_restriction_are_never_kept(client, about):
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for _ in range(2):
        response = client.get("/sv/om-oss/")
        assert "Vilka vi är." not in response.content.decode()
        assert "X-Page-Cache" not in response


def test_unknown_parameters_and_bad_filters_go_to_the_page_itself(client, sv_home):
    from events.factories import EventIndexPageFactory

    calendar = published(EventIndexPageFactory(parent=sv_home))
    for query in ("?preview=1", "?utm_source=mail", "?month=2026-13", "?type=nonsense"):
        for _ in range(2):
            response = client.get(calendar.url + query)
            assert "X-Page-Cache" not in response, query
    assert client.get(calendar.url + "?month=2026-13").status_code == 400
    assert client.get(calendar.url + "?view=month&month=2026-05")["X-Page-Cache"] == "miss"
    assert client.get(calendar.url + "?month=2026-05&view=month")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    ("method", "path", "cookies", "cacheable"),
    [
        ("GET", "/sv/om-oss/", {}, True),
        ("HEAD", "/en/about-us/", {"conecto_language": "en"}, True),
        ("POST", "/sv/om-oss/", {}, False),
        ("GET", "/sv/om-oss/", {"sessionid": "abc"}, False),
        ("GET", "/sv/om-oss/", {"csrftoken": "abc"}, False),
        ("GET", "/sv/om-oss/", {"messages": "abc"}, False),
        ("GET", "/admin/", {}, False),
        ("GET", "/", {}, False),
        ("GET", "/sv/accounts/login/", {}, False),
        ("GET", "/sv/feeds/events.ics", {}, True),
        ("GET", "/sv/feeds/events.ics?type=seminar&theme=ips", {}, True),
        ("GET", "/en/feeds/path/7.ics", {}, True),
        ("GET", "/sv/feeds/me/abc123.ics", {}, False),
        ("GET", "/en/feeds/me/abc123.ics", {}, False),
        ("GET", "/sv/feeds/events.ics?utm_source=app", {}, False),
        ("GET", "/sv/mitt-larande/", {}, False),
        ("GET", "/en/my-learning/", {}, False),
        ("GET", "/sv/sok/?q=ips", {}, False),
        ("GET", "/sv/om-oss/?preview=true", {}, False),
    ],
)
def test_which_requests_the_cache_may_answer(method, path, cookies, cacheable):
    factory = RequestFactory()
    request = factory.generic(method, path)
    request.COOKIES.update(cookies)
    assert (cacheable_request(request) is not None) is cacheable


PUBLISH = """
from wagtail.models import Page
page = Page.objects.get(pk={pk}).specific
page.title = "Publicerad i en annan process"
page.save_revision().publish()
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_in_another_process_is_served_at_once(live_server, about):
    url = live_server.url + "/sv/om-oss/"
    for expected in ("miss", "hit"):
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.headers["X-Page-Cache"] == expected
            assert "Publicerad i en annan process" not in response.read().decode()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "conecto_site.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PUBLISH.format(pk=about.pk)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    with urllib.request.urlopen(url, timeout=30) as response:
        assert "Publicerad i en annan process" in response.read().decode()
    # The compressed copy lives in the same entry, so it is never older than the plain one.
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Publicerad i en annan process" in gzip.decompress(response.read()).decode()
