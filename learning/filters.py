"""The path index's filters: theme and audience, as plain links (how a filterset works: home/filters.py)."""

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from home.filters import AudienceFilter, PublicFilterSet, ThemeFilter


class LearningPathFilterSet(PublicFilterSet):
    """Filters a queryset of LearningPathPage: ``?theme=<slug>&audience=<organisation code>``."""

    theme = ThemeFilter(label=_("Theme"), empty_label=_("All themes"))
    audience = AudienceFilter(label=_("Who it is for"), empty_label=_("Everyone"))


def filter_query(params):
    """``?a=1&b=2`` for the non-empty parameters, or "" when there are none."""
    query = urlencode({name: value for name, value in params.items() if value})
    return f"?{query}" if query else ""


def filter_link_groups(base_url, current, options, all_labels):
    """One group of plain links per filter, each link keeping the other filters' current values.

    ``current`` is {name: value} of the filters in force, ``options`` {name: [(value, label)]}
    and ``all_labels`` {name: label of the link that drops this filter}. Returns
    [{"name", "links": [{"label", "url", "current"}]}] in the order of ``options``.
    """
    groups = []
    for name, choices in options.items():
        others = {key: value for key, value in current.items() if key != name}
        links = [
            {
                "label": all_labels[name],
                "url": base_url + filter_query(others),
                "current": not current.get(name),
            }
        ]
        links += [
            {
                "label": label,
                "url": base_url + filter_query({**others, name: value}),
                "current": current.get(name) == value,
            }
            for value, label in choices
        ]
        groups.append({"name": name, "links": links})
    return groups


def index_filter_links(base_url, filterset):
    """The theme and audience links of the path index for a valid filterset."""
    return filter_link_groups(
        base_url,
        filterset.params(),
        {
            "theme": [(theme.slug, theme.title) for theme in filterset.themes()],
            "audience": list(Organisation.choices),
        },
        {"theme": _("All themes"), "audience": _("Everyone")},
    )
