"""Navigation, language switcher and footer links, shared by every template through base.html."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from home.models import FooterLinks

register = template.Library()


def _site_home_pages(request):
    """The site's home page in every language, as {language_code: page}; cached on the request."""
    if not hasattr(request, "_home_pages_by_language"):
        site = Site.find_for_request(request)
        pages = {}
        if site is not None:
            for home in site.root_page.get_translations(inclusive=True).live().select_related("locale"):
                pages[home.locale.language_code] = home
        request._home_pages_by_language = pages
    return request._home_pages_by_language


@register.simple_tag(takes_context=True)
def home_page(context):
    request = context["request"]
    homes = _site_home_pages(request)
    return homes.get(get_language()) or homes.get(settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per site language: where the switcher leads and whether it is a true translation.

    A Wagtail page links to its own live translations; other views (sign-in and the like) exist in
    every language under the same name; anything else falls back to that language's home page.
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    homes = _site_home_pages(request)

    translations = {}
    if isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.get_url(request)
    elif not context.get("is_error_page") and _is_named_view(request):
        for code, _name in settings.LANGUAGES:
            translations[code] = translate_url(request.get_full_path(), code)

    versions = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        home = homes.get(code)
        versions.append(
            {
                "code": code,
                "name": name,
                "url": url or (home.get_url(request) if home else f"/{code}/"),
                "is_translation": url is not None,
                "is_current": code == current,
            }
        )
    return versions


def _is_named_view(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name != "wagtail_serve")


@register.simple_tag(takes_context=True)
def menu_pages(context):
    home = home_page(context)
    if home is None:
        return []
    return list(home.get_children().live().in_menu())


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The footer's pages in the current language (or the original when not yet translated)."""
    request = context["request"]
    links = FooterLinks.for_request(request)
    wanted = [p for p in (links.accessibility_page, links.privacy_page) if p is not None]
    if not wanted:
        return []
    keys = [p.translation_key for p in wanted]
    in_locale = {
        p.translation_key: p
        for p in Page.objects.live().filter(translation_key__in=keys, locale__language_code=get_language())
    }
    return [in_locale.get(p.translation_key, p) for p in wanted if p.live]
