from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Bookings")

    def ready(self):
        # receivers first: a publish cancels a date's bookings before notifications looks for changes.
        from . import receivers  # noqa: F401, I001
        from . import notifications  # noqa: F401
