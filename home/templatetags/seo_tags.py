"""Canonical link, Open Graph and Twitter card tags, and the news feeds a page announces in its head."""

from django import template
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Page

register = template.Library()

# Open Graph wants territory-qualified locales.
OG_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
SOCIAL_IMAGE_SPEC = "fill-1200x630"


def og_locale(language_code):
    return OG_LOCALES.get(language_code, language_code)


@register.inclusion_tag("components/seo_meta.html", takes_context=True)
def seo_meta(context):
    """Canonical URL for every page; Open Graph and Twitter tags for Wagtail pages."""
    from home.models import NewsPage

    request = context.get("request")
    if request is None or context.get("is_error_page"):
        return {}
    page = context.get("page")
    if not (isinstance(page, Page) and page.pk):
        # Other views (search, sign-in): the path without its query string.
        return {"canonical": request.build_absolute_uri(request.path)}

    canonical = request.build_absolute_uri(page.get_url(request) + context.get("canonical_query", ""))
    description = page.search_description or getattr(page, "introduction", "")
    tags = {
        "canonical": canonical,
        "social": True,
        "title": page.seo_title or page.title,
        "description": Truncator(description).chars(300) if description else "",
        "type": "article" if isinstance(page, NewsPage) else "website",
        "published": page.date if isinstance(page, NewsPage) else None,
        "locale": og_locale(get_language()),
        "alternate_locales": [
            og_locale(version["code"])
            for version in context.get("versions", [])
            if version["is_translation"] and not version["is_current"]
        ],
    }
    social_image = page.get_social_image() if hasattr(page, "get_social_image") else None
    if social_image:
        image, alt = social_image
        rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
        tags["image"] = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": alt,
        }
    return tags


@register.inclusion_tag("home/includes/feed_links.html", takes_context=True)
def news_feed_links(context, theme=None):
    """<link rel="alternate"> to the news feeds in the current language (and the theme's, if given)."""
    from home.models import NewsIndexPage
    from home.news import feed_links

    request = context["request"]
    if context.get("feeds") is not None:
        return {"feeds": context["feeds"]}
    index = context.get("news_index")
    if not isinstance(index, NewsIndexPage):
        index = NewsIndexPage.objects.live().filter(locale__language_code=get_language()).first()
    return {"feeds": feed_links(index, request, theme) if index else []}
