"""What a path's steps look like on a page: referenced events, dates, pages and documents for any
number of paths in a constant number of queries, and each step's state for one person."""

import datetime as dt

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page

from bookings.services import mark_full
from events.models import EventPage, Occurrence, SignupMode
from home.privacy import closed_to

from .progress import MATERIAL, dates_required

UPCOMING_PER_STEP = 3  # a step done with one date: its next few dates
UPCOMING_MANY = 12  # a step that needs several dates: every upcoming one, up to this many
PAST_WINDOW = dt.timedelta(days=365)

KIND_LABELS = {
    "seminar": gettext_lazy("Knowledge seminar"),
    "module": gettext_lazy("In-depth module"),
    "supervision": gettext_lazy("Supervision"),
    "material": gettext_lazy("Material"),
}


def kind_label(kind):
    return str(KIND_LABELS.get(kind, kind))


def effort_text(hours, without_estimate=0):
    """ "about 5 hours", with how many steps the sum leaves out: "about 5 hours (2 steps without an
    estimate)". Empty when there are no hours to tell."""
    if not hours:
        return ""
    # 1.5 hours is plural in both languages; only exactly one hour is singular.
    text = ngettext("about %(hours)s hour", "about %(hours)s hours", 1 if hours == 1 else 2) % {
        "hours": floatformat(hours, "-1")
    }
    if without_estimate:
        text = ngettext(
            "%(effort)s (%(count)s step without an estimate)",
            "%(effort)s (%(count)s steps without an estimate)",
            without_estimate,
        ) % {"effort": text, "count": without_estimate}
    return text


def _localized(objects, ids, locale):
    """{id: the object or its translation in ``locale``} for translatable pages, in two queries."""
    originals = objects.in_bulk(ids)
    keys = {obj.translation_key for obj in originals.values()}
    translated = {obj.translation_key: obj for obj in objects.filter(translation_key__in=keys, locale=locale)}
    return {pk: translated.get(obj.translation_key, obj) for pk, obj in originals.items()}


def step_rows(paths, request, now=None):
    """For each path, its steps ready to show, with referenced events, dates, pages and documents
    fetched for all paths at once (a constant number of queries however many steps and paths)."""
    now = now or timezone.now()
    locale = Locale.get_active()
    structures = {path.pk: path.structure for path in paths}
    steps = [step for structure in structures.values() for step in structure.steps]
    # ``closed``: under a view restriction the request does not pass; such a step shows no title,
    # link or dates of its event (home/privacy.py).
    events = _localized(
        EventPage.objects.annotate(closed=closed_to(request)),
        {s.event_id for s in steps if s.event_id},
        locale,
    )
    pages = _localized(Page.objects, {s.page_id for s in steps if s.page_id}, locale)
    documents = get_document_model().objects.in_bulk({s.document_id for s in steps if s.document_id})

    # A live translation has the source's dates with its own notes and titles (events/translation_sync.py):
    # read the dates of the event in the page's language, the source's where it has none.
    event_ids = {s.event_id for s in steps if s.event_id} | {e.pk for e in events.values()}
    dates = {}
    occurrences = (
        Occurrence.objects.filter(event_id__in=event_ids, end__gte=now - PAST_WINDOW)
        .select_related("event")
        .order_by("start")
    )
    for occurrence in occurrences:
        dates.setdefault(occurrence.event_id, []).append(occurrence)

    rows = {}
    shown_dates = []
    for path in paths:
        structure = structures[path.pk]
        by_id = structure.by_id()
        numbers = {step.id: number for number, step in enumerate(structure.steps, start=1)}
        path_rows = []
        path_url = path.get_url(request) or ""  # a preview of an unsaved path has no URL yet
        for step in structure.steps:
            row = {
                "step": step,
                "number": numbers[step.id],
                "kind": kind_label(step.kind),
                "url": "",
                "done_url": path_url + path.reverse_subpage("step_done", args=[step.id]),
                "undo_url": path_url + path.reverse_subpage("step_undo", args=[step.id]),
            }
            if step.kind == MATERIAL:
                row["title"] = step.title
                if step.page_id in pages:
                    row["url"] = pages[step.page_id].get_url(request)
                elif step.document_id in documents:
                    row["url"] = documents[step.document_id].url
                else:
                    row["url"] = step.url
            else:
                event = events.get(step.event_id)
                all_dates = (dates.get(event.pk) if event else None) or dates.get(step.event_id, [])
                offered = [o for o in all_dates if not o.is_cancelled]
                past = [o for o in offered if o.end < now]
                required = dates_required(step, len(offered))
                upcoming = [o for o in all_dates if o.end >= now]
                # A step that needs several dates can be done with any of them: show them all (the
                # rest on the event page, linked, when an open-ended series has very many).
                shown = upcoming[: UPCOMING_MANY if required > 1 else UPCOMING_PER_STEP]
                row.update(
                    title=event.title if event else _("An event that is no longer available"),
                    url=event.get_url(request) if event and event.live else "",
                    event=event,
                    upcoming=shown,
                    next_upcoming=upcoming[:UPCOMING_PER_STEP],
                    upcoming_count=len(upcoming),
                    more_upcoming=len(upcoming) - len(shown),
                    last_past=past[-1] if past else None,
                    dates_passed=len(past),
                    past_ends=[o.end for o in past],
                    # Attendance, not the person, completes a session booked on this site.
                    attendance_confirms=bool(event and event.signup == SignupMode.SITE),
                    dates_required=required,
                )
                shown_dates += shown + upcoming[:UPCOMING_PER_STEP]
                if event is not None and event.closed:
                    row.update(
                        title=_("An event that is not open to you"),
                        url="",
                        event=None,
                        upcoming=[],
                        next_upcoming=[],
                        upcoming_count=0,
                        more_upcoming=0,
                        last_past=None,
                        closed=True,
                    )
            prerequisite = by_id.get(step.prerequisite) if step.prerequisite else None
            row["prerequisite_number"] = numbers.get(prerequisite.id) if prerequisite else None
            path_rows.append(row)
        titles = {row["step"].id: row["title"] for row in path_rows}
        for row in path_rows:
            row["prerequisite_title"] = titles.get(row["step"].prerequisite)
        rows[path.pk] = path_rows
    # The "Full" badge: from the bookings counters, one query for every date shown.
    mark_full({id(o): o for o in shown_dates}.values())
    return rows


def group_rows(structure, rows, progress=None):
    """The rows in page order, with a group's steps gathered under it: [("step", row) | ("group", group, rows)]."""
    out = []
    seen_groups = set()
    for row in rows:
        group_id = row["step"].group
        if not group_id:
            out.append(("step", row, None))
        elif group_id not in seen_groups:
            seen_groups.add(group_id)
            members = [r for r in rows if r["step"].group == group_id]
            satisfied = bool(progress and progress.groups_satisfied.get(group_id))
            out.append(("group", {"group": structure.groups[group_id], "satisfied": satisfied}, members))
    return out


def annotate_progress(rows, progress, may_report, since=None, may_undo=()):
    """Each row's state for one person; ``since`` (their account's creation) leaves out earlier dates,
    ``may_undo`` holds the steps they marked done themselves."""
    for row in rows:
        step = row["step"]
        row["done"] = progress.is_done(step.id) if progress else False
        row["can_undo"] = row["done"] and step.id in may_undo
        row["blocked"] = bool(progress and step.id in progress.blocked)
        row["is_next"] = bool(progress and progress.next_step == step.id)
        if step.kind == MATERIAL:
            row["can_mark_done"] = may_report and not row["done"] and not row["blocked"]
        else:
            passed = row["dates_passed"]
            if since is not None:
                passed = sum(1 for end in row.get("past_ends", ()) if end > since)
            row["can_mark_done"] = (
                may_report
                and not row["done"]
                and not row["blocked"]
                and not row.get("attendance_confirms")
                and passed >= row["dates_required"]
                and passed > 0
            )
