import datetime as dt

import pytest
from recurrence import deserialize

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import sync_occurrences
from home.translation import translate_page
from learning.factories import (
    LearningPathIndexPageFactory,
    LearningPathPageFactory,
    material_step,
    session_step,
)
from tests.helpers import english_home, publish


@pytest.fixture
def calendar(sv_home):
    return publish(EventIndexPageFactory(parent=sv_home))


@pytest.fixture
def make_event(calendar):
    def make(**fields):
        event = EventPageFactory(parent=calendar, published=True, **fields)
        sync_occurrences(event)
        return event

    return make


@pytest.fixture
def path_index(sv_home):
    return publish(LearningPathIndexPageFactory(parent=sv_home))


@pytest.fixture
def make_path(path_index):
    def make(steps, **fields):
        return publish(LearningPathPageFactory(parent=path_index, steps=steps, **fields))

    return make


@pytest.fixture
def english_paths(sv_home, path_index):
    """English home and path index, so paths can be translated."""
    english_home(sv_home)
    return translate_page(
        path_index,
        "en",
        {
            "Lärvägar": "Learning paths",
            "larvagar": "learning-paths",
            "Teman i följd: seminarier, fördjupning och handledning.": "Themes in order.",
        },
    )


@pytest.fixture
def seminar(make_event):
    """A seminar with a date last week and one tomorrow (not today: today's may already be over)."""
    event = make_event(
        title="Supported Employment i praktiken",
        start_date=dt.date.today() - dt.timedelta(days=6),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"),
    )
    assert event.occurrences.count() == 2
    return event


@pytest.fixture
def simple_path(make_path, seminar):
    reading = material_step("Läs om IPS", description="Kapitel 1 och 2.")
    return make_path(
        [reading, session_step(seminar, prerequisite=reading["id"], effort_hours="3")],
        title="Supported Employment",
        slug="supported-employment",
    )
