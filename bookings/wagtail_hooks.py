"""Bookings in the Wagtail admin (the organisers' views, bookings/admin_views.py), the booking counts in
the admin's event listing, and the demo bookings (home/demo.py's hook)."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, ListingButton

from events.models import EventPage, SignupMode
from events.signup_sections import EventSignup

from .admin_views import (
    ApproveBookingView,
    BookingsIndexView,
    CancelBookingView,
    DateBookingsView,
    DateCapacityView,
    EventBookingsView,
    FailedMailsView,
    RejectBookingView,
    event_summaries,
    may_see_bookings,
)
from .attendance_import_views import AttendanceImportView
from .display import signup_context
from .personal_data import personal_data
from .roster_views import RosterView

admin_urls = [
    path("", BookingsIndexView.as_view(), name="index"),
    path("event/<id:event_id>/", EventBookingsView.as_view(), name="event"),
    path("date/<id:session_date_id>/", DateBookingsView.as_view(), name="date"),
    path("date/<id:session_date_id>/roster/", RosterView.as_view(), name="roster"),
    path("date/<id:session_date_id>/places/", DateCapacityView.as_view(), name="capacity"),
    path("booking/<id:booking_id>/cancel/", CancelBookingView.as_view(), name="cancel"),
    path("booking/<id:booking_id>/approve/", ApproveBookingView.as_view(), name="approve"),
    path("booking/<id:booking_id>/reject/", RejectBookingView.as_view(), name="reject"),
    path("failed-mails/", FailedMailsView.as_view(), name="failed_mails"),
    path(
        "date/<id:session_date_id>/attendance/import/",
        AttendanceImportView.as_view(),
        name="attendance_import",
    ),
]


@hooks.register("register_admin_urls")
def register_bookings_admin_urls():
    return [path("bookings/", include((admin_urls, "bookings_admin"), namespace="bookings_admin"))]


class BookingsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_bookings(request.user)


@hooks.register("register_admin_menu_item")
def register_bookings_menu_item():
    return BookingsMenuItem(_("Bookings"), reverse_lazy("bookings_admin:index"), icon_name="group", order=152)


class FailedMailsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_failed_mails_menu_item():
    return FailedMailsMenuItem(
        _("Failed mails"), reverse_lazy("bookings_admin:failed_mails"), icon_name="warning", order=900
    )


# --- The booking counts in the admin's page listings (the Events listing and the explorer) ---


def _summaries_for_listing(context):
    """The listed events' counts, read once per listing (three queries), kept on the table."""
    table = context.get("table")
    cached = getattr(table, "_booking_summaries", None) if table is not None else None
    if cached is not None:
        return cached
    rows = list(getattr(table, "data", None) or [])
    events = [
        page for page in rows if isinstance(page, EventPage) and page.live and page.signup == SignupMode.SITE
    ]
    summaries = {summary.event.pk: summary for summary in event_summaries(events)}
    if table is not None:
        table._booking_summaries = summaries
    return summaries


def counts_label(summary):
    """The next date's counts (a series' dates each hold the same people, so no sum over dates)."""
    date = summary.next_date
    if date is None:
        return str(_("Bookings: no upcoming dates"))
    if date.places is None:
        text = gettext("Bookings, next date: %(booked)d booked") % {"booked": date.booked}
    else:
        text = gettext("Bookings, next date: %(booked)d of %(places)d booked") % {
            "booked": date.booked,
            "places": date.places,
        }
    if date.waiting:
        text += ", " + ngettext("%(count)d waiting", "%(count)d waiting", date.waiting) % {
            "count": date.waiting
        }
    if date.pending:
        text += ", " + ngettext(
            "%(count)d awaiting approval", "%(count)d awaiting approval", date.pending
        ) % {"count": date.pending}
    return text


@hooks.register("construct_page_listing_buttons")
def booking_counts_listing_button(buttons, page, user, context=None):
    # The event's counts as a button to its dates; one read for the whole listing, not one per row.
    if not isinstance(page, EventPage) or page.signup != SignupMode.SITE or not may_see_bookings(user):
        return
    summary = _summaries_for_listing(context or {}).get(page.pk)
    if summary is None:
        return
    buttons.append(
        ListingButton(
            counts_label(summary),
            url=reverse("bookings_admin:event", args=[page.pk]),
            icon_name="group",
            priority=15,
        )
    )


@hooks.register("register_page_header_buttons")
def bookings_header_button(page, user, view_name, next_url=None):
    if (
        issubclass(page.specific_class or type(page), EventPage)
        and page.live
        and getattr(page.specific_deferred, "signup", None) == SignupMode.SITE
        and may_see_bookings(user)
    ):
        yield Button(
            _("Bookings"), url=reverse("bookings_admin:event", args=[page.pk]), icon_name="group", priority=36
        )


# --- The sign-up section of the event page (events/signup_sections.py) ---


@hooks.register("register_event_signup")
def event_signup():
    return EventSignup(template="bookings/event_signup.html", context=signup_context)


# --- Demo content (home/demo.py) ---


@hooks.register("register_demo_content", order=35)
def seed_booking_demo(demo):
    # After the events (20), the learning paths' staff member (25) and the demo users (30).
    from .demo import seed_bookings

    return seed_bookings(demo)


@hooks.register("register_demo_content", order=36)
def seed_attendance_demo(demo):
    # After the bookings of the demo's coming dates (35), with the same people.
    from .demo_attendance import seed_attendance

    return seed_attendance(demo)


@hooks.register("register_personal_data")
def register_personal_data():
    """This app's part of a person's download, account deletion and purge (docs/privacy.md)."""
    return personal_data()
