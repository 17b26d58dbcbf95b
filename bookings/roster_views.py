"""The roster of one date in the Wagtail admin (issue 20): who is booked and who came.

The organiser marks everyone present with one button and then the exceptions (partly attended, did
not come, minutes where known), adds walk-ins with an account by e-mail and counts those without
one per type of organisation. Every change goes through bookings/attendance.py, which keeps it in
the booking's history (shown per person here) and tells the learning paths. The page also shows the
date's self check-in: a QR code, its link and a six-character code (bookings/check_in.py).

Plain POST forms with CSRF, so the page works without JavaScript; after a change the organiser is
sent back to the roster (303). The page reads a fixed number of queries however many are booked.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import Organisation

from . import attendance
from .admin_views import (
    BOOKINGS_CRUMB,
    CHANGE_PERMISSION,
    ORGANISATION_LABELS,
    STATE_LABELS,
    OrganiserOnly,
    date_label,
    local,
    session_date_or_404,
)
from .attendance_rules import CHECK_IN_CLOSES_AFTER, CHECK_IN_OPENS_BEFORE
from .check_in import code_for, display_code, token_for
from .models import (
    ATTENDANCE_STATES,
    MARKABLE_STATES,
    AttendanceSource,
    Booking,
    BookingChange,
    BookingState,
    WalkInCount,
)

SOURCE_LABELS = dict(AttendanceSource.choices)
MAX_MINUTES = 24 * 60 * 14  # as bookings/attendance.py accepts
# Where the roster's forms send the organiser back to, each form's own part of the page.
ANCHORS = {"marks": "#attendance", "walk_in": "#walk-ins", "counts": "#without-account"}


def roster_url(session_date_id, anchor=""):
    return reverse("bookings_admin:roster", args=[session_date_id]) + anchor


def see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def person_name(user):
    return user.get_full_name() or user.get_username()


def roster_bookings(session_date):
    """The people on the roster with their history: two queries however many there are."""
    return list(
        Booking.objects.filter(session_date=session_date, state__in=MARKABLE_STATES)
        .select_related("user")
        .prefetch_related(
            Prefetch("changes", queryset=BookingChange.objects.select_related("by").order_by("at", "id"))
        )
        .order_by("user__last_name", "user__first_name", "user__username", "id")
    )


def history_rows(booking):
    return [
        {
            "at": local(change.at),
            "by": person_name(change.by) if change.by else "",
            "from_state": STATE_LABELS.get(change.from_state, ""),
            "to_state": STATE_LABELS.get(change.to_state, change.to_state),
            "note": change.note,
        }
        for change in booking.changes.all()
    ]


def roster_rows(bookings, errors=None, posted=None):
    errors = errors or {}
    rows = []
    for booking in bookings:
        chosen = booking.state if booking.state in ATTENDANCE_STATES else ""
        minutes = "" if booking.attended_minutes is None else str(booking.attended_minutes)
        if posted is not None:  # a form sent back with its errors shows what was typed
            chosen = posted.get(f"state-{booking.pk}", chosen)
            minutes = posted.get(f"minutes-{booking.pk}", minutes)
        rows.append(
            {
                "booking": booking,
                "name": person_name(booking.user),
                "email": booking.user.email,
                "organisation_name": booking.user.organisation_name,
                "organisation_type": ORGANISATION_LABELS.get(booking.user.organisation, ""),
                "state": STATE_LABELS.get(booking.state, booking.state),
                "is_late_cancellation": booking.state == BookingState.CANCELLED_LATE,
                "is_marked": booking.state in ATTENDANCE_STATES,
                "source": SOURCE_LABELS.get(booking.attendance_source, ""),
                "recorded_at": local(booking.attendance_recorded_at),
                "chosen": chosen,
                "minutes": minutes,
                "error": errors.get(booking.pk, ""),
                "history": history_rows(booking),
            }
        )
    return rows


MARK_CHOICES = [
    (BookingState.ATTENDED, _("Attended")),
    (BookingState.PARTLY_ATTENDED, _("Partly attended")),
    (BookingState.NO_SHOW, _("Did not come")),
]


def read_marks(post, bookings):
    """{booking id: (state, minutes)} from the roster form, and {booking id: message} for bad rows.

    A row without a choice is left as it is (a booked person not marked yet); minutes without a
    choice keep the state the person has."""
    marks, errors = {}, {}
    states = {str(value) for value, _label in MARK_CHOICES}
    for booking in bookings:
        state = post.get(f"state-{booking.pk}", "")
        text = post.get(f"minutes-{booking.pk}", "").strip()
        minutes = None
        if text:
            if not text.isdigit() or int(text) > MAX_MINUTES:
                errors[booking.pk] = gettext("Minutes must be a whole number of minutes, 0 or more.")
                continue
            minutes = int(text)
        if not state:
            if minutes is None:
                continue
            if booking.state not in ATTENDANCE_STATES:
                errors[booking.pk] = gettext("Choose attended, partly attended or did not come.")
                continue
            state = booking.state
        if state not in states:
            errors[booking.pk] = gettext("Choose attended, partly attended or did not come.")
            continue
        if state == BookingState.NO_SHOW and minutes:
            errors[booking.pk] = gettext("Someone who did not come has no minutes.")
            continue
        if state != booking.state or minutes != booking.attended_minutes:
            marks[booking.pk] = (state, minutes)
    return marks, errors


class WalkInForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address of the person's account on the site."),
        max_length=254,
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        users = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
        if not users:
            raise forms.ValidationError(
                gettext(
                    "No account has the address %(email)s. Count the person below, under people "
                    "without an account."
                )
                % {"email": email}
            )
        if len(users) > 1:
            raise forms.ValidationError(
                gettext("More than one account has the address %(email)s.") % {"email": email}
            )
        self.user = users[0]
        return email


class WalkInCountsForm(forms.Form):
    def __init__(self, *args, counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = counts or {}
        for value, label in Organisation.choices:
            self.fields[value] = forms.IntegerField(
                label=label, min_value=0, max_value=10000, required=False, initial=counts.get(value, 0)
            )

    def counts(self):
        return {value: self.cleaned_data.get(value) or 0 for value, _label in Organisation.choices}


def qr_svg(url, title):
    """The QR code of ``url`` as inline SVG, drawn on the server (no JavaScript, no image request)."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=6, border=4, dark="#000", light="#fff", title=title, svgclass="check-in-qr")
    svg = svg.replace("<svg ", '<svg role="img" ', 1)  # named by its <title>
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the URL inside is escaped by it


def check_in_links(request, session_date, occurrence, event):
    token = token_for(session_date)
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            links.append(
                {
                    "language": code,
                    "language_name": name,
                    "url": request.build_absolute_uri(reverse("check_in", args=[token])),
                    "code_url": request.build_absolute_uri(reverse("check_in_code")),
                }
            )
    # The QR code opens the page in the event's own language (its visitors' language).
    event_language = event.locale.language_code if getattr(event, "locale", None) else settings.LANGUAGE_CODE
    main = next((link for link in links if link["language"] == event_language), links[0])
    opens = closes = None
    if occurrence is not None:
        opens = local(occurrence.start - CHECK_IN_OPENS_BEFORE)
        closes = local((occurrence.end or occurrence.start) + CHECK_IN_CLOSES_AFTER)
    return {
        "links": links,
        "main": main,
        "qr": qr_svg(main["url"], gettext("QR code to check in to this date")),
        "code": display_code(code_for(session_date.pk)),
        "opens": opens,
        "closes": closes,
        "is_open": occurrence is not None and opens <= timezone.localtime() <= closes,
    }


class RosterView(OrganiserOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "bookings/admin/roster.html"
    header_icon = "tasks"

    @cached_property
    def _date(self):
        # Read after the permission check (OrganiserOnly.dispatch), so a refused user learns nothing.
        return session_date_or_404(self.kwargs["session_date_id"])

    @property
    def session_date(self):
        return self._date[0]

    def get_page_title(self):
        return gettext("Roster")

    def get_page_subtitle(self):
        _session_date, occurrence, event = self._date
        return f"{event.title}, {date_label(occurrence or self.session_date.original_start)}"

    def get_breadcrumbs_items(self):
        _session_date, _occurrence, event = self._date
        return [
            *self.breadcrumbs_items,
            BOOKINGS_CRUMB,
            {"url": reverse("bookings_admin:event", args=[event.pk]), "label": event.title},
            {
                "url": reverse("bookings_admin:date", args=[self.session_date.pk]),
                "label": date_label(self._date[1] or self.session_date.original_start),
            },
            {"url": "", "label": gettext("Roster")},
        ]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        action = request.POST.get("action", "")
        handler = {
            "mark_all": self.mark_all,
            "marks": self.save_marks,
            "walk_in": self.walk_in,
            "counts": self.save_counts,
        }.get(action)
        if handler is None:
            messages.error(request, gettext("Nothing was changed: the form was not recognised."))
            return self.render_roster(status=400)
        try:
            return handler(request)
        except attendance.AttendanceError as error:
            messages.error(request, error.message)
            return self.render_roster(status=400)

    def mark_all(self, request):
        result = attendance.mark_all_present(self.session_date, by=request.user)
        count = len(result.changes)
        if count:
            messages.success(
                request,
                translation.ngettext(
                    "%(count)d person marked as attended.", "%(count)d people marked as attended.", count
                )
                % {"count": count},
            )
        else:
            messages.info(request, gettext("Nobody was left to mark: everyone booked is marked."))
        return see_other(roster_url(self.session_date.pk, ANCHORS["marks"]))

    def save_marks(self, request):
        bookings = roster_bookings(self.session_date)
        marks, errors = read_marks(request.POST, bookings)
        if errors:
            messages.error(request, gettext("Nothing was saved: correct the rows marked below."))
            return self.render_roster(status=400, bookings=bookings, mark_errors=errors, posted=request.POST)
        if marks:
            attendance.record(self.session_date, marks, by=request.user)
        count = len(marks)
        messages.success(
            request,
            translation.ngettext(
                "Attendance saved for %(count)d person.", "Attendance saved for %(count)d people.", count
            )
            % {"count": count},
        )
        return see_other(roster_url(self.session_date.pk, ANCHORS["marks"]))

    def walk_in(self, request):
        form = WalkInForm(request.POST)
        if not form.is_valid():
            return self.render_roster(status=400, walk_in_form=form)
        attendance.add_walk_in(self.session_date, form.user, by=request.user)
        messages.success(
            request,
            gettext("%(person)s is on the roster as attended.") % {"person": person_name(form.user)},
        )
        return see_other(roster_url(self.session_date.pk, ANCHORS["marks"]))

    def save_counts(self, request):
        form = WalkInCountsForm(request.POST)
        if not form.is_valid():
            return self.render_roster(status=400, counts_form=form)
        attendance.set_walk_in_counts(self.session_date, form.counts())
        messages.success(request, gettext("The people without an account are counted."))
        return see_other(roster_url(self.session_date.pk, ANCHORS["counts"]))

    def render_roster(self, status=200, bookings=None, mark_errors=None, posted=None, **forms_):
        context = self.get_context_data(bookings=bookings, mark_errors=mark_errors, posted=posted, **forms_)
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get_context_data(self, bookings=None, mark_errors=None, posted=None, **kwargs):
        context = super().get_context_data(**kwargs)
        session_date, occurrence, event = self._date
        if occurrence is not None:
            occurrence.event = event
        bookings = roster_bookings(session_date) if bookings is None else bookings
        counts = dict(
            WalkInCount.objects.filter(session_date=session_date).values_list("organisation", "count")
        )
        rows = roster_rows(bookings, mark_errors, posted)
        context.update(
            session_date=session_date,
            occurrence=occurrence,
            event=event,
            when=date_label(occurrence or session_date.original_start),
            rows=rows,
            marked=sum(1 for row in rows if row["is_marked"]),
            unmarked=sum(1 for row in rows if row["booking"].state == BookingState.BOOKED),
            mark_choices=MARK_CHOICES,
            may_change=self.request.user.has_perm(CHANGE_PERMISSION),
            walk_in_form=kwargs.get("walk_in_form") or WalkInForm(),
            counts_form=kwargs.get("counts_form") or WalkInCountsForm(counts=counts),
            walk_in_total=sum(counts.values()),
            check_in=check_in_links(self.request, session_date, occurrence, event),
            date_url=reverse("bookings_admin:date", args=[session_date.pk]),
        )
        return context
