"""The open questions on "My learning" cost the same queries for one attended date or ten."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from recurrence import deserialize

from bookings.factories import PersonFactory

from .conftest import attend


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sv/mitt-larande/")
    assert response.status_code == 200
    return len(captured), response.content.decode().count("data-evaluation")


def test_my_learning_reads_a_fixed_number_of_queries(client, make_event):
    series = make_event(recurrence=deserialize("RRULE:FREQ=DAILY;COUNT=10"), days_ago=12, event_type="module")
    dates = list(series.occurrences.order_by("start"))
    person = PersonFactory()
    client.force_login(person)
    attend(person, series, dates[0])
    client.get("/sv/mitt-larande/")  # the session's first reads (feed token) out of the way
    one, shown = queries(client)
    assert shown == 1
    for occurrence in dates[1:]:
        attend(person, series, occurrence)
    ten, shown = queries(client)
    assert shown == 10
    assert ten <= one
