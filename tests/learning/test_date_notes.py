"""A path page and "My learning" show a changed date's note in the page's language, as the event page does."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from recurrence import deserialize

from events.models import EventDateException, EventPage
from home.translation import translate_page
from learning import progress_store
from learning.factories import material_step, session_step
from tests.helpers import publish, signed_in

pytestmark = pytest.mark.django_db

SWEDISH_NOTE = "Inställt på grund av sjukdom."
ENGLISH_NOTE = "Cancelled due to illness."
SWEDISH_MOVED = "Flyttat till eftermiddagen."
ENGLISH_MOVED = "Moved to the afternoon."


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user("anna", "anna@example.org", "pw")


def bilingual_event_with_a_cancelled_date(make_event, calendar, title):
    """A weekly seminar whose second date is cancelled and third moved, each with a note, in two languages."""
    start = dt.date.today() + dt.timedelta(days=1)
    event = make_event(title=title, start_date=start, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"))
    EventDateException.objects.create(
        event=event,
        original_date=start + dt.timedelta(days=7),
        kind="cancelled",
        note=SWEDISH_NOTE,
        locale=event.locale,
    )
    EventDateException.objects.create(
        event=event,
        original_date=start + dt.timedelta(days=14),
        kind="moved",
        new_start_time=dt.time(14, 0),
        note=SWEDISH_MOVED,
        locale=event.locale,
    )
    event = publish(EventPage.objects.get(pk=event.pk))
    if not calendar.get_translations().filter(locale__language_code="en").exists():
        translate_page(calendar, "en", {calendar.title: "Calendar", calendar.slug: "calendar"})
    english = translate_page(
        event,
        "en",
        {
            event.title: f"{title} (English)",
            event.slug: f"{event.slug}-en",
            event.venue_name: "Haninge town hall",
            SWEDISH_NOTE: ENGLISH_NOTE,
            SWEDISH_MOVED: ENGLISH_MOVED,
        },
    )
    return event, english


def translated_path(make_path, events, number=0):
    steps = [material_step("Läs"), *(session_step(event) for event in events)]
    path = make_path(steps, title=f"Lärväg {number}", slug=f"larvag-{number}")
    strings = {path.title: f"Path {number}", path.slug: f"path-{number}", "Läs": "Read"}
    if path.introduction:
        strings[path.introduction] = "A path."
    return path, translate_page(path, "en", strings)


def notes(html):
    return [n.get_text() for n in BeautifulSoup(html, "html.parser").select(".occurrence-note")]


def test_an_english_path_page_shows_the_english_note_of_a_cancelled_date(
    client, make_event, make_path, calendar, english_paths
):
    event, english_event = bilingual_event_with_a_cancelled_date(make_event, calendar, "Seminarium")
    assert ENGLISH_NOTE in client.get(english_event.url).content.decode()  # as the event page does
    path, english_path = translated_path(make_path, [event])

    assert notes(client.get(english_path.url).content) == [ENGLISH_NOTE, ENGLISH_MOVED]
    assert notes(client.get(path.url).content) == [SWEDISH_NOTE, SWEDISH_MOVED]


def test_english_my_learning_shows_the_english_note_of_a_moved_date_and_its_queries_stay_constant(
    person, make_event, make_path, calendar, english_paths, django_assert_max_num_queries
):
    browser = signed_in(person)
    event, _english_event = bilingual_event_with_a_cancelled_date(make_event, calendar, "Seminarium 0")
    path, english_path = translated_path(make_path, [event])
    progress_store.follow(person, english_path)

    # "My learning" lists the next sessions, so the moved date (a cancelled one is no session).
    assert notes(browser.get("/en/my-learning/").content) == [ENGLISH_MOVED]
    assert notes(browser.get("/sv/mitt-larande/").content) == [SWEDISH_MOVED]

    with CaptureQueriesContext(connection) as one:
        browser.get("/en/my-learning/")
    for number in range(1, 6):
        more, _ = bilingual_event_with_a_cancelled_date(make_event, calendar, f"Seminarium {number}")
        _path, english = translated_path(make_path, [more], number)
        progress_store.follow(person, english)
    with django_assert_max_num_queries(len(one)):
        body = browser.get("/en/my-learning/").content
    shown = notes(body)  # the first ten next sessions: six first dates, then moved ones
    assert shown and set(shown) == {ENGLISH_MOVED}
