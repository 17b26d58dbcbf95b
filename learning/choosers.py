"""Event choosers for learning-path steps, each limited to one event type.

A seminar step can only point at a seminar, a module step at a module and so on: one chooser
per type, each a Wagtail ``ChooserViewSet`` (registered in learning/wagtail_hooks.py) whose list
is filtered by ``EventPage.event_type``. Each event shows its next date, so an editor does not
build a path on an event that has no dates left; the date comes with the list in the same query.
"""

from django.db.models import Min, Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenMultipleView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from events.models import EventPage, EventType, OccurrenceStatus
from home.ids import database_id


class NextDateColumn(Column):
    def get_value(self, instance):
        if instance.next_start is None:
            return _("No upcoming dates")
        return date_format(timezone.localtime(instance.next_start), "DATETIME_FORMAT")


class EventsOfOneType:
    event_type = None

    def get_object_list(self):
        upcoming = Q(occurrences__end__gte=timezone.now()) & ~Q(
            occurrences__status=OccurrenceStatus.CANCELLED
        )
        return (
            EventPage.objects.filter(event_type=self.event_type)
            .annotate(next_start=Min("occurrences__start", filter=upcoming))
            .order_by("title")
        )

    @property
    def columns(self):
        return [*super().columns, NextDateColumn("next_start", label=_("Next date"), sort_key=None)]


class EventChosenView(ChosenView):
    """The chosen event; an id that is no id (a word, a number no row can have) is a 404, not a 500."""

    def get_object(self, pk):
        number = database_id(pk)
        if number is None:
            raise Http404
        return super().get_object(number)


class EventChosenMultipleView(ChosenMultipleView):
    """The chosen events; an ``id`` that is no id is left out."""

    def get_objects(self, pks):
        return super().get_objects([number for number in map(database_id, pks) if number is not None])


def event_chooser(event_type, label):
    views = {
        "choose_view_class": type(f"{event_type}ChooseView", (EventsOfOneType, ChooseView), {}),
        "choose_results_view_class": type(
            f"{event_type}ChooseResultsView", (EventsOfOneType, ChooseResultsView), {}
        ),
    }
    for view in views.values():
        view.event_type = event_type
    viewset_class = type(
        f"{event_type.title()}ChooserViewSet",
        (ChooserViewSet,),
        {
            "model": EventPage,
            "icon": "date",
            "choose_one_text": label,
            "choose_another_text": _("Choose another event"),
            "edit_item_text": _("Edit the event"),
            "per_page": 20,
            "chosen_view_class": EventChosenView,
            "chosen_multiple_view_class": EventChosenMultipleView,
            **views,
        },
    )
    return viewset_class(f"learning_{event_type}_chooser", url_prefix=f"learning/choose-{event_type}")


seminar_chooser = event_chooser(EventType.SEMINAR, _("Choose a seminar"))
module_chooser = event_chooser(EventType.MODULE, _("Choose an in-depth module"))
supervision_chooser = event_chooser(EventType.SUPERVISION, _("Choose a supervision session"))

SeminarChooserBlock = seminar_chooser.get_block_class("SeminarChooserBlock", "learning.choosers")
ModuleChooserBlock = module_chooser.get_block_class("ModuleChooserBlock", "learning.choosers")
SupervisionChooserBlock = supervision_chooser.get_block_class("SupervisionChooserBlock", "learning.choosers")
