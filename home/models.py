import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import COMMENTS_RELATION_NAME, Page
from wagtail.search import index

from .blocks import BodyBlock

# What Page.save_revision writes on the page row: the draft's bookkeeping. The live fields, which public
# pages, the search index and the reference index are built from, change only when a revision is
# published, and that save updates all of them.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        COMMENTS_RELATION_NAME,
    }
)


def only_draft_changed(update_fields):
    return bool(update_fields) and DRAFT_FIELDS.issuperset(update_fields)


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
        # Partial words too: a Swedish word then finds the compounds that begin with it
        # ("handledning" finds "handledningsgrupper"), which no stemmer splits (home/views.py).
        index.AutocompleteField("introduction"),
        index.AutocompleteField("body"),
    ]
    # Listing pages (home, indexes) say False: site search shows what they list, not the lists.
    listed_in_site_search = True
    # Saves re-index the page through home/signals.py instead, which leaves draft saves out.
    search_auto_update = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from wagtail.signal_handlers import (
            disable_reference_index_auto_update,
            reference_index_auto_update_disabled,
        )

        # A draft save changes no reference the live page holds (the index reads the page row again);
        # skipping it saves a publish a dozen queries. Inside someone else's disabling, leave theirs be.
        if only_draft_changed(kwargs.get("update_fields")) and not getattr(
            reference_index_auto_update_disabled, "value", False
        ):
            with disable_reference_index_auto_update():
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    def get_social_image(self):
        """The image to share the page with (Open Graph, Twitter) as (image, alt text), or None."""
        return None


class HomePage(BasePage):
    max_count_per_parent = 1
    listed_in_site_search = False
    parent_page_types = ["wagtailcore.Page"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        # Every page of a language is below its home page: the route to it is remembered per version.
        from .routing import route_from_home

        return route_from_home(self, request, path_components, super().route)

    def get_context(self, request, *args, **kwargs):
        from .home_sections import sections_for

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"], context["calendar_feed"] = sections_for(request, self)
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
    listed_in_site_search = False
    template = "home/theme_index_page.html"

    class Meta:
        verbose_name = _("theme index")
        verbose_name_plural = _("theme indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .privacy import viewable

        context["themes"] = viewable(ThemePage.objects.child_of(self).live(), request).specific()
        return context


class ThemePage(BasePage):
    """A priority theme; lists the news, events and learning paths tagged with it."""

    parent_page_types = ["home.ThemeIndexPage"]
    subpage_types = []
    template = "home/theme_page.html"

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_context(self, request, *args, **kwargs):
        from .themes import feed_for, sections_for

        context = super().get_context(request, *args, **kwargs)
        context["theme_sections"] = sections_for(self, request)
        context["calendar_feed"] = feed_for(request, self)
        return context


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news archive of one language: newest first, filterable by theme, with RSS and Atom feeds."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    template = "home/news_index_page.html"
    communicators_may_edit = True  # see home/permissions.py
    listed_in_site_search = False

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    @path("")
    def listing(self, request):
        from .news import listing_response

        return listing_response(self, request)

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from .news import feed_response

        return feed_response(self, request, "rss")

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .news import feed_response

        return feed_response(self, request, "atom")

    def feed_urls(self, request=None):
        """{"rss": url, "atom": url}, relative like page.url."""
        base = self.get_url(request)
        return {kind: base + self.reverse_subpage(kind) for kind in ("rss", "atom")}


class NewsPage(BasePage):
    """A dated news article; the introduction is its lead paragraph."""

    date = models.DateField(
        _("publication date"),
        default=datetime.date.today,
        help_text=_("Shown on the article and used to order the news, newest first."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the article, in news listings and when the article is shared."),
    )
    listing_image_alt = models.CharField(
        _("alternative text for the image"),
        max_length=250,
        blank=True,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    themes = themes_field("news_items")

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    template = "home/news_page.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        # No heading of its own: wagtail-localize's translation editor names fields by their
        # verbose name, so the page editor must too for a translator to see the same name.
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("listing_image"), FieldPanel("listing_image_alt")], heading=_("Image")),
        FieldPanel("body"),
        themes_panel(),
    ]
    search_fields = [*BasePage.search_fields, index.FilterField("date")]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def clean(self):
        super().clean()
        if self.listing_image_id and not self.listing_image_alt.strip():
            raise ValidationError(
                {"listing_image_alt": _("Describe the image for people who cannot see it.")}
            )

    def get_social_image(self):
        if self.listing_image_id:
            return self.listing_image, self.listing_image_alt
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .privacy import viewable

        keys = [theme.translation_key for theme in self.themes.all()]
        context["theme_links"] = (
            viewable(ThemePage.objects.live(), request)
            .filter(locale_id=self.locale_id, translation_key__in=keys)
            .order_by("path")
            if keys
            else []
        )
        # Looked up by language, not tree position: a preview of an unsaved page has no place yet.
        context["news_index"] = NewsIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        return context


def news_items(locale_id, request=None):
    """Live news of one language that ``request`` may open (without one: public news), newest first,
    with listing images and their renditions."""
    from wagtail.images import get_image_model

    from .privacy import viewable

    return (
        viewable(NewsPage.objects.live(), request)
        .filter(locale_id=locale_id)
        .order_by("-date", "-first_published_at", "-pk")
        .prefetch_related(
            models.Prefetch("listing_image", queryset=get_image_model().objects.prefetch_renditions())
        )
    )


def latest_news(locale_id, limit, request=None):
    return list(news_items(locale_id, request)[:limit])


class StandardPage(BasePage):
    """About pages, the accessibility statement, the privacy notice and the like."""

    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


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
        verbose_name_plural = _("footer links")


class ContentVersion(models.Model):
    """A named number that changes whenever some content changes; see home/versions.py."""

    name = models.CharField(max_length=100, unique=True)
    value = models.BigIntegerField()

    def __str__(self):
        return f"{self.name}: {self.value}"
