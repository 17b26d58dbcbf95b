"""Navigation, language switcher and footer links, shared by every template through base.html."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from home.hyphenation import soft_hyphens
from home.site_chrome import site_chrome, translation_urls

register = template.Library()


@register.simple_tag(takes_context=True)
def chrome(context):
    """``{% chrome as chrome %}``: the home page (``pk``, ``url``), menu and footer links of the site in
    the active language, shared by every page of one content version (home/site_chrome.py)."""
    return site_chrome(context["request"])


@register.simple_tag(takes_context=True)
def home_page(context):
    """The home page in the active language (or the default one) as ``pk`` and ``url``, or None."""
    return site_chrome(context["request"])["home"]


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per site language: where the switcher leads and whether it is a true translation.

    A Wagtail page links to its own live translations; other views (sign-in and the like) exist in
    every language under the same name; anything else falls back to that language's home page.
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    homes = site_chrome(request)["homes"]

    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = translation_urls(request, page)
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
                "url": url or (home["url"] if home else f"/{code}/"),
                "is_translation": url is not None,
                "is_current": code == current,
            }
        )
    return versions


def _is_named_view(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name != "wagtail_serve")


@register.simple_tag
def menu_current(item, page):
    """` aria-current="page"` on the menu item of the page itself, ` aria-current="true"` on the item
    of the section it is in (an event under the calendar), else nothing."""
    pk, path = getattr(page, "pk", None), getattr(page, "path", "") or ""
    if pk is None:
        return ""
    if item.get("pk") == pk:
        return mark_safe(' aria-current="page"')
    section = item.get("path") or ""
    if section and path.startswith(section) and len(path) > len(section):
        return mark_safe(' aria-current="true"')
    return ""


@register.filter(name="soft_hyphens")
def soft_hyphens_filter(text):
    """Soft hyphens between the parts of long Swedish compounds in a title (home/hyphenation.py)."""
    return soft_hyphens(text)
