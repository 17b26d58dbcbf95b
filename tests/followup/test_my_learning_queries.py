"""The open questions on "My learning" cost the same queries for one attended date or ten, and the
same with 10 bookings in the database as with 1,000 (the others' written with bulk_create)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from recurrence import deserialize

from bookings.factories import PersonFactory
from bookings.models import Booking
from followup.models import Respondent

from .conftest import attend, grow


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


def test_my_learning_reads_the_same_queries_at_10_and_1000_bookings(
    client, make_event, django_assert_max_num_queries
):
    series = make_event(recurrence=deserialize("RRULE:FREQ=DAILY;COUNT=10"), days_ago=12, event_type="module")
    person = PersonFactory()
    for occurrence in series.occurrences.order_by("start"):
        attend(person, series, occurrence)
    assert Booking.objects.count() == 10
    client.force_login(person)
    for _warm in range(3):  # the session's and the site's first reads (caches) out of the way
        client.get("/sv/mitt-larande/")
    few, shown = queries(client)
    assert shown == 10

    grow(series, 99)  # others' bookings, attendance and answers about the same dates
    assert Booking.objects.count() == 1000 and Respondent.objects.count() > 500
    many, shown = queries(client)
    assert (many, shown) == (few, 10)
    with django_assert_max_num_queries(few):
        client.get("/sv/mitt-larande/")
