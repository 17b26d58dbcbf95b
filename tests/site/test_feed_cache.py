"""The public feeds answered by the page cache (site/page_cache.py) before sessions and the rest: the
same body and validators as the feed view, 304s on both validators, and never anything stale."""

import datetime as dt
import gzip

import pytest
from django.utils import timezone

from conecto_site.page_cache import LocalEntries
from events.factories import EventIndexPageFactory, EventPageFactory
from events.feeds.cache import bump_block_version
from tests.events.calendar_readers import read_ical
from tests.events.test_feeds_across_processes import FEED, fetch, run_import, seminar
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def calendar(sv_home):
    return publish(EventIndexPageFactory(parent=sv_home))


def published_event(calendar, title, **fields):
    day = timezone.localdate() + dt.timedelta(days=7)
    return publish(EventPageFactory(parent=calendar, title=title, start_date=day, **fields))


def summaries(response):
    return summaries_of(response.content)


def summaries_of(body):
    return sorted(event.summary for event in read_ical(body.decode()).events)


def test_a_cached_feed_is_the_same_feed_with_its_validators_and_304s(
    client, calendar, django_assert_max_num_queries
):
    published_event(calendar, "Seminarium om IPS")
    first = client.get(FEED)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"

    with django_assert_max_num_queries(1):  # the content versions, nothing else
        again = client.get(FEED)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content and summaries(again) == ["Seminarium om IPS"]
    for header in ("Content-Type", "Content-Disposition", "Content-Length", "ETag", "Last-Modified"):
        assert again[header] == first[header], header
    assert {"public", "max-age=600"} <= {part.strip() for part in again["Cache-Control"].split(",")}
    assert not again.cookies

    # Calendar clients revalidate with either validator.
    for validator in ({"if-none-match": first["ETag"]}, {"if-modified-since": first["Last-Modified"]}):
        with django_assert_max_num_queries(1):
            not_modified = client.get(FEED, headers=validator)
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert not_modified["ETag"] == first["ETag"]
        assert not_modified["Last-Modified"] == first["Last-Modified"]
        assert "max-age=600" in not_modified["Cache-Control"]

    head = client.head(FEED)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(first.content)) and head["X-Page-Cache"] == "hit"


def test_a_calendar_client_that_accepts_gzip_gets_an_eighth_of_the_bytes(client, calendar):
    for number in range(40):
        published_event(
            calendar, f"Seminarium {number} om IPS", venue_name="Region Stockholm, Hantverkargatan"
        )
    plain = client.get(FEED)
    gzipped = {"accept-encoding": "gzip, deflate"}
    hit = client.get(FEED, headers=gzipped)
    assert hit["Content-Encoding"] == "gzip" and hit["Content-Type"] == "text/calendar; charset=utf-8"
    assert gzip.decompress(hit.content) == plain.content
    assert len(summaries_of(gzip.decompress(hit.content))) == 40
    assert int(hit["Content-Length"]) == len(hit.content) < len(plain.content) / 4
    assert hit["Last-Modified"] == plain["Last-Modified"] and hit["ETag"] != plain["ETag"]
    assert "Accept-Encoding" in hit["Vary"] and "Accept-Encoding" in plain["Vary"]
    for validator in ({"if-none-match": hit["ETag"]}, {"if-modified-since": hit["Last-Modified"]}):
        not_modified = client.get(FEED, headers={**gzipped, **validator})
        assert not_modified.status_code == 304 and not_modified["ETag"] == hit["ETag"]


def test_a_publish_and_a_feed_only_change_show_at_once(client, calendar):
    published_event(calendar, "Första")
    etag = client.get(FEED)["ETag"]
    assert client.get(FEED, headers={"if-none-match": etag}).status_code == 304

    published_event(calendar, "Andra")
    changed = client.get(FEED, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["X-Page-Cache"] == "miss"
    assert summaries(changed) == ["Andra", "Första"]
    assert client.get(FEED)["X-Page-Cache"] == "hit"

    # Some changes bump only the feeds' version (events/feeds/cache.py); the key carries it too.
    bump_block_version()
    assert client.get(FEED)["X-Page-Cache"] == "miss"


def test_filtered_feeds_are_kept_apart_and_bad_filters_stay_a_400(client, calendar):
    published_event(calendar, "Ett seminarium", event_type="seminar")
    published_event(calendar, "En modul", event_type="module")
    seminars = client.get(FEED, {"type": "seminar"})
    assert seminars["X-Page-Cache"] == "miss" and summaries(seminars) == ["Ett seminarium"]
    assert client.get(FEED, {"type": "seminar"})["X-Page-Cache"] == "hit"
    everything = client.get(FEED)
    assert everything["X-Page-Cache"] == "miss"  # the unfiltered feed is another entry
    assert summaries(everything) == ["En modul", "Ett seminarium"]

    for _ in range(2):
        response = client.get(FEED, {"type": "webinar"})
        assert response.status_code == 400 and "X-Page-Cache" not in response
        assert "type" in response.content.decode()
    assert "X-Page-Cache" not in client.get(FEED, {"utm_source": "app"})  # to the view


def test_a_signed_in_request_gets_the_feed_from_the_view(client, calendar, django_user_model):
    published_event(calendar, "Seminarium")
    client.get(FEED)
    client.force_login(django_user_model.objects.create_user("anna", "anna@example.org", "pw"))
    response = client.get(FEED)
    assert response.status_code == 200 and "X-Page-Cache" not in response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_in_another_process_is_served_at_once_from_the_page_cache(live_server, tmp_path, sv_home):
    calendar = publish(EventIndexPageFactory(parent=sv_home))
    url = live_server.url + FEED
    status, etag, body = fetch(url)
    assert status == 200 and read_ical(body).events == []
    assert fetch(url, etag)[0] == 304

    day = timezone.localdate() + dt.timedelta(days=14)
    ics = tmp_path / "kalender.ics"
    ics.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
            + seminar("seminar-1@example.org", "Seminarium om BIP", day)
            + "END:VCALENDAR\r\n"
        ).encode()
    )
    result = run_import(ics, calendar)
    assert result.returncode == 0, result.stderr

    status, new_etag, body = fetch(url, etag)
    assert status == 200 and new_etag != etag
    assert [event.summary for event in read_ical(body).events] == ["Seminarium om BIP"]


# The entries a process keeps in memory ------------------------------------------------------------


def entry(size, expires=100.0):
    return {"body": b"x" * size, "expires": expires}


def test_local_entries_are_bounded_by_bytes_and_drop_the_least_recently_used():
    entries = LocalEntries(max_bytes=10)
    entries.put("a", entry(4))
    entries.put("b", entry(4))
    assert entries.get("a", now=0) is not None  # "b" is now the least recently used
    entries.put("c", entry(4))
    assert entries.get("b", now=0) is None
    assert entries.get("a", now=0) is not None and entries.get("c", now=0) is not None
    assert entries.size == 8

    entries.put("a", entry(6))  # replacing an entry counts its new size only
    assert entries.size == 10 and entries.get("c", now=0) is not None
    entries.put("big", entry(11))  # larger than the whole budget: not kept, nothing else dropped
    assert entries.get("big", now=0) is None and entries.size == 10


def test_local_entries_expire_like_their_shared_copy():
    entries = LocalEntries(max_bytes=100)
    entries.put("page", entry(5, expires=50.0))
    assert entries.get("page", now=49.9) is not None
    assert entries.get("page", now=50.0) is None
    assert entries.size == 0
