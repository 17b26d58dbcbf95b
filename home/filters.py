"""The public filters of every listing and feed, defined once with django-filter.

A filterset reads plain GET parameters (``?theme=<slug>&audience=municipality``), so filtered
lists work without JavaScript and can be shared. It is bound to the request's language: a theme is
named by its slug in that language, and a value that means nothing there (an unknown choice, an
unknown theme, the other language's slug) makes the filterset invalid, with messages in that
language. A view never turns such a request into a 500 or silently ignores the value.

Another app declares its filterset by subclassing ``PublicFilterSet`` and declaring filters; a
learning-path filterset, for example::

    # learning/filters.py
    from home.filters import AudienceFilter, PublicFilterSet, ThemeFilter

    class LearningPathFilterSet(PublicFilterSet):
        theme = ThemeFilter(label=_("Theme"), empty_label=_("All themes"))
        audience = AudienceFilter(label=_("Who it is for"), empty_label=_("Everyone"))

Parameters that choose how a list is shown rather than what is in it (the page number, a month)
go on a plain form given as ``Meta.form``; they are validated with the filters but filter nothing
(``events/views.py`` does so for the calendar). A view then does::

    filterset = LearningPathFilterSet(request.GET, queryset=paths, request=request)
    if not filterset.is_valid():
        return filterset.bad_request_response("learning/path_index_bad_request.html", context)
    paths = filterset.qs  # filtered, ready to paginate
    links_keep_filters = "?" + urlencode(filterset.params())
    heading = " · ".join(filterset.labels())

``bad_request_response`` renders the template with status 400 and the messages as ``errors`` (a
list); a feed answers in plain text with ``error_lines()`` instead. ``params()`` gives the cleaned
values back as query parameters (a theme by its slug, empty ones left out) for links and feed
URLs, ``labels()`` their human names for headings and feed names; ``params_for(cleaned_data)`` and
``labels_for(cleaned_data)`` do the same for values that did not come from a request.
"""

from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, Filter, FilterSet
from django_filters.constants import EMPTY_VALUES

from accounts.models import Organisation

from .models import ThemePage
from .privacy import viewable
from .themes import tagged_with
from .versions import site_content_version_for

# Entries of older versions are never read again; they only wait to expire.
THEMES_SECONDS = 60 * 60 * 24


class PublicFilterSet(FilterSet):
    """A filterset of a public page or feed, in the language of the request it was made for."""

    # The order of labels() when it is not the order of declaration (a feed name may lead with the theme).
    label_order: tuple[str, ...] | None = None

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        self.language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        super().__init__(data, queryset, request=request, prefix=prefix)

    def filter_queryset(self, queryset):
        # Only the filters filter: Meta.form may add parameters of its own (page, month, view).
        cleaned = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, cleaned.get(name))
        return queryset

    # Values back out --------------------------------------------------------------------------

    @classmethod
    def params_for(cls, cleaned_data):
        """Cleaned values as query parameters, in declaration order, without empty ones."""
        params = {}
        for name, filter_ in cls.base_filters.items():
            value = cleaned_data.get(name)
            if value not in EMPTY_VALUES:
                params[name] = param_value(filter_, value)
        return params

    @classmethod
    def labels_for(cls, cleaned_data):
        """Human names of the cleaned values (a theme's title, a choice's label), without empty ones."""
        labels = []
        for name in cls.label_order or cls.base_filters:
            value = cleaned_data.get(name)
            if value not in EMPTY_VALUES:
                labels.append(label_value(cls.base_filters[name], value))
        return labels

    def params(self):
        return self.params_for(self.form.cleaned_data)

    def labels(self):
        with translation.override(self.language):
            return self.labels_for(self.form.cleaned_data)

    def themes(self, name="theme"):
        """The themes a theme filter offers (live, public, in the request's language), for plain links."""
        return list(self.form.fields[name].themes.values())

    # Invalid requests -------------------------------------------------------------------------

    def error_pairs(self):
        """(parameter, message) for every value that was not understood, in the request's language."""
        with translation.override(self.language):
            return [
                (name, str(message))
                for name, errors in self.form.errors.as_data().items()
                for error in errors
                for message in error.messages
            ]

    def error_messages(self):
        return [message for _name, message in self.error_pairs()]

    def error_lines(self):
        """One ``parameter: message`` line per problem, for a plain-text answer such as a feed's."""
        return [f"{name}: {message}" for name, message in self.error_pairs()]

    def bad_request_response(self, template, context):
        """The 400 page of an invalid filterset: ``template`` with the messages as ``errors``."""
        context["errors"] = self.error_messages()
        return TemplateResponse(self.request, template, context, status=400)


def param_value(filter_, value):
    to_param = getattr(filter_, "to_param", None)
    return to_param(value) if to_param else str(value)


def label_value(filter_, value):
    to_label = getattr(filter_, "to_label", None)
    if to_label:
        return to_label(value)
    return str(dict(filter_.extra.get("choices", ())).get(value, value))


# Themes ----------------------------------------------------------------------------------------


def public_themes(language_code):
    """Live theme pages of one language outside private sections, in one query."""
    return (
        viewable(ThemePage.objects.live().filter(locale__language_code=language_code))
        .order_by("path")
        .only("title", "slug", "translation_key", "url_path", "locale_id")
    )


def themes_for(language_code, request=None):
    """slug -> ThemePage of ``public_themes``; with a request, kept per site-content version (every
    publish, move or view restriction bumps it, home/signals.py), so a filter form costs no query.

    SQLite reads every live page of the language to find the few themes, which grew with the site.
    """
    if request is None:
        return {theme.slug: theme for theme in public_themes(language_code)}
    key = f"site:themes:{site_content_version_for(request)}:{language_code}"
    themes = cache.get(key)
    if themes is None:
        themes = {theme.slug: theme for theme in public_themes(language_code)}
        cache.set(key, themes, THEMES_SECONDS)
    return themes


class ThemeChoices(BaseChoiceIterator):
    """The choices of a theme field: loaded on first use, at most once per filterset."""

    def __init__(self, language_code, empty_label, request=None):
        self.language_code = language_code
        self.empty_label = empty_label
        self.request = request

    @cached_property
    def themes(self):
        return themes_for(self.language_code, self.request)

    def __iter__(self):
        yield ("", self.empty_label)
        for slug, theme in self.themes.items():
            yield (slug, theme.title)

    def __copy__(self):
        # A form copies its fields and their widgets; the copies share the loaded themes
        # instead of querying again.
        return self

    def __deepcopy__(self, memo):
        return self


class ThemeField(forms.ChoiceField):
    """A theme page's slug in one language, cleaned to the ThemePage (or None when empty)."""

    default_error_messages = {"invalid_choice": _("There is no theme called “%(value)s”.")}

    def __init__(self, *, language_code, empty_label="", request=None, **kwargs):
        super().__init__(choices=ThemeChoices(language_code, empty_label, request), **kwargs)

    @property
    def themes(self):
        """slug -> ThemePage, in tree order."""
        return self.choices.themes

    def valid_value(self, value):
        return value in self.themes

    def clean(self, value):
        slug = super().clean(value)
        return self.themes[slug] if slug else None


class ThemeFilter(Filter):
    """Pages tagged with a theme in any of its translations, the theme named by its slug in the
    request's language; an unknown slug makes the filterset invalid."""

    field_class = ThemeField

    def __init__(self, field_name="themes", *, empty_label="", **kwargs):
        self.empty_label = empty_label
        super().__init__(field_name=field_name, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = ThemeField(
                label=self.label,
                language_code=self.parent.language,
                empty_label=self.empty_label,
                request=self.parent.request,
                **self.extra,
            )
        return self._field

    def filter(self, qs, value):
        if value is None:
            return qs
        return tagged_with(qs, value, field=self.field_name)

    def to_param(self, theme):
        return theme.slug

    def to_label(self, theme):
        return theme.title


# Audience --------------------------------------------------------------------------------------


class AudienceFilter(ChoiceFilter):
    """Pages aimed at one kind of organisation (an accounts.Organisation code); a page aimed at no
    one in particular is open to everyone, so it matches every code."""

    def __init__(self, field_name="audience", **kwargs):
        kwargs.setdefault("choices", Organisation.choices)
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(Q(**{f"{self.field_name}__code": value}) | Q(**{f"{self.field_name}__isnull": True}))
