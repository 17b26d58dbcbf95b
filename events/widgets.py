from django import forms
from django.urls import reverse
from recurrence.forms import RecurrenceWidget as BaseRecurrenceWidget


class RecurrenceWidget(BaseRecurrenceWidget):
    """django-recurrence's widget without Django admin's jQuery, which breaks Wagtail's date pickers."""

    @property
    def media(self):
        return forms.Media(
            js=[
                # The widget's own texts, in the editor's language (events/wagtail_hooks.py).
                reverse("events_recurrence_jsi18n"),
                "events/js/recurrence-shim.js",
                "recurrence/js/recurrence.js",
                "recurrence/js/recurrence-widget.js",
                "recurrence/js/recurrence-widget.init.js",
            ],
            css={"all": ["recurrence/css/recurrence.css", "events/css/recurrence-wagtail.css"]},
        )
