"""A small site with one of everything the permission matrix and the hostile sweep ask for: pages of
every type, a bookable date with a booking, attended dates with an open evaluation and follow-up, a
learning path, a personal feed token, and one user per role (the groups are the data migrations':
home 0003/0006, bookings 0003, followup 0002/0003, learning 0002; Moderators is Wagtail's own).

Built once per test module (``module_world``) inside a transaction rolled back at the module's end;
each test runs in a savepoint within it, so nothing a test does is seen by the next.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bookings.check_in import token_for
from bookings.factories import BookableEventFactory, PersonFactory, book
from bookings.models import Booking, BookingState, SessionDate
from events.factories import EventIndexPageFactory
from events.models import EventType
from home.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
    swedish_home,
)
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, material_step
from learning.feeds import issue_token

# The roles, in the matrix's column order: anonymous, two participants, the groups, a superuser. "owner" is a signed-in participant who owns the objects
# the personal rows name; "other" is another participant reaching for them.
ROLES = ("anon", "owner", "other", "comm", "mod", "editor", "organiser", "followup", "super")
GROUPS = {
    "comm": "Communicators",
    "mod": "Moderators",
    "editor": "Editors",
    "organiser": "Organisers",
    "followup": "Follow-up",
}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    booking: Booking = None  # the owner's booking of a coming date
    session_date: SessionDate = None  # that date
    evaluation_booking: Booking = None  # attended two days ago: the evaluation is open
    follow_up_booking: Booking = None  # a module attended 100 days ago: the follow-up is open
    past_event: object = None
    feed_token: str = ""
    step_id: str = ""

    @property
    def check_in_token(self):
        return token_for(self.session_date)

    def check_in_time(self):
        """Ten minutes before the coming date starts: its check-in is open."""
        occurrence = self.pages["event"].occurrences.order_by("start").first()
        return occurrence.start - dt.timedelta(minutes=10)


def _attended(person, event):
    occurrence = event.occurrences.order_by("start").first()
    session_date, _ = SessionDate.objects.get_or_create(
        event_key=event.translation_key, original_start=occurrence.original_start
    )
    return Booking.objects.create(
        user=person,
        session_date=session_date,
        state=BookingState.ATTENDED,
        language="sv",
        created_at=occurrence.start,
    )


def build_world():
    world = World()
    users = world.users
    users["owner"] = PersonFactory(organisation="municipality")
    users["other"] = PersonFactory(organisation="municipality")
    for role, group in GROUPS.items():
        user = PersonFactory(username=f"role-{role}")
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    users["super"] = PersonFactory(username="role-super", is_superuser=True, is_staff=True)

    home = swedish_home()
    pages = world.pages
    pages["home"] = home
    pages["standard"] = StandardPageFactory(parent=home, published=True)
    pages["theme_index"] = ThemeIndexPageFactory(parent=home, published=True)
    pages["theme"] = ThemePageFactory(parent=pages["theme_index"], published=True)
    pages["news_index"] = NewsIndexPageFactory(parent=home, published=True)
    pages["news"] = NewsPageFactory(parent=pages["news_index"], published=True)
    pages["calendar"] = EventIndexPageFactory(parent=home, published=True)
    today = timezone.localdate()
    pages["event"] = BookableEventFactory(
        parent=pages["calendar"], published=True, start_date=today + dt.timedelta(days=7)
    )
    world.past_event = BookableEventFactory(
        parent=pages["calendar"], published=True, start_date=today - dt.timedelta(days=2)
    )
    module = BookableEventFactory(
        parent=pages["calendar"],
        published=True,
        event_type=EventType.MODULE,
        start_date=today - dt.timedelta(days=100),
    )
    pages["path_index"] = LearningPathIndexPageFactory(parent=home, published=True)
    step = material_step("Läs rapporten")
    world.step_id = step["id"]
    pages["path"] = LearningPathPageFactory(parent=pages["path_index"], published=True, steps=[step])
    # Not plainly public: a page for signed-in people only, and a draft.
    pages["restricted"] = StandardPageFactory(parent=home, published=True)
    PageViewRestriction.objects.create(page=pages["restricted"], restriction_type=PageViewRestriction.LOGIN)
    pages["draft"] = StandardPageFactory(parent=home, live=False)

    owner = users["owner"]
    assert book(owner, pages["event"]).ok
    world.booking = Booking.objects.get(user=owner, session_date__event_key=pages["event"].translation_key)
    world.session_date = world.booking.session_date
    world.evaluation_booking = _attended(owner, world.past_event)
    world.follow_up_booking = _attended(owner, module)
    world.feed_token = issue_token(owner)
    return world


def module_world_fixture():
    """A module-scoped fixture: the world, built once for the test module and rolled back after it.
    A test module assigns it: ``module_world = module_world_fixture()``."""

    @pytest.fixture(scope="module")
    def module_world(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield build_world()
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return module_world
