"""The results' figures and the asking rules as plain functions: no database."""

import datetime as dt

from followup import figures, rules
from followup.figures import FOLLOWUP_MIN_GROUP


def rows(n, can_apply=4, usefulness=5, comment="Bra"):
    return [{"can_apply": can_apply, "usefulness": usefulness, "comment": comment} for _ in range(n)]


def test_a_group_under_five_answers_shows_nothing_not_even_its_free_text():
    group = figures.group("x", rows(FOLLOWUP_MIN_GROUP - 1, comment="Anna var bäst"))
    assert group.suppressed
    assert group.ratings == {} and group.comments == () and group.usage == {}
    assert figures.shown_count(4) == "<5"


def test_five_answers_show_counts_averages_distribution_and_sorted_free_text():
    answers = [
        {"can_apply": 5, "usefulness": 4, "comment": "Öva mer"},
        {"can_apply": 4, "usefulness": 4, "comment": ""},
        {"can_apply": 3, "usefulness": 5, "comment": "  "},
        {"can_apply": 5, "usefulness": 2, "comment": "Bra exempel"},
        {"can_apply": 2, "usefulness": None, "comment": "Alldeles för kort"},
    ]
    group = figures.group("x", answers)
    assert not group.suppressed and group.count == 5
    assert group.ratings["can_apply"] == figures.Rating(5, 3.8, (0, 1, 1, 1, 2))
    assert group.ratings["usefulness"].count == 4
    assert group.ratings["usefulness"].average == 3.8  # 15 / 4 = 3.75, rounded
    assert group.comments == ("Alldeles för kort", "Bra exempel", "Öva mer")
    assert figures.shown_count(5) == "5"


def test_follow_up_usage_counts_every_choice():
    answers = [{"usage": u, "comment": ""} for u in ("several", "several", "once", "no", "not_yet")]
    group = figures.group("x", answers, rating_fields=())
    assert group.usage == {"several": 2, "once": 1, "not_yet": 1, "no": 1}


def test_by_key_groups_rows():
    grouped = figures.by_key([{"k": 1}, {"k": 2}, {"k": 1}], "k")
    assert {key: len(value) for key, value in grouped.items()} == {1: 2, 2: 1}


NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def test_an_evaluation_opens_when_the_date_ends_and_closes_after_sixty_days():
    assert not rules.evaluation_open(NOW + dt.timedelta(minutes=1), NOW)  # still going on
    assert rules.evaluation_open(NOW, NOW)
    assert rules.evaluation_open(NOW - dt.timedelta(days=59), NOW)
    assert not rules.evaluation_open(NOW - dt.timedelta(days=60), NOW)
    assert not rules.evaluation_open(None, NOW)


def test_the_follow_up_opens_ninety_days_after_the_last_date():
    assert not rules.follow_up_open(NOW - dt.timedelta(days=89, hours=23), NOW)
    assert rules.follow_up_open(NOW - dt.timedelta(days=90), NOW)
    assert rules.follow_up_open(NOW - dt.timedelta(days=149), NOW)
    assert not rules.follow_up_open(NOW - dt.timedelta(days=150), NOW)


def test_an_answer_keeps_only_the_iso_week():
    assert rules.iso_week(dt.datetime(2026, 12, 7, 23, 59)) == "2026-W50"
    assert rules.iso_week(dt.datetime(2027, 1, 1)) == "2026-W53"
