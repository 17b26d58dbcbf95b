"""The iCal feeds as clients get them: real pages published through Wagtail, the Django test client,
and parsers other than the one we write with (ical, vobject)."""

import base64
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from recurrence import deserialize

from events.factories import EventPageFactory
from events.models import EventDateException, EventPage, Occurrence, sync_occurrences
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from home.translation import translate_page
from tests.events.calendar_readers import (
    components,
    expand_ical,
    expand_vobject,
    properties,
    read_ical,
    unfold,
    with_unknown_zone_name,
)
from tests.helpers import english_home, last_sunday, publish

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FEED = "/sv/feeds/events.ics"
EN_FEED = "/en/feeds/events.ics"


def today():
    return timezone.localdate()


def published_event(calendar, **kwargs):
    kwargs.setdefault("start_date", today() + dt.timedelta(days=7))
    return publish(EventPageFactory(parent=calendar, **kwargs))


def add_change(event, **kwargs):
    EventDateException.objects.create(event=event, **kwargs)
    return publish(EventPage.objects.get(pk=event.pk))


def get_feed(client, path=FEED, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.content.decode()


def vevents(text):
    return components(text)


def value(lines, name):
    """The value of one property in an unfolded component."""
    found = [line.partition(":")[2] for line in lines if line.split(":")[0].split(";")[0] == name]
    return found[0] if found else None


def page_link(lines):
    """The event page's link: DESCRIPTION's last paragraph, the bare URL (no URL property, no label)."""
    last = value(lines, "DESCRIPTION").split("\\n\\n")[-1]
    assert last.startswith(("http://", "https://")) and " " not in last, last
    return last


def local_time(lines, name="DTSTART", zone=STOCKHOLM):
    """A single event's DTSTART or DTEND (written in UTC) as the wall-clock time a client in ``zone`` shows."""
    text = value(lines, name)
    assert text.endswith("Z") and f"{name}:{text}" in lines, text  # the UTC form, no TZID
    return dt.datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC).astimezone(zone)


def masters(text):
    return [lines for lines in vevents(text) if value(lines, "RECURRENCE-ID") is None]


def children(text):
    return [lines for lines in vevents(text) if value(lines, "RECURRENCE-ID") is not None]


def first_weekday_of_year(year, weekday):
    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7)


def english_calendar(calendar):
    return translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})


# Languages ---------------------------------------------------------------------------------------


def test_each_language_has_its_own_calendar_name_titles_and_uids(client, sv_home, calendar):
    event = published_event(
        calendar,
        title="Handledning i Supported Employment",
        slug="handledning",
        event_type="supervision",
    )
    english_home(sv_home)
    english_calendar(calendar)
    translate_page(
        event,
        "en",
        {
            "Handledning i Supported Employment": "Supervision in Supported Employment",
            "handledning": "supervision",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    published_event(calendar, title="Bara på svenska")

    swedish, english = get_feed(client), get_feed(client, EN_FEED)

    assert "NAME:Conecto+ evenemang\r\n" in swedish
    assert "X-WR-CALNAME:Conecto+ evenemang\r\n" in swedish
    assert "NAME:Conecto+ events\r\n" in english
    assert "X-WR-CALNAME:Conecto+ events\r\n" in english
    assert sorted(e.summary for e in read_ical(swedish).events) == [
        "Bara på svenska",
        "Handledning i Supported Employment",
    ]
    [english_event] = read_ical(english).events
    assert english_event.summary == "Supervision in Supported Employment"
    assert english_event.categories == ["Supervision"]
    assert english_event.description.split("\n\n")[-1] == "http://localhost/en/calendar/supervision/"
    assert english_event.location == "Haninge town hall"
    swedish_event = next(e for e in read_ical(swedish).events if e.summary.startswith("Handledning"))
    assert swedish_event.categories == ["Handledning"]
    assert swedish_event.description.split("\n\n")[-1] == "http://localhost/sv/kalender/handledning/"

    # One UID per event and language: a UUID made from the translation key (no date, no URL), in
    # 22 characters of base64url.
    assert swedish_event.uid == short_uid(uuid.uuid5(event.translation_key, "sv"))
    assert english_event.uid == short_uid(uuid.uuid5(event.translation_key, "en"))
    assert swedish_event.uid != english_event.uid
    assert len(swedish_event.uid) == 22


def short_uid(name):
    return base64.urlsafe_b64encode(name.bytes).decode().rstrip("=")


def test_uid_survives_a_new_title_slug_and_dates(client, calendar):
    event = published_event(calendar, title="Seminarium om BIP", slug="bip")
    uid = read_ical(get_feed(client)).events[0].uid
    event.title, event.slug = "Seminarium om BIP (nytt datum)", "bip-nytt"
    event.start_date += dt.timedelta(days=3)
    publish(event)
    assert read_ical(get_feed(client)).events[0].uid == uid


# HTTP ----------------------------------------------------------------------------------------------


def test_feed_is_text_calendar_with_validators_cache_headers_and_no_cookies(
    client, calendar, django_user_model
):
    published_event(calendar)
    for signed_in in (False, True):
        if signed_in:
            client.force_login(django_user_model.objects.create_user("anna", "anna@example.org", "x"))
        response = client.get(FEED)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
        assert response["Last-Modified"].endswith(" GMT")
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=600"} <= cache_control
        assert not response.cookies, response.cookies
        assert "cookie" not in response.get("Vary", "").lower()
        body = response.content
        assert b"\n" not in body.replace(b"\r\n", b"")
        assert max(len(line) for line in body.split(b"\r\n")) <= 75

    head = client.head(FEED)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(body))
    assert head["ETag"] == response["ETag"]
    assert client.post(FEED).status_code == 405


def test_304_on_if_none_match_and_if_modified_since_and_a_publish_changes_the_etag(client, calendar):
    published_event(calendar, title="Första")
    first = client.get(FEED)
    etag = first["ETag"]

    not_modified = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    second_event = published_event(calendar, title="Andra")
    changed = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert sorted(e.summary for e in read_ical(changed.content.decode()).events) == ["Andra", "Första"]

    second_event.unpublish()
    assert [e.summary for e in read_ical(get_feed(client)).events] == ["Första"]


def test_feed_bodies_are_cached_until_something_is_published(client, calendar, django_assert_num_queries):
    published_event(calendar)
    client.get(FEED)
    with django_assert_num_queries(1):  # the feed version, which every process reads from the database
        assert client.get(FEED).status_code == 200


# Series, time zones and daylight saving -----------------------------------------------------------


def test_weekly_series_reads_in_clients_as_on_the_site_across_both_dst_changes(client, calendar):
    year = today().year
    first = first_weekday_of_year(year, 1)  # a Tuesday
    event = published_event(
        calendar,
        title="Handledning Supported Employment",
        start_date=first,
        start_time=dt.time(18, 0),
        end_time=dt.time(20, 0),
        recurrence=deserialize(f"RRULE:FREQ=WEEKLY;UNTIL={year + 1}1231T225959Z"),
    )
    upcoming_tuesday = today() + dt.timedelta(days=(1 - today().weekday()) % 7 + 14)
    event = add_change(event, original_date=upcoming_tuesday, kind="cancelled", note="Handledaren är sjuk")
    event = add_change(
        event,
        original_date=upcoming_tuesday + dt.timedelta(weeks=1),
        kind="moved",
        new_date=upcoming_tuesday + dt.timedelta(weeks=1, days=1),
        new_start_time=dt.time(9, 0),
        new_end_time=dt.time(11, 0),
    )
    text = get_feed(client)
    [master] = masters(text)
    assert value(master, "DTSTART") == f"{first:%Y%m%d}T180000"
    assert f"DTSTART;TZID=Europe/Stockholm:{first:%Y%m%d}T180000" in master
    assert value(master, "RRULE") == f"FREQ=WEEKLY;UNTIL={year + 1}1231T225959Z"
    assert len(children(text)) == 2

    window = (
        dt.datetime.combine(first, dt.time(0), tzinfo=STOCKHOLM),
        dt.datetime(year + 1, 12, 31, tzinfo=STOCKHOLM),
    )
    on_site = sorted(
        (o.start.astimezone(dt.UTC), o.status == "cancelled")
        for o in Occurrence.objects.filter(event=event, start__range=window)
    )
    assert len(on_site) > 90
    for feed in (text, with_unknown_zone_name(text)):
        for expand in (expand_ical, expand_vobject):
            seen = expand(feed, *window)
            in_client = sorted((item.start.astimezone(dt.UTC), item.status == "CANCELLED") for item in seen)
            assert in_client == on_site, expand.__name__
            local = {
                item.start.astimezone(STOCKHOLM).date(): item.start.astimezone(STOCKHOLM) for item in seen
            }
            for change_year in (year, year + 1):
                for change in (last_sunday(change_year, 3), last_sunday(change_year, 10)):
                    before, after = change - dt.timedelta(days=5), change + dt.timedelta(days=2)
                    assert local[before].time() == local[after].time() == dt.time(18, 0)
                    assert local[before].utcoffset() != local[after].utcoffset()


def test_a_rule_rrule_cannot_say_exactly_is_written_as_rdates(client, calendar):
    thursday = today() + dt.timedelta(days=(3 - today().weekday()) % 7 + 7)
    # The first date is a Thursday, the rule says Tuesdays: RFC 5545 leaves that undefined.
    event = published_event(
        calendar,
        start_date=thursday,
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=5"),
    )
    text = get_feed(client)
    [master] = masters(text)
    assert value(master, "RRULE") is None
    assert value(master, "RDATE")
    window = (timezone.now(), timezone.now() + dt.timedelta(days=90))
    on_site = sorted(o.start.astimezone(dt.UTC) for o in Occurrence.objects.filter(event=event))
    assert len(on_site) == 6
    for expand in (expand_ical, expand_vobject):
        assert sorted(item.start.astimezone(dt.UTC) for item in expand(text, *window)) == on_site


def next_day(month, day):
    date = dt.date(today().year, month, day)
    return date if date > today() else date.replace(year=date.year + 1)


def test_a_single_event_is_the_utc_instant_of_the_time_its_page_shows(client, calendar):
    winter, summer = next_day(12, 3), next_day(6, 3)
    for title, day in (("Vintermöte", winter), ("Sommarmöte", summer)):
        published_event(
            calendar, title=title, start_date=day, start_time=dt.time(9, 0), end_time=dt.time(10, 30)
        )
    published_event(
        calendar,
        title="New York",
        time_zone="America/New_York",
        start_date=summer,
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 0),
    )
    text = get_feed(client)
    by_title = {value(lines, "SUMMARY"): lines for lines in masters(text)}

    # 09:00 in Stockholm is 08:00Z in winter and 07:00Z in summer: the time each page shows.
    assert f"DTSTART:{winter:%Y%m%d}T080000Z" in by_title["Vintermöte"]
    assert f"DTEND:{winter:%Y%m%d}T093000Z" in by_title["Vintermöte"]
    assert f"DTSTART:{summer:%Y%m%d}T070000Z" in by_title["Sommarmöte"]
    assert local_time(by_title["Sommarmöte"], "DTEND").time() == dt.time(10, 30)
    for lines in by_title.values():
        assert not any("TZID=" in line for line in lines)
    new_york = ZoneInfo("America/New_York")
    assert local_time(by_title["New York"], zone=new_york).time() == dt.time(18, 0)
    assert local_time(by_title["New York"], "DTEND", zone=new_york).time() == dt.time(19, 0)
    # No TZID is used, yet the calendar still names its zone and defines it; no unused zone besides.
    assert "X-WR-TIMEZONE:Europe/Stockholm\r\n" in text
    assert [value for _params, value in properties(text, "TZID")] == ["Europe/Stockholm"]
    for parsed in read_ical(text).events:
        page = EventPage.objects.get(title=parsed.summary)
        assert parsed.dtstart == dt.datetime.combine(page.start_date, page.start_time, tzinfo=page.zone)


def test_every_tzid_has_its_vtimezone(client, calendar):
    published_event(
        calendar,
        time_zone="America/New_York",
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"),
    )
    published_event(calendar, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"))
    published_event(calendar, time_zone="Asia/Tokyo")  # a single event: UTC, no Tokyo VTIMEZONE
    text = get_feed(client)
    used = {
        param.split("=", 1)[1]
        for name in ("DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID")
        for params, _value in properties(text, name)
        for param in params.split(";")
        if param.startswith("TZID=")
    }
    defined = {value for _params, value in properties(text, "TZID")}
    assert used == {"America/New_York", "Europe/Stockholm"}
    assert used == defined
    for timezone_lines in components(text, "VTIMEZONE"):
        assert not any(line.startswith("RDATE") for line in timezone_lines)
    new_york = next(
        e
        for e in read_ical(text).events
        if e.dtstart.utcoffset() != e.dtstart.astimezone(STOCKHOLM).utcoffset()
    )
    assert new_york.dtstart.astimezone(ZoneInfo("America/New_York")).hour == 18


def test_all_day_and_multi_day_events_are_dates(client, calendar):
    start = today() + dt.timedelta(days=10)
    published_event(
        calendar, start_date=start, end_date=start + dt.timedelta(days=1), start_time=None, end_time=None
    )
    [master] = masters(get_feed(client))
    assert f"DTSTART;VALUE=DATE:{start:%Y%m%d}" in master
    assert f"DTEND;VALUE=DATE:{start + dt.timedelta(days=2):%Y%m%d}" in master


def test_online_meeting_link_is_location_and_conference(client, calendar):
    online = published_event(
        calendar,
        title="Digitalt seminarium",
        event_format="online",
        online_url="https://meet.example.org/bip",
        online_url_public=True,
    )
    published_event(
        calendar,
        title="Hybridmöte",
        event_format="hybrid",
        online_url="https://meet.example.org/hybrid",
        online_url_public=True,
        address="Rudsjöterrassen 2\n136 81 Haninge",
    )
    text = get_feed(client)
    by_title = {value(lines, "SUMMARY"): lines for lines in masters(text)}
    digital = by_title["Digitalt seminarium"]
    assert value(digital, "LOCATION") == "https://meet.example.org/bip"
    assert (
        'CONFERENCE;FEATURE="AUDIO,VIDEO";LABEL=Digitalt möte;VALUE=URI:https://meet.example.org/bip'
        in digital
    )
    # The page link is DESCRIPTION's last paragraph, where Outlook and Google show it (no URL property).
    assert page_link(digital) == online.full_url
    assert value(digital, "URL") is None
    hybrid = by_title["Hybridmöte"]
    assert value(hybrid, "LOCATION") == "Kommunhuset\\, Haninge\\, Rudsjöterrassen 2\\, 136 81 Haninge"
    assert value(hybrid, "CONFERENCE") == "https://meet.example.org/hybrid"


# SEQUENCE and cancellations ------------------------------------------------------------------------


def sequences(client):
    # No SEQUENCE is 0, its default (RFC 5545 3.8.7.4); the writer leaves it out until it grows.
    return {value(lines, "SEQUENCE") or "0" for lines in vevents(get_feed(client))}


def test_sequence_grows_on_changes_readers_care_about_and_never_on_a_plain_republish(
    client, sv_home, calendar
):
    event = published_event(calendar, title="Modul 1", slug="modul-1", start_time=dt.time(9, 0))
    first_revision = event.live_revision
    assert event.sequence == 0 and sequences(client) == {"0"}

    publish(event)  # nothing changed
    event.introduction = "Rättat stavfel i ingressen."
    publish(event)
    event.save_revision()  # a draft is not what readers see
    assert EventPage.objects.get(pk=event.pk).sequence == 0
    assert sequences(client) == {"0"}

    event.start_time = dt.time(10, 0)
    event = publish(event)
    assert event.sequence == 1 and sequences(client) == {"1"}

    event = add_change(event, original_date=event.start_date, kind="note", note="Ta med dator")
    assert event.sequence == 2

    event.venue_name = "Stadshuset"
    event = publish(event)
    assert event.sequence == 3

    # Going back to the first revision changes the time back: the number still grows.
    first_revision.publish()
    event.refresh_from_db()
    assert (event.start_time, event.sequence) == (dt.time(9, 0), 4)

    # A translation is a calendar object of its own and counts from 0.
    english_home(sv_home)
    english_calendar(calendar)
    english = translate_page(
        event,
        "en",
        {
            "Modul 1": "Module 1",
            "modul-1": "module-1",
            "Kommunhuset, Haninge": "Haninge town hall",
            "Ta med dator": "Bring a laptop",
        },
    )
    assert english.sequence == 0
    assert EventPage.objects.get(pk=event.pk).sequence == 4


def test_a_cancelled_date_is_a_cancelled_child_and_an_old_one_an_exdate(client, calendar):
    start = today() - dt.timedelta(days=63)
    event = published_event(
        calendar,
        title="Nätverksträff",
        start_date=start,
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=20"),
    )
    old, recent, coming = (start + dt.timedelta(weeks=weeks) for weeks in (2, 8, 11))
    for day in (old, recent, coming):
        event = add_change(event, original_date=day, kind="cancelled", note="Inställt på grund av sjukdom")
    text = get_feed(client)

    [master] = masters(text)
    assert value(master, "EXDATE") == f"{old:%Y%m%d}T130000"
    cancelled = children(text)
    assert [value(lines, "RECURRENCE-ID") for lines in cancelled] == [
        f"{recent:%Y%m%d}T130000",
        f"{coming:%Y%m%d}T130000",
    ]
    for lines in cancelled:
        assert value(lines, "UID") == value(master, "UID")
        assert value(lines, "STATUS") == "CANCELLED"
        assert value(lines, "SUMMARY") == "Inställt: Nätverksträff"
        assert value(lines, "SEQUENCE") == value(master, "SEQUENCE") == "3"
        assert "Inställt på grund av sjukdom" in value(lines, "DESCRIPTION")

    window = (
        dt.datetime.combine(start, dt.time(0), tzinfo=STOCKHOLM),
        timezone.now() + dt.timedelta(days=200),
    )
    for expand in (expand_ical, expand_vobject):
        seen = {item.start.astimezone(STOCKHOLM).date(): item.status for item in expand(text, *window)}
        assert old not in seen
        assert seen[recent] == seen[coming] == "CANCELLED"
        assert seen[coming + dt.timedelta(weeks=1)] == ""  # no STATUS: an ordinary date


def test_a_moved_date_is_a_child_at_its_new_time(client, calendar):
    start = today() + dt.timedelta(days=3)
    event = published_event(
        calendar,
        start_date=start,
        start_time=dt.time(18, 0),
        end_time=dt.time(20, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=4"),
    )
    moved = start + dt.timedelta(weeks=1)
    add_change(event, original_date=moved, kind="moved", new_date=moved + dt.timedelta(days=1))
    [child] = children(get_feed(client))
    assert value(child, "RECURRENCE-ID") == f"{moved:%Y%m%d}T180000"
    assert value(child, "DTSTART") == f"{moved + dt.timedelta(days=1):%Y%m%d}T180000"
    assert value(child, "STATUS") is None  # going ahead, at its new time: no STATUS, as for any event
    assert "Flyttat från" in value(child, "DESCRIPTION")


def test_a_cancelled_event_stays_in_the_feed_a_while(client, calendar):
    published_event(calendar, title="Temadag", status="cancelled", start_date=today() + dt.timedelta(days=20))
    published_event(
        calendar,
        title="Inställt förra månaden",
        status="cancelled",
        start_date=today() - dt.timedelta(days=20),
    )
    published_event(
        calendar, title="Inställt i våras", status="cancelled", start_date=today() - dt.timedelta(days=40)
    )
    events = {e.summary: e for e in read_ical(get_feed(client)).events}
    assert set(events) == {"Inställt: Temadag", "Inställt: Inställt förra månaden"}
    assert {e.status.value for e in events.values()} == {"CANCELLED"}


def test_feed_holds_upcoming_events_and_a_short_past_window_only(client, calendar):
    published_event(calendar, title="Snart", start_date=today() + dt.timedelta(days=5))
    published_event(calendar, title="Nyss", start_date=today() - dt.timedelta(days=20))
    old = published_event(calendar, title="Förra året", start_date=today() - dt.timedelta(days=300))
    assert sorted(e.summary for e in read_ical(get_feed(client)).events) == ["Nyss", "Snart"]
    # The event's own feed still has it.
    assert [e.summary for e in read_ical(get_feed(client, f"/sv/feeds/event/{old.pk}.ics")).events] == [
        "Förra året"
    ]


# Filters and errors --------------------------------------------------------------------------------


@pytest.fixture
def themed(sv_home, calendar):
    theme_index = publish(ThemeIndexPageFactory(parent=sv_home))
    theme = publish(
        ThemePageFactory(parent=theme_index, title="Supported Employment", slug="supported-employment")
    )
    other = publish(ThemePageFactory(parent=theme_index, title="Jämställdhet", slug="jamstalldhet"))
    EventPageFactory(
        parent=calendar,
        title="SE-seminarium",
        event_type="seminar",
        start_date=today(),
        themes=[theme],
        published=True,
    )
    EventPageFactory(
        parent=calendar,
        title="SE-handledning",
        event_type="supervision",
        start_date=today(),
        event_format="online",
        themes=[theme],
        published=True,
    )
    EventPageFactory(
        parent=calendar,
        title="Jämställdhetsmodul",
        event_type="module",
        start_date=today(),
        themes=[other],
        published=True,
    )
    return theme


def titles(client, path=FEED, **params):
    return sorted(e.summary for e in read_ical(get_feed(client, path, **params)).events)


def test_filters_by_theme_type_and_format(client, themed):
    assert titles(client, theme="supported-employment") == ["SE-handledning", "SE-seminarium"]
    assert titles(client, type="module") == ["Jämställdhetsmodul"]
    assert titles(client, theme="supported-employment", type="supervision") == ["SE-handledning"]
    assert titles(client, format="online") == ["SE-handledning"]
    assert titles(client, language="en") == []
    assert titles(client, utm_source="nyhetsbrev") == [
        "Jämställdhetsmodul",
        "SE-handledning",
        "SE-seminarium",
    ]
    # The feed names itself by its canonical address, whatever else the request carried.
    text = get_feed(client, FEED, type="module", utm_source="nyhetsbrev")
    assert properties(text, "SOURCE") == [("VALUE=URI", "http://testserver/sv/feeds/events.ics?type=module")]
    text = get_feed(client, FEED, theme="supported-employment", type="supervision")
    assert "\r\nNAME:Conecto+ evenemang: Supported Employment · Handledning\r\n" in unfold(text)
    assert "\r\nX-WR-CALNAME:Conecto+ evenemang: Supported Employment · Handledning\r\n" in unfold(text)


def test_filtered_feeds_in_english_use_the_english_theme_slug(client, sv_home, calendar, themed):
    english_home(sv_home)
    english_calendar(calendar)
    translate_page(themed.get_parent(), "en", {"Teman": "Themes", "teman": "themes"})
    translate_page(
        themed,
        "en",
        {
            "Supported Employment": "Supported Employment",
            "supported-employment": "supported-employment-en",
            "Ett av programmets prioriterade teman.": "One of the programme's priority themes.",
        },
    )
    seminar = EventPage.objects.get(title="SE-seminarium")
    translate_page(
        seminar,
        "en",
        {
            "SE-seminarium": "SE seminar",
            seminar.slug: "se-seminar",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    assert titles(client, EN_FEED, theme="supported-employment-en") == ["SE seminar"]
    assert client.get(EN_FEED, {"theme": "supported-employment"}).status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"type": "webinar"},
        {"format": "telepathy"},
        {"language": "tlh"},
        {"audience": "martians"},
        {"theme": "finns-inte"},
        {"theme": "<script>"},
    ],
)
def test_nonsense_filters_are_a_400_that_says_why(client, calendar, params):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert next(iter(params)) in response.content.decode()


@pytest.mark.parametrize(
    ("path", "expected", "other_language"),
    [
        (
            FEED,
            [
                "Kalenderflödet förstod inte sina parametrar:",
                "- type: Välj ett giltigt alternativ. webinar finns inte bland tillgängliga alternativ.",
                "- theme: Det finns inget tema som heter ”finns-inte”.",
            ],
            ["could not", "Select", "There is"],
        ),
        (
            EN_FEED,
            [
                "The calendar feed could not understand its parameters:",
                "- type: Select a valid choice. webinar is not one of the available choices.",
                "- theme: There is no theme called “finns-inte”.",
            ],
            ["förstod", "Välj", "Det finns"],
        ),
    ],
)
def test_the_400_of_a_feed_speaks_the_requests_language_only(
    client, calendar, path, expected, other_language
):
    response = client.get(path, {"type": "webinar", "theme": "finns-inte"})
    assert response.status_code == 400
    text = response.content.decode()
    assert text.splitlines() == expected
    assert not [word for word in other_language if word in text]


def test_unknown_events_and_dates_are_404(client, calendar):
    event = published_event(calendar)
    day = event.start_date
    assert client.get("/sv/feeds/event/999999.ics").status_code == 404
    assert client.get(f"/sv/feeds/event/{event.pk}/{day + dt.timedelta(days=1)}.ics").status_code == 404
    assert client.get(f"/sv/feeds/event/{event.pk}/2026-02-31.ics").status_code == 404
    assert client.get(f"/en/feeds/event/{event.pk}.ics").status_code == 404  # no English version
    event.unpublish()
    assert client.get(f"/sv/feeds/event/{event.pk}.ics").status_code == 404
    assert client.get(f"/sv/feeds/event/{event.pk}/{day}.ics").status_code == 404


# One event and one date ----------------------------------------------------------------------------


def test_event_feed_in_both_languages_and_one_date_as_a_download(client, sv_home, calendar):
    start = today() + dt.timedelta(days=2)
    event = published_event(
        calendar,
        title="Fördjupning BIP",
        slug="bip",
        start_date=start,
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"),
    )
    event = add_change(event, original_date=start + dt.timedelta(weeks=1), kind="cancelled")
    english_home(sv_home)
    english_calendar(calendar)
    english = translate_page(
        event,
        "en",
        {"Fördjupning BIP": "In-depth BIP", "bip": "bip-en", "Kommunhuset, Haninge": "Haninge town hall"},
    )

    series = get_feed(client, f"/sv/feeds/event/{event.pk}.ics")
    assert "NAME:Fördjupning BIP – Conecto+\r\n" in series
    assert len(masters(series)) == 1 and len(children(series)) == 1
    # The same id under /en/ gives the English version.
    for page_id in (event.pk, english.pk):
        assert [e.summary for e in read_ical(get_feed(client, f"/en/feeds/event/{page_id}.ics")).events][
            0
        ] == "In-depth BIP"

    download = client.get(f"/sv/feeds/event/{event.pk}/{start + dt.timedelta(weeks=1)}.ics")
    assert download.status_code == 200
    assert (
        download["Content-Disposition"] == f'attachment; filename="bip-{start + dt.timedelta(weeks=1)}.ics"'
    )
    text = download.content.decode()
    [lone] = vevents(text)
    assert value(lone, "RRULE") is None and value(lone, "RECURRENCE-ID") is None
    assert value(lone, "STATUS") == "CANCELLED"
    assert value(lone, "UID") == short_uid(
        uuid.uuid5(event.translation_key, f"sv-{start + dt.timedelta(weeks=1):%Y%m%d}")
    )
    assert "REFRESH-INTERVAL" not in text
    assert read_ical(text).events[0].dtstart == dt.datetime.combine(
        start + dt.timedelta(weeks=1), dt.time(9, 0), tzinfo=STOCKHOLM
    )


def test_event_page_offers_each_upcoming_date_as_a_download(client, calendar):
    event = published_event(calendar, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"))
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    links = [a["href"] for a in soup.select(".occurrence-list a.occurrence-download")]
    assert len(links) == 3
    for href in links:
        assert client.get(href).status_code == 200


# Scale ---------------------------------------------------------------------------------------------


def make_events(calendar, count):
    """A mix of single events, clean weekly series with changed dates, and RDATE-form series."""
    start = today() + dt.timedelta(days=1)
    for number in range(count):
        kind = number % 3
        event = EventPageFactory(
            parent=calendar,
            start_date=start + dt.timedelta(days=number % 30),
            recurrence=deserialize(
                ["", "RRULE:FREQ=WEEKLY;COUNT=8", "RRULE:FREQ=WEEKLY;COUNT=3\nRRULE:FREQ=MONTHLY;COUNT=2"][
                    kind
                ]
            )
            if kind
            else None,
            introduction="Ett seminarium i programmet med en ingress av rimlig längd för en kalender.",
        )
        if kind == 1:
            EventDateException.objects.create(
                event=event, original_date=event.start_date + dt.timedelta(weeks=2), kind="cancelled"
            )
        sync_occurrences(event)


@pytest.mark.parametrize("count", [10, 500])
def test_feed_queries_stay_constant_and_the_feed_small(
    client, calendar, django_assert_max_num_queries, count
):
    make_events(calendar, count)
    # The feed version, view restrictions, events, site, calendar page, changed dates, dates of
    # RDATE-form series.
    with django_assert_max_num_queries(8):
        response = client.get(FEED)
    assert response.status_code == 200
    assert len(read_ical(response.content.decode()).events) >= count
    assert len(response.content) < 1_000_000
    cache.clear()
    with django_assert_max_num_queries(8):
        assert client.get(FEED, {"type": "seminar", "audience": "municipality"}).status_code == 200


def test_every_event_date_in_the_feed_matches_unfolded_text(client, calendar):
    # A guard for the helpers above: unfolding keeps every VEVENT intact.
    published_event(calendar, title="Å" * 80)
    text = get_feed(client)
    assert "SUMMARY:" + "Å" * 80 in unfold(text)
