import datetime as dt

import factory
import wagtail_factories
from wagtail.models import Locale

from .models import EventIndexPage, EventPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Kalender"
    slug = "kalender"
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="sv"))

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Seminarium {n}")
    slug = factory.Sequence(lambda n: f"seminarium-{n}")
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="sv"))
    start_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
    start_time = dt.time(9, 0)
    end_time = dt.time(12, 0)
    venue_name = "Kommunhuset, Haninge"

    class Meta:
        model = EventPage
