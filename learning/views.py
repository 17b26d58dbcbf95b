import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page

from events.models import EventPage, Occurrence
from home.themes import localized_themes

from . import progress_store
from .models import LearningPathIndexPage, LearningPathPage, PathFollow
from .progress import MATERIAL, dates_required, evaluate

UPCOMING_PER_STEP = 3
PAST_WINDOW = dt.timedelta(days=365)

KIND_LABELS = {
    "seminar": gettext_lazy("Knowledge seminar"),
    "module": gettext_lazy("In-depth module"),
    "supervision": gettext_lazy("Supervision"),
    "material": gettext_lazy("Material"),
}


def kind_label(kind):
    return str(KIND_LABELS.get(kind, kind))


def _localized(model, ids, locale):
    """{id: the object or its translation in ``locale``} for translatable pages, in two queries."""
    originals = model.objects.in_bulk(ids)
    keys = {obj.translation_key for obj in originals.values()}
    translated = {
        obj.translation_key: obj for obj in model.objects.filter(translation_key__in=keys, locale=locale)
    }
    return {pk: translated.get(obj.translation_key, obj) for pk, obj in originals.items()}


def step_rows(paths, request, now=None):
    """For each path, its steps ready to show, with referenced events, dates, pages and documents
    fetched for all paths at once (a constant number of queries however many steps and paths)."""
    now = now or timezone.now()
    locale = Locale.get_active()
    structures = {path.pk: path.structure for path in paths}
    steps = [step for structure in structures.values() for step in structure.steps]
    events = _localized(EventPage, {s.event_id for s in steps if s.event_id}, locale)
    pages = _localized(Page, {s.page_id for s in steps if s.page_id}, locale)
    documents = get_document_model().objects.in_bulk({s.document_id for s in steps if s.document_id})

    dates = {}
    occurrences = (
        Occurrence.objects.filter(
            event_id__in={s.event_id for s in steps if s.event_id}, end__gte=now - PAST_WINDOW
        )
        .select_related("event")
        .order_by("start")
    )
    for occurrence in occurrences:
        dates.setdefault(occurrence.event_id, []).append(occurrence)

    rows = {}
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
                all_dates = dates.get(step.event_id, [])
                offered = [o for o in all_dates if not o.is_cancelled]
                past = [o for o in offered if o.end < now]
                row.update(
                    title=event.title if event else _("An event that is no longer available"),
                    url=event.get_url(request) if event and event.live else "",
                    event=event,
                    upcoming=[o for o in all_dates if o.end >= now][:UPCOMING_PER_STEP],
                    last_past=past[-1] if past else None,
                    dates_passed=len(past),
                    dates_required=dates_required(step, len(offered)),
                )
            prerequisite = by_id.get(step.prerequisite) if step.prerequisite else None
            row["prerequisite_number"] = numbers.get(prerequisite.id) if prerequisite else None
            path_rows.append(row)
        titles = {row["step"].id: row["title"] for row in path_rows}
        for row in path_rows:
            row["prerequisite_title"] = titles.get(row["step"].prerequisite)
        rows[path.pk] = path_rows
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


def annotate_progress(rows, progress, may_report):
    for row in rows:
        step = row["step"]
        row["done"] = progress.is_done(step.id) if progress else False
        row["blocked"] = bool(progress and step.id in progress.blocked)
        row["is_next"] = bool(progress and progress.next_step == step.id)
        if step.kind == MATERIAL:
            row["can_mark_done"] = may_report and not row["done"] and not row["blocked"]
        else:
            row["can_mark_done"] = (
                may_report
                and not row["done"]
                and not row["blocked"]
                and row["dates_passed"] >= row["dates_required"]
                and row["dates_passed"] > 0
            )


def path_page(page, request, status=200, error=None):
    user = request.user
    structure = page.structure
    rows = step_rows([page], request)[page.pk]
    following = False
    progress = None
    if user.is_authenticated:
        following = progress_store.is_following(user, page)
        progress = progress_store.progress_for(user, page)
    annotate_progress(rows, progress, user.is_authenticated)
    page_url = page.get_url(request) or ""
    context = page.get_context(request)
    context.update(
        structure=structure,
        step_rows=group_rows(structure, rows, progress),
        follow_url=page_url + page.reverse_subpage("follow"),
        leave_url=page_url + page.reverse_subpage("leave"),
        following=following,
        progress=progress,
        error=error,
        themes=localized_themes(page),
        audiences=list(page.audience.all()),
        roles=list(page.roles.all()),
        login_url=reverse("account_login") + "?" + urlencode({"next": page_url}),
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def see_other(url):
    """After a POST, back to a page with GET (303), so a reload does not repeat the action."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _require_post_and_login(page, request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect(reverse("account_login") + "?" + urlencode({"next": page.get_url(request)}))
    return None


def follow(page, request):
    refusal = _require_post_and_login(page, request)
    if refusal:
        return refusal
    progress_store.follow(request.user, page)
    messages.success(request, _("You now follow this learning path. It is on “My learning”."))
    return see_other(page.get_url(request))


def leave(page, request):
    refusal = _require_post_and_login(page, request)
    if refusal:
        return refusal
    progress_store.leave(request.user, page)
    messages.success(request, _("You no longer follow this learning path. What you have done is kept."))
    return see_other(page.get_url(request))


NOT_ALLOWED_MESSAGES = {
    "blocked": lambda: _("Do the step it depends on first."),
    "not_yet": lambda: _("A session can be marked done once its date has passed."),
}


def mark_done(page, request, step_id):
    refusal = _require_post_and_login(page, request)
    if refusal:
        return refusal
    try:
        progress = progress_store.mark_done(request.user, page, step_id)
    except LookupError:
        raise Http404("No such step in this path") from None
    except progress_store.NotAllowed as refusal_reason:
        return path_page(page, request, status=400, error=NOT_ALLOWED_MESSAGES[str(refusal_reason)]())
    if progress.complete:
        messages.success(request, _("Well done: you have completed this learning path."))
    else:
        messages.success(request, _("The step is marked done."))
    return see_other(page.get_url(request) + f"#step-{step_id}")


@login_required
def my_learning(request):
    now = timezone.now()
    locale = Locale.get_active()
    keys = list(
        PathFollow.objects.filter(user=request.user)
        .order_by("followed_at")
        .values_list("path_key", flat=True)
    )
    candidates = LearningPathPage.objects.live().filter(translation_key__in=keys).select_related("locale")
    by_key = {}
    for page in candidates:  # the page in the visitor's language, else the one there is
        if page.translation_key not in by_key or page.locale_id == locale.pk:
            by_key[page.translation_key] = page
    paths = [by_key[key] for key in keys if key in by_key]
    rows = step_rows(paths, request, now=now)
    done_ids = progress_store.completed_step_ids(request.user, keys)
    completed = progress_store.completed_paths(request.user, keys)

    entries, next_sessions = [], []
    for page in paths:
        structure = page.structure
        progress = evaluate(
            structure, done_ids.get(page.translation_key, ()), page.translation_key in completed
        )
        page_rows = rows[page.pk]
        annotate_progress(page_rows, progress, True)
        entries.append(
            {
                "page": page,
                "url": page.get_url(request),
                "progress": progress,
                "done": [row for row in page_rows if row["done"]],
                "next": next((row for row in page_rows if row["is_next"]), None),
                "history_count": len(progress.history),
            }
        )
        for row in page_rows:
            if not row["done"] and row["step"].is_session:
                for occurrence in row["upcoming"]:
                    if not occurrence.is_cancelled:
                        next_sessions.append({"occurrence": occurrence, "row": row, "path": page})
    next_sessions.sort(key=lambda item: item["occurrence"].start)
    index = LearningPathIndexPage.objects.live().filter(locale=locale).first()
    return TemplateResponse(
        request,
        "learning/my_learning.html",
        {"entries": entries, "next_sessions": next_sessions[:10], "path_index": index},
    )
