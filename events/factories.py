import datetime as dt

import factory

from home.factories import PageFactory

from .models import EventIndexPage, EventPage


class EventIndexPageFactory(PageFactory):
    title = "Kalender"
    slug = "kalender"

    class Meta:
        model = EventIndexPage


class EventPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Seminarium {n}")
    slug = factory.Sequence(lambda n: f"seminarium-{n}")
    start_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
    start_time = dt.time(9, 0)
    end_time = dt.time(12, 0)
    venue_name = "Kommunhuset, Haninge"

    class Meta:
        model = EventPage
