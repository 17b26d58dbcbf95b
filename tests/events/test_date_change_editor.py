"""Changes to single dates in the page editor, over HTTP: a date the series does not have is refused with
the nearest series dates named on the field, the series' own next dates are offered, and the check uses
the rule being edited in the same form."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from recurrence import deserialize

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventDateException, EventPage
from tests.admin_forms import admin_form_data
from tests.helpers import SWEDISH_MONTHS, SWEDISH_WEEKDAYS

pytestmark = pytest.mark.django_db

WEEKDAYS, MONTHS = SWEDISH_WEEKDAYS, SWEDISH_MONTHS


def swedish(day):
    """A date as a Swedish editor reads it: "onsdag 20 januari 2027"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def next_wednesday():
    after = dt.date.today() + dt.timedelta(days=7)
    return after + dt.timedelta(days=(2 - after.weekday()) % 7)


@pytest.fixture
def series(sv_home):
    calendar = EventIndexPageFactory(parent=sv_home)
    calendar.save_revision().publish()
    event = EventPageFactory(
        parent=calendar,
        title="Handledning Supported Employment",
        start_date=next_wednesday(),
        start_time=dt.time(18, 0),
        end_time=dt.time(20, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=6"),
    )
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("redaktor", "redaktor@example.org", "pw"))
    return client


def with_date_change(data, original_date, kind="cancelled", note="Handledaren är sjuk."):
    data.update(
        {
            "date_exceptions-TOTAL_FORMS": "1",
            "date_exceptions-INITIAL_FORMS": "0",
            "date_exceptions-0-id": "",
            "date_exceptions-0-ORDER": "1",
            "date_exceptions-0-DELETE": "",
            "date_exceptions-0-original_date": original_date.isoformat(),
            "date_exceptions-0-kind": kind,
            "date_exceptions-0-new_date": "",
            "date_exceptions-0-new_start_time": "",
            "date_exceptions-0-new_end_time": "",
            "date_exceptions-0-title": "",
            "date_exceptions-0-note": note,
        }
    )
    return data


def field_errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("[name=date_exceptions-0-original_date]").find_parent(
        attrs={"data-field-wrapper": True}
    )
    return " ".join(field.select_one(".error-message").get_text(" ").split())


def test_a_thursday_in_a_wednesday_series_is_refused_with_the_nearest_wednesdays(series, editor_client):
    url = reverse("wagtailadmin_pages:edit", args=[series.pk])
    thursday = series.start_date + dt.timedelta(days=8)
    response = editor_client.post(url, with_date_change(admin_form_data(editor_client, url), thursday))

    assert response.status_code == 200  # the editor again, with the error on the field
    assert field_errors(response) == (
        f"{swedish(thursday)} är inte ett av seriens datum. Närmaste datum i serien är "
        f"{swedish(series.start_date + dt.timedelta(weeks=1))} och "
        f"{swedish(series.start_date + dt.timedelta(weeks=2))}."
    )
    assert not EventDateException.objects.exists()
    assert series.get_latest_revision().pk == EventPage.objects.get(pk=series.pk).latest_revision_id


def test_a_date_after_the_last_one_names_the_last_date(series, editor_client):
    url = reverse("wagtailadmin_pages:edit", args=[series.pk])
    late = series.start_date + dt.timedelta(weeks=10)
    response = editor_client.post(url, with_date_change(admin_form_data(editor_client, url), late))
    assert response.status_code == 200
    last = series.start_date + dt.timedelta(weeks=5)
    assert field_errors(response).endswith(f"Närmaste datum i serien är {swedish(last)}.")


def test_a_date_of_the_series_is_accepted_and_cancels_it(series, editor_client):
    url = reverse("wagtailadmin_pages:edit", args=[series.pk])
    second = series.start_date + dt.timedelta(weeks=1)
    data = with_date_change(admin_form_data(editor_client, url), second)
    data["action-publish"] = "action-publish"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    event = EventPage.objects.get(pk=series.pk)
    cancelled = event.occurrences.get(status="cancelled")
    assert cancelled.original_start.date() == second


def test_the_check_uses_the_rule_being_edited(series, editor_client):
    """Turning the series into Thursdays in the same edit makes a Thursday a date of the series."""
    url = reverse("wagtailadmin_pages:edit", args=[series.pk])
    thursday = series.start_date + dt.timedelta(days=8)
    data = with_date_change(admin_form_data(editor_client, url), thursday)
    data["start_date"] = (series.start_date + dt.timedelta(days=1)).isoformat()
    response = editor_client.post(url, data)
    assert response.status_code == 302
    draft = EventPage.objects.get(pk=series.pk).get_latest_revision_as_object()
    assert [change.original_date for change in draft.date_exceptions.all()] == [thursday]


def test_the_editor_offers_the_series_next_dates(series, editor_client):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[series.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    dates = ", ".join(swedish(series.start_date + dt.timedelta(weeks=week)) for week in range(6))
    offered = f"Datumet som det ligger i serien. Seriens nästa datum: {dates}."
    # In the template the "Add" button copies, so every new date change shows it.
    template = soup.select_one(
        "template#id_date_exceptions-EMPTY_FORM_TEMPLATE, template[id*=date_exceptions]"
    )
    assert template is not None
    assert offered in " ".join(template.decode_contents().split())
