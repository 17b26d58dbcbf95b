import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from .models import EventFormat, EventPage, EventStatus, EventType


class EventFilterSet(PageFilterSet):
    event_type = django_filters.ChoiceFilter(label=_("Type"), choices=EventType.choices)
    event_format = django_filters.ChoiceFilter(label=_("Format"), choices=EventFormat.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EventStatus.choices)
    start_date = django_filters.DateFromToRangeFilter(label=_("First date"), widget=DateRangePickerWidget)

    class Meta:
        model = EventPage
        fields = []


class EventPageListingViewSet(PageListingViewSet):
    """All events in one list, filterable by type, format, status and first date."""

    model = EventPage
    icon = "date"
    menu_label = _("Events")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = EventFilterSet


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventPageListingViewSet("events")
