import datetime

import factory
import wagtail_factories
from wagtail.models import Locale

from .models import HomePage, NewsIndexPage, NewsPage, StandardPage, ThemeIndexPage, ThemePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sida {n}")
    slug = factory.Sequence(lambda n: f"sida-{n}")
    introduction = "En kort ingress."
    body = factory.LazyFunction(lambda: [("rich_text", "<p>Brödtext på svenska.</p>")])
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="sv"))

    class Meta:
        model = StandardPage


def swedish_home():
    return HomePage.objects.get(locale__language_code="sv")


class ThemeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Teman"
    slug = "teman"
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="sv"))

    class Meta:
        model = ThemeIndexPage


class ThemePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")
    introduction = "Ett av programmets prioriterade teman."
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="sv"))

    class Meta:
        model = ThemePage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nyheter"
    slug = "nyheter"
    introduction = "Nytt från programmet."
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="sv"))

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nyhet {n}")
    slug = factory.Sequence(lambda n: f"nyhet-{n}")
    introduction = "En kort ingress till nyheten."
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    body = factory.LazyFunction(lambda: [("rich_text", "<p>Brödtext i nyheten.</p>")])
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="sv"))

    class Meta:
        model = NewsPage
