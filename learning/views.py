from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from bookings.display import active_bookings, step_signup
from events.feeds import feed_links
from home.privacy import viewable
from home.themes import localized_themes

from . import progress_store
from .display import annotate_progress, group_rows, step_rows
from .feeds import (
    forget_old_address_cookies,
    issue_token,
    old_address_cookies,
    path_feed_links,
    personal_feed_name,
    personal_feed_path,
    remember_shown_token,
    shown_token,
)
from .filters import LearningPathFilterSet, index_filter_links
from .models import LearningPathIndexPage, LearningPathPage, PathFollow, PersonalFeedToken
from .my_learning_sections import sections_for
from .progress import evaluate


def path_index(index, request, *args, **kwargs):
    """The paths of one index, filtered by theme and audience with plain links; nonsense is a 400."""
    paths = (
        viewable(LearningPathPage.objects.child_of(index).live(), request)
        .order_by("path")
        .prefetch_related("audience")
    )
    filterset = LearningPathFilterSet(request.GET, queryset=paths, request=request)
    context = index.get_context(request, *args, **kwargs)
    if not filterset.is_valid():
        return filterset.bad_request_response("learning/path_index_bad_request.html", context)
    context.update(
        paths=filterset.qs,
        filter_labels=filterset.labels(),
        filter_groups=index_filter_links(index.get_url(request) or "", filterset),
    )
    return TemplateResponse(request, index.get_template(request), context)


def path_page(page, request, status=200, error=None):
    user = request.user
    structure = page.structure
    rows = step_rows([page], request)[page.pk]
    following = False
    progress = None
    self_reported = frozenset()
    if user.is_authenticated:
        following = progress_store.is_following(user, page)
        progress, self_reported = progress_store.progress_and_self_reports(user, page)
    annotate_progress(
        rows,
        progress,
        user.is_authenticated,
        since=getattr(user, "date_joined", None),
        may_undo=self_reported,
    )
    page_url = page.get_url(request) or ""
    for row in rows:
        if row["step"].is_session:
            row["signup"] = step_signup(
                request, row.get("event"), row["upcoming"], page_url + f"#step-{row['step'].id}"
            )
    context = page.get_context(request)
    context.update(
        structure=structure,
        step_rows=group_rows(structure, rows, progress),
        follow_url=page_url + page.reverse_subpage("follow"),
        leave_url=page_url + page.reverse_subpage("leave"),
        following=following,
        progress=progress,
        error=error,
        themes=localized_themes(page, request),
        audiences=list(page.audience.all()),
        roles=list(page.roles.all()),
        login_url=reverse("account_login") + "?" + urlencode({"next": page_url}),
        calendar_feed=path_feed_links(request, page) if page.live and page.pk else None,  # not in previews
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
    "before_account": lambda: _("A date held before you had an account cannot be marked done."),
    "attendance": lambda: _("This session is marked done when the organiser records your attendance."),
    "recorded": lambda: _("This step was recorded from your attendance, so it stays done."),
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


def undo_done(page, request, step_id):
    refusal = _require_post_and_login(page, request)
    if refusal:
        return refusal
    try:
        progress_store.undo_done(request.user, page, step_id)
    except LookupError:
        raise Http404("No such step in this path") from None
    except progress_store.NotAllowed as refusal_reason:
        return path_page(page, request, status=400, error=NOT_ALLOWED_MESSAGES[str(refusal_reason)]())
    messages.success(request, _("The step is no longer marked done."))
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
        annotate_progress(page_rows, progress, True, since=request.user.date_joined)
        entries.append(
            {
                "page": page,
                "url": page.get_url(request),
                "progress": progress,
                "done": [row for row in page_rows if row["done"]],
                "next": next((row for row in page_rows if row["is_next"]), None),
                "history_count": len(progress.history),
                "waiting_attendance": [
                    row for row in page_rows if row.get("attendance_confirms") and not row["done"]
                ],
            }
        )
        for row in page_rows:
            if not row["done"] and row["step"].is_session:
                for occurrence in row["next_upcoming"]:
                    if not occurrence.is_cancelled:
                        next_sessions.append({"occurrence": occurrence, "row": row, "path": page})
    next_sessions.sort(key=lambda item: item["occurrence"].start)
    bookings = active_bookings(request.user, locale.language_code, ending_after=now)
    booked_keys = {(b.event.translation_key, b.occurrence.original_start) for b in bookings}
    # A date the person has booked is listed once, with its booking.
    next_sessions = [
        item
        for item in next_sessions
        if (item["occurrence"].event.translation_key, item["occurrence"].original_start) not in booked_keys
    ]
    index = LearningPathIndexPage.objects.live().filter(locale=locale).first()

    # Only the hash is stored: the address is shown in the sign-in that made it (see learning/feeds.py).
    token_row = PersonalFeedToken.objects.filter(user=request.user).first()
    token = shown_token(request, token_row)
    if token_row is None:
        token = issue_token(request.user)
        remember_shown_token(request, token)
    personal_feed = (
        feed_links(request, personal_feed_path(token), personal_feed_name(), "conecto-my-learning.ics")
        if token
        else None
    )
    response = TemplateResponse(
        request,
        "learning/my_learning.html",
        {
            "entries": entries,
            "next_sessions": next_sessions[:10],
            "bookings": bookings,
            "my_learning_url": reverse("my_learning"),
            "path_index": index,
            "personal_feed": personal_feed,
            "sections": sections_for(request, now),
        },
    )
    if any(name in request.COOKIES for name, _path in old_address_cookies()):
        forget_old_address_cookies(response)
    return response


@login_required
@require_POST
def new_personal_feed(request):
    """Replace the personal feed's token: the old address is a 404 from now on."""
    token = issue_token(request.user)
    messages.success(
        request,
        _("Your calendar has a new address. The old one no longer works: subscribe again with this one."),
    )
    remember_shown_token(request, token)
    return see_other(reverse("my_learning") + "#personal-feed")
