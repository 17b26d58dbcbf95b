"""Bookings follow the events they belong to (connected in BookingsConfig.ready)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage, SignupMode

from .services import apply_event_changes


@receiver(page_published, sender=EventPage)
def follow_the_published_event(sender, instance, **kwargs):
    # After events' own receiver has rewritten the dates (it is connected first): a date cancelled
    # by the editor cancels its bookings, and more places move people up, in the publish's transaction.
    # Events without sign-up here cost no query.
    if instance.signup == SignupMode.SITE:
        apply_event_changes(instance.translation_key)
