"""How sign-up reaches the event page without events importing the app that takes bookings.

An app registers with the ``register_event_signup`` Wagtail hook, in its own ``wagtail_hooks.py``::

    @hooks.register("register_event_signup")
    def event_signup():
        return EventSignup(template="bookings/event_signup.html", context=signup_context)

``context(request, event_page)`` returns a dict for the template, or None to show nothing. The event
page renders the template of every registration that has something to show (docs/architecture.md,
Hooks).
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "register_event_signup"


@dataclass(frozen=True)
class EventSignup:
    template: str
    context: Callable  # (request, event_page) -> dict | None


def signup_sections(request, page):
    """[{"template", "context"}] for every registered sign-up that has something to say about ``page``."""
    sections = []
    for register in hooks.get_hooks(HOOK_NAME):
        signup = register()
        context = signup.context(request, page)
        if context:
            sections.append({"template": signup.template, "context": context})
    return sections
