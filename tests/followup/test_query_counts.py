"""Every page and download of the follow-up reads the same number of queries with 10 bookings as
with 1,000 (issue 21, "query counts are the same for 10 and 1,000 bookings"): the follow-up report
for each figure (page, CSV, XLSX), the participant list and its export log, and the evaluation
results in the admin. "My learning" is in tests/followup/test_my_learning_queries.py.

The thousand bookings are written with bulk_create (tests/followup/conftest.py, ``grow``)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from recurrence import deserialize

from bookings.models import Booking
from followup.models import Answer
from followup.report_figures import FIGURES
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, material_step
from tests.helpers import publish

from .conftest import grow
from .test_report_views import EXPORT_LOG, PARTICIPANTS, REPORT, read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(make_event):
    """A module of ten dates, the last ended three days ago."""
    return make_event(recurrence=deserialize("RRULE:FREQ=DAILY;COUNT=10"), days_ago=12, event_type="module")


@pytest.fixture
def path_key(sv_home):
    index = publish(LearningPathIndexPageFactory(parent=sv_home))
    return publish(LearningPathPageFactory(parent=index, steps=[material_step("Läs")])).translation_key


def pages(series):
    """Every follow-up page and download, as the Follow-up group and an editor open them."""
    month = timezone.localtime(series.occurrences.order_by("start").first().start).strftime("%Y-%m")
    urls = []
    for figure in FIGURES:
        for download in ("", "&export=csv", "&export=xlsx"):
            urls.append(("follow_up", f"{REPORT}?figure={figure}&by=organisation{download}"))
    urls.append(("follow_up", f"{REPORT}?figure=participants&by=member"))
    urls.append(("follow_up", f"{REPORT}?figure=evaluation&by=month&period_from=2020-01-01"))
    for download in ("", "&export=csv", "&export=xlsx"):
        urls.append(("follow_up", f"{PARTICIPANTS}?month={month}{download}"))
    urls.append(("admin", EXPORT_LOG))
    urls.append(("editor", reverse("followup_admin:index")))
    urls.append(("editor", reverse("followup_admin:event", args=[series.translation_key])))
    return urls


def count(clients, urls):
    counts = {}
    for who, url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = clients[who].get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)  # the rows are read while streaming
        counts[url] = len(captured)
    return counts


def test_every_follow_up_page_reads_the_same_queries_at_10_and_1000_bookings(
    client, series, path_key, make_user, django_assert_max_num_queries
):
    clients = {}
    for who, group in (("follow_up", "Follow-up"), ("editor", "Editors"), ("admin", None)):
        clients[who] = client.__class__()
        user = make_user(f"reader-{who}", group, is_superuser=group is None, is_staff=True)
        clients[who].force_login(user)
    urls = pages(series)
    grow(series, 1, path_key)
    assert Booking.objects.count() == 10
    count(clients, urls)  # each session's first reads (profile, permissions) out of the way
    few = count(clients, urls)

    grow(series, 99, path_key)
    assert Booking.objects.count() == 1000
    assert Answer.objects.count() > 500
    many = count(clients, urls)
    assert many == few
    for who, url in urls:
        with django_assert_max_num_queries(few[url]):
            response = clients[who].get(url)
            if response.streaming:
                b"".join(response.streaming_content)
    assert max(few.values()) < 30, few


def test_the_reports_show_the_thousand_bookings(client, series, path_key, make_user):
    """The growth above is real data the report reads (so the equal counts are not of empty pages)."""
    grow(series, 100, path_key)
    client.force_login(make_user("uppfoljare", "Follow-up"))

    rows = read_csv(client.get(f"{REPORT}?figure=attendance&by=organisation&export=csv"))
    booked, attended, no_show = (int(cell) for cell in rows[1][1:4])
    assert booked == attended + no_show > 500
    rows = read_csv(client.get(f"{REPORT}?figure=participants&by=organisation&export=csv"))
    # Every attended or partly attended booking is a participation (walk-ins included).
    assert int(rows[1][2]) == Booking.objects.filter(state__in=["attended", "partly_attended"]).count()
    assert timezone.now() - dt.timedelta(days=1) > series.occurrences.order_by("end").last().end
