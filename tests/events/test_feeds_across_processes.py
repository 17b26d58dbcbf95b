"""A publish in one process reaches the feeds another process serves.

The live server runs in this process with its own local-memory cache; `manage.py import_ics` runs
as a second process against the same database, the way an editor runs it beside the web workers.
"""

import datetime as dt
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from events.factories import EventIndexPageFactory
from home.factories import swedish_home
from tests.events.calendar_readers import read_ical
from tools.processes import database_url

REPO_ROOT = Path(__file__).parents[2]
FEED = "/sv/feeds/events.ics"


def run_import(path, parent):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "conecto_site.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "import_ics", str(path), "--parent", str(parent.pk)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fetch(url, etag=None):
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["ETag"], response.read().decode()
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, error.headers["ETag"], ""
        raise


def seminar(uid, title, day):
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T090000Z\r\nSUMMARY:{title}\r\n"
        f"DTSTART;TZID=Europe/Stockholm:{day:%Y%m%d}T130000\r\n"
        f"DTEND;TZID=Europe/Stockholm:{day:%Y%m%d}T150000\r\nCATEGORIES:Seminarium\r\nEND:VEVENT\r\n"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_in_another_process_changes_the_served_feed_at_once(live_server, tmp_path):
    calendar = EventIndexPageFactory(parent=swedish_home())
    calendar.save_revision().publish()
    url = live_server.url + FEED

    status, old_etag, body = fetch(url)
    assert status == 200 and read_ical(body).events == []
    assert fetch(url, old_etag)[0] == 304  # cached and revalidated: the state the server would keep

    day = timezone.localdate() + dt.timedelta(days=14)
    ics = tmp_path / "kalender.ics"
    ics.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
            + seminar("seminar-1@example.org", "Seminarium om BIP", day)
            + seminar("seminar-2@example.org", "Seminarium om IPS", day + dt.timedelta(days=7))
            + "END:VCALENDAR\r\n"
        ).encode()
    )
    result = run_import(ics, calendar)
    assert result.returncode == 0, result.stderr
    assert "2 created" in result.stdout

    status, new_etag, body = fetch(url, old_etag)
    assert status == 200
    assert new_etag != old_etag
    assert sorted(event.summary for event in read_ical(body).events) == [
        "Seminarium om BIP",
        "Seminarium om IPS",
    ]
