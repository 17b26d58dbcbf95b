import datetime as dt

import pytest
from django.utils import timezone, translation

from bookings.factories import BookableEventFactory, PersonFactory
from tests.helpers import in_english, member_of


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


@pytest.fixture
def bilingual_event(calendar, sv_home, make_event):
    """A bookable event in Swedish with its English translation (made through wagtail-localize)."""
    from home.translation import translate_page
    from tests.helpers import english_home

    english_home(sv_home)
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = make_event(title="Samverkan i praktiken", slug="samverkan", capacity=5)
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
def organiser(db):
    """The demo organiser, reading the admin in English."""
    return in_english(member_of("Organisers", "arrangor"))
