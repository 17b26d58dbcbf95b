"""Tell those waiting for new dates once an editor publishes one (connected in BookingsConfig.ready,
after bookings/receivers.py, so the dates and the waiting lists are already up to date)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage, SignupMode

from .interest import tell_interested


@receiver(page_published, sender=EventPage)
def tell_about_new_dates(sender, instance, **kwargs):
    # Events without sign-up here cost no query; with it, one until someone is waiting for dates.
    if instance.signup == SignupMode.SITE:
        tell_interested(instance)
