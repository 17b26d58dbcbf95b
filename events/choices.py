"""The events app's vocabularies: the values stored for an event's type, format, status and language
of delivery, and for the status of one of its dates. No database, so plain modules (expansion.py,
structured_data.py) can use them too."""

from zoneinfo import available_timezones

from django.db import models
from django.utils.translation import gettext_lazy as _

# The zone names this system knows, read once: available_timezones() walks the tzdata folders on every
# call, which cost a publish tens of milliseconds (the event is validated twice).
TIME_ZONES = frozenset(available_timezones())


class EventType(models.TextChoices):
    SEMINAR = "seminar", _("Knowledge seminar")
    MODULE = "module", _("In-depth module")
    SUPERVISION = "supervision", _("Supervision")
    OTHER = "other", _("Other")


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    """The whole event's status, set by editors."""

    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


class DeliveryLanguage(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class OccurrenceStatus(models.TextChoices):
    """The status of one date of an event, as expanded from its rule and date exceptions."""

    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    MOVED = "moved", _("Moved")


class SignupMode(models.TextChoices):
    """How people sign up for an event: not at all, through someone else's form, or here."""

    OFF = "off", _("No sign-up")
    EXTERNAL = "external", _("External registration link")
    SITE = "site", _("Sign-up on this site")
