"""An event under a view restriction is listed only for those who may open it: the calendar (list,
month, a day, filtered, paged), the home page and theme pages (home/privacy.py)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from tests.helpers import publish, signed_in

pytestmark = pytest.mark.django_db

OPEN, MEMBERS, PASSWORD, GROUP = (
    "Öppet seminarium",
    "Internt seminarium",
    "Seminarium med lösenord",
    "Gruppmöte",
)
RESTRICTED = (MEMBERS, PASSWORD, GROUP)
# Far enough ahead that the open series' 20 first dates fill the calendar's first page.
LATER = 200


@pytest.fixture
def theme(sv_home):
    index = publish(ThemeIndexPageFactory(parent=sv_home))
    return publish(ThemePageFactory(parent=index, title="Samverkan", slug="samverkan"))


@pytest.fixture
def group():
    return Group.objects.create(name="Handledare")


@pytest.fixture
def events(calendar, theme, group):
    today = timezone.localdate()
    weekly = EventPageFactory(
        parent=calendar, title=OPEN, start_date=today + dt.timedelta(days=1), themes=[theme], published=True
    )
    weekly.recurrence = "RRULE:FREQ=WEEKLY;COUNT=25"
    publish(weekly)

    def restricted(title, days, **restriction):
        event = EventPageFactory(
            parent=calendar,
            title=title,
            start_date=today + dt.timedelta(days=days),
            themes=[theme],
            published=True,
        )
        made = PageViewRestriction.objects.create(page=event, **restriction)
        return event, made

    members, _ = restricted(MEMBERS, LATER, restriction_type=PageViewRestriction.LOGIN)
    password, password_restriction = restricted(
        PASSWORD, LATER, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    in_group, group_restriction = restricted(GROUP, LATER, restriction_type=PageViewRestriction.GROUPS)
    group_restriction.groups.add(group)
    return {
        "open": weekly,
        "members": members,
        "password": password,
        "password_restriction": password_restriction,
        "group": in_group,
        "later": today + dt.timedelta(days=LATER),
    }


def listings(events, calendar, theme):
    """Every listing of events: the calendar in each of its views, the home page, the theme page."""
    later = events["later"]
    month = f"{later:%Y-%m}"
    return {
        "second page": "/sv/kalender/?page=2",
        "filtered": "/sv/kalender/?type=seminar&page=2",
        "month": f"/sv/kalender/?view=month&month={month}",
        "day": f"/sv/kalender/?view=month&month={month}&day={later.isoformat()}",
        "home": "/sv/",
        "theme": theme.url,
    }


def titles_in(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def shown(client, events, calendar, theme):
    """{listing: the restricted titles it shows}, checking each listing is there at all (the open
    series is in every one but the month and day of the restricted events' date)."""
    found = {}
    for name, url in listings(events, calendar, theme).items():
        body = titles_in(client, url)
        found[name] = {title for title in RESTRICTED if title in body}
        if name not in ("month", "day"):
            assert OPEN in body, name
    return found


def nothing_restricted(found):
    return {name: set() for name in found}


def test_anonymous_visitors_see_no_restricted_event_in_any_listing(client, events, calendar, theme):
    found = shown(client, events, calendar, theme)
    assert found == nothing_restricted(found)
    # Nor does the page cache hand them out on a second visit.
    again = shown(client, events, calendar, theme)
    assert again == nothing_restricted(again)


def test_signed_in_people_see_the_events_open_to_signed_in_people(client, events, calendar, theme):
    person = get_user_model().objects.create_user("anna", "anna@example.org", "x")
    found = shown(signed_in(person), events, calendar, theme)
    assert found == {name: {MEMBERS} for name in found}
    # What was built for her is not handed to an anonymous visitor afterwards.
    anonymous = shown(client, events, calendar, theme)
    assert anonymous == nothing_restricted(anonymous)


def test_members_of_a_group_see_the_events_open_to_their_group(events, calendar, theme, group):
    person = get_user_model().objects.create_user("bo", "bo@example.org", "x")
    other = get_user_model().objects.create_user("cia", "cia@example.org", "x")
    person.groups.add(group)
    found = shown(signed_in(person), events, calendar, theme)
    assert found == {name: {MEMBERS, GROUP} for name in found}
    not_in_group = shown(signed_in(other), events, calendar, theme)
    assert not_in_group == {name: {MEMBERS} for name in found}


def test_who_gave_the_password_sees_that_event_listed(events, calendar, theme):
    visitor = Client()
    page = events["password"]
    response = visitor.get(page.url)
    assert response.status_code == 200
    assert PASSWORD not in response.content.decode()  # the form, not the page
    response = visitor.post(
        f"/sv/_util/authenticate_with_password/{events['password_restriction'].pk}/{page.pk}/",
        {"password": "hemligt", "return_url": page.url},
    )
    assert response.status_code == 302
    found = shown(visitor, events, calendar, theme)
    assert found == {name: {PASSWORD} for name in found}


def test_a_restriction_above_the_events_hides_them_too(client, events, calendar, sv_home):
    # A section of events for members only: the restriction on the section covers its events.
    from events.factories import EventIndexPageFactory

    section = publish(EventIndexPageFactory(parent=calendar, title="Interna", slug="interna"))
    EventPageFactory(parent=section, title="Intern utbildning", published=True)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert "Intern utbildning" not in titles_in(client, "/sv/kalender/")
    assert "Intern utbildning" not in titles_in(client, "/sv/")


def test_the_listings_cost_the_same_queries_however_many_restricted_events(
    events, calendar, theme, django_assert_max_num_queries
):
    person = get_user_model().objects.create_user("anna", "anna@example.org", "x")
    visitor = signed_in(person)
    urls = ["/sv/kalender/", "/sv/", theme.url]
    counts = {}
    for url in urls:
        visitor.get(url)
        with CaptureQueriesContext(connection) as queries:
            visitor.get(url)
        counts[url] = len(queries)
    for n in range(5):
        event = EventPageFactory(parent=calendar, title=f"Fler interna {n}", themes=[theme], published=True)
        PageViewRestriction.objects.create(
            page=event, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    for url in urls:
        visitor.get(url)  # the first visit after a change fills the caches again
        with django_assert_max_num_queries(counts[url]):
            visitor.get(url)


def test_a_restricted_theme_is_not_linked_from_the_pages_tagged_with_it(client, events, theme):
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)
    event_url = events["open"].url
    assert theme.url not in titles_in(client, event_url)
    person = get_user_model().objects.create_user("anna", "anna@example.org", "x")
    assert theme.url in titles_in(signed_in(person), event_url)
