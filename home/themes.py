"""Theme listings: one mechanism that news, events and learning paths plug into.

An app registers a section with the ``register_theme_section`` Wagtail hook; a theme page
asks every registered section for its items, and takes its calendar feed (``calendar_feed``)
from the first section with a ``feed``. Pages are tagged with the theme pages of any
locale (wagtail-localize copies many-to-many values unchanged to translations), so matching
goes by the theme's translation key and the listing stays in the theme page's own language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "register_theme_section"


@dataclass(frozen=True)
class ThemeSection:
    key: str
    heading: str
    template: str
    items: Callable  # (theme_page, limit, request) -> list, only what the request may open
    more_link: Callable | None = None  # (theme_page) -> (url, label) or None
    order: int = 100
    feed: Callable | None = None  # (request, theme_page) -> FeedLinks or None: the page's calendar feed


def registered_sections():
    return sorted((register() for register in hooks.get_hooks(HOOK_NAME)), key=lambda s: s.order)


def sections_for(theme, request, limit=5):
    """Every registered section that has something for this theme, with its items."""
    filled = []
    for section in registered_sections():
        items = list(section.items(theme, limit, request))
        if items:
            more = section.more_link(theme) if section.more_link else None
            filled.append({"section": section, "items": items, "more": more})
    return filled


def feed_for(request, theme):
    """The first calendar feed a section supplies for this theme (head link and subscribe box), or None."""
    for section in registered_sections():
        feed = section.feed(request, theme) if section.feed else None
        if feed:
            return feed
    return None


def tagged_with(queryset, theme, field="themes"):
    """Pages of ``queryset`` tagged with ``theme`` in any of its translations."""
    return queryset.filter(**{f"{field}__translation_key": theme.translation_key}).distinct()


def localized_themes(page, request=None):
    """The live theme pages a page is tagged with, in the page's own language, that ``request`` may
    open (home/privacy.py)."""
    from .models import ThemePage
    from .privacy import viewable

    keys = page.themes.values_list("translation_key", flat=True)
    themes = ThemePage.objects.live().filter(locale_id=page.locale_id, translation_key__in=keys)
    return viewable(themes, request).order_by("path")
