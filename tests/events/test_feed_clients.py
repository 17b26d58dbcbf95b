"""A real calendar client subscribes: vdirsyncer fetches the feed from a live server over HTTP into a
local calendar folder, and khal lists the dates a person would see.

Both run from .venv-calclient (`make .venv-calclient`, a dependency of `make test`) as subprocesses
with their own configuration in a temporary folder, the way a client stands apart from the server.
vdirsyncer cannot fetch webcal://, so it gets the http URL the subscribe box also offers.
"""

import datetime as dt
import os
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from recurrence import deserialize

from conecto_site import page_cache
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventDateException, EventPage, Occurrence
from home.factories import swedish_home
from tests.helpers import last_sunday, publish

CLIENT_BIN = Path(__file__).parents[2] / ".venv-calclient" / "bin"
VDIRSYNCER, KHAL = CLIENT_BIN / "vdirsyncer", CLIENT_BIN / "khal"
STOCKHOLM = ZoneInfo("Europe/Stockholm")

pytestmark = [
    pytest.mark.skipif(
        not (VDIRSYNCER.exists() and KHAL.exists()),
        reason=f"{CLIENT_BIN} has no vdirsyncer/khal: `make .venv-calclient` could not build it (offline?)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Client:
    """vdirsyncer + khal configured in a folder of their own."""

    def __init__(self, folder: Path, feed_url: str):
        self.folder = folder
        (folder / "calendar").mkdir()
        (folder / "status").mkdir()
        (folder / "vdirsyncer.conf").write_text(
            f"""[general]
status_path = "{folder / "status"}/"

[pair conecto]
a = "conecto_feed"
b = "conecto_local"
collections = null
conflict_resolution = "a wins"

[storage conecto_feed]
type = "http"
url = "{feed_url}"

[storage conecto_local]
type = "filesystem"
path = "{folder / "calendar"}/"
fileext = ".ics"
"""
        )
        (folder / "khal.conf").write_text(
            f"""[calendars]
[[conecto]]
path = {folder / "calendar"}/
type = calendar

[locale]
local_timezone = Europe/Stockholm
default_timezone = Europe/Stockholm
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[sqlite]
path = {folder / "khal.db"}
"""
        )
        self.env = {
            **os.environ,
            "HOME": str(folder),
            "XDG_CONFIG_HOME": str(folder),
            "XDG_DATA_HOME": str(folder),
        }

    def run(self, *args):
        result = subprocess.run(
            [str(arg) for arg in args], capture_output=True, text=True, env=self.env, timeout=120, check=False
        )
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
        return result.stdout

    def sync(self):
        config = self.folder / "vdirsyncer.conf"
        self.run(VDIRSYNCER, "-c", config, "discover")
        return self.run(VDIRSYNCER, "-c", config, "sync")

    def list(self, start: dt.date, end: dt.date):
        """khal's list as (start, end, title, status) rows.

        Not ``--once``: that shows a recurring series only once. A multi-day event is listed on each of
        its days, the same row each time, so repeated rows are dropped instead.
        """
        output = self.run(
            KHAL,
            "-c",
            self.folder / "khal.conf",
            "list",
            "--day-format",
            "",
            "--format",
            "{start}|{end}|{title}|{status}",
            start.isoformat(),
            end.isoformat(),
        )
        rows = []
        for line in output.splitlines():
            if line.strip():
                start_text, end_text, title, status = line.split("|")
                row = (start_text, end_text, title, status.strip())
                if row not in rows:
                    rows.append(row)
        return rows


@pytest.fixture
def calendar_data():
    cache.clear()
    calendar = publish(EventIndexPageFactory(parent=swedish_home()))
    year = timezone.localdate().year
    first = dt.date(year, 1, 1) + dt.timedelta(days=(1 - dt.date(year, 1, 1).weekday()) % 7)  # a Tuesday
    series = publish(
        EventPageFactory(
            parent=calendar,
            title="Handledning, Supported Employment; grupp 2 – Södertälje",
            start_date=first,
            start_time=dt.time(18, 0),
            end_time=dt.time(20, 0),
            event_type="supervision",
            recurrence=deserialize(f"RRULE:FREQ=WEEKLY;UNTIL={year + 1}1231T225959Z"),
        )
    )
    today = timezone.localdate()
    cancelled = today + dt.timedelta(days=(1 - today.weekday()) % 7 + 14)
    moved = cancelled + dt.timedelta(weeks=1)
    EventDateException.objects.create(event=series, original_date=cancelled, kind="cancelled")
    EventDateException.objects.create(
        event=series, original_date=moved, kind="moved", new_date=moved + dt.timedelta(days=1)
    )
    series = publish(EventPage.objects.get(pk=series.pk))
    theme_day = today + dt.timedelta(days=30)
    publish(
        EventPageFactory(
            parent=calendar,
            title="Temadag om jämställdhet",
            start_date=theme_day,
            end_date=theme_day + dt.timedelta(days=1),
            start_time=None,
            end_time=None,
        )
    )
    # A single date is written in UTC; a winter and a summer one, so both offsets are read.
    winter, summer = (dt.date(today.year, month, 14) for month in (1, 7))
    winter, summer = (day if day > today else day.replace(year=day.year + 1) for day in (winter, summer))
    for title, day in (("Seminarium, vinter", winter), ("Seminarium, sommar", summer)):
        publish(
            EventPageFactory(
                parent=calendar,
                title=title,
                start_date=day,
                start_time=dt.time(9, 0),
                end_time=dt.time(10, 30),
            )
        )
    return {
        "series": series,
        "year": year,
        "cancelled": cancelled,
        "moved": moved,
        "theme_day": theme_day,
        "singles": {"Seminarium, vinter": winter, "Seminarium, sommar": summer},
    }


def test_vdirsyncer_subscribes_and_khal_lists_the_dates_people_see(live_server, tmp_path, calendar_data):
    client = Client(tmp_path, f"{live_server.url}/sv/feeds/events.ics")
    client.sync()
    assert len(list((tmp_path / "calendar").glob("*.ics"))) == 4  # one item per UID
    series = calendar_data["series"]
    title = series.title

    # 18:00 in Stockholm on both sides of every daylight-saving change this year and next.
    for year in (calendar_data["year"], calendar_data["year"] + 1):
        for change in (last_sunday(year, 3), last_sunday(year, 10)):
            rows = client.list(change - dt.timedelta(days=6), change + dt.timedelta(days=3))
            assert [(start, end) for start, end, _title, _status in rows] == [
                (f"{change - dt.timedelta(days=5)} 18:00", f"{change - dt.timedelta(days=5)} 20:00"),
                (f"{change + dt.timedelta(days=2)} 18:00", f"{change + dt.timedelta(days=2)} 20:00"),
            ]
            assert {row[2] for row in rows} == {title}

    # The cancelled date is there, marked cancelled; the moved one is on its new day.
    cancelled, moved = calendar_data["cancelled"], calendar_data["moved"]
    rows = client.list(cancelled - dt.timedelta(days=1), moved + dt.timedelta(days=3))
    assert rows == [
        (f"{cancelled} 18:00", f"{cancelled} 20:00", f"Inställt: {title}", "CANCELLED"),
        (
            f"{moved + dt.timedelta(days=1)} 18:00",
            f"{moved + dt.timedelta(days=1)} 20:00",
            title,
            "",  # no STATUS: an ordinary date
        ),
    ]

    # A single date, written as its UTC instant, shows at the time its page says, winter and summer.
    for single, day in calendar_data["singles"].items():
        rows = [row for row in client.list(day, day + dt.timedelta(days=1)) if row[2] == single]
        assert rows == [(f"{day} 09:00", f"{day} 10:30", single, "")]

    # A two-day theme day is one all-day event over both days.
    theme_day = calendar_data["theme_day"]
    rows = [row for row in client.list(theme_day, theme_day + dt.timedelta(days=2)) if row[2] != title]
    assert rows == [(str(theme_day), str(theme_day + dt.timedelta(days=1)), "Temadag om jämställdhet", "")]

    # Over the next three months khal shows exactly the site's dates.
    start, end = timezone.localdate(), timezone.localdate() + dt.timedelta(days=90)
    on_site = [
        o.start.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
        for o in Occurrence.objects.filter(
            event=series,
            start__gte=dt.datetime.combine(start, dt.time(0), tzinfo=STOCKHOLM),
            start__lt=dt.datetime.combine(end, dt.time(0), tzinfo=STOCKHOLM),
        ).order_by("start")
    ]
    in_khal = [row[0] for row in client.list(start, end - dt.timedelta(days=1)) if row[2].endswith(title)]
    assert in_khal == on_site and len(on_site) >= 12


def test_vdirsyncer_reads_the_feed_gzip_compressed_from_the_page_cache(
    live_server, tmp_path, calendar_data, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 300  # as in production; the test settings turn it off
    served = []
    choose = page_cache.representation

    def noting_the_encoding(request, entry):
        chosen = choose(request, entry)
        served.append(chosen[2])
        return chosen

    monkeypatch.setattr(page_cache, "representation", noting_the_encoding)
    client = Client(tmp_path, f"{live_server.url}/sv/feeds/events.ics")
    client.sync()
    assert served and set(served) == {"gzip"}  # aiohttp asks for it, as every calendar client does
    assert len(list((tmp_path / "calendar").glob("*.ics"))) == 4

    cancelled, moved = calendar_data["cancelled"], calendar_data["moved"]
    title = calendar_data["series"].title
    rows = client.list(cancelled - dt.timedelta(days=1), moved + dt.timedelta(days=3))
    assert [(start, row_title, status) for start, _end, row_title, status in rows] == [
        (f"{cancelled} 18:00", f"Inställt: {title}", "CANCELLED"),
        (f"{moved + dt.timedelta(days=1)} 18:00", title, ""),
    ]
