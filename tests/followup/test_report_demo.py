"""seed_demo's Follow-up login, and the reports over the demo programme's real bookings and the
attendance taken through bookings/attendance.py: every figure and breakdown answers, in both forms,
and the demo's participants and answers are enough for several groups to show real figures while a
small one stays hidden."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from followup.report_figures import BREAKDOWNS, FIGURES, HIDDEN
from tests.helpers import signed_in

from .test_report_views import PARTICIPANTS, REPORT, read_csv

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_follow_up_login_that_opens_every_report(english):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # safe twice
    assert "uppfoljning" in out.getvalue()
    user = get_user_model().objects.get(username="uppfoljning", groups__name="Follow-up")

    client = signed_in(user)
    for figure in FIGURES.values():
        for by in BREAKDOWNS:
            if by in figure.not_by:
                continue
            query = f"?figure={figure.key}&by={by}"
            assert client.get(REPORT + query).status_code == 200, query
            rows = read_csv(client.get(REPORT + query + "&export=csv"))
            assert rows[1][0] == "Alla", query
    assert client.get(PARTICIPANTS).status_code == 200

    def shown(query):
        """The groups (not the total) whose first figure is shown, and those hidden."""
        rows = read_csv(client.get(REPORT + query + "&export=csv"))[2:]
        return [row for row in rows if row[1] != hidden], [row for row in rows if row[1] == hidden]

    hidden = str(HIDDEN)  # "dold"
    groups, small = shown("?figure=participants&by=organisation")
    assert len(groups) >= 4 and all(int(row[1]) >= 5 for row in groups)
    assert small, "a small group shows the suppression"
    groups, _small = shown("?figure=attendance&by=event_type")
    assert len(groups) >= 3
    groups, _small = shown("?figure=evaluation&by=organisation")
    assert len(groups) >= 4 and all(int(row[1]) >= 5 for row in groups)
    groups, _small = shown("?figure=evaluation&by=event_type")
    module = next(row for row in groups if row[0] == "Fördjupningsmodul")
    assert int(module[4]) >= 5 and module[5] not in ("", hidden)  # the follow-up after three months
    assert len(groups) >= 2
    groups, _small = shown("?figure=demand&by=organisation")
    total = read_csv(client.get(REPORT + "?figure=demand&by=organisation&export=csv"))[1]
    assert int(total[2]) >= 10 and groups  # asked to hear about the module's next round
