"""The participant's certificate under "My learning" (issue 21): own data only, both languages,
hours by the funder's definition (docs/followup.md), a fixed number of queries."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from recurrence import deserialize

from bookings.factories import PersonFactory
from bookings.models import Booking, BookingState
from followup import report_figures as figures
from followup.certificate import session_minutes
from home.translation import translate_page
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, material_step
from learning.models import PathCompletion
from tests.helpers import publish

from .conftest import attend

SV_URL = "/sv/mitt-larande/intyg/"
EN_URL = "/en/my-learning/certificate/"


def test_minutes_follow_the_reports_rule():
    start = timezone.now() - dt.timedelta(days=3)
    end = start + dt.timedelta(hours=3)
    assert session_minutes(BookingState.ATTENDED, None, start, end) == 180
    assert session_minutes(BookingState.PARTLY_ATTENDED, None, start, end) == 90
    assert session_minutes(BookingState.PARTLY_ATTENDED, 100, start, end) == 100
    assert session_minutes(BookingState.ATTENDED, 150, start, end) == 150
    fact = figures.Fact(kind=figures.PARTLY_ATTENDED, when=start, scheduled_minutes=180)
    assert session_minutes(BookingState.PARTLY_ATTENDED, None, start, end) == figures.minutes_attended(fact)


@pytest.fixture
def named(db):
    return PersonFactory(
        first_name="Anna",
        last_name="Lind",
        organisation="municipality",
        organisation_name="Haninge kommun",
    )


def english(page, strings):
    if getattr(page, "introduction", ""):
        strings[page.introduction] = "In English."
    return strings


@pytest.fixture
def completed_path(sv_home, bilingual_event, named):
    index = publish(LearningPathIndexPageFactory(parent=sv_home))
    translate_page(index, "en", english(index, {index.title: "Learning paths", index.slug: "learning-paths"}))
    path = LearningPathPageFactory(
        parent=index, steps=[material_step("Läs")], title="Samverkan steg för steg"
    )
    path = publish(path)
    strings = {path.title: "Cooperation step by step", path.slug: "cooperation-path", "Läs": "Read"}
    translate_page(path, "en", english(path, strings))
    PathCompletion.objects.create(user=named, path_key=path.translation_key)
    return path


def test_the_certificate_in_both_languages(client, bilingual_event, completed_path, named):
    attend(named, bilingual_event["sv"])  # 9:00-12:00 two days ago
    client.force_login(named)

    swedish = client.get(SV_URL)
    assert swedish.status_code == 200
    html = swedish.content.decode()
    assert "Intyg om deltagande" in html
    assert "Anna Lind" in html and "Haninge kommun" in html
    assert "23-077-S03" in html and "Europeiska socialfonden" in html
    assert "Samverkan i praktiken" in html and "Cooperation in practice" not in html
    assert "Samverkan steg för steg" in html
    assert "data-certificate-total>3,0<" in html
    assert '<th scope="col">' in html and "<caption>" in html
    assert 'media="print"' in html or "certificate.css" in html
    assert "style=" not in html and "<style" not in html

    english = client.get(EN_URL).content.decode()
    assert "Certificate of participation" in english
    assert "Cooperation in practice" in english and "Samverkan i praktiken" not in english
    assert "Cooperation step by step" in english
    assert "European Social Fund" in english
    assert "data-certificate-total>3.0<" in english


def test_only_the_persons_own_sessions_show(client, make_event, named):
    mine = make_event(title="Mitt seminarium", slug="mitt")
    theirs = make_event(title="Någon annans seminarium", slug="annan")
    other = PersonFactory(first_name="Bo", last_name="Berg", organisation_name="Botkyrka kommun")
    attend(named, mine)
    attend(other, theirs)
    attend(other, mine)
    client.force_login(named)
    html = client.get(SV_URL).content.decode()
    assert "Mitt seminarium" in html
    assert "Någon annans seminarium" not in html
    assert "Bo Berg" not in html and "Botkyrka" not in html
    assert html.count("data-certificate-session") == 1


def test_no_show_and_cancelled_bookings_are_not_on_the_certificate(client, make_event, named):
    came = make_event(title="Där jag var", slug="var")
    missed = make_event(title="Där jag inte kom", slug="inte")
    attend(named, came)
    attend(named, missed, state=BookingState.NO_SHOW)
    client.force_login(named)
    html = client.get(SV_URL).content.decode()
    assert "Där jag var" in html and "Där jag inte kom" not in html


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(SV_URL)
    assert response.status_code == 302
    assert response["Location"].endswith("?next=" + SV_URL)


def test_hours_follow_the_funders_definition(client, make_event, named):
    series = make_event(recurrence=deserialize("RRULE:FREQ=DAILY;COUNT=3"), days_ago=6)  # three hours a date
    dates = list(series.occurrences.order_by("start"))
    attend(named, series, dates[0])  # three hours
    attend(named, series, dates[1], state=BookingState.PARTLY_ATTENDED)  # no minutes: half, 1.5
    recorded = attend(named, series, dates[2], state=BookingState.PARTLY_ATTENDED)
    Booking.objects.filter(pk=recorded.pk).update(attended_minutes=100)  # the roster's minutes: 1.7
    client.force_login(named)
    html = client.get(EN_URL).content.decode()
    hours = [part.split("<", 1)[0] for part in html.split("data-certificate-hours>")[1:]]
    assert hours == ["3.0", "1.5", "1.7"]
    # 180 + 90 + 100 minutes, summed before rounding as in the reports: 6.2 hours.
    assert "data-certificate-total>6.2<" in html
    assert figures.hours(Decimal(370)) == Decimal("6.2")


def test_my_learning_links_to_the_certificate_once_something_was_attended(client, make_event, named):
    client.force_login(named)
    assert "data-certificate-link" not in client.get("/sv/mitt-larande/").content.decode()
    attend(named, make_event())
    html = client.get("/sv/mitt-larande/").content.decode()
    assert "data-certificate-link" in html and SV_URL in html
    assert EN_URL in client.get("/en/my-learning/").content.decode()


# Session and user, the person's attended bookings and their dates, completions and their paths,
# and what the base template reads (menu, language versions).
QUERIES = 14


@pytest.mark.parametrize("sessions", [2, 30])
def test_a_fixed_number_of_queries(client, make_event, named, sessions, django_assert_max_num_queries):
    series = make_event(recurrence=deserialize(f"RRULE:FREQ=DAILY;COUNT={sessions}"), days_ago=sessions + 2)
    for occurrence in series.occurrences.all():
        attend(named, series, occurrence)
    for _n in range(3):  # paths since removed: left out, and read in the same one query
        PathCompletion.objects.create(user=named, path_key=uuid.uuid4())
    client.force_login(named)
    client.get(SV_URL)  # the session's first reads out of the way
    with django_assert_max_num_queries(QUERIES):
        response = client.get(SV_URL)
    assert response.content.decode().count("data-certificate-session") == sessions


def test_a_date_since_removed_still_shows_with_no_hours(client, make_event, named):
    event = make_event(title="Borttaget", slug="borttaget")
    attend(named, event)
    event.occurrences.all().delete()  # as the reports do: the length of a date no longer known is 0
    client.force_login(named)
    html = client.get(SV_URL).content.decode()
    assert "Ett tillfälle som inte längre finns i kalendern" in html
    assert "data-certificate-total>0,0<" in html
