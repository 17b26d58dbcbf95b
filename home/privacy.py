"""Which pages a request may see in a listing: the one rule every listing of pages follows.

A page under a view restriction (Wagtail's privacy setting: signed-in people, some groups, or a
password) is opened only by those it lets in (``PageViewRestriction.accept_request``). A listing
shows the same: ``viewable(pages, request)`` leaves out, in the same query (an EXISTS subquery), every
page with a restriction on itself or above that the request does not pass. Without a request (feeds,
the sitemap, search) every restricted page is left out.

What a request passes depends on a few facts only: signed in or not, the person's groups, and the
passwords given in this session. ``viewer_key`` says them in a short string, for the keys of
listings kept in the cache (events/views.py), so an anonymous visitor is never handed a listing
built for someone signed in, nor one person a listing built for a group they are not in. The public page cache (site/page_cache.py) answers only requests
without a session, whose key is always ``"public"``.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

PUBLIC = "public"


def _groups_of(request):
    """The ids of the signed-in person's groups, read once per request."""
    ids = getattr(request, "_viewer_group_ids", None)
    if ids is None:
        ids = request._viewer_group_ids = sorted(request.user.groups.values_list("pk", flat=True))
    return ids


def _passed_passwords(request):
    session = getattr(request, "session", None)
    if session is None:
        return []
    # Reading an empty session costs nothing: the session store loads only for a session cookie.
    return sorted(session.get(PageViewRestriction.passed_view_restrictions_session_key, []))


def _user(request):
    return getattr(request, "user", None) if request is not None else None


def viewer_key(request):
    """What view restrictions ``request`` passes, as a short string (``"public"``: none)."""
    if request is None:
        return PUBLIC
    user = _user(request)
    passwords = _passed_passwords(request)
    parts = []
    if user is not None and user.is_authenticated:
        if user.is_superuser:
            parts.append("all")
        else:
            parts.append("login")
            parts.append("g" + ",".join(map(str, _groups_of(request))))
    if passwords:
        parts.append("p" + ",".join(map(str, passwords)))
    return ";".join(parts) or PUBLIC


def _accepted(request):
    """A Q for the restrictions ``request`` passes, or None when it passes none."""
    if request is None:
        return None
    user = _user(request)
    accepted = []
    passwords = _passed_passwords(request)
    if passwords:
        accepted.append(Q(restriction_type=PageViewRestriction.PASSWORD, pk__in=passwords))
    if user is not None and user.is_authenticated:
        accepted.append(Q(restriction_type=PageViewRestriction.LOGIN))
        if user.is_superuser:
            accepted.append(Q(restriction_type=PageViewRestriction.GROUPS))
        else:
            # The person's groups as a subquery too: no query of its own.
            in_groups = PageViewRestriction.groups.through.objects.filter(
                pageviewrestriction_id=OuterRef("pk"), group__user=user.pk
            )
            accepted.append(Q(restriction_type=PageViewRestriction.GROUPS) & Q(Exists(in_groups)))
    if not accepted:
        return None
    either = accepted[0]
    for condition in accepted[1:]:
        either |= condition
    return either


def closed_to(request, path="path"):
    """An EXISTS expression: true for a page (its tree path in ``path``, e.g. ``"event__path"``) with
    a view restriction on itself or an ancestor that ``request`` does not pass."""
    restrictions = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(path), 1, Length("page__path"))
    )
    accepted = _accepted(request)
    if accepted is not None:
        restrictions = restrictions.exclude(accepted)
    return Exists(restrictions)


def viewable(pages, request=None, path="path"):
    """``pages`` without those ``request`` may not open (without a request: without any restricted
    page), in the same query."""
    return pages.filter(~closed_to(request, path))
