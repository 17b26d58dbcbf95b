"""The organisers' side of bookings in the Wagtail admin (issue 19): events with sign-up here, their
dates with counts, each date's people and waiting list (CSV and XLSX export), the date's places, and
cancelling, approving or rejecting a booking on someone's behalf.

Every change goes through bookings/services.py (or bookings/capacity.py for the places), which
writes the history with the organiser's name. The views are plain pages and POST forms with CSRF,
so they work without JavaScript. Each page reads a fixed number of queries however many dates or
bookings there are.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from accounts.models import Organisation
from events.models import EventPage, Occurrence, SignupMode
from home.spreadsheets import ExcelCSVMixin

from . import services
from .capacity import CapacityRefused, set_date_capacity, source_event
from .models import ACTIVE_STATES, Booking, BookingState, FailedMail, SessionDate

VIEW_PERMISSION = "bookings.view_booking"
CHANGE_PERMISSION = "bookings.change_booking"
CAPACITY_PERMISSION = "bookings.change_sessiondate"

# The states that hold a place on the date (booked, or past it: attendance sets the last three).
HOLDING_STATES = (
    BookingState.BOOKED,
    BookingState.PENDING,
    BookingState.ATTENDED,
    BookingState.PARTLY_ATTENDED,
    BookingState.NO_SHOW,
)


def may_see_bookings(user):
    return user.has_perm(VIEW_PERMISSION)


class OrganiserOnly:
    """Organisers and editors (the booking permissions); communicators get a 403. Anonymous visitors
    never reach here: Wagtail's admin URLs send them to the login."""

    permission = VIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


BOOKINGS_CRUMB = {"url": reverse_lazy("bookings_admin:index"), "label": _("Bookings")}


def home_crumbs():
    return [{"url": reverse("wagtailadmin_home"), "label": gettext("Home")}, BOOKINGS_CRUMB]


def local(value):
    return timezone.localtime(value) if value else None


def date_label(occurrence_or_start):
    start = getattr(occurrence_or_start, "start", occurrence_or_start)
    return date_format(local(start), "l j F Y, H:i")


# Counts per date -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRow:
    occurrence: Occurrence
    session_date: SessionDate | None

    @property
    def places(self):
        return self.occurrence.places

    @property
    def booked(self):
        return self.session_date.booked_count if self.session_date else 0

    @property
    def pending(self):
        return self.session_date.pending_count if self.session_date else 0

    @property
    def waiting(self):
        return self.session_date.waiting_count if self.session_date else 0

    @property
    def places_left(self):
        if self.places is None:
            return None
        return max(self.places - self.booked - self.pending, 0)


def counts_by_date(event_keys):
    """{(event key, original start): SessionDate} for the events, in one query."""
    return {
        (sd.event_key, sd.original_start): sd
        for sd in SessionDate.objects.filter(event_key__in=set(event_keys))
    }


def bookable_events():
    """Every event with sign-up on this site, once (the default language's page where there is one)."""
    by_key = {}
    for page in EventPage.objects.live().filter(signup=SignupMode.SITE).select_related("locale"):
        if page.translation_key not in by_key or page.locale.language_code == settings.LANGUAGE_CODE:
            by_key[page.translation_key] = page
    return sorted(by_key.values(), key=lambda page: page.title.lower())


@dataclass(frozen=True)
class EventSummary:
    event: EventPage
    dates: tuple[DateRow, ...]  # upcoming

    @property
    def next_date(self):
        return self.dates[0] if self.dates else None

    @property
    def booked(self):
        return sum(d.booked for d in self.dates)

    @property
    def pending(self):
        return sum(d.pending for d in self.dates)

    @property
    def waiting(self):
        return sum(d.waiting for d in self.dates)


def event_summaries(events, now=None):
    """Each event with its upcoming dates and their counts: three queries however many events."""
    now = now or timezone.now()
    events = list(events)
    if not events:
        return []
    counts = counts_by_date(e.translation_key for e in events)
    by_id = {e.pk: e for e in events}
    dates = {e.pk: [] for e in events}
    for occurrence in Occurrence.objects.filter(event_id__in=by_id, end__gte=now).order_by("start"):
        event = occurrence.event = by_id[occurrence.event_id]
        dates[event.pk].append(
            DateRow(occurrence, counts.get((event.translation_key, occurrence.original_start)))
        )
    return [EventSummary(event, tuple(dates[event.pk])) for event in events]


# The index: events with sign-up here --------------------------------------------------------------


class BookingsIndexView(OrganiserOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "bookings/admin/index.html"
    page_title = _("Bookings")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summaries = event_summaries(bookable_events())
        context["upcoming"] = [s for s in summaries if s.dates]
        context["without_dates"] = [s for s in summaries if not s.dates]
        return context


# One event: its dates ---------------------------------------------------------------------------


def event_or_404(event_id):
    event = get_object_or_404(EventPage.objects.live().select_related("locale"), pk=event_id)
    if event.signup != SignupMode.SITE:
        raise Http404(gettext("This event does not take bookings here."))
    return event


class EventBookingsView(OrganiserOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "bookings/admin/event.html"
    header_icon = "date"
    # Dates already held that are still listed, most recent first (their lists stay reachable).
    PAST_DATES = 10

    @cached_property
    def event(self):
        return event_or_404(self.kwargs["event_id"])

    def get_page_title(self):
        return gettext("Bookings")

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, BOOKINGS_CRUMB, {"url": "", "label": self.event.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        event = self.event
        upcoming = list(event.occurrences.filter(end__gte=now).order_by("start"))
        past = list(event.occurrences.filter(end__lt=now).order_by("-start")[: self.PAST_DATES])
        # The rows are made here if missing, so each date has a list to link to (contract point 2).
        rows = {
            sd.original_start: sd
            for sd in services.session_dates_for(event, [o.original_start for o in upcoming + past])
        }
        for occurrence in upcoming + past:
            occurrence.event = event
        context["event"] = event
        context["upcoming"] = [DateRow(o, rows.get(o.original_start)) for o in upcoming]
        context["past"] = [DateRow(o, rows.get(o.original_start)) for o in past]
        return context


# One date: its people and waiting list ---------------------------------------------------------


@dataclass
class RosterRow:
    """One booking as the organiser's list and its export show it."""

    booking: Booking
    position: int | None
    name: str
    email: str
    organisation_name: str
    organisation_type: str
    booked_at: dt.datetime
    state: str
    adjustment_needs: str

    @property
    def is_active(self):
        return self.booking.state in ACTIVE_STATES

    @property
    def is_pending(self):
        return self.booking.state == BookingState.PENDING


ORGANISATION_LABELS = dict(Organisation.choices)
STATE_LABELS = dict(BookingState.choices)


def roster(session_date):
    """The date's bookings in one query: those holding a place (in booking order), then the waiting
    list in line order (numbered), then the cancelled and the rest."""
    bookings = (
        Booking.objects.filter(session_date=session_date)
        .select_related("user")
        .annotate(
            group=Case(
                When(state__in=HOLDING_STATES, then=Value(0)),
                When(state=BookingState.WAITING, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            line=Window(
                RowNumber(), partition_by=[F("state")], order_by=[F("queued_at").asc(), F("id").asc()]
            ),
        )
        # The waiting list by its line; everyone else by when they booked (never by a NULL, whose
        # place differs between SQLite and PostgreSQL).
        .order_by(
            "group",
            Case(When(state=BookingState.WAITING, then=F("queued_at")), default=F("created_at")),
            "id",
        )
    )
    return [
        RosterRow(
            booking=booking,
            position=booking.line if booking.state == BookingState.WAITING else None,
            name=booking.user.get_full_name() or booking.user.get_username(),
            email=booking.user.email,
            organisation_name=booking.user.organisation_name,
            organisation_type=str(ORGANISATION_LABELS.get(booking.user.organisation, "")),
            booked_at=local(booking.created_at),
            state=str(STATE_LABELS.get(booking.state, booking.state)),
            adjustment_needs=booking.adjustment_needs,
        )
        for booking in bookings
    ]


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Places on this date"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Leave empty to use the event's number of places."),
    )


def session_date_or_404(session_date_id):
    session_date = get_object_or_404(SessionDate, pk=session_date_id)
    occurrence = services.occurrences_for([session_date])[session_date.pk]
    event = occurrence.event if occurrence else source_event(session_date.event_key)
    if event is None:
        raise Http404(gettext("This event is no longer published."))
    return session_date, occurrence, event


class DateBookingsView(OrganiserOnly, ExcelCSVMixin, ReportView):
    """A date's people and waiting list, with Wagtail's CSV and XLSX export (``?export=csv``)."""

    template_name = "bookings/admin/date.html"
    header_icon = "group"
    paginate_by = None  # a date's list is read whole: a few hundred rows at most
    list_export = [
        "position",
        "name",
        "organisation_name",
        "organisation_type",
        "booked_at",
        "state",
        "adjustment_needs",
    ]
    export_headings = {
        "position": _("Place in line"),
        "name": _("Name"),
        "organisation_name": _("Organisation"),
        "organisation_type": _("Type of organisation"),
        "booked_at": _("Booked at"),
        "state": _("State"),
        "adjustment_needs": _("Adjustment needs"),
    }
    custom_field_preprocess = {
        "booked_at": {
            # Local wall-clock time, as the organiser reads it in the list.
            ReportView.FORMAT_CSV: lambda value: value.strftime("%Y-%m-%d %H:%M"),
            ReportView.FORMAT_XLSX: lambda value: value.replace(tzinfo=None),
        },
        "position": {ReportView.FORMAT_CSV: lambda value: "" if value is None else value},
    }

    # Read after the permission check (OrganiserOnly.dispatch), so a refused user learns nothing.
    @cached_property
    def _date(self):
        return session_date_or_404(self.kwargs["session_date_id"])

    @property
    def session_date(self):
        return self._date[0]

    @property
    def occurrence(self):
        return self._date[1]

    @property
    def event(self):
        return self._date[2]

    def get_page_title(self):
        return self.event.title

    def get_page_subtitle(self):
        return date_label(self.occurrence or self.session_date.original_start)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            BOOKINGS_CRUMB,
            {"url": reverse("bookings_admin:event", args=[self.event.pk]), "label": self.event.title},
            {"url": "", "label": f"{self.event.title}, {self.get_page_subtitle()}"},
        ]

    def get_filename(self):
        start = local(self.session_date.original_start)
        return f"{self.event.slug}-{start:%Y-%m-%d-%H%M}"

    def get_queryset(self):
        return roster(self.session_date)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = context["object_list"]
        occurrence = self.occurrence
        if occurrence is not None:
            occurrence.event = self.event
        context.update(
            session_date=self.session_date,
            occurrence=occurrence,
            event=self.event,
            holding=[r for r in rows if r.booking.state in HOLDING_STATES],
            waiting=[r for r in rows if r.booking.state == BookingState.WAITING],
            others=[
                r
                for r in rows
                if r.booking.state not in HOLDING_STATES and r.booking.state != BookingState.WAITING
            ],
            may_change=user.has_perm(CHANGE_PERMISSION),
            may_change_capacity=user.has_perm(CAPACITY_PERMISSION) and occurrence is not None,
            capacity_form=CapacityForm(initial={"capacity": occurrence.capacity if occurrence else None}),
            places=occurrence.places if occurrence else None,
            csv_url=self.csv_export_url,
            xlsx_url=self.xlsx_export_url,
        )
        return context


# Changes on someone's behalf -------------------------------------------------------------------


def date_url(booking):
    return reverse("bookings_admin:date", args=[booking.session_date_id])


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("A note to the person (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BookingActionView(OrganiserOnly, WagtailAdminTemplateMixin, View):
    """GET: a confirmation page with an optional note; POST: the change, then back to the date."""

    permission = CHANGE_PERMISSION
    template_name = "bookings/admin/confirm.html"
    header_icon = "group"
    allowed_states = ACTIVE_STATES
    asks_note = True

    @cached_property
    def booking(self):
        # Read after the permission check (OrganiserOnly.dispatch).
        return get_object_or_404(
            Booking.objects.select_related("user", "session_date"), pk=self.kwargs["booking_id"]
        )

    def person(self):
        user = self.booking.user
        return user.get_full_name() or user.get_username()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            BOOKINGS_CRUMB,
            {"url": date_url(self.booking), "label": gettext("The date")},
        ]

    def render_confirm(self, form, status=200):
        _session_date, occurrence, event = session_date_or_404(self.booking.session_date_id)
        context = self.get_context_data(
            form=form if self.asks_note else None,
            booking=self.booking,
            person=self.person(),
            event=event,
            when=date_label(occurrence or self.booking.session_date.original_start),
            question=self.question(),
            button=self.button(),
            back_url=date_url(self.booking),
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        if self.booking.state not in self.allowed_states:
            messages.warning(request, self.not_possible())
            return HttpResponseRedirect(date_url(self.booking))
        return self.render_confirm(NoteForm())

    def post(self, request, *args, **kwargs):
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_confirm(form, status=400)
        if self.booking.state not in self.allowed_states:
            # A second submit, or someone else was quicker: nothing changes, and the list says how it is.
            messages.warning(request, self.not_possible())
            return HttpResponseRedirect(date_url(self.booking))
        self.act(form.cleaned_data["note"])
        messages.success(request, self.done())
        return HttpResponseRedirect(date_url(self.booking))

    def not_possible(self):
        return gettext("%(person)s's booking is no longer open to this change.") % {"person": self.person()}


class CancelBookingView(BookingActionView):
    page_title = _("Cancel a booking")

    def question(self):
        return gettext("Cancel %(person)s's booking? The first in line moves up into the place.") % {
            "person": self.person()
        }

    def button(self):
        return gettext("Cancel the booking")

    def act(self, note):
        services.cancel(self.booking, by=self.request.user, note=note)

    def done(self):
        return gettext("%(person)s's booking is cancelled.") % {"person": self.person()}


class RejectBookingView(BookingActionView):
    page_title = _("Reject a booking")
    allowed_states = (BookingState.PENDING,)

    def question(self):
        return gettext("Reject %(person)s's request for a place?") % {"person": self.person()}

    def button(self):
        return gettext("Reject")

    def act(self, note):
        services.reject(self.booking, by=self.request.user, note=note)

    def done(self):
        return gettext("%(person)s's request is rejected.") % {"person": self.person()}


class ApproveBookingView(RejectBookingView):
    page_title = _("Approve a booking")
    asks_note = False

    def question(self):
        return gettext("Approve %(person)s's request for a place?") % {"person": self.person()}

    def button(self):
        return gettext("Approve")

    def act(self, note):
        services.approve(self.booking, by=self.request.user)

    def done(self):
        return gettext("%(person)s is booked.") % {"person": self.person()}


class DateCapacityView(OrganiserOnly, View):
    """POST: the date's own number of places (empty: the event's), published in the organiser's name."""

    permission = CAPACITY_PERMISSION

    def get(self, request, session_date_id):
        return HttpResponseRedirect(reverse("bookings_admin:date", args=[session_date_id]))

    def post(self, request, session_date_id):
        session_date, occurrence, event = session_date_or_404(session_date_id)
        back = reverse("bookings_admin:date", args=[session_date.pk])
        form = CapacityForm(request.POST)
        if occurrence is None:
            messages.error(request, gettext("This date is no longer in the event."))
            return HttpResponseRedirect(back, status=303)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "bookings/admin/capacity_error.html",
                {"form": form, "back_url": back, "event": event},
                status=400,
            )
        capacity = form.cleaned_data["capacity"]
        try:
            set_date_capacity(session_date, capacity, by=request.user)
        except CapacityRefused as refusal:
            return TemplateResponse(
                request,
                "bookings/admin/capacity_error.html",
                {"message": str(refusal), "back_url": back, "event": event},
                status=409,
            )
        if capacity is None:
            messages.success(request, gettext("The date now has the event's number of places."))
        else:
            messages.success(request, gettext("The date now has %(count)d places.") % {"count": capacity})
        return HttpResponseRedirect(back)


# Failed mails: superusers only ------------------------------------------------------------------


class FailedMailsView(WagtailAdminTemplateMixin, TemplateView):
    """The booking mails that failed every attempt (bookings/tasks.py), newest first. Only superusers:
    the rows hold people's addresses from every event, and fixing the mail server is theirs."""

    template_name = "bookings/admin/failed_mails.html"
    page_title = _("Failed mails")
    header_icon = "warning"
    shown = 200

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failed_mails"] = list(FailedMail.objects.all()[: self.shown])
        return context
