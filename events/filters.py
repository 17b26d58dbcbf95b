"""The event filters shared by the calendar page and the calendar feeds.

The same parameter names and values everywhere (``?type=seminar&format=online&language=sv&
audience=municipality&theme=<slug>``), so a filtered calendar page links the feed with exactly its
own filters. How a filterset works, and how a view answers an invalid one, is in home/filters.py.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import ChoiceFilter

from home.filters import AudienceFilter, PublicFilterSet, ThemeFilter

from .models import DeliveryLanguage, EventFormat, EventType


class EventFilterSet(PublicFilterSet):
    """Filters a queryset of EventPage."""

    type = ChoiceFilter(
        field_name="event_type",
        label=gettext_lazy("Type"),
        choices=EventType.choices,
        empty_label=gettext_lazy("All types"),
    )
    format = ChoiceFilter(
        field_name="event_format",
        label=gettext_lazy("Format"),
        choices=EventFormat.choices,
        empty_label=gettext_lazy("All formats"),
    )
    language = ChoiceFilter(
        field_name="delivery_language",
        label=gettext_lazy("Language"),
        choices=DeliveryLanguage.choices,
        empty_label=gettext_lazy("All languages"),
    )
    audience = AudienceFilter(label=gettext_lazy("Who it is for"), empty_label=gettext_lazy("Everyone"))
    theme = ThemeFilter(label=gettext_lazy("Theme"), empty_label=gettext_lazy("All themes"))

    # A feed's name leads with its theme: "Conecto+ events: Supported Employment · Supervision".
    label_order = ("theme", "type", "format", "language", "audience")


def feed_name(cleaned_data=None):
    """The calendar's name in the active language, naming the filters it carries."""
    labels = EventFilterSet.labels_for(cleaned_data or {})
    name = _("Conecto+ events")
    return f"{name}: {' · '.join(labels)}" if labels else name
