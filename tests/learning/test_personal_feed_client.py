"""A real calendar client subscribes to a personal feed: vdirsyncer fetches it from a live server,
khal lists the dates (the client pair of tests/events/test_feed_clients.py)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client as BrowserClient
from django.utils import timezone
from recurrence import deserialize

from learning import progress_store
from learning.factories import material_step, session_step
from tests.events.test_feed_clients import KHAL, VDIRSYNCER
from tests.events.test_feed_clients import Client as CalendarClient

pytestmark = [
    pytest.mark.skipif(
        not (VDIRSYNCER.exists() and KHAL.exists()),
        reason="no vdirsyncer/khal in .venv-calclient: `make .venv-calclient` could not build it (offline?)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_calendar_client_subscribes_to_the_personal_feed(live_server, tmp_path, make_path, make_event):
    cache.clear()
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    seminar = make_event(
        title="Supported Employment i praktiken",
        event_type="seminar",
        start_date=monday,
        start_time=dt.time(13, 0),
        end_time=dt.time(16, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"),
    )
    supervision = make_event(
        title="Handledning", event_type="supervision", start_date=monday + dt.timedelta(days=1)
    )
    make_event(title="Inte i någon lärväg", start_date=monday + dt.timedelta(days=2))
    followed = make_path([material_step("Läs om IPS"), session_step(seminar)], title="Supported Employment")
    make_path([session_step(supervision)], title="Samverkan")  # not followed

    from django.contrib.auth import get_user_model

    person = get_user_model().objects.create_user("anna", "anna@example.org", "pw")
    progress_store.follow(person, followed)
    browser = BrowserClient()
    browser.force_login(person)
    soup = BeautifulSoup(browser.get("/sv/mitt-larande/").content, "html.parser")
    url = soup.select_one("[data-personal-feed]")["value"].replace("http://testserver", live_server.url)

    client = CalendarClient(tmp_path, url)
    client.sync()
    rows = client.list(monday - dt.timedelta(days=1), monday + dt.timedelta(days=28))
    assert rows == [
        (
            f"{monday + dt.timedelta(weeks=n)} 13:00",
            f"{monday + dt.timedelta(weeks=n)} 16:00",
            seminar.title,
            "",  # no STATUS: an ordinary date
        )
        for n in range(3)
    ]

    progress_store.follow(person, make_path([session_step(supervision)], title="Handledning i grupp"))
    client.sync()
    titles = {title for _start, _end, title, _status in client.list(monday, monday + dt.timedelta(days=28))}
    assert titles == {"Supported Employment i praktiken", "Handledning"}
