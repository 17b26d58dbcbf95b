"""Evaluation results in the Wagtail admin, for Editors and Organisers (the permission
``followup.view_evaluation_results``): the events with answers, and per event the counts, averages
and free text, with no group under ``figures.FOLLOWUP_MIN_GROUP`` answers shown (followup/figures.py).

Each page reads a fixed number of queries however many answers there are.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from bookings.interest import pages_in_language

from . import figures
from .models import Answer, Kind, Usage

PERMISSION = "followup.view_evaluation_results"
RESULTS_CRUMB = {"url": reverse_lazy("followup_admin:index"), "label": _("Evaluations")}


def may_see_results(user):
    return user.has_perm(PERMISSION)


class ResultsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not may_see_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _language():
    return (get_language() or "sv").split("-")[0]


class ResultsIndexView(ResultsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "followup/admin/index.html"
    page_title = _("Evaluations")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {}
        for row in Answer.objects.values("event_key", "kind").annotate(n=Count("id")).order_by():
            counts.setdefault(row["event_key"], {})[row["kind"]] = row["n"]
        pages = pages_in_language(counts, _language())
        events = [
            {
                "key": key,
                "title": pages[key].title if key in pages else str(key),
                "evaluations": figures.shown_count(by_kind.get(Kind.EVALUATION, 0)),
                "follow_ups": figures.shown_count(by_kind.get(Kind.FOLLOW_UP, 0)),
            }
            for key, by_kind in counts.items()
        ]
        context["events"] = sorted(events, key=lambda e: e["title"].lower())
        context["min_group"] = figures.FOLLOWUP_MIN_GROUP
        return context


class EventResultsView(ResultsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "followup/admin/event.html"
    header_icon = "list-ul"

    @cached_property
    def event_key(self):
        return self.kwargs["event_key"]

    @cached_property
    def page(self):
        """The event in the admin's language (looked up only after the permission check)."""
        return pages_in_language([self.event_key], _language()).get(self.event_key)

    def get_page_title(self):
        return self.page.title if self.page else str(self.event_key)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, RESULTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(
            Answer.objects.filter(event_key=self.event_key).values(
                "kind", "original_start", "can_apply", "usefulness", "usage", "comment"
            )
        )
        if not rows and self.page is None:
            raise Http404
        by_kind = figures.by_key(rows, "kind")
        evaluations = by_kind.get(Kind.EVALUATION, [])
        zone = self.page.display_zone if self.page else None
        dates = [
            (timezone.localtime(start, zone), figures.group(str(start), date_rows))
            for start, date_rows in sorted(figures.by_key(evaluations, "original_start").items())
        ]
        context.update(
            evaluation=figures.group(str(_("All dates")), evaluations),
            dates=dates,
            follow_up=figures.group(str(_("Follow-up")), by_kind.get(Kind.FOLLOW_UP, []), rating_fields=()),
            usage_labels=[(value, label) for value, label in Usage.choices],
            questions=[
                ("can_apply", _("I can apply what I learned in my daily work")),
                ("usefulness", _("How useful was the session?")),
            ],
            min_group=figures.FOLLOWUP_MIN_GROUP,
            index_url=reverse("followup_admin:index"),
        )
        return context
