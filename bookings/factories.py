"""Test and demo data for bookings: a bookable event, people, and bookings made through the services.

Bookings are made with ``bookings.services.book`` (never written directly), so the counters, the
history and the lock are the real ones.
"""

import factory
from django.contrib.auth import get_user_model

from events.factories import EventPageFactory
from events.models import SignupMode

from . import services


class BookableEventFactory(EventPageFactory):
    """An event that takes sign-ups on this site, 10 places a date unless told otherwise."""

    title = factory.Sequence(lambda n: f"Bokningsbart seminarium {n}")
    slug = factory.Sequence(lambda n: f"bokningsbart-{n}")
    signup = SignupMode.SITE
    capacity = 10


class PersonFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"deltagare{n}")
    email = factory.LazyAttribute(lambda person: f"{person.username}@example.org")
    first_name = "Deltagare"

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


def book(person, event, occurrence=None, **options):
    """Book ``person`` on ``occurrence`` (default: the event's first date) through the service."""
    occurrence = occurrence or event.occurrences.order_by("start").first()
    return services.book(person, event, [occurrence.original_start], **options)
