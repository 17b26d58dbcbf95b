"""The learning paths' calendar feeds (see learning/feeds.py), GET and HEAD only.

The path feed is public like the events' feeds. The personal feed is found by its token alone: it
reads no session or cookie, and anything but a current token is the site's ordinary 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.feeds import events_feed_response

from .feeds import (
    events_in_any_language,
    followed_paths,
    personal_feed_name,
    session_event_ids,
    token_row_for,
)
from .models import LearningPathPage


def _path_in_active_language(page_id):
    language = get_language()
    pages = LearningPathPage.objects.live().public().select_related("locale")
    path = get_object_or_404(pages, pk=page_id)
    if path.locale.language_code != language:
        path = get_object_or_404(pages, translation_key=path.translation_key, locale__language_code=language)
    return path


@require_safe
def path_feed(request, page_id):
    """The sessions of one learning path, in the language of the URL."""
    path = _path_in_active_language(page_id)
    return events_feed_response(
        request,
        events_in_any_language(session_event_ids([path.structure])),
        name=f"{path.title} – Conecto+",
        key=("learning-path", path.pk),
        page_url=lambda: path.get_full_url(request),
        filename=f"{path.slug}.ics",
        description=path.introduction or None,
    )


@require_safe
def personal_feed(request, token):
    """The sessions of every path the token's owner follows: the same events the public pages show,
    with their online meeting links."""
    row = token_row_for(token)
    if row is None:
        raise Http404
    paths = followed_paths(row.user)
    return events_feed_response(
        request,
        events_in_any_language(session_event_ids([path.structure for path in paths])),
        name=personal_feed_name(),
        key=("learning-personal", row.token_hash, sorted(str(path.translation_key) for path in paths)),
        description=_("The sessions of the learning paths you follow on Conecto+."),
        filename="conecto-my-learning.ics",
        public=False,
        meeting_links=True,  # the person follows these events' paths: they take part
    )
