"""Admin views for editors: copying an event for a new term."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from .models import EventPage
from .term_copy import copy_for_new_term


class CopyForTermForm(forms.Form):
    new_start_date = forms.DateField(
        label=_("First date in the new term"),
        widget=AdminDateInput,
        help_text=_(
            "Every date of the series, its end and its date changes move by the same number of days."
        ),
    )
    title = forms.CharField(label=_("Title of the copy"), max_length=255)

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean_new_start_date(self):
        value = self.cleaned_data["new_start_date"]
        if value == self.event.start_date:
            raise forms.ValidationError(_("Choose a date other than the event's current first date."))
        return value


class CopyForTermView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtailadmin/generic/form.html"
    form_class = CopyForTermForm
    header_icon = "copy"
    page_title = _("Copy for a new term")

    def dispatch(self, request, page_id):
        self.event = get_object_or_404(EventPage, pk=page_id)
        if not self.event.get_parent().permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.event.title

    def get_initial(self):
        # Half a year on, on the same weekday, is the usual next term.
        return {"new_start_date": self.event.start_date + dt.timedelta(weeks=26), "title": self.event.title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("events_copy_for_term", args=[self.event.pk]),
            submit_button_label=_("Make the copy"),
            submit_button_active_label=_("Copying…"),
            **kwargs,
        )

    def form_valid(self, form):
        copy = copy_for_new_term(
            self.event,
            form.cleaned_data["new_start_date"],
            form.cleaned_data["title"],
            user=self.request.user,
        )
        messages.success(self.request, _("A draft copy for the new term was made. Check it and publish it."))
        return redirect("wagtailadmin_pages:edit", copy.pk)
