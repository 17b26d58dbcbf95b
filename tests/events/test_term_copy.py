"""Copying an event for a new term moves every date along, in one admin action."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from recurrence import deserialize

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventDateException, EventPage, Occurrence
from events.term_copy import copy_for_new_term
from home.factories import ThemeIndexPageFactory, ThemePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def autumn_series(sv_home):
    calendar = EventIndexPageFactory(parent=sv_home)
    calendar.save_revision().publish()
    theme = ThemePageFactory(parent=ThemeIndexPageFactory(parent=sv_home), title="Metoder", slug="metoder")
    event = EventPageFactory(
        parent=calendar,
        title="Handledning höst",
        slug="handledning-host",
        start_date=dt.date(2026, 10, 6),  # a Tuesday, three weeks before the October change
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 30),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;UNTIL=20261109T230000Z"),  # as the widget stores 10 Nov
        themes=[theme],
        audience=["municipality"],
    )
    EventDateException.objects.create(event=event, original_date=dt.date(2026, 10, 20), kind="cancelled")
    EventDateException.objects.create(
        event=event, original_date=dt.date(2026, 10, 27), kind="moved", new_date=dt.date(2026, 10, 28)
    )
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def local_starts(event):
    return [
        (o.start.astimezone(event.zone).strftime("%Y-%m-%d %H:%M"), o.status)
        for o in Occurrence.objects.filter(event=event).order_by("start")
    ]


def test_the_copy_is_a_draft_with_every_date_moved_across_daylight_saving(autumn_series):
    # 2026-10-06 + 26 weeks = 2027-04-06: the copy's series crosses no change, the original crosses October's.
    copy = copy_for_new_term(autumn_series, dt.date(2027, 3, 9), "Handledning vår")
    assert not copy.live and copy.slug == "handledning-var"
    assert list(copy.themes.values_list("slug", flat=True)) == ["metoder"]
    assert list(copy.audience.values_list("code", flat=True)) == ["municipality"]
    assert Occurrence.objects.filter(event=copy).count() == 0  # nothing public before it is published

    copy.save_revision().publish()
    copy = EventPage.objects.get(pk=copy.pk)
    assert local_starts(autumn_series) == [
        ("2026-10-06 18:00", "scheduled"),
        ("2026-10-13 18:00", "scheduled"),
        ("2026-10-20 18:00", "cancelled"),
        ("2026-10-28 18:00", "moved"),
        ("2026-11-03 18:00", "scheduled"),
        ("2026-11-10 18:00", "scheduled"),
    ]
    # 154 days later, across the March 2027 change, still 18:00 local time; the exceptions moved along.
    assert local_starts(copy) == [
        ("2027-03-09 18:00", "scheduled"),
        ("2027-03-16 18:00", "scheduled"),
        ("2027-03-23 18:00", "cancelled"),
        ("2027-03-31 18:00", "moved"),
        ("2027-04-06 18:00", "scheduled"),
        ("2027-04-13 18:00", "scheduled"),
    ]
    # The original is untouched.
    assert EventPage.objects.get(pk=autumn_series.pk).start_date == dt.date(2026, 10, 6)


def editor(group="Editors"):
    user = get_user_model().objects.create_user(username=f"u-{group}", password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_editors_copy_from_the_page_header_in_one_step(client, autumn_series):
    client.force_login(editor())
    url = reverse("events_copy_for_term", args=[autumn_series.pk])
    assert url in client.get(f"/admin/pages/{autumn_series.pk}/edit/").content.decode()

    form = client.get(url)
    assert form.status_code == 200
    assert 'value="2027-04-06"' in form.content.decode()  # half a year on, same weekday

    response = client.post(url, {"new_start_date": "2027-03-09", "title": "Handledning vår"})
    copy = EventPage.objects.get(title="Handledning vår")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert copy.start_date == dt.date(2027, 3, 9)
    assert copy.get_parent().pk == autumn_series.get_parent().pk


@pytest.mark.parametrize(
    "data", [{"new_start_date": "not a date", "title": "X"}, {"new_start_date": "2026-10-06", "title": "X"}]
)
def test_a_bad_date_is_explained_and_copies_nothing(client, autumn_series, data):
    client.force_login(editor())
    before = EventPage.objects.count()
    response = client.post(reverse("events_copy_for_term", args=[autumn_series.pk]), data)
    assert response.status_code == 200
    assert b"error" in response.content
    assert EventPage.objects.count() == before


def test_communicators_cannot_copy_events(client, autumn_series):
    client.force_login(editor("Communicators"))
    response = client.post(
        reverse("events_copy_for_term", args=[autumn_series.pk]),
        {"new_start_date": "2027-03-09", "title": "Kopia"},
    )
    assert response.status_code in (302, 403)
    assert not EventPage.objects.filter(title="Kopia").exists()
    assert client.get(reverse("events_copy_for_term", args=[999999]), follow=True).status_code == 404
