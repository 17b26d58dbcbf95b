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


def upcoming_for_theme(theme, limit):
    from home.themes import tagged_with

    from .models import Occurrence

    events = tagged_with(EventPage.objects.live().filter(locale_id=theme.locale_id), theme)
    candidates = (
        Occurrence.objects.upcoming()
        .filter(event__in=events.values("pk"))
        .select_related("event")[: limit * 10]
    )
    # One line per event, showing its next date: a six-session module should not fill the list.
    next_dates = {}
    for occurrence in candidates:
        next_dates.setdefault(occurrence.event_id, occurrence)
    return list(next_dates.values())[:limit]


def calendar_link_for_theme(theme):
    from .models import EventIndexPage

    calendar = EventIndexPage.objects.live().filter(locale_id=theme.locale_id).first()
    if calendar:
        return f"{calendar.url}?theme={theme.slug}", _("All events in this theme")
    return None


@hooks.register("register_theme_section")
def theme_events_section():
    from home.themes import ThemeSection

    return ThemeSection(
        key="events",
        heading=_("Upcoming events"),
        template="events/theme_section.html",
        items=upcoming_for_theme,
        more_link=calendar_link_for_theme,
        order=10,
    )
