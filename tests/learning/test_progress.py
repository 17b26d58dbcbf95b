"""The progress rules on plain data: no database."""

from decimal import Decimal

from learning.progress import (
    Step,
    dates_required,
    evaluate,
    may_self_report_session,
    prerequisite_errors,
    structure_from_stream,
)


def block(block_id, kind="material", **value):
    value.setdefault("required", True)
    return {"type": kind, "id": block_id, "value": value}


def group(block_id, minimum, children):
    for child in children:
        child["value"].pop("required", None)
    return {
        "type": "group",
        "id": block_id,
        "value": {"title": "Välj", "minimum": minimum, "steps": children},
    }


def path_with_group():
    """intro, then two of four seminars, then supervision that needs the intro first, then optional reading."""
    return structure_from_stream(
        [
            block("intro", effort_hours="1.5"),
            group("choice", 2, [block(f"s{n}", "seminar", event=n, effort_hours="3") for n in range(1, 5)]),
            block("supervision", "supervision", event=9, prerequisite="intro"),
            block("extra", required=False),
        ]
    )


def test_groups_are_flattened_in_order_and_keep_their_members():
    structure = path_with_group()
    assert [s.id for s in structure.steps] == ["intro", "s1", "s2", "s3", "s4", "supervision", "extra"]
    assert structure.groups["choice"].step_ids == ("s1", "s2", "s3", "s4")
    assert structure.by_id()["s2"].group == "choice"
    assert structure.session_count == 5
    assert structure.total_effort_hours == Decimal("13.5")


def test_nothing_done_the_first_step_is_next_and_the_dependent_step_is_blocked():
    progress = evaluate(path_with_group(), [])
    assert progress.next_step == "intro"
    assert progress.blocked == {"supervision": "intro"}
    assert progress.percent == 0
    assert not progress.complete


def test_a_group_is_satisfied_by_its_minimum_and_counts_no_more_than_it():
    structure = path_with_group()
    one = evaluate(structure, ["intro", "s3"])
    assert one.groups_satisfied == {"choice": False}
    assert one.next_step == "s1"  # still one seminar to choose
    three = evaluate(structure, ["intro", "s1", "s2", "s4"])
    assert three.groups_satisfied == {"choice": True}
    # units: intro, two seminars, supervision = 4; the third seminar adds nothing
    assert three.percent == 75
    assert three.next_step == "supervision"


def test_the_path_is_complete_without_optional_steps():
    progress = evaluate(path_with_group(), ["intro", "s1", "s2", "supervision"])
    assert progress.complete and progress.percent == 100
    assert progress.next_step == "extra"  # the optional step is still offered


def test_a_done_prerequisite_unblocks():
    assert "supervision" not in evaluate(path_with_group(), ["intro"]).blocked


def test_completion_does_not_regress_when_editors_add_or_tighten_steps():
    structure = path_with_group()
    done = ["intro", "s1", "s2", "supervision"]
    assert evaluate(structure, done).complete
    tightened = structure_from_stream(
        [
            block("intro"),
            group("choice", 3, [block(f"s{n}", "seminar", event=n) for n in range(1, 5)]),
            block("supervision", "supervision", event=9),
            block("extra", required=True),
            block("new"),
        ]
    )
    assert not evaluate(tightened, done).complete  # on the facts alone it would not be
    progress = evaluate(tightened, done, completed_before=True)
    assert progress.complete and progress.percent == 100
    assert {"intro", "s1", "s2", "supervision"} <= progress.done


def test_a_removed_step_stays_in_the_history():
    structure = structure_from_stream([block("intro"), block("later")])
    progress = evaluate(structure, ["gone", "intro"])
    assert progress.done == {"intro"}
    assert progress.history == {"gone"}
    assert progress.percent == 50


def test_a_path_of_only_optional_steps_counts_each_of_them():
    structure = structure_from_stream([block("a", required=False), block("b", required=False)])
    assert evaluate(structure, ["a"]).percent == 50
    assert evaluate(structure, ["a", "b"]).complete


def test_an_empty_path_is_not_complete():
    progress = evaluate(structure_from_stream([]), [])
    assert not progress.complete and progress.next_step is None and progress.percent == 0


def test_prerequisites_must_be_earlier_steps_of_the_same_path():
    structure = structure_from_stream(
        [
            block("a", prerequisite="b"),  # later
            block("b", prerequisite="b"),  # itself
            block("c", prerequisite="elsewhere"),  # not in the path
            block("d", prerequisite="a"),  # fine
        ]
    )
    assert prerequisite_errors(structure) == {"a": "later", "b": "self", "c": "unknown"}


def test_a_cycle_is_impossible_because_one_side_is_always_later():
    structure = structure_from_stream([block("a", prerequisite="b"), block("b", prerequisite="a")])
    assert prerequisite_errors(structure) == {"a": "later"}


def test_how_many_dates_a_session_needs():
    seminar = Step(id="s", kind="seminar")
    series_all = Step(id="m", kind="module", dates_needed="all")
    three_of = Step(id="m", kind="module", dates_needed="number", number_of_dates=3)
    assert dates_required(seminar, 8) == 1
    assert dates_required(series_all, 6) == 6
    assert dates_required(three_of, 6) == 3
    assert dates_required(three_of, 2) == 2  # cannot need more dates than there are
    assert not may_self_report_session(seminar, past_dates=0, dates_offered=4)
    assert may_self_report_session(seminar, past_dates=1, dates_offered=4)
    assert not may_self_report_session(series_all, past_dates=5, dates_offered=6)
    assert may_self_report_session(series_all, past_dates=6, dates_offered=6)
    assert may_self_report_session(three_of, past_dates=3, dates_offered=6)


ALL_IDS = ["intro", "s1", "s2", "s3", "s4", "supervision", "extra", "removed"]


def test_doing_one_more_step_never_lowers_the_percentage_or_undoes_completion():
    structure = path_with_group()
    for mask in range(2 ** len(ALL_IDS)):  # every set of completed steps, and each one more
        done = {step_id for bit, step_id in enumerate(ALL_IDS) if mask & (1 << bit)}
        before = evaluate(structure, done)
        assert 0 <= before.percent <= 100
        assert before.next_step not in before.done
        for one_more in ALL_IDS:
            after = evaluate(structure, done | {one_more})
            assert after.percent >= before.percent
            assert not before.complete or after.complete


def test_a_session_booked_on_this_site_is_never_self_reported():
    seminar = Step(id="s", kind="seminar")
    assert may_self_report_session(seminar, past_dates=1, dates_offered=1)
    assert not may_self_report_session(seminar, past_dates=1, dates_offered=1, signup_here=True)
