import datetime as dt

import pytest
from django.utils import timezone, translation

from bookings.factories import BookableEventFactory, PersonFactory
from bookings.models import Booking, BookingState, SessionDate


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def make_event(calendar):
    """A published bookable event; by default its one date ended two days ago."""

    def make(days_ago=2, **fields):
        fields.setdefault("start_date", (timezone.localtime() - dt.timedelta(days=days_ago)).date())
        fields.setdefault("start_time", dt.time(9, 0))
        fields.setdefault("end_time", dt.time(12, 0))
        return BookableEventFactory(parent=calendar, published=True, **fields)

    return make


@pytest.fixture
def bilingual_event(calendar, sv_home, make_event):
    """A past event in Swedish with its English translation (made through wagtail-localize)."""
    from home.translation import translate_page
    from tests.helpers import english_home

    english_home(sv_home)
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = make_event(title="Samverkan i praktiken", slug="samverkan")
    english = translate_page(
        event,
        "en",
        {
            "Samverkan i praktiken": "Cooperation in practice",
            "samverkan": "cooperation",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    return {"sv": event, "en": english}


@pytest.fixture
def person(db):
    return PersonFactory(organisation="municipality")


def attend(person, event, occurrence=None, state=BookingState.ATTENDED, language="sv"):
    """``person`` attended ``occurrence`` (default: the event's first date), as attendance records it:
    the booking in an attended state (issue 20)."""
    occurrence = occurrence or event.occurrences.order_by("start").first()
    session_date, _ = SessionDate.objects.get_or_create(
        event_key=event.translation_key, original_start=occurrence.original_start
    )
    return Booking.objects.create(
        user=person, session_date=session_date, state=state, language=language, created_at=occurrence.start
    )


@pytest.fixture
def attended():
    return attend
