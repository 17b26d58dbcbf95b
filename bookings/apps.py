from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Bookings")

    def ready(self):
        from wagtail.signals import page_published

        from events.models import EventPage

        from . import notifications

        # After a publish, in this order (events' own receiver has rewritten the dates before):
        # dates whose start moved keep their bookings; receivers cancels the bookings of dates really
        # gone and fills new places; notifications tells booked people what changed.
        page_published.connect(notifications.follow_moved_event, sender=EventPage)
        from . import receivers  # noqa: F401

        page_published.connect(notifications.tell_booked_people_of_changes, sender=EventPage)
        # The waiting lists move up (receivers) before anyone is told a date is open.
        from . import interest_receivers  # noqa: F401
