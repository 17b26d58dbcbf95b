"""What the header and footer of every page show of the site: the home page in each language, the
main menu and the footer links. The same for every visitor, so it is built once per site-content
version (home/versions.py: every publish, move, settings or site change bumps it) and kept in the
cache and in each process's memory (home/versioned_cache.py); a request reads the version (one query)
instead of the six queries that built it. The dictionary is shared between requests: never change it.

Nothing personal goes in here: the signed-in part of the menu is rendered by base.html itself.
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Page, Site

from . import versioned_cache
from .models import FooterLinks
from .versions import site_content_version_for

# Entries of older versions are never read again; they only wait to expire.
CHROME_SECONDS = 60 * 60 * 24


def page_link(page, request):
    # The tree path lets the menu mark the section a page is in (home/templatetags/site_tags.py).
    return {"pk": page.pk, "url": page.get_url(request), "title": page.title, "path": page.path}


def build_chrome(request, site, language):
    pages = {
        home.locale.language_code: home
        for home in site.root_page.get_translations(inclusive=True).live().select_related("locale")
    }
    home = pages.get(language) or pages.get(settings.LANGUAGE_CODE)
    menu = home.get_children().live().in_menu() if home is not None else []
    links = FooterLinks.for_site(site)
    return {
        "homes": {code: page_link(page, request) for code, page in pages.items()},
        "home": page_link(home, request) if home is not None else None,
        "menu": [page_link(page, request) for page in menu],
        "footer": [page_link(page, request) for page in footer_pages(links, language)],
        "contact_email": links.contact_email,
    }


def footer_pages(links, language):
    """The footer's pages in ``language`` (or the original when not yet translated)."""
    wanted = [p for p in (links.accessibility_page, links.privacy_page) if p is not None]
    if not wanted:
        return []
    keys = [p.translation_key for p in wanted]
    in_locale = {
        p.translation_key: p
        for p in Page.objects.live().filter(translation_key__in=keys, locale__language_code=language)
    }
    return [in_locale.get(p.translation_key, p) for p in wanted if p.live]


EMPTY = {"homes": {}, "home": None, "menu": [], "footer": [], "contact_email": ""}


def site_chrome(request):
    """The chrome of the request's site in the active language; kept on the request as well."""
    language = get_language()
    memo = request.__dict__.setdefault("_site_chrome", {})
    if language not in memo:
        site = Site.find_for_request(request)
        if site is None:
            memo[language] = EMPTY
        else:
            # The version is read first: a change while this is built leaves it under an old key.
            key = f"site:chrome:{site_content_version_for(request)}:{site.pk}:{language}"
            chrome = versioned_cache.get(key)
            if chrome is None:
                chrome = build_chrome(request, site, language)
                versioned_cache.set(key, chrome, CHROME_SECONDS)
            memo[language] = chrome
    return memo[language]


def translation_urls(request, page):
    """The URLs of ``page``'s live translations by language code, kept per content version like the
    chrome (a URL only changes with a publish, move or site change, which bump it)."""
    site = Site.find_for_request(request)
    key = f"site:translations:{site_content_version_for(request)}:{site.pk if site else 0}:{page.translation_key}"
    urls = versioned_cache.get(key)
    if urls is None:
        # Plain pages with the URL's fields: building the specific pages cost more than the query.
        found = (
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            .only("url_path", "locale__language_code")
        )
        urls = {translation.locale.language_code: translation.get_url(request) for translation in found}
        versioned_cache.set(key, urls, CHROME_SECONDS)
    return urls
