import datetime as dt

import pytest
from django.utils import timezone, translation

from bookings.factories import BookableEventFactory, PersonFactory


@pytest.fixture(autouse=True)
def swedish():
    """Messages are read in the site's default language, whatever an earlier test left active."""
    with translation.override("sv"):
        yield


@pytest.fixture
def make_event(calendar):
    """A published event taking sign-ups here; the dates are written by the publish's own signals."""

    def make(**fields):
        fields.setdefault("start_date", (timezone.localtime() + dt.timedelta(days=7)).date())
        return BookableEventFactory(parent=calendar, published=True, **fields)

    return make


@pytest.fixture
def people(db):
    def make(count):
        return [PersonFactory() for _ in range(count)]

    return make
