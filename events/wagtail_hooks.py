import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.spreadsheets import ExcelCSVMixin

from .models import EventFormat, EventIndexPage, EventPage, EventStatus, EventType


class EventFilterSet(PageFilterSet):
    event_type = django_filters.ChoiceFilter(label=_("Type"), choices=EventType.choices)
    event_format = django_filters.ChoiceFilter(label=_("Format"), choices=EventFormat.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EventStatus.choices)
    start_date = django_filters.DateFromToRangeFilter(label=_("First date"), widget=DateRangePickerWidget)

    class Meta:
        model = EventPage
        fields = []


def may_work_on_events(user):
    """Whether ``user`` may add, change or publish any event or event index (from cached permissions)."""
    return (
        PagePermissionPolicy()
        .instances_user_has_any_permission_for(user, ["add", "change", "publish"])
        .type(EventIndexPage, EventPage)
        .exists()
    )


class EventMenuItem(MenuItem):
    def is_shown(self, request):
        return may_work_on_events(request.user)


class EventListingView(ExcelCSVMixin, IndexView):  # a CSV download, if it gets one, for Excel
    def dispatch(self, request, *args, **kwargs):
        # Wagtail lets anyone with any page permission in; the calendar is the editors' alone.
        if not may_work_on_events(request.user):
            raise PermissionDenied
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            # Wagtail's listing looks up ?locale= as given, and PostgreSQL holds no NUL in text (a
            # DataError, a 500): a parameter with a NUL is left out, like one the listing does not know.
            query = request.GET.copy()
            for name, values in request.GET.lists():
                if any("\x00" in value for value in values):
                    del query[name]
            request.GET = query
        return super().dispatch(request, *args, **kwargs)


class EventPageListingViewSet(PageListingViewSet):
    """All events in one list, filterable by type, format, status and first date; shown to those who
    may work on events (communicators may not)."""

    model = EventPage
    icon = "date"
    menu_label = _("Events")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = EventFilterSet
    index_view_class = EventListingView
    menu_item_class = EventMenuItem


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventPageListingViewSet("events")


# Upcoming dates the home page reads for each event it lists (100 for five): enough unless a few series
# hold all of them, and then the grouped MIN answers.
SCAN_PER_EVENT = 20


def next_dates(events, limit, most_events=False):
    """The next date of each of ``events``, soonest first: a series shows once, however many dates it has.

    Two queries whatever the number of events and dates (three at most): the first date of each
    event, then those dates themselves, with only the event fields the listings show.
    ``most_events`` (the home page's all events of a language) reads the first ``SCAN_PER_EVENT *
    limit`` upcoming dates in start order and takes the first date of each event among them, which
    is enough unless a few series fill them all; a grouped MIN over every upcoming date grew with the
    programme (about 40 ms of the home page at 5,000 events on SQLite). A LIMIT rather than
    ``iterator()``: on PostgreSQL outside a transaction that is a ``WITH HOLD`` cursor, which runs
    the whole query before the first row (25 to 80 ms at 5,000 events). For a few events (a theme's)
    the scan would read most of the programme, so the grouped MIN stays.
    """
    from .models import Occurrence
    from .views import LISTED_OCCURRENCE_FIELDS

    firsts = scanned_first_dates(events, limit) if most_events else None
    if firsts is None:
        firsts = first_dates(events, limit)
    if not firsts:
        return []
    found = {}
    candidates = (
        Occurrence.objects.filter(event_id__in=firsts, start__in=set(firsts.values()))
        .select_related("event")
        .only(*LISTED_OCCURRENCE_FIELDS)
        .order_by("start", "pk")
    )
    for occurrence in candidates:
        if occurrence.start == firsts[occurrence.event_id]:
            found.setdefault(occurrence.event_id, occurrence)
    return sorted(found.values(), key=lambda occurrence: (occurrence.start, occurrence.pk))


def scanned_first_dates(events, limit):
    """``{event id: first upcoming start}`` from the first upcoming dates, or None when a few series
    filled them all and other events may come after."""
    from django.db.models import Exists, OuterRef

    from .models import Occurrence

    scan = SCAN_PER_EVENT * limit
    dates = list(
        Occurrence.objects.upcoming()
        .filter(Exists(events.filter(pk=OuterRef("event_id"))))
        .order_by("start", "pk")
        .values_list("event_id", "start")[:scan]
    )
    firsts = {}
    for event_id, start in dates:
        firsts.setdefault(event_id, start)
        if len(firsts) >= limit:
            return firsts
    return firsts if len(dates) < scan else None


def first_dates(events, limit):
    """``{event id: first upcoming start}`` of the ``limit`` events whose next date is soonest."""
    from django.db.models import Min

    from .models import Occurrence

    return dict(
        Occurrence.objects.upcoming()
        .filter(event__in=events.values("pk"))
        .values("event_id")
        .annotate(first=Min("start"))
        .order_by("first", "event_id")
        .values_list("event_id", "first")[:limit]
    )


def upcoming_for_theme(theme, limit, request):
    from home.privacy import viewable
    from home.themes import tagged_with

    events = viewable(EventPage.objects.live().filter(locale_id=theme.locale_id), request)
    return next_dates(tagged_with(events, theme), limit)


def calendar_link_for_theme(theme):
    from .models import EventIndexPage

    calendar = EventIndexPage.objects.live().filter(locale_id=theme.locale_id).first()
    if calendar:
        return f"{calendar.url}?theme={theme.slug}", _("All events in this theme")
    return None


def theme_feed(request, theme):
    from .feeds import events_feed_links

    return events_feed_links(request, {"theme": theme})


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
        feed=theme_feed,
    )


# --- The home page (home/home_sections.py) and the demo site (home/demo.py) ---


def upcoming_for_home(request, home_page):
    from home.privacy import viewable

    events = viewable(EventPage.objects.live().filter(locale_id=home_page.locale_id), request)
    occurrences = next_dates(events, limit=5, most_events=True)
    if not occurrences:
        return None
    return {
        "occurrences": occurrences,
        "calendar": EventIndexPage.objects.live().filter(locale_id=home_page.locale_id).first(),
    }


def all_events_feed(request, home_page):
    from .feeds import events_feed_links

    return events_feed_links(request)


@hooks.register("register_home_section")
def home_events_section():
    from home.home_sections import HomeSection

    return HomeSection(
        key="events",
        template="events/home_section.html",
        context=upcoming_for_home,
        feed=all_events_feed,
        order=20,
    )


@hooks.register("register_demo_content", order=20)
def seed_event_demo(demo):
    from .demo import seed_events

    return seed_events(demo)


@hooks.register("register_admin_urls")
def register_copy_for_term_url():
    from .admin_views import CopyForTermView

    return [
        path("event-copy/<id:page_id>/", CopyForTermView.as_view(), name="events_copy_for_term"),
        # Under /admin/ so the catalogue follows the editor's admin language.
        path(
            "recurrence-jsi18n/",
            JavaScriptCatalog.as_view(packages=["recurrence"]),
            name="events_recurrence_jsi18n",
        ),
    ]


def copy_for_term_button(page, user, priority):
    # Checked on the page itself, from the user's cached permissions, so a long listing makes no query
    # per row; the view checks the precise right (adding under the event's parent).
    if (
        issubclass(page.specific_class or type(page), EventPage)
        and page.permissions_for_user(user).can_publish()
    ):
        return Button(
            _("Copy for a new term"),
            url=reverse("events_copy_for_term", args=[page.pk]),
            icon_name="copy",
            priority=priority,
        )
    return None


@hooks.register("register_page_header_buttons")
def copy_for_term_header_button(page, user, view_name, next_url=None):
    button = copy_for_term_button(page, user, priority=35)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def copy_for_term_listing_button(page, user, next_url=None):
    button = copy_for_term_button(page, user, priority=25)
    if button:
        yield button


# --- Importing calendars (events/import_views.py) ---


class ImportCalendarMenuItem(MenuItem):
    def is_shown(self, request):
        from .import_views import import_targets

        return import_targets(request.user).exists()


@hooks.register("register_admin_urls")
def register_import_calendar_url():
    from .import_views import ImportCalendarView

    return [path("import-calendar/", ImportCalendarView.as_view(), name="events_import_calendar")]


@hooks.register("register_admin_menu_item")
def register_import_calendar_menu_item():
    return ImportCalendarMenuItem(
        _("Import calendar"), reverse_lazy("events_import_calendar"), icon_name="upload", order=151
    )


@hooks.register("register_page_header_buttons")
def import_calendar_button(page, user, view_name, next_url=None):
    from .import_views import import_targets

    if page.specific_class is EventIndexPage and import_targets(user).filter(pk=page.pk).exists():
        url = reverse("events_import_calendar") + "?" + urlencode({"parent": page.pk})
        yield Button(_("Import calendar"), url=url, icon_name="upload", priority=80)
