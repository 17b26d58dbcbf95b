"""The follow-up reports' benchmark (bench/followup_reports.py) runs at a tiny scale in seconds.

Numbers are not asserted (speed is read from `make bench`); what is asserted is that the programme it
builds holds what its table says, that every row is a page or a download the Follow-up group gets
(not an error page or a sign-in redirect), and that no report reads more queries than on the
programme of a dozen bookings it builds first. At a fiftieth of the scale (500 bookings over ten
dates) the mix of states is the one of the full scale.
"""

import importlib.util
from pathlib import Path

import pytest
from django.utils import translation

from bookings.models import Booking, BookingState
from followup.models import Answer, Respondent

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def bench_module():
    spec = importlib.util.spec_from_file_location("followup_reports", ROOT / "bench" / "followup_reports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("scale", [0.02])
def test_the_benchmark_builds_and_measures_every_follow_up_view(scale):
    bench = bench_module()
    with translation.override("sv"):
        result = bench.run(scale, repeat=0)  # one request a row
    built = result["built"]
    size = bench.counts(scale)
    assert built["bookings"] == Booking.objects.count() == size["dates"] * size["per_date"]
    attendance = Booking.objects.filter(
        state__in=[BookingState.ATTENDED, BookingState.PARTLY_ATTENDED, BookingState.NO_SHOW]
    ).count()
    # Four fifths of the bookings in attendance states, as at the funder's scale (20,000 of 25,000).
    assert built["attendance rows"] == attendance
    assert 0.75 < attendance / built["bookings"] < 0.85
    assert Booking.objects.filter(state=BookingState.NO_SHOW).exists()
    assert built["answers"] == Answer.objects.count() == Respondent.objects.count() > 0

    rows = {row["name"]: row for row in result["rows"]}
    # Every figure by every breakdown it allows (6 figures × 5, less completions by event type and
    # evaluations by member organisation), each figure's CSV and XLSX, the participant list and the
    # evaluation results.
    assert len([name for name in rows if name.startswith("report: ")]) == 28 + 1
    assert {name for name in rows if name.startswith("report XLSX")} == {
        f"report XLSX: {key} by theme"
        for key in ("participants", "hours", "attendance", "completions", "demand", "evaluation")
    }
    for name in ("participant list CSV", "participant list XLSX", "evaluation results: busiest event"):
        assert name in rows
    for name, row in rows.items():
        assert row["status"] == 200, name
        assert row["bytes"] > 100, name
        assert row["queries"] == row["small_queries"], name

    table = bench.report(result, Args(scale), "sqlite", "1 / 1 / 1", "2 / 2 / 2", bench_now())
    assert "| report: hours by member | 200 |" in table
    assert "1 / 1 / 1 before, 2 / 2 / 2 after" in table
    assert "Query counts the same as on the small programme." in table


class Args:
    def __init__(self, scale):
        self.scale, self.repeat = scale, 0


def bench_now():
    from django.utils import timezone

    return timezone.localtime()
