"""The news index: a paginated listing filterable by theme, and RSS/Atom feeds per language and theme.

Everything is plain GET parameters (``?theme=<slug>&page=<n>``) so filtered lists work without
JavaScript and can be shared. Nonsense parameters get a 400 page that explains, never a 500.
"""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .filters import PublicFilterSet, ThemeFilter
from .models import news_items
from .themes import tagged_with

PAGE_SIZE = 10
FEED_SIZE = 20


class NewsForm(forms.Form):
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={"invalid": _("The page number must be a whole number.")},
    )


class NewsFilterSet(PublicFilterSet):
    """Filters a queryset of NewsPage; ``page`` is the listing's page number."""

    theme = ThemeFilter()

    class Meta:
        form = NewsForm


def news_filters(index_page, request, feed=False):
    """The filterset over the news of ``index_page`` that ``request`` may open, newest first; for a
    ``feed`` (the same for everyone, kept by shared caches) only the public ones."""
    news = news_items(index_page.locale_id, None if feed else request).child_of(index_page)
    return NewsFilterSet(request.GET, queryset=news, request=request)


def news_query(theme=None, page=None):
    params = {"theme": theme.slug if theme else None, "page": page if page and page > 1 else None}
    query = urlencode({key: value for key, value in params.items() if value})
    return f"?{query}" if query else ""


def bad_request(index_page, filterset):
    context = index_page.get_context(filterset.request)
    return filterset.bad_request_response("home/news_bad_request.html", context)


def listing_response(index_page, request):
    filterset = news_filters(index_page, request)
    if not filterset.is_valid():
        return bad_request(index_page, filterset)
    theme = filterset.form.cleaned_data["theme"]
    base_url = index_page.get_url(request)
    # A page past the end (an old shared link, say) shows the last page rather than an error.
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page_obj = paginator.get_page(filterset.form.cleaned_data["page"] or 1)

    context = index_page.get_context(request)
    context.update(
        news=page_obj.object_list,
        page_obj=page_obj,
        theme=theme,
        theme_filters=[
            {"theme": t, "url": base_url + news_query(t), "current": t == theme} for t in filterset.themes()
        ],
        all_url=base_url,
        previous_url=base_url + news_query(theme, page_obj.previous_page_number())
        if page_obj.has_previous()
        else None,
        next_url=base_url + news_query(theme, page_obj.next_page_number()) if page_obj.has_next() else None,
        # Filtered lists are variants of the index; its own pages are canonical in their own right.
        canonical_query=news_query(page=page_obj.number) if theme is None else "",
        feeds=feed_links(index_page, request, theme),
    )
    return TemplateResponse(request, index_page.get_template(request), context)


# Feeds -------------------------------------------------------------------------------------------


def feed_links(index_page, request, theme=None):
    """The feeds a page announces in its head: the theme's feeds first when there is a theme."""
    urls = index_page.feed_urls(request)
    links = []
    if theme is not None:
        query = "?" + urlencode({"theme": theme.slug})
        links += [
            {
                "type": "application/rss+xml",
                "title": _("%(site)s news: %(theme)s (RSS)")
                % {"site": settings.WAGTAIL_SITE_NAME, "theme": theme.title},
                "href": request.build_absolute_uri(urls["rss"] + query),
            },
            {
                "type": "application/atom+xml",
                "title": _("%(site)s news: %(theme)s (Atom)")
                % {"site": settings.WAGTAIL_SITE_NAME, "theme": theme.title},
                "href": request.build_absolute_uri(urls["atom"] + query),
            },
        ]
    links += [
        {
            "type": "application/rss+xml",
            "title": _("%(site)s news (RSS)") % {"site": settings.WAGTAIL_SITE_NAME},
            "href": request.build_absolute_uri(urls["rss"]),
        },
        {
            "type": "application/atom+xml",
            "title": _("%(site)s news (Atom)") % {"site": settings.WAGTAIL_SITE_NAME},
            "href": request.build_absolute_uri(urls["atom"]),
        },
    ]
    return links


class NewsFeed(Feed):
    """The newest news of one news index (one language), optionally of one theme.

    Titles and descriptions come from the pages in that language; `language` is the index's
    locale, so RSS gets <language>sv</language> and Atom xml:lang="sv".
    """

    def __init__(self, index_page, news, theme, feed_type):
        super().__init__()
        self.index_page = index_page
        self.news = news
        self.theme = theme
        self.feed_type = feed_type
        self.language = index_page.locale.language_code

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def title(self, obj):
        if self.theme is not None:
            return f"{obj.title}: {self.theme.title} | {settings.WAGTAIL_SITE_NAME}"
        return f"{obj.title} | {settings.WAGTAIL_SITE_NAME}"

    def link(self, obj):
        return obj.get_url(self.request) + news_query(self.theme)

    def description(self, obj):
        return (self.theme.introduction if self.theme else obj.introduction) or obj.title

    subtitle = description  # Atom's counterpart of RSS's <description>

    def items(self, obj):
        return self.news[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        # Stable through slug changes, distinct per language.
        return uuid.uuid5(item.translation_key, self.language).urn

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return publication_datetime(item)

    def item_updateddate(self, item):
        return max(item.last_published_at or publication_datetime(item), publication_datetime(item))


def publication_datetime(news_page):
    """The news date as a moment: the first publication time when it fell that day, otherwise midnight."""
    zone = ZoneInfo(settings.TIME_ZONE)
    published = news_page.first_published_at
    if published and timezone.localtime(published, zone).date() == news_page.date:
        return published
    return dt.datetime.combine(news_page.date, dt.time(0), tzinfo=zone)


FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def feed_response(index_page, request, kind):
    filterset = news_filters(index_page, request, feed=True)
    if not filterset.is_valid():
        return bad_request(index_page, filterset)
    theme = filterset.form.cleaned_data["theme"]
    response = NewsFeed(index_page, filterset.qs, theme, FEED_TYPES[kind])(request)
    response["Cache-Control"] = "public, max-age=900"
    return response


# Theme pages -------------------------------------------------------------------------------------


def latest_for_theme(theme, limit, request):
    from .models import news_items

    return list(tagged_with(news_items(theme.locale_id, request), theme)[:limit])


def news_link_for_theme(theme):
    from .models import NewsIndexPage

    index = NewsIndexPage.objects.live().filter(locale_id=theme.locale_id).first()
    if index:
        return index.url + news_query(theme), _("All news in this theme")
    return None
