from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Bookings")

    def ready(self):
        # In this order: the waiting lists move up before anyone is told a date is open.
        from . import receivers  # noqa: F401, I001
        from . import interest_receivers  # noqa: F401
