"""The admin's Teams and Zoom attendance import for one date (issue 20): upload, preview, apply.

As the calendar import does (events/import_views.py), the first step only previews: the uploaded
bytes are kept on the server (here in the organiser's session, which the database holds for every
web process) and the preview's form names them by a random key and their hash; "Apply" applies
exactly those bytes through bookings/attendance_import.py, after checking the hash. The organiser
can match the rows that match nobody to booked people by hand, see the preview again, then apply.
"""

import base64
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_views import (
    BOOKINGS_CRUMB,
    CHANGE_PERMISSION,
    STATE_LABELS,
    OrganiserOnly,
    date_label,
    session_date_or_404,
)
from .attendance import AttendanceError
from .attendance_files import AttendanceFileError
from .attendance_import import PlanError, apply_file
from .attendance_rules import file_hash
from .models import AttendanceImport, AttendanceSource

# The admin keeps files up to this size in the session: a 2,500-person report is well under 1 MB.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SESSION_KEY = "bookings_attendance_imports"
KEPT_PER_SESSION = 3
KEPT_FOR_SECONDS = 3600
SOURCE_LABELS = dict(AttendanceSource.choices)


class AttendanceFileForm(forms.Form):
    attendance_file = forms.FileField(
        label=_("Attendance file"),
        help_text=_(
            "The attendance report as Teams or Zoom exports it (.csv), at most 2 MB. Nothing is "
            "changed until you have seen the preview and applied it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_attendance_file(self):
        upload = self.cleaned_data["attendance_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                gettext("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES >> 20}
            )
        self.data_bytes = upload.read()
        return upload


def keep(request, session_date, data, name):
    """Keep the bytes in the organiser's session; returns the key the preview's form carries."""
    kept = {
        key: value
        for key, value in request.session.get(SESSION_KEY, {}).items()
        if value.get("at", 0) > timezone.now().timestamp() - KEPT_FOR_SECONDS
    }
    for key in sorted(kept, key=lambda k: kept[k]["at"])[: max(0, len(kept) - KEPT_PER_SESSION + 1)]:
        del kept[key]
    key = secrets.token_urlsafe(16)
    kept[key] = {
        "date": session_date.pk,
        "hash": file_hash(data),
        "name": name[:255],
        "data": base64.b64encode(data).decode("ascii"),
        "at": timezone.now().timestamp(),
    }
    request.session[SESSION_KEY] = kept
    return key


def kept_file(request, session_date, key, digest):
    """(bytes, name) of the kept file, if it is this date's and its hash is the previewed one."""
    kept = request.session.get(SESSION_KEY, {}).get(key)
    if (
        not kept
        or kept["date"] != session_date.pk
        or kept["at"] <= timezone.now().timestamp() - KEPT_FOR_SECONDS
    ):
        return None
    data = base64.b64decode(kept["data"])
    if file_hash(data) != kept["hash"] or kept["hash"] != digest:
        return None
    return data, kept["name"]


def forget(request, key):
    kept = request.session.get(SESSION_KEY, {})
    if kept.pop(key, None) is not None:
        request.session[SESSION_KEY] = kept


def encode_matches(matches):
    """The hand matches a preview showed, as its form carries them: "row:booking,..."."""
    return ",".join(f"{row}:{booking}" for row, booking in sorted(matches.items()))


def hand_matches_from(post):
    """{row index: booking id} from the preview's selects ("match-<row>"); ValueError if malformed."""
    matches = {}
    for name, value in post.items():
        if not name.startswith("match-") or not value:
            continue
        row, booking = name.removeprefix("match-"), value
        if not (row.isdigit() and booking.isdigit()) or len(row) > 6 or len(booking) > 18:
            raise ValueError(name)
        matches[int(row)] = int(booking)
    return matches


class AttendanceImportView(OrganiserOnly, WagtailAdminTemplateMixin, View):
    permission = CHANGE_PERMISSION
    template_name = "bookings/admin/attendance_import.html"
    preview_template_name = "bookings/admin/attendance_import_preview.html"
    page_title = _("Import an attendance file")
    header_icon = "upload"

    @cached_property
    def _date(self):
        return session_date_or_404(self.kwargs["session_date_id"])

    def get_page_subtitle(self):
        session_date, occurrence, event = self._date
        return f"{event.title}, {date_label(occurrence or session_date.original_start)}"

    def get_breadcrumbs_items(self):
        session_date, occurrence, event = self._date
        return [
            *self.breadcrumbs_items,
            BOOKINGS_CRUMB,
            {"url": reverse("bookings_admin:event", args=[event.pk]), "label": event.title},
            {"url": self.back_url(), "label": date_label(occurrence or session_date.original_start)},
            {"url": "", "label": self.get_page_title()},
        ]

    def back_url(self):
        # The roster (built beside this import) where it exists, else the date's list of people.
        session_date = self._date[0]
        try:
            return reverse("bookings_admin:roster", args=[session_date.pk])
        except NoReverseMatch:
            return reverse("bookings_admin:date", args=[session_date.pk])

    def render(self, template, status=200, **context):
        session_date, occurrence, event = self._date
        context = self.get_context_data(
            session_date=session_date,
            occurrence=occurrence,
            event=event,
            back_url=self.back_url(),
            action_url=reverse("bookings_admin:attendance_import", args=[session_date.pk]),
            imports=AttendanceImport.objects.filter(session_date=session_date)
            .select_related("imported_by")
            .order_by("-imported_at")[:10],
            **context,
        )
        return TemplateResponse(self.request, template, context, status=status)

    def get(self, request, session_date_id):
        return self.render(self.template_name, form=AttendanceFileForm())

    def post(self, request, session_date_id):
        if "upload" in request.POST:
            return self.from_kept(request)
        form = AttendanceFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(self.template_name, status=400, form=form)
        upload = form.cleaned_data["attendance_file"]
        try:
            result = apply_file(self._date[0], form.data_bytes, upload.name, request.user, dry_run=True)
        except AttendanceFileError as error:
            form.add_error("attendance_file", str(error))
            return self.render(self.template_name, status=400, form=form)
        key = keep(request, self._date[0], form.data_bytes, upload.name)
        return self.preview(result, key, upload.name, {})

    def preview(self, result, key, name, hand_matches, status=200, problem=""):
        plan = result.plan
        choices = [
            (change.booking_id, f"{change.name} ({change.email})" if change.email else change.name)
            for change in plan.hand_match_choices
        ]
        # Every row matched by hand or by nobody gets a select, showing the match it has now.
        to_match = sorted([*plan.unmatched, *plan.hand_matched], key=lambda row: row.row)
        unmatched = [
            {"row": row, "selected": hand_matches.get(row.row), "field": f"match-{row.row}"}
            for row in to_match
        ]
        return self.render(
            self.preview_template_name,
            status=status,
            result=result,
            plan=plan,
            key=key,
            file_name=name,
            source_label=SOURCE_LABELS.get(result.source, result.source),
            rows=[self.row(change) for change in plan.bookings],
            unmatched=unmatched,
            previewed=encode_matches(hand_matches),
            hand_matches=hand_matches,
            choices=choices,
            changes=len(plan.changes),
            problem=problem,
        )

    @staticmethod
    def row(change):
        return {
            "change": change,
            "from": STATE_LABELS.get(change.from_state, change.from_state),
            "to": STATE_LABELS.get(change.to_state, change.to_state),
        }

    def from_kept(self, request):
        session_date = self._date[0]
        key, digest = request.POST.get("upload", ""), request.POST.get("file_hash", "")
        kept = kept_file(request, session_date, key, digest)
        if kept is None:
            return self.render(
                self.template_name,
                status=400,
                form=AttendanceFileForm(),
                problem=gettext("The previewed file is no longer kept, or it has expired. Upload it again."),
            )
        data, name = kept
        try:
            hand_matches = hand_matches_from(request.POST)
        except ValueError:
            hand_matches = None
        apply = request.POST.get("action") == "apply"
        if (
            apply
            and hand_matches is not None
            and encode_matches(hand_matches) != request.POST.get("previewed")
        ):
            # Matches changed since the preview: show what they do before anything is applied.
            apply = False
            changed_matches = True
        else:
            changed_matches = False
        try:
            if hand_matches is None:
                raise PlanError(gettext("A row was matched by hand to someone not booked on this date."))
            result = apply_file(session_date, data, name, request.user, hand_matches, dry_run=not apply)
        except (PlanError, AttendanceError) as error:
            # The preview again, without the hand matches that could not be used: nothing changed.
            result = apply_file(session_date, data, name, request.user, dry_run=True)
            message = getattr(error, "message", None) or str(error)
            return self.preview(result, key, name, {}, status=400, problem=message)
        except AttendanceFileError as error:  # read once already; kept for safety
            forget(request, key)
            return self.render(self.template_name, status=400, form=AttendanceFileForm(), problem=str(error))
        if not apply:
            problem = (
                gettext("You changed the matches: check the preview below, then apply.")
                if changed_matches
                else ""
            )
            return self.preview(result, key, name, hand_matches, problem=problem)
        forget(request, key)
        if result.already_applied:
            messages.warning(request, result.message)
        else:
            plan = result.plan
            messages.success(
                request,
                ngettext(
                    "The attendance file was applied: %(changed)d booking changed, %(walk_ins)d "
                    "walk-ins added, %(unmatched)d rows matched nobody.",
                    "The attendance file was applied: %(changed)d bookings changed, %(walk_ins)d "
                    "walk-ins added, %(unmatched)d rows matched nobody.",
                    len(plan.changes),
                )
                % {
                    "changed": len(plan.changes),
                    "walk_ins": len(plan.walk_ins),
                    "unmatched": len(plan.unmatched),
                },
            )
        return HttpResponseRedirect(self.back_url(), status=303)
