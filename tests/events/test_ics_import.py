"""import_ics: real exports from Outlook, Google, Apple and Thunderbird become the dates they mean.

Expected instants are computed independently of the project's expansion: dateutil on the local
wall-clock time of the source calendar, checked against instants worked out by hand around both
daylight-saving changes of 2026 (29 March and 25 October).
"""

import datetime as dt
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from dateutil import rrule
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from events.factories import EventIndexPageFactory
from events.ics_import import apply_import, parse_calendar
from events.models import EventPage, Occurrence
from home.models import HomePage

# The fixed calendar files are read on the day before their dates (tests/events/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_calendar_files_day")]

ICS = Path(__file__).parent / "ics"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC


@pytest.fixture
def calendar(sv_home):
    return EventIndexPageFactory(parent=sv_home)


def run_import(source, calendar, *extra):
    out = StringIO()
    call_command("import_ics", str(source), "--parent", str(calendar.pk), *extra, stdout=out)
    return out.getvalue()


def event(title):
    return EventPage.objects.get(title=title)


def starts(page):
    return [o.start.astimezone(UTC) for o in Occurrence.objects.filter(event=page).order_by("start")]


def utc(text):
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def wall_clock(naive_datetimes, zone=STOCKHOLM):
    return [d.replace(tzinfo=zone).astimezone(UTC) for d in naive_datetimes]


def snapshot():
    """Everything an import could change."""
    return (
        sorted(EventPage.objects.values_list("pk", "title", "latest_revision_id", "live")),
        Revision.objects.count(),
        sorted(Occurrence.objects.values_list("pk", "event_id", "start", "end", "status")),
        Page.objects.count(),
    )


def test_outlook_weekly_series_keeps_its_local_time_across_both_dst_changes(calendar):
    output = run_import(ICS / "outlook_weekly.ics", calendar)
    assert "2 created, 0 updated, 0 unchanged." in output

    series = event("Handledning Supported Employment")
    # "W. Europe Standard Time" has Stockholm's clock: stored as Europe/Stockholm at 18:00.
    assert (series.time_zone, series.start_time, series.end_time) == (
        "Europe/Stockholm",
        dt.time(18),
        dt.time(20),
    )
    assert series.get_parent().pk == calendar.pk and series.live and series.locale.language_code == "sv"
    assert series.slug == "handledning-supported-employment"
    assert series.ical_uid.startswith("040000008200E00074C5B7101A82E008")

    tuesdays = rrule.rrule(
        rrule.WEEKLY,
        byweekday=rrule.TU,
        dtstart=dt.datetime(2026, 3, 10, 18),
        until=dt.datetime(2026, 11, 3, 18),
    )
    local = [d for d in tuesdays if d.date() != dt.date(2026, 4, 7)]  # EXDATE
    local = [
        dt.datetime(2026, 10, 21, 18) if d.date() == dt.date(2026, 10, 20) else d for d in local
    ]  # moved
    assert starts(series) == sorted(wall_clock(local))
    assert len(local) == 34
    # By hand: 18:00 is 17:00 UTC in winter and 16:00 UTC in summer.
    for instant in ("2026-03-24T17:00Z", "2026-03-31T16:00Z", "2026-10-21T16:00Z", "2026-10-27T17:00Z"):
        assert utc(instant.replace("Z", "+00:00")) in starts(series)
    assert utc("2026-04-07T16:00+00:00") not in starts(series)
    moved = Occurrence.objects.get(event=series, status="moved")
    assert moved.original_start == utc("2026-10-20T16:00+00:00")
    assert moved.end == utc("2026-10-21T18:00+00:00")

    seminar = event("Kunskapsseminarium: Case Management i praktiken")
    assert seminar.event_type == "seminar"  # CATEGORIES:Seminarium
    assert seminar.event_format == "online" and seminar.venue_name == ""
    assert seminar.online_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    # Two days after the October change: 09:00 CET.
    assert starts(seminar) == [utc("2026-10-27T08:00+00:00")]


def test_apple_overrides_become_a_moved_a_cancelled_and_a_noted_date(calendar):
    run_import(ICS / "apple_overrides.ics", calendar)
    series = event("Handledning Case Management")
    assert series.event_type == "supervision"  # CATEGORIES:Handledning
    assert (series.venue_name, series.address) == (
        "Samordningsförbundet Östra Södertörn",
        "Rudsjöterrassen 2, 136 40 Haninge",
    )
    assert series.registration_url == "https://conecto.example.org/anmalan/case-management"

    thursdays = list(rrule.rrule(rrule.WEEKLY, count=12, dtstart=dt.datetime(2026, 3, 5, 9)))
    occurrences = {o.original_start: o for o in Occurrence.objects.filter(event=series)}
    assert sorted(occurrences) == wall_clock(thursdays)

    moved = occurrences[utc("2026-03-26T08:00+00:00")]  # 09:00 CET, before the March change
    assert moved.status == "moved"
    assert (moved.start, moved.end) == (utc("2026-03-27T12:00+00:00"), utc("2026-03-27T14:00+00:00"))
    cancelled = occurrences[utc("2026-04-02T07:00+00:00")]  # 09:00 CEST, after it
    assert cancelled.status == "cancelled" and cancelled.note == "Inställt på grund av påskledigheten."
    noted = occurrences[utc("2026-04-16T07:00+00:00")]
    assert (
        noted.status == "scheduled" and noted.note == "Denna gång med gästhandledare från Försäkringskassan."
    )
    assert series.date_exceptions.count() == 3


def test_google_utc_times_single_events_local_series_by_their_rule(calendar, client):
    run_import(ICS / "google_utc.ics", calendar)

    seminar = event("Kunskapsseminarium: Supported Employment")
    # A single UTC event is stored in the calendar's zone: 07:00 UTC is 09:00 in Stockholm in September.
    assert (seminar.time_zone, seminar.start_time, seminar.end_time) == (
        "Europe/Stockholm",
        dt.time(9),
        dt.time(11),
    )
    assert starts(seminar) == [utc("2026-09-15T07:00+00:00")]
    # The 727-character description: shortened in the introduction, whole in the body.
    assert len(seminar.introduction) <= 600 and seminar.introduction.endswith("…")
    body = seminar.body[0].value.source
    assert "Fika serveras från klockan 8.30.<br/>Anmälan senast den 1 september." in body
    assert body.count("<p>") == 3

    network = event("Nätverksträff BIP")
    assert starts(network) == [
        utc(f"{day}+00:00")
        for day in (
            "2026-09-03T11:00",
            "2026-10-01T11:00",
            "2026-11-05T12:00",
            "2026-12-03T12:00",
            "2027-01-07T12:00",
            "2027-02-04T12:00",
        )
    ]

    # A UTC rule across the October change stays in UTC so every date keeps its instant.
    breakfast = event("Digital frukostträff")
    assert breakfast.time_zone == "UTC" and breakfast.event_format == "online"
    assert breakfast.online_url == "https://meet.google.com/abc-defg-hij"
    expected = rrule.rrule(rrule.WEEKLY, count=6, dtstart=dt.datetime(2026, 10, 7, 6, tzinfo=UTC))
    assert starts(breakfast) == list(expected)
    # ... which is 08:00 in Stockholm before the change and 07:00 after it, as in the source calendar.
    assert [s.astimezone(STOCKHOLM).hour for s in starts(breakfast)] == [8, 8, 8, 7, 7, 7]
    # and how visitors read it: in Stockholm time, not in UTC, in the archive once the dates have passed.
    with time_machine.travel(dt.datetime(2026, 12, 15, 12, tzinfo=UTC), tick=True):
        archive = BeautifulSoup(client.get("/sv/kalender/?view=past").content, "html.parser")
    shown = {t["datetime"]: t.get_text() for t in archive.select("time")}
    assert shown["2026-10-07T08:00:00+02:00"].endswith("08:00")
    assert shown["2026-10-28T07:00:00+01:00"].endswith("07:00")

    # A UTC rule that stays in summer time is the same as a Stockholm rule at 10:00.
    summer = event("Sommarwebbinarium om jämställdhet")
    assert (summer.time_zone, summer.start_time) == ("Europe/Stockholm", dt.time(10))
    assert starts(summer) == [utc(f"2026-06-{day}T08:00+00:00") for day in ("02", "09", "16", "23")]

    cancelled = event("Julseminarium om tillgänglighet")
    assert cancelled.status == "cancelled"
    assert [o.status for o in Occurrence.objects.filter(event=cancelled)] == ["cancelled"]


def test_all_day_multi_day_and_floating_times(calendar):
    run_import(ICS / "allday_multiday.ics", calendar)
    theme_day = event("Temadag om jämställdhet och tillgänglighet")
    assert (theme_day.start_date, theme_day.start_time, theme_day.end_date) == (
        dt.date(2026, 10, 22),
        None,
        None,
    )
    occurrence = Occurrence.objects.get(event=theme_day)
    assert (occurrence.start, occurrence.end) == (
        utc("2026-10-21T22:00+00:00"),
        utc("2026-10-22T22:00+00:00"),
    )

    conference = event("Konferens: Samverkan med helhetssyn")  # DTEND 29 October is exclusive
    assert (conference.start_date, conference.end_date) == (dt.date(2026, 10, 26), dt.date(2026, 10, 28))
    occurrence = Occurrence.objects.get(event=conference)
    assert (occurrence.start, occurrence.end) == (
        utc("2026-10-25T23:00+00:00"),
        utc("2026-10-28T23:00+00:00"),
    )
    assert conference.event_type == "other"  # CATEGORIES named none of our types

    retreat = event("Internat för processtödjare")
    assert retreat.event_type == "module"  # CATEGORIES:Processtöd
    occurrence = Occurrence.objects.get(event=retreat)
    assert (occurrence.start, occurrence.end) == (
        utc("2026-11-10T12:00+00:00"),
        utc("2026-11-11T14:00+00:00"),
    )

    training = event("Utbildningsdag för nya handläggare")
    assert [s.astimezone(STOCKHOLM).date() for s in starts(training)] == [
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 1),  # 1 November is an EXDATE
    ]

    run_import(ICS / "floating_helsinki.ics", calendar)
    network = event("Nordiskt nätverksmöte om Supported Employment")
    # Floating 10:00 in the calendar's X-WR-TIMEZONE, Helsinki, which changes clocks on 29 March too.
    assert network.time_zone == "Europe/Helsinki"
    assert starts(network) == [
        utc(f"2026-{day}+00:00") for day in ("03-16T08:00", "03-23T08:00", "03-30T07:00", "04-06T07:00")
    ]
    assert network.event_format == "online" and network.online_url == "https://zoom.us/j/5551234567"


def test_rdate_and_floating_time_without_calendar_zone(calendar):
    run_import(ICS / "rdate_floating.ics", calendar)
    module = event("Fördjupningsmodul BIP")
    assert module.event_type == "module" and module.organiser == "Stockholms Samordningsförbund"
    assert module.registration_url == "https://conecto.example.org/anmalan/bip"
    local = [
        dt.datetime(2026, 3, 17, 13),
        dt.datetime(2026, 4, 14, 13),
        dt.datetime(2026, 5, 12, 13),
        dt.datetime(2026, 10, 27, 13),
    ]
    assert starts(module) == wall_clock(local)
    assert starts(module) == [
        utc(f"2026-{day}+00:00") for day in ("03-17T12:00", "04-14T11:00", "05-12T11:00", "10-27T12:00")
    ]

    lunch = event("Lunchföreläsning om delaktighet")  # floating, no X-WR-TIMEZONE: Stockholm
    assert lunch.time_zone == "Europe/Stockholm" and lunch.event_format == "online"
    assert starts(lunch) == [utc("2026-10-28T11:00+00:00")]


def test_importing_twice_changes_nothing(calendar):
    for name in ("outlook_weekly.ics", "apple_overrides.ics", "google_utc.ics", "allday_multiday.ics"):
        run_import(ICS / name, calendar)
    before = snapshot()
    output = "".join(
        run_import(ICS / name, calendar)
        for name in ("outlook_weekly.ics", "apple_overrides.ics", "google_utc.ics", "allday_multiday.ics")
    )
    assert snapshot() == before
    assert "0 created, 0 updated" in output and "unchanged: Handledning Case Management" in output


def test_changed_summary_and_start_update_the_same_page(calendar, tmp_path):
    run_import(ICS / "apple_overrides.ics", calendar)
    page = event("Handledning Case Management")
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()

    changed = (ICS / "apple_overrides.ics").read_bytes()
    changed = changed.replace(
        b"SUMMARY:Handledning Case Management\r\nLAST-MODIFIED", b"SUMMARY:Handledning CM\r\nLAST-MODIFIED"
    )
    # The whole series an hour later, as a calendar program writes it: overrides follow their dates.
    changed = changed.replace(b"T090000", b"T100000").replace(b"T110000", b"T120000")
    source = tmp_path / "changed.ics"
    source.write_bytes(changed)

    output = run_import(source, calendar)
    assert "updated: Handledning CM" in output
    page = EventPage.objects.get(pk=page.pk)
    assert page.title == "Handledning CM" and page.start_time == dt.time(10) and page.live
    assert EventPage.objects.count() == 1
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions + 1
    first = Occurrence.objects.filter(event=page).order_by("start").first()
    assert first.start == utc("2026-03-05T09:00+00:00")
    moved = Occurrence.objects.get(event=page, status="moved")
    assert moved.start == utc("2026-03-27T12:00+00:00")


def test_dry_run_saves_nothing_and_says_what_would_change(calendar, tmp_path):
    before = snapshot()
    output = run_import(ICS / "outlook_weekly.ics", calendar, "--dry-run")
    assert snapshot() == before
    assert "would create: Handledning Supported Employment (line 26" in output
    assert "Dry run: nothing was saved." in output

    run_import(ICS / "outlook_weekly.ics", calendar)
    before = snapshot()
    source = tmp_path / "moved.ics"
    source.write_bytes(
        (ICS / "outlook_weekly.ics").read_bytes().replace(b"Fleminggatan 4", b"Hantverkargatan 3")
    )
    output = run_import(source, calendar, "--dry-run")
    assert snapshot() == before
    assert "would update: Handledning Supported Employment (line 26): address" in output


def test_functions_can_be_called_directly(calendar):
    events = parse_calendar((ICS / "rdate_floating.ics").read_bytes())
    assert [e.title for e in events] == ["Fördjupningsmodul BIP", "Lunchföreläsning om delaktighet"]
    report = apply_import(events, calendar, dry_run=True)
    assert report.ok and [item.title for item in report.created] == [e.title for e in events]
    assert EventPage.objects.count() == 0
    report = apply_import(events, calendar)
    assert [item.page.pk for item in report.created] == list(
        EventPage.objects.order_by("pk").values_list("pk", flat=True)
    )


def test_parent_by_url_path(calendar):
    out = StringIO()
    call_command("import_ics", str(ICS / "rdate_floating.ics"), "--parent", calendar.url, stdout=out)
    assert calendar.url == "/sv/kalender/"
    assert EventPage.objects.child_of(calendar).count() == 2
    with pytest.raises(CommandError, match="No event index page matches"):
        call_command("import_ics", str(ICS / "rdate_floating.ics"), "--parent", "/sv/nyheter/")


def test_editor_changes_to_site_fields_survive_a_reimport(calendar, tmp_path):
    run_import(ICS / "rdate_floating.ics", calendar)
    page = event("Lunchföreläsning om delaktighet")
    page.capacity = 40
    page.event_type = "seminar"
    page.save_revision().publish()
    source = tmp_path / "renamed.ics"
    source.write_bytes(
        (ICS / "rdate_floating.ics").read_bytes().replace(b"om delaktighet", b"om deltagarinflytande")
    )
    run_import(source, calendar)
    page = EventPage.objects.get(pk=page.pk)
    assert (page.title, page.capacity, page.event_type) == (
        "Lunchföreläsning om deltagarinflytande",
        40,
        "seminar",
    )


def test_an_unpublished_event_gets_a_draft_not_a_publication(calendar, tmp_path):
    run_import(ICS / "rdate_floating.ics", calendar)
    page = event("Lunchföreläsning om delaktighet")
    page.unpublish()
    source = tmp_path / "later.ics"
    source.write_bytes(
        (ICS / "rdate_floating.ics")
        .read_bytes()
        .replace(b"T120000\nDTEND:20261028T130000", b"T123000\nDTEND:20261028T133000")
    )
    output = run_import(source, calendar)
    assert (
        "updated: Lunchföreläsning om delaktighet (line 37): start time, end time (saved as a draft" in output
    )
    page = EventPage.objects.get(pk=page.pk)
    assert not page.live and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().start_time == dt.time(12, 30)
    assert not Occurrence.objects.filter(event=page).exists()


def test_events_left_out_of_a_later_file_and_copies_are_left_alone(calendar, tmp_path):
    run_import(ICS / "rdate_floating.ics", calendar)
    lunch = event("Lunchföreläsning om delaktighet")
    copy = lunch.copy(update_attrs={"slug": "lunch-kopia", "title": "Lunch (kopia)"})
    assert copy.ical_uid == ""  # a copy never claims the calendar entry
    only_module = (
        (ICS / "rdate_floating.ics")
        .read_text()
        .split(
            "BEGIN:VEVENT\nCREATED:20260201T090000Z\nLAST-MODIFIED:20260201T090000Z\nDTSTAMP:20260201T090000Z\nUID:8f14e45f-ceea-467f-a8e1-lunch"
        )[0]
    )
    source = tmp_path / "module.ics"
    source.write_text(only_module + "END:VCALENDAR\n")
    output = run_import(source, calendar)
    assert "0 created, 0 updated, 1 unchanged." in output
    assert EventPage.objects.filter(pk=lunch.pk, live=True).exists()
    # Re-importing the whole file still finds the original, not the copy.
    assert "unchanged: Lunchföreläsning om delaktighet" in run_import(ICS / "rdate_floating.ics", calendar)


def test_a_uid_is_unique_per_language_not_per_site(calendar, bilingual_site, english):
    run_import(ICS / "rdate_floating.ics", calendar)
    en_calendar = EventIndexPageFactory(
        parent=bilingual_site["en_home"], title="Calendar", slug="calendar", locale=english
    )
    output = run_import(ICS / "rdate_floating.ics", en_calendar)
    assert "2 created" in output
    assert EventPage.objects.child_of(en_calendar).filter(locale=english).count() == 2

    # Another Swedish calendar (a second site) cannot take over the same entries.
    other_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Annan webbplats", slug="annan", locale=calendar.locale)
    )
    other = EventIndexPageFactory(parent=other_home, slug="kalender-2")
    with pytest.raises(
        CommandError,
        match=r"line 22: UID 8f14e45f-ceea-467f-a8e1-bip-modul@example.org belongs to the event “Fördjupningsmodul BIP” in another calendar",
    ):
        run_import(ICS / "rdate_floating.ics", other)
    assert EventPage.objects.child_of(other).count() == 0


def test_rdate_and_exdate_in_other_forms_mean_the_same_dates(calendar, tmp_path):
    source = tmp_path / "blandat.ics"
    source.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//Test//SV\nBEGIN:VEVENT\nUID:blandat@example.org\n"
        "SUMMARY:Handledning BIP\nDTSTART;TZID=Europe/Stockholm:20261006T180000\n"
        "DTEND;TZID=Europe/Stockholm:20261006T193000\nRRULE:FREQ=WEEKLY;COUNT=4\n"
        # A date EXDATE on a timed series, an RDATE in UTC that is 18:00 in Stockholm, a date RDATE.
        "EXDATE;VALUE=DATE:20261013\nRDATE:20261027T170000Z\nRDATE;VALUE=DATE:20261110\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    run_import(source, calendar)
    page = event("Handledning BIP")
    assert starts(page) == [
        utc(f"2026-{day}+00:00") for day in ("10-06T16:00", "10-20T16:00", "10-27T17:00", "11-10T17:00")
    ]


def programme_file(folder, count):
    """A calendar of ``count`` single events next month, one a day."""
    first = dt.date.today() + dt.timedelta(days=30)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//progress//SV"]
    for number in range(count):
        day = first + dt.timedelta(days=number)
        lines += [
            "BEGIN:VEVENT",
            f"UID:progress-{number}@example.org",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART:{day:%Y%m%d}T080000Z",
            f"DTEND:{day:%Y%m%d}T090000Z",
            f"SUMMARY:Seminarium {number}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    path = folder / "programme.ics"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_long_import_reports_its_progress_on_stderr_and_a_short_one_does_not(calendar, tmp_path):
    from events.management.commands.import_ics import LONG_IMPORT

    out, err = StringIO(), StringIO()
    source = programme_file(tmp_path, LONG_IMPORT)
    call_command("import_ics", str(source), "--parent", str(calendar.pk), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert 10 <= len(lines) <= 25
    assert lines[-1] == f"imported {LONG_IMPORT} of {LONG_IMPORT} events (100 %)"
    done = [int(line.split()[1]) for line in lines]
    assert done == sorted(done) and done[0] < LONG_IMPORT
    assert f"{LONG_IMPORT} created, 0 updated, 0 unchanged." in out.getvalue()

    short, err = programme_file(tmp_path, 3), StringIO()
    call_command("import_ics", str(short), "--parent", str(calendar.pk), stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""
    call_command(
        "import_ics", str(short), "--parent", str(calendar.pk), "--progress", stdout=StringIO(), stderr=err
    )
    assert err.getvalue().splitlines()[-1] == "imported 3 of 3 events (100 %)"
