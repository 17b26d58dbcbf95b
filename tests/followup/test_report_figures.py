"""The follow-up figures as plain functions (followup/report_figures.py, followup/charts.py,
followup/participants.py): grouping, rates, averages, hours and the hiding of small groups, without
the database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from followup import report_figures as figures
from followup.charts import bar_chart
from followup.participants import Attendance, participant_rows
from followup.report_queries import answer_facts

MARCH = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
APRIL = dt.datetime(2026, 4, 14, 9, tzinfo=dt.UTC)
DIMS = figures.Dimensions(
    event_types={"sem": "seminar", "mod": "module"},
    event_themes={"sem": ("t1",), "mod": ("t1", "t2")},
    path_themes={"path": ("t2",)},
    theme_labels={"t1": "Metoder", "t2": "Jämställdhet"},
    event_type_labels={"seminar": "Seminar", "module": "Module", "supervision": "Supervision"},
    organisation_labels={"municipality": "Municipality", "region_stockholm": "Region", "other": "Other"},
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def fact(kind, person, event="sem", when=MARCH, organisation="municipality", **extra):
    return figures.Fact(
        kind=kind,
        when=when,
        person=person,
        event_key=event,
        organisation=organisation,
        scheduled_minutes=180 if event == "sem" else 120,
        **extra,
    )


def table(rows, *columns):
    return [(row.group, *(row.cell(column) for column in columns)) for row in rows]


def test_participants_count_people_once_and_every_participation_by_each_breakdown():
    facts = [fact("attended", n) for n in range(1, 7)]  # six at the seminar
    facts += [fact("partly_attended", 7)]
    facts += [fact("attended", n, event="mod", when=APRIL) for n in range(1, 6)]  # five of them again
    facts += [fact("no_show", 8), fact("expired", 9)]  # not participations
    facts += [figures.Fact(kind="walk_in", when=APRIL, event_key="mod", organisation="other", count=6)]
    participants = figures.FIGURES["participants"]

    rows = figures.figure_rows(participants, facts, "month", DIMS, 5)
    assert table(rows, "people", "participations", "walk_ins") == [
        ("All", 7, 18, 6),
        ("2026-03", 7, 7, 0),
        ("2026-04", 5, 11, 6),
    ]
    rows = figures.figure_rows(participants, facts, "theme", DIMS, 5)
    assert table(rows, "people", "participations") == [
        ("All", 7, 18),
        ("Metoder", 7, 18),
        ("Jämställdhet", 5, 11),
    ]
    rows = figures.figure_rows(participants, facts, "event_type", DIMS, 5)
    assert table(rows, "people", "participations") == [("All", 7, 18), ("Seminar", 7, 7), ("Module", 5, 11)]
    rows = figures.figure_rows(participants, facts, "organisation", DIMS, 5)
    assert table(rows, "people", "participations") == [
        ("All", 7, 18),
        ("Municipality", 7, 12),
        ("Other", 0, 6),
    ]


def test_hours_use_recorded_minutes_else_the_dates_length_half_of_it_when_partly_attended():
    facts = [
        fact("attended", 1, minutes=150),  # recorded: 2.5 h
        fact("attended", 2),  # unknown: the seminar's 3 h
        fact("partly_attended", 3),  # unknown: half, 1.5 h
        fact("partly_attended", 4, minutes=45),  # recorded: 0.75 h
        fact("attended", 5),
        fact("no_show", 6),  # no hours
    ]
    facts.append(
        figures.Fact(
            kind="walk_in", when=MARCH, event_key="sem", organisation="other", count=5, scheduled_minutes=180
        )
    )
    rows = figures.figure_rows(figures.FIGURES["hours"], facts, "organisation", DIMS, 5)
    assert table(rows, "people", "hours") == [
        ("All", 5, Decimal("25.8")),  # 2.5 + 3 + 1.5 + 0.75 + 3 + 5 walk-ins × 3 = 25.75
        ("Municipality", 5, Decimal("10.8")),
        ("Other", 0, Decimal("15.0")),
    ]


def test_attendance_rate_counts_booked_people_not_walk_ins_and_lists_attendance_not_taken():
    facts = [fact("attended", n) for n in range(1, 8)]
    facts += [fact("partly_attended", 8), fact("no_show", 9), fact("no_show", 10), fact("booked", 11)]
    facts += [fact("attended", 12, walk_in=True)]
    rows = figures.figure_rows(figures.FIGURES["attendance"], facts, "event_type", DIMS, 5)
    assert table(
        rows, "booked", "attended", "no_show", "attendance_rate", "no_show_rate", "not_recorded"
    ) == [
        ("All", 10, 8, 2, Decimal("80.0"), Decimal("20.0"), 1),
        ("Seminar", 10, 8, 2, Decimal("80.0"), Decimal("20.0"), 1),
    ]


def test_unmet_demand_and_completed_paths():
    facts = [fact("expired", n) for n in range(1, 4)] + [
        fact("interest", n, event="mod") for n in range(3, 8)
    ]
    rows = figures.figure_rows(figures.FIGURES["demand"], facts, "event_type", DIMS, 5)
    assert table(rows, "waiting", "interest", "unmet", "people") == [
        ("All", 3, 5, 8, 7),
        ("Seminar", "hidden", "hidden", "hidden", "hidden"),
        ("Module", "hidden", "hidden", "hidden", "hidden"),  # the only other group: hidden with it
    ]
    completions = [
        figures.Fact(kind="completion", when=APRIL, person=n, path_key="path", organisation="municipality")
        for n in range(1, 6)
    ]
    rows = figures.figure_rows(figures.FIGURES["completions"], completions, "theme", DIMS, 5)
    assert table(rows, "completions", "people") == [("All", 5, 5), ("Jämställdhet", 5, 5)]
    with pytest.raises(ValueError):
        figures.figure_rows(figures.FIGURES["completions"], completions, "event_type", DIMS, 5)


def test_evaluation_averages_with_their_number_of_answers_each_kind_hidden_under_five():
    rows = [("sem", "2026-W11", "municipality", "evaluation", rating, 4, "") for rating in (5, 4, 4, 3, 5, 2)]
    rows += [
        ("sem", "2026-W24", "municipality", "follow_up", None, None, used)
        for used in ("several", "once", "no", "not_yet")
    ]
    rows += [("mod", "2026-W16", "region_stockholm", "evaluation", 1, 1, "")]
    evaluation = figures.FIGURES["evaluation"]
    result = figures.figure_rows(evaluation, answer_facts(rows), "organisation", DIMS, 5)
    assert table(result, "answers", "apply", "usefulness", "follow_up_answers", "used") == [
        ("All", 7, Decimal("3.43"), Decimal("3.57"), "hidden", "hidden"),
        ("Municipality", "hidden", "hidden", "hidden", "hidden", "hidden"),
        ("Region", "hidden", "hidden", "hidden", 0, None),  # no follow-up answers: nothing to hide
    ]
    result = figures.figure_rows(evaluation, answer_facts(rows), "month", DIMS, 4)
    assert table(result, "answers", "apply", "follow_up_answers", "used") == [
        ("All", 7, Decimal("3.43"), 4, Decimal("50.0")),
        ("2026-03", "hidden", "hidden", 0, None),  # else the total minus March gives April's one answer
        ("2026-04", "hidden", "hidden", 0, None),
        ("2026-06", 0, None, 4, Decimal("50.0")),
    ]
    # Answers keep no workplace: the figure has no breakdown by member organisation.
    with pytest.raises(ValueError):
        figures.figure_rows(evaluation, answer_facts(rows), "member", DIMS, 5)


def test_no_group_under_the_threshold_is_shown_and_a_lone_hidden_group_takes_the_next_smallest_along():
    facts = [fact("attended", n, organisation="municipality") for n in range(10)]
    facts += [fact("attended", n, organisation="region_stockholm") for n in range(10, 16)]
    facts += [fact("attended", n, organisation="other") for n in range(16, 20)]
    rows = figures.figure_rows(figures.FIGURES["participants"], facts, "organisation", DIMS, 5)
    # 20 - 10 - 6 would give Other's 4: Region (the next smallest) is hidden too.
    assert table(rows, "people") == [
        ("All", 20),
        ("Municipality", 10),
        ("Region", "hidden"),
        ("Other", "hidden"),
    ]
    # With two small groups, both are hidden and nothing else need be.
    facts += [fact("attended", n, organisation="") for n in range(20, 22)]
    rows = figures.figure_rows(figures.FIGURES["participants"], facts, "organisation", DIMS, 5)
    assert table(rows, "people") == [
        ("All", 22),
        ("Municipality", 10),
        ("Region", 6),
        ("Other", "hidden"),
        ("Not given", "hidden"),
    ]
    # The threshold is a parameter (settings.FOLLOWUP_MIN_GROUP), and a small total is hidden too.
    rows = figures.figure_rows(figures.FIGURES["participants"], facts[:3], "organisation", DIMS, 5)
    assert table(rows, "people") == [("All", "hidden"), ("Municipality", "hidden")]
    rows = figures.figure_rows(figures.FIGURES["participants"], facts, "organisation", DIMS, 3)
    assert table(rows, "people") == [
        ("All", 22),
        ("Municipality", 10),
        ("Region", 6),
        ("Other", "hidden"),  # 4 is enough now, but the lone hidden group takes it along
        ("Not given", "hidden"),
    ]


def test_member_organisations_group_however_they_were_spelled():
    names = ["Haninge kommun", " haninge  Kommun", "Haninge kommun", "HANINGE KOMMUN", "Haninge kommun"]
    facts = [fact("attended", n, member=name) for n, name in enumerate(names)]
    facts += [fact("attended", n, member="") for n in range(5, 10)]
    rows = figures.figure_rows(figures.FIGURES["participants"], facts, "member", DIMS, 5)
    assert table(rows, "people") == [("All", 10), ("Haninge kommun", 5), ("Not given", 5)]


def test_the_chart_draws_a_bar_per_shown_group_and_none_for_a_hidden_one():
    chart = bar_chart(
        "T", "D", [("Kommun", Decimal("10"), False), ("Region", "hidden", True), ("X", 5, False)]
    )
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 380 and widths[1] == 0 and widths[2] == 190
    assert [bar.text for bar in chart.bars] == ["10", "hidden", "5"]
    rated = bar_chart("T", "D", [("A", Decimal("2.5"), False)], maximum=5)
    assert rated.bars[0].width == 190
    long = bar_chart("T", "D", [("En mycket lång medlemsorganisation med lång enhet", 1, False)])
    assert long.bars[0].label.endswith("…") and len(long.bars[0].label) <= 32


def test_participant_rows_sum_the_months_hours_and_leave_gender_empty_when_not_given():
    def attendance(person, state, minutes=None, gender="not_said"):
        return Attendance(
            person=person,
            name=f"Person {person}",
            email=f"p{person}@example.org",
            organisation="municipality",
            member="Haninge kommun",
            gender=gender,
            state=state,
            minutes=minutes,
            scheduled_minutes=180,
        )

    rows = participant_rows(
        [
            attendance(2, "attended", gender="woman"),
            attendance(2, "partly_attended"),
            attendance(1, "attended", 90),
        ],
        {1: (dt.date(2026, 1, 5), dt.date(2026, 3, 10)), 2: (dt.date(2026, 3, 3), dt.date(2026, 3, 24))},
        {"municipality": "Municipality"},
        {"woman": "Woman", "not_said": "I prefer not to say"},
    )
    assert [(row.name, row.hours, row.gender, row.first_attended, row.organisation_type) for row in rows] == [
        ("Person 1", Decimal("1.5"), "", dt.date(2026, 1, 5), "Municipality"),
        ("Person 2", Decimal("4.5"), "Woman", dt.date(2026, 3, 3), "Municipality"),
    ]
