import datetime

import factory
import wagtail_factories
from wagtail.models import Locale

from accounts.models import Audience

from .models import HomePage, NewsIndexPage, NewsPage, StandardPage, ThemeIndexPage, ThemePage


def swedish():
    return Locale.objects.get(language_code="sv")


class PageFactory(wagtail_factories.PageFactory):
    """A Swedish page, with the traits tests need as keyword arguments:

    - ``published=True``: saved as a revision and published, the way an editor publishes it, so the
      publish signals run (occurrences, sequence, feed version). It happens last, after the themes
      and audience below are set.
    - ``themes=[theme_page, ...]`` and ``audience=["municipality", ...]`` (organisation codes or
      ``Audience`` rows), for pages that have those fields.
    """

    locale = factory.LazyFunction(swedish)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(page, create, extracted, **kwargs):
        if extracted is not None:
            page.themes = list(extracted)
        return extracted is not None

    @factory.post_generation
    def audience(page, create, extracted, **kwargs):
        if extracted is not None:
            codes = [item for item in extracted if isinstance(item, str)]
            rows = [item for item in extracted if not isinstance(item, str)]
            page.audience = rows + list(Audience.objects.filter(code__in=codes))
        return extracted is not None

    @factory.post_generation
    def published(page, create, extracted, **kwargs):
        return bool(create and extracted)  # done in _after_postgeneration, once everything is set

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        results = results or {}
        if not create:
            return
        if results.get("themes") or results.get("audience"):
            instance.save()
        if results.get("published"):
            instance.save_revision().publish()
            instance.refresh_from_db()


class StandardPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Sida {n}")
    slug = factory.Sequence(lambda n: f"sida-{n}")
    introduction = "En kort ingress."
    body = factory.LazyFunction(lambda: [("rich_text", "<p>Brödtext på svenska.</p>")])

    class Meta:
        model = StandardPage


def swedish_home():
    return HomePage.objects.get(locale__language_code="sv")


class ThemeIndexPageFactory(PageFactory):
    title = "Teman"
    slug = "teman"

    class Meta:
        model = ThemeIndexPage


class ThemePageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")
    introduction = "Ett av programmets prioriterade teman."

    class Meta:
        model = ThemePage


class NewsIndexPageFactory(PageFactory):
    title = "Nyheter"
    slug = "nyheter"
    introduction = "Nytt från programmet."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Nyhet {n}")
    slug = factory.Sequence(lambda n: f"nyhet-{n}")
    introduction = "En kort ingress till nyheten."
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    body = factory.LazyFunction(lambda: [("rich_text", "<p>Brödtext i nyheten.</p>")])

    class Meta:
        model = NewsPage
