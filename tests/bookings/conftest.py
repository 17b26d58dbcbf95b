import datetime as dt

import pytest
from django.utils import timezone

from bookings.factories import BookableEventFactory, PersonFactory


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
