"""Sections that higher layers add to "My learning" without learning importing them.

An app registers a section with the ``register_my_learning_section`` Wagtail hook, in its own
``wagtail_hooks.py``::

    @hooks.register("register_my_learning_section")
    def evaluations_section():
        return MyLearningSection(
            key="evaluations",
            template="followup/my_learning_section.html",
            context=evaluations_for,  # (request, now) -> dict, or None/{} to hide the section
            order=10,
        )

"My learning" renders each section's template (lowest ``order`` first) after the person's
bookings, with the section's context as ``section`` (docs/architecture.md, Hooks).
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "register_my_learning_section"


@dataclass(frozen=True)
class MyLearningSection:
    key: str
    template: str
    context: Callable  # (request, now) -> dict | None; None or {} hides the section
    order: int = 100


def registered_sections():
    return sorted((register() for register in hooks.get_hooks(HOOK_NAME)), key=lambda s: s.order)


def sections_for(request, now):
    """[{"section", "context"}] for every registered section with something to show, in order."""
    filled = []
    for section in registered_sections():
        context = section.context(request, now)
        if context:
            filled.append({"section": section, "context": context})
    return filled
