"""Home page sections: how news, events and learning paths reach the home page without home importing them.

An app registers a section with the ``register_home_section`` Wagtail hook, in its own
``wagtail_hooks.py``::

    @hooks.register("register_home_section")
    def home_events_section():
        return HomeSection(
            key="events",
            template="events/home_section.html",
            context=upcoming_for_home,  # (request, home_page) -> dict, or None/{} to hide the section
            feed=all_events_feed,  # optional: (request, home_page) -> FeedLinks or None
            order=20,
        )

The home page shows the sections in ``order`` (lowest first), each template rendered with the
section's context added to the page's, and links the first feed a section supplies as the page's
``calendar_feed`` (the head link in base.html and the subscribe box). Home's own "Latest news" is
such a section (home/wagtail_hooks.py); events add "Upcoming events"; the learning app adds its
featured paths the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "register_home_section"


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    context: Callable  # (request, home_page) -> dict | None; None or {} hides the section
    order: int = 100
    feed: Callable | None = None  # (request, home_page) -> FeedLinks | None


def registered_sections():
    return sorted((register() for register in hooks.get_hooks(HOOK_NAME)), key=lambda s: s.order)


def sections_for(request, home_page):
    """({"section", "context"} for every section with something to show, in order; the first feed or None)."""
    filled = []
    feed = None
    for section in registered_sections():
        context = section.context(request, home_page)
        if context:
            filled.append({"section": section, "context": context})
        if feed is None and section.feed is not None:
            feed = section.feed(request, home_page)
    return filled, feed
