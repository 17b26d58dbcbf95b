"""The Wagtail admin's "Import calendar" view: the same import as `manage.py import_ics`, for editors."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.ids import database_id

from .ics_import import MAX_BYTES, CalendarError, apply_import, parse_calendar
from .import_uploads import UploadUnavailable, keep_upload, kept_upload, upload_gone_message
from .models import EventIndexPage, EventPage, PendingCalendarImport


def import_targets(user):
    """Event index pages the user may import into: the import adds pages and publishes them."""
    allowed = []
    for page in EventIndexPage.objects.select_related("locale").order_by("path"):
        permissions = page.permissions_for_user(user)
        if permissions.can_add_subpage() and permissions.can_publish_subpage():
            allowed.append(page.pk)
    return EventIndexPage.objects.filter(pk__in=allowed).select_related("locale").order_by("path")


class CalendarChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # A number no page can have is refused like any other page not offered (home/ids.py).
        if value not in self.empty_values and database_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, page):
        return f"{page.title} ({page.locale.get_display_name()})"


class CalendarFileInput(forms.ClearableFileInput):
    """A file input that lists each problem of a bad file on its own line (Wagtail would run them together)."""

    def render_with_errors(self, name, value, attrs=None, errors=None, renderer=None):
        errors_id = f"{attrs['id']}-errors"
        described_by = f"{errors_id} {attrs['id']}-helptext"  # the problems, then Wagtail's help text
        attrs = {**(attrs or {}), **self.attrs, "aria-describedby": described_by, "aria-invalid": "true"}
        items = format_html_join("", "<li>{}</li>", ((error,) for error in errors or []))
        return format_html(
            '{}<ul class="error-message w-mt-2" id="{}">{}</ul>',
            self.render(name, value, attrs, renderer),
            errors_id,
            items,
        )


class ImportCalendarForm(forms.Form):
    calendar_file = forms.FileField(
        label=_("Calendar file (.ics)"),
        help_text=_(
            "An iCalendar file exported from Outlook, Google Calendar, Apple Calendar or another "
            "calendar program, at most 5 MB."
        ),
        widget=CalendarFileInput(attrs={"accept": ".ics,text/calendar"}),
    )
    parent = CalendarChoiceField(
        label=_("Import into"),
        queryset=EventIndexPage.objects.none(),
        empty_label=None,
        help_text=_("Events already imported here are updated by their UID; others are added."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: only show what would change"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = targets
        self.events = []
        self.data_bytes = b""

    def clean_calendar_file(self):
        upload = self.cleaned_data["calendar_file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(gettext("the file is larger than %(size)d MB") % {"size": MAX_BYTES >> 20})
        self.data_bytes = upload.read()
        try:
            self.events = parse_calendar(self.data_bytes)
        except CalendarError as error:
            raise ValidationError([str(e) for e in error.errors]) from None
        return upload


def refresh_report_pages(report):
    """Reload the report's pages in one query: the import published copies of them (live, URL path)."""
    items = [item for item in (*report.created, *report.updated, *report.unchanged) if item.page]
    pages = EventPage.objects.select_related("locale").in_bulk([item.page.pk for item in items])
    for item in items:
        item.page = pages.get(item.page.pk, item.page)


class ConfirmImportForm(forms.Form):
    """The second step after a dry run: import the file that was previewed, kept on the server."""

    upload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kept = None

    def clean_upload(self):
        try:
            self.kept = kept_upload(self.cleaned_data["upload"], self.user)
        except UploadUnavailable as error:
            raise ValidationError(str(error)) from None
        return self.cleaned_data["upload"]


class ImportCalendarView(WagtailAdminTemplateMixin, FormView):
    template_name = "events/admin/import_calendar.html"
    form_class = ImportCalendarForm
    page_title = _("Import calendar")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.targets = import_targets(request.user)
        if not self.targets.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_initial(self):
        initial = super().get_initial()
        parent = database_id(self.request.GET.get("parent", ""))  # a number no page has is ignored
        if parent is not None and self.targets.filter(pk=parent).exists():
            initial["parent"] = parent
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "targets": self.targets}

    def post(self, request, *args, **kwargs):
        if "upload" in request.POST:
            return self.confirm(ConfirmImportForm(request.POST, user=request.user))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        parent = form.cleaned_data["parent"]
        dry_run = form.cleaned_data["dry_run"]
        report = apply_import(form.events, parent, dry_run=dry_run, user=self.request.user)
        if report.errors:
            for error in report.errors:
                form.add_error(None, str(error))
            return self.form_invalid(form)
        confirm_form = None
        if dry_run:
            # The next step imports these very bytes: the editor does not choose the file again.
            token = keep_upload(form.data_bytes, parent=parent, user=self.request.user)
            confirm_form = ConfirmImportForm(initial={"upload": token}, user=self.request.user)
        return self.show_report(report, parent, confirm_form)

    def confirm(self, confirm_form):
        if not confirm_form.is_valid():
            return self.refuse(confirm_form.errors.get("upload", []))
        kept = confirm_form.kept
        if not self.targets.filter(pk=kept.parent_id).exists():
            raise PermissionDenied
        try:
            events = parse_calendar(bytes(kept.data))
        except CalendarError as error:
            return self.refuse([str(e) for e in error.errors])
        with transaction.atomic():
            # Claimed and imported together: a second submission of the same form imports nothing,
            # and a failed import keeps the file for another try.
            if not PendingCalendarImport.objects.filter(pk=kept.pk).delete()[0]:
                return self.refuse([str(upload_gone_message())])
            report = apply_import(events, kept.parent, dry_run=False, user=self.request.user)
            if report.errors:
                transaction.set_rollback(True)
        if report.errors:
            return self.refuse([str(e) for e in report.errors])
        return self.show_report(report, kept.parent, None)

    def show_report(self, report, parent, confirm_form):
        refresh_report_pages(report)
        # A fresh form for another file, into the same calendar; a dry run first as always.
        next_form = self.form_class(targets=self.targets, initial={"parent": parent.pk, "dry_run": True})
        return self.render_to_response(
            self.get_context_data(
                form=next_form, report=report, parent=parent, confirm_form=confirm_form, submitted=True
            )
        )

    def refuse(self, problems):
        """The confirmation step failed: nothing was imported, and the editor starts again."""
        form = self.form_class(targets=self.targets, initial=self.get_initial())
        context = self.get_context_data(form=form, confirm_problems=problems)
        return self.render_to_response(context, status=400)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("events_import_calendar")
        return context
