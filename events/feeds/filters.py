"""The filters of the all-events feed: its query parameters, the events they select, and the name
the calendar gets from them."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation

from ..models import DeliveryLanguage, EventFormat, EventPage, EventType


class FeedFilterForm(forms.Form):
    """The query parameters of /<lang>/feeds/events.ics; the same names and values as the event index."""

    type = forms.ChoiceField(required=False, choices=[("", ""), *EventType.choices])
    format = forms.ChoiceField(required=False, choices=[("", ""), *EventFormat.choices])
    language = forms.ChoiceField(required=False, choices=[("", ""), *DeliveryLanguage.choices])
    audience = forms.ChoiceField(required=False, choices=[("", ""), *Organisation.choices])
    theme = forms.SlugField(required=False, max_length=255)

    def __init__(self, data, *, language_code, **kwargs):
        super().__init__(data, **kwargs)
        self.language_code = language_code

    def clean_theme(self):
        from home.models import ThemePage

        slug = self.cleaned_data.get("theme")
        if not slug:
            return None
        theme = (
            ThemePage.objects.live()
            .public()
            .filter(locale__language_code=self.language_code, slug=slug)
            .only("title", "slug", "translation_key")
            .first()
        )
        if theme is None:
            raise forms.ValidationError(gettext_lazy("There is no theme with this address."))
        return theme


def filter_events(events, data):
    if data.get("type"):
        events = events.filter(event_type=data["type"])
    if data.get("format"):
        events = events.filter(event_format=data["format"])
    if data.get("language"):
        events = events.filter(delivery_language=data["language"])
    if data.get("theme"):
        tagged = EventPage.objects.filter(themes__translation_key=data["theme"].translation_key)
        events = events.filter(pk__in=tagged.values("pk"))
    if data.get("audience"):
        # An event aimed at no one in particular is open to every organisation, as on the index.
        aimed = EventPage.objects.filter(Q(audience__code=data["audience"]) | Q(audience__isnull=True))
        events = events.filter(pk__in=aimed.values("pk"))
    return events


def filter_params(data):
    """Cleaned filters back as query parameters (theme by slug), without empty ones."""
    params = {key: data.get(key) for key in ("type", "format", "language", "audience")}
    if data.get("theme"):
        params["theme"] = data["theme"].slug
    return {key: value for key, value in params.items() if value}


def feed_name(data=None):
    """The calendar's name in the active language, naming the filters it carries."""
    data = data or {}
    labels = []
    if data.get("theme"):
        labels.append(data["theme"].title)
    for key, choices in (
        ("type", EventType),
        ("format", EventFormat),
        ("language", DeliveryLanguage),
        ("audience", Organisation),
    ):
        if data.get(key):
            labels.append(str(choices(data[key]).label))
    name = _("Conecto+ events")
    return f"{name}: {' · '.join(labels)}" if labels else name
