"""Matching an attendance file's rows to a date's bookings (bookings/attendance_import.make_plan):
plain functions, no database."""

from pathlib import Path

import pytest

from bookings.attendance_files import AttendanceRow, read_attendance_file
from bookings.attendance_import import (
    ABSENT,
    BY_EMAIL,
    BY_HAND,
    BY_UPN,
    KEPT,
    Account,
    BookedPerson,
    PlanError,
    make_plan,
)

FILES = Path(__file__).parent / "attendance"


def rows_of(name):
    return read_attendance_file((FILES / name).read_bytes()).rows


def by_name(plan):
    return {change.name: change for change in plan.bookings}


def booked(*people, state="booked"):
    return [BookedPerson(index + 1, name, email, state) for index, (name, email) in enumerate(people)]


def test_teams_rows_match_booked_people_by_email_case_blind_and_upn():
    people = booked(
        ("Anna Svensson", "anna.svensson@KOMMUN.example"),
        ("Björn Ek", "bjorn.ek@foretag.example"),
        ("Cecilia Öberg", "cecilia.oberg@region.example"),
        ("Eva Nilsson", "eva.n@skola.example"),  # her account has the address Teams gives as UPN
        ("Gunnar Ström", "gunnar.strom@kommun.example"),  # booked, not in the file
    )
    plan = make_plan(rows_of("teams_en_utf16_tabs.csv"), people, scheduled_minutes=120)
    changes = by_name(plan)
    assert (changes["Anna Svensson"].to_state, changes["Anna Svensson"].to_minutes) == ("attended", 118)
    assert changes["Anna Svensson"].how == BY_EMAIL
    assert (changes["Björn Ek"].to_state, changes["Björn Ek"].to_minutes) == ("partly_attended", 63)
    assert (changes["Cecilia Öberg"].to_state, changes["Cecilia Öberg"].to_minutes) == ("partly_attended", 3)
    # 96 of 120 minutes is exactly 80 %: attended.
    assert (changes["Eva Nilsson"].to_state, changes["Eva Nilsson"].how) == ("attended", BY_UPN)
    assert (changes["Gunnar Ström"].to_state, changes["Gunnar Ström"].how) == ("no_show", ABSENT)
    assert [(row.name, row.minutes) for row in plan.unmatched] == [
        ("David Lee (External)", 0),
        ("Fredrik Holm", 120),
    ]
    assert plan.matched_rows == 4


def test_a_person_in_the_file_with_an_account_but_no_booking_is_a_walk_in():
    rows = rows_of("zoom_participants_meeting_block.csv")
    accounts = [Account(7, "Fatima Ali", "Fatima.Ali@region.example")]
    plan = make_plan(rows, booked(("Anna Svensson", "anna.svensson@kommun.example")), accounts, 120)
    assert [(w.user_id, w.to_state, w.minutes) for w in plan.walk_ins] == [(7, "attended", 120)]
    assert {row.name for row in plan.unmatched} == {"Björn Ek", "Erik Ny"}


def test_an_account_with_no_minutes_is_listed_not_added():
    rows = [AttendanceRow("Leila", "leila@skola.example", "", 0, 1)]
    plan = make_plan(rows, [], [Account(3, "Leila", "leila@skola.example")], 120)
    assert plan.walk_ins == []
    assert plan.unmatched[0].has_account


def test_marks_already_taken_and_late_cancellations_stay_when_the_file_does_not_name_them():
    people = [
        BookedPerson(1, "Checked In", "in@example.org", "attended"),
        BookedPerson(2, "Cancelled Late", "late@example.org", "cancelled_late"),
        BookedPerson(3, "Roster Partly", "partly@example.org", "partly_attended", 30),
    ]
    plan = make_plan([AttendanceRow("X", "x@example.org", "", 50, 1)], people, scheduled_minutes=60)
    assert all(change.how == KEPT and not change.changes for change in plan.bookings)
    assert plan.changes == []


def test_hand_matches_add_the_row_to_the_booked_person_and_refuse_what_is_not_offered():
    rows = rows_of("zoom_participants_meeting_block.csv")
    people = booked(
        ("Erik Nyström", "erik.nystrom@kommun.example"), ("Anna Svensson", "anna.svensson@kommun.example")
    )
    erik_row = next(row for row, r in enumerate(rows) if r.name == "Erik Ny")
    plan = make_plan(rows, people, scheduled_minutes=120, hand_matches={erik_row: 1})
    erik = by_name(plan)["Erik Nyström"]
    assert (erik.to_state, erik.to_minutes, erik.how) == ("partly_attended", 34, BY_HAND)
    assert [row.row for row in plan.hand_matched] == [erik_row]
    assert erik_row not in {row.row for row in plan.unmatched}
    anna_row = next(row for row, r in enumerate(rows) if r.name == "Anna Svensson")
    with pytest.raises(PlanError):
        make_plan(rows, people, scheduled_minutes=120, hand_matches={anna_row: 1})
    with pytest.raises(PlanError):
        make_plan(rows, people, scheduled_minutes=120, hand_matches={erik_row: 99})
    with pytest.raises(PlanError):
        make_plan(rows, people, scheduled_minutes=120, hand_matches={len(rows) + 5: 1})


def test_rows_matched_to_one_booking_add_up_and_an_address_two_bookings_share_matches_nobody():
    rows = [
        AttendanceRow("Anna (laptop)", "anna@example.org", "", 40, 1),
        AttendanceRow("Anna (phone)", "", "", 30, 1),
    ]
    plan = make_plan(rows, booked(("Anna", "anna@example.org")), scheduled_minutes=100, hand_matches={1: 1})
    assert (plan.bookings[0].to_minutes, plan.bookings[0].to_state) == (70, "partly_attended")
    shared = booked(("Anna", "anna@example.org"), ("Anna again", "ANNA@example.org"))
    plan = make_plan(rows[:1], shared, scheduled_minutes=100)
    assert [row.name for row in plan.unmatched] == ["Anna (laptop)"]


def test_swedish_teams_file_matches_a_row_without_email_by_its_upn():
    people = booked(
        ("Maja Lindqvist", "maja.lindqvist@kommun.example"),
        ("Jonas Björk", "jonas.bjork@foretag.example"),
        ("Leila Karimi", "leila.karimi@skola.example"),
    )
    changes = by_name(make_plan(rows_of("teams_sv_utf8_commas.csv"), people, scheduled_minutes=120))
    assert (changes["Maja Lindqvist"].to_state, changes["Maja Lindqvist"].to_minutes) == ("attended", 100)
    assert (changes["Jonas Björk"].to_state, changes["Jonas Björk"].how) == ("partly_attended", BY_UPN)
    assert (changes["Leila Karimi"].to_state, changes["Leila Karimi"].to_minutes) == ("no_show", 0)
