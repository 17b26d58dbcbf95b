"""Applying Teams and Zoom attendance files to a date: the service (bookings/attendance_import.py) and
`manage.py import_attendance`."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bookings.attendance_files import AttendanceFileError
from bookings.attendance_import import apply_file
from bookings.factories import PersonFactory, book
from bookings.models import AttendanceImport, Booking, BookingChange, BookingState, SessionDate

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "attendance"


def file_bytes(name):
    return (FILES / name).read_bytes()


def person(first, last, email):
    return PersonFactory(first_name=first, last_name=last, email=email)


@pytest.fixture
def seminar(make_event):
    """A two-hour digital seminar (09:00–11:00) with places for everyone."""
    event = make_event(capacity=50, start_time=dt.time(9, 0), end_time=dt.time(11, 0))
    occurrence = event.occurrences.get()
    return event, occurrence


def booked_on(event, *people):
    for someone in people:
        assert book(someone, event).ok
    return SessionDate.objects.get(event_key=event.translation_key)


def state_of(someone):
    booking = Booking.objects.get(user=someone)
    return booking.state, booking.attended_minutes, booking.attendance_source


def snapshot():
    return (
        sorted(Booking.objects.values_list("pk", "state", "attended_minutes")),
        BookingChange.objects.count(),
        AttendanceImport.objects.count(),
        list(SessionDate.objects.values_list("booked_count", "waiting_count")),
    )


@pytest.fixture
def teams_people(seminar):
    event, _occurrence = seminar
    people = {
        "anna": person("Anna", "Svensson", "Anna.Svensson@kommun.example"),
        "bjorn": person("Björn", "Ek", "bjorn.ek@foretag.example"),
        "cecilia": person("Cecilia", "Öberg", "cecilia.oberg@region.example"),
        "eva": person("Eva", "Nilsson", "eva.n@skola.example"),
        "gunnar": person("Gunnar", "Ström", "gunnar.strom@kommun.example"),
    }
    return event, booked_on(event, *people.values()), people


def test_a_teams_export_in_utf16_with_tabs_gives_each_booked_person_status_and_minutes(teams_people):
    event, session_date, people = teams_people
    organiser = PersonFactory()
    result = apply_file(session_date, file_bytes("teams_en_utf16_tabs.csv"), "teams.csv", organiser)

    assert state_of(people["anna"]) == (BookingState.ATTENDED, 118, "teams")
    assert state_of(people["bjorn"]) == (BookingState.PARTLY_ATTENDED, 63, "teams")
    assert state_of(people["cecilia"]) == (BookingState.PARTLY_ATTENDED, 3, "teams")
    assert state_of(people["eva"]) == (BookingState.ATTENDED, 96, "teams")  # matched by her UPN
    assert state_of(people["gunnar"]) == (BookingState.NO_SHOW, 0, "teams")  # not in the file
    assert [row.name for row in result.plan.unmatched] == ["David Lee (External)", "Fredrik Holm"]
    imported = AttendanceImport.objects.get()
    assert (imported.file_name, imported.source, imported.matched, imported.unmatched) == (
        "teams.csv",
        "teams",
        4,
        2,
    )
    assert imported.imported_by == organiser
    assert Booking.objects.get(user=people["anna"]).changes.last().by == organiser


def test_a_swedish_teams_export_in_utf8_matches_by_email_and_upn(seminar):
    event, _occurrence = seminar
    maja = person("Maja", "Lindqvist", "maja.lindqvist@kommun.example")
    asa = person("Åsa", "Öhman", "asa.ohman@region.example")
    jonas = person("Jonas", "Björk", "Jonas.Bjork@foretag.example")
    leila = person("Leila", "Karimi", "leila.karimi@skola.example")
    session_date = booked_on(event, maja, asa, jonas, leila)
    result = apply_file(session_date, file_bytes("teams_sv_utf8_commas.csv"), "deltagare.csv", None)
    assert state_of(maja)[:2] == (BookingState.ATTENDED, 100)
    assert state_of(asa)[:2] == (BookingState.PARTLY_ATTENDED, 63)
    assert state_of(jonas)[:2] == (BookingState.PARTLY_ATTENDED, 45)
    assert state_of(leila)[:2] == (BookingState.NO_SHOW, 0)
    assert result.plan.unmatched == []


def test_a_zoom_export_adds_up_rejoins_reports_guests_and_adds_a_walk_in_with_an_account(seminar):
    event, _occurrence = seminar
    anna = person("Anna", "Svensson", "anna.svensson@kommun.example")
    bjorn = person("Björn", "Ek", "bjorn.ek@foretag.example")
    fatima = person("Fatima", "Ali", "fatima.ali@region.example")  # has an account, did not book
    session_date = booked_on(event, anna, bjorn)
    result = apply_file(session_date, file_bytes("zoom_participants_meeting_block.csv"), "zoom.csv", None)
    assert state_of(anna) == (BookingState.ATTENDED, 113, "zoom")  # 40 + 73 minutes
    assert state_of(bjorn) == (BookingState.ATTENDED, 117, "zoom")  # the phone overlapped the laptop
    assert state_of(fatima) == (BookingState.ATTENDED, 120, "zoom")
    assert [(row.name, row.minutes) for row in result.plan.unmatched] == [("Erik Ny", 34)]
    assert SessionDate.objects.get().booked_count == 3


def test_the_same_file_twice_changes_nothing(teams_people):
    event, session_date, people = teams_people
    data = file_bytes("teams_en_utf16_tabs.csv")
    apply_file(session_date, data, "teams.csv", None)
    before = snapshot()
    again = apply_file(session_date, data, "teams-again.csv", None)
    assert again.already_applied and "redan" in again.message
    assert apply_file(session_date, data, "teams.csv", None, dry_run=True).already_applied
    assert snapshot() == before


def test_a_broken_file_and_a_dry_run_change_nothing(teams_people):
    event, session_date, people = teams_people
    before = snapshot()
    broken = file_bytes("teams_en_utf16_tabs.csv").decode("utf-16").replace("1h 3m 10s", "soon")
    with pytest.raises(AttendanceFileError):
        apply_file(session_date, broken.encode("utf-16"), "broken.csv", None)
    result = apply_file(session_date, file_bytes("teams_en_utf16_tabs.csv"), "teams.csv", None, dry_run=True)
    assert len(result.plan.changes) == 5
    assert snapshot() == before


def test_a_hand_match_is_applied(seminar):
    event, _occurrence = seminar
    erik = person("Erik", "Nyström", "erik.nystrom@kommun.example")
    session_date = booked_on(event, erik)
    data = file_bytes("zoom_participants_meeting_block.csv")
    preview = apply_file(session_date, data, "zoom.csv", None, dry_run=True)
    [erik_row] = [row.row for row in preview.plan.unmatched if row.name == "Erik Ny"]
    booking = Booking.objects.get(user=erik)
    apply_file(session_date, data, "zoom.csv", None, hand_matches={erik_row: booking.pk})
    assert state_of(erik) == (BookingState.PARTLY_ATTENDED, 34, "zoom")


# The command -------------------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("import_attendance", *args, stdout=out)
    return out.getvalue()


def day_of(occurrence):
    return timezone.localtime(occurrence.start).date().isoformat()


def test_the_command_finds_the_event_by_id_or_url_path_and_prints_the_changes(teams_people, seminar):
    event, session_date, people = teams_people
    _event, occurrence = seminar
    path = str(FILES / "teams_en_utf16_tabs.csv")
    dry = run(path, "--event", str(event.pk), "--date", day_of(occurrence), "--dry-run")
    assert "would change: Anna Svensson" in dry and "not matched: Fredrik Holm" in dry
    assert "Dry run: nothing was saved." in dry
    assert state_of(people["anna"])[0] == BookingState.BOOKED

    out = run(
        path, "--event", event.url_path.partition("/")[2].partition("/")[2], "--date", day_of(occurrence)
    )
    assert "changed: Anna Svensson" in out and "5 bookings changed" in out
    assert state_of(people["anna"])[0] == BookingState.ATTENDED
    assert "already been applied" in run(path, "--event", event.get_url(), "--date", day_of(occurrence))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"event": "999999"}, "No event page"),
        ({"event": "/sv/kalender/finns-inte/"}, "No event page"),
        ({"date": "2001-01-01"}, "has no date on 2001-01-01"),
        ({"date": "tomorrow"}, "is not a date"),
        ({"file": "missing.csv"}, "missing.csv"),
        ({"file": "broken"}, "nothing was changed"),
        ({"signup": False}, "does not take sign-ups"),
    ],
)
def test_the_command_refuses_bad_input_and_changes_nothing(
    teams_people, seminar, make_event, tmp_path, change, message
):
    event, session_date, people = teams_people
    _event, occurrence = seminar
    if change.get("signup") is False:
        other = make_event(signup="off", start_time=dt.time(9, 0), end_time=dt.time(11, 0))
        change["event"] = str(other.pk)
    path = str(FILES / "teams_en_utf16_tabs.csv")
    if change.get("file") == "broken":
        path = tmp_path / "broken.csv"
        path.write_bytes(b"Name,Email\r\nAnna,anna@example.org\r\n")
    elif "file" in change:
        path = tmp_path / change["file"]
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run(
            str(path),
            "--event",
            change.get("event", str(event.pk)),
            "--date",
            change.get("date", day_of(occurrence)),
        )
    assert snapshot() == before


def test_a_date_nobody_booked_gets_its_walk_ins_and_a_dry_run_writes_not_even_its_row(seminar):
    event, occurrence = seminar
    fatima = person("Fatima", "Ali", "fatima.ali@region.example")
    path = str(FILES / "zoom_participants_meeting_block.csv")
    dry = run(path, "--event", str(event.pk), "--date", day_of(occurrence), "--dry-run")
    assert "would add walk-in: Fatima Ali" in dry and "attended, 120 min" in dry
    assert not SessionDate.objects.exists() and not Booking.objects.exists()
    run(path, "--event", str(event.pk), "--date", day_of(occurrence))
    assert state_of(fatima) == (BookingState.ATTENDED, 120, "zoom")
    assert AttendanceImport.objects.get().session_date == SessionDate.objects.get()
