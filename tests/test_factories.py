"""The factories' traits do what tests rely on: a real publish, and themes and audience that are saved."""

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventPage
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(sv_home):
    return ThemePageFactory(parent=ThemeIndexPageFactory(parent=sv_home, published=True), published=True)


def test_published_runs_the_publish_an_editor_makes_with_themes_and_audience_in_it(sv_home, theme):
    calendar = EventIndexPageFactory(parent=sv_home, published=True)
    event = EventPageFactory(parent=calendar, themes=[theme], audience=["municipality"], published=True)

    stored = EventPage.objects.get(pk=event.pk)
    assert stored.live and stored.live_revision is not None
    assert stored.occurrences.count() == 1  # the publish signals ran
    live = stored.live_revision.as_object()
    assert [t.pk for t in live.themes.all()] == [theme.pk]
    assert [a.code for a in live.audience.all()] == ["municipality"]


def test_without_published_a_page_has_no_revision_but_keeps_its_themes_and_audience(sv_home, theme):
    calendar = EventIndexPageFactory(parent=sv_home)
    event = EventPageFactory(parent=calendar, themes=[theme], audience=["region_stockholm"])

    stored = EventPage.objects.get(pk=event.pk)
    assert stored.live_revision is None
    assert stored.occurrences.count() == 0
    assert [t.pk for t in stored.themes.all()] == [theme.pk]
    assert [a.code for a in stored.audience.all()] == ["region_stockholm"]


def test_learning_paths_take_the_same_traits(sv_home, theme):
    index = LearningPathIndexPageFactory(parent=sv_home, published=True)
    path = LearningPathPageFactory(parent=index, themes=[theme], published=True)
    assert path.live_revision is not None
    assert [t.pk for t in path.live_revision.as_object().themes.all()] == [theme.pk]
