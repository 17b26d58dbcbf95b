"""The Wagtail admin's "Import calendar" view: the same import as `manage.py import_ics`, for editors."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .ics_import import MAX_BYTES, CalendarError, apply_import, parse_calendar
from .models import EventIndexPage


def import_targets(user):
    """Event index pages the user may import into: the import adds pages and publishes them."""
    allowed = []
    for page in EventIndexPage.objects.select_related("locale").order_by("path"):
        permissions = page.permissions_for_user(user)
        if permissions.can_add_subpage() and permissions.can_publish_subpage():
            allowed.append(page.pk)
    return EventIndexPage.objects.filter(pk__in=allowed).select_related("locale").order_by("path")


class CalendarChoiceField(forms.ModelChoiceField):
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

    def clean_calendar_file(self):
        upload = self.cleaned_data["calendar_file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(gettext("the file is larger than %(size)d MB") % {"size": MAX_BYTES >> 20})
        try:
            self.events = parse_calendar(upload.read())
        except CalendarError as error:
            raise ValidationError([str(e) for e in error.errors]) from None
        return upload


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
        parent = self.request.GET.get("parent", "")
        if parent.isdigit() and self.targets.filter(pk=int(parent)).exists():
            initial["parent"] = int(parent)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "targets": self.targets}

    def form_valid(self, form):
        parent = form.cleaned_data["parent"]
        dry_run = form.cleaned_data["dry_run"]
        report = apply_import(form.events, parent, dry_run=dry_run, user=self.request.user)
        if report.errors:
            for error in report.errors:
                form.add_error(None, str(error))
            return self.form_invalid(form)
        # A fresh form for the next step: after a dry run, the real import into the same calendar.
        next_form = self.form_class(
            targets=self.targets, initial={"parent": parent.pk, "dry_run": not dry_run}
        )
        return self.render_to_response(
            self.get_context_data(form=next_form, report=report, parent=parent, submitted=True)
        )

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("events_import_calendar")
        return context
