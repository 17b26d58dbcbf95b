from django.conf import settings
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


class BasePage(Page):
    """Fields every content page has: a short introduction and a StreamField body."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A short lead paragraph shown at the top of the page and in listings."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True


class HomePage(BasePage):
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from events.feeds import events_feed_links
        from events.models import EventIndexPage, Occurrence

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_occurrences"] = (
            Occurrence.objects.upcoming().filter(event__locale_id=self.locale_id).select_related("event")[:5]
        )
        context["calendar"] = EventIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        context["calendar_feed"] = events_feed_links(request)
        return context


def default_locale_themes():
    return {"locale__language_code": settings.LANGUAGE_CODE}


def themes_field(related_name):
    """The themes a page is tagged with; chosen among the Swedish theme pages, matched in every language."""
    return ParentalManyToManyField(
        "home.ThemePage",
        verbose_name=_("themes"),
        blank=True,
        related_name=related_name,
        limit_choices_to=default_locale_themes,
    )


def themes_panel():
    return FieldPanel("themes", widget=CheckboxSelectMultiple)


class ThemeIndexPage(BasePage):
    """The programme's priority themes, one card each."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ThemePage"]
    communicators_may_edit = True  # see home/permissions.py
    template = "home/theme_index_page.html"

    class Meta:
        verbose_name = _("theme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = ThemePage.objects.child_of(self).live().public().specific()
        return context


class ThemePage(BasePage):
    """A priority theme; lists the news, events and learning paths tagged with it."""

    parent_page_types = ["home.ThemeIndexPage"]
    subpage_types = []
    template = "home/theme_page.html"

    class Meta:
        verbose_name = _("theme")

    def get_context(self, request, *args, **kwargs):
        from events.feeds import events_feed_links

        from .themes import sections_for

        context = super().get_context(request, *args, **kwargs)
        context["theme_sections"] = sections_for(self)
        context["calendar_feed"] = events_feed_links(request, {"theme": self})
        return context


class StandardPage(BasePage):
    """About pages, the accessibility statement, the privacy notice and the like."""

    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="link")
class FooterLinks(BaseSiteSetting):
    """Pages the footer links to on every page; translations are followed automatically."""

    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [FieldPanel("accessibility_page"), FieldPanel("privacy_page"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("footer links")
