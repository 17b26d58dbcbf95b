"""Calendar feeds of learning paths: a public feed per path and a personal feed per person, both
written by the events app's feed builder (``events.feeds.events_feed_response``).

A feed holds the events the path's session steps point at, in the feed's language. The personal
feed's URL carries a secret token (learning/personal_feed.py); only its hash is stored.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.feeds import feed_links
from events.models import EventPage

from .models import LearningPathPage, PathFollow, PersonalFeedToken
from .personal_feed import looks_like_token, new_token, token_hash, token_matches

# The raw token is shown again on "My learning" for as long as the person stays signed in on the
# browser that made it: it is kept in their session (server side; signing out deletes it), never in a
# cookie. The stored token row holds only its hash.
SHOWN_ADDRESS_SESSION_KEY = "learning.personal_feed.shown"
# Earlier versions kept the raw token in these signed (readable) cookies, one per language's "My
# learning" path: they are deleted wherever they can still be seen, and at sign-out.
OLD_SHOWN_ADDRESS_COOKIE = "personal_feed"


def session_event_ids(structures):
    """The ids of the events the session steps of these path structures point at."""
    return {
        step.event_id
        for structure in structures
        for step in structure.steps
        if step.is_session and step.event_id
    }


def events_in_any_language(event_ids):
    """The events with these ids and their translations; the feed keeps those in its language."""
    keys = EventPage.objects.filter(pk__in=event_ids).values("translation_key")
    return EventPage.objects.filter(translation_key__in=keys)


def path_feed_path(path):
    return reverse("learning_path_feed", kwargs={"page_id": path.pk})


def path_feed_links(request, path):
    return feed_links(request, path_feed_path(path), f"{path.title} – Conecto+")


def personal_feed_name():
    return _("My learning – Conecto+")


def followed_paths(user):
    """The live paths a person follows, each once, in the active language where it has one."""
    language = translation.get_language()
    keys = list(PathFollow.objects.filter(user=user).values_list("path_key", flat=True))
    by_key = {}
    for page in (
        LearningPathPage.objects.live().public().filter(translation_key__in=keys).select_related("locale")
    ):
        if page.translation_key not in by_key or page.locale.language_code == language:
            by_key[page.translation_key] = page
    return [by_key[key] for key in sorted(by_key, key=str)]


# Tokens


@transaction.atomic
def issue_token(user):
    """A new token for the person's feed, replacing any earlier one; returns the raw token."""
    token = new_token()
    PersonalFeedToken.objects.update_or_create(
        user=user, defaults={"token_hash": token_hash(token), "created": timezone.now()}
    )
    return token


def token_row_for(token):
    """The stored token row for a raw token from a URL, or None (also for anything malformed)."""
    if not looks_like_token(token):
        return None
    row = PersonalFeedToken.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if row is None or not token_matches(token, row.token_hash) or not row.user.is_active:
        return None
    return row


def personal_feed_path(token, language=None):
    with translation.override(language or translation.get_language()):
        return reverse("personal_feed", kwargs={"token": token})


def remember_shown_token(request, token):
    """Let this sign-in show the address again on "My learning" (in both languages)."""
    request.session[SHOWN_ADDRESS_SESSION_KEY] = token


def shown_token(request, row):
    """The raw token this sign-in was given for ``row``, if it still is the current one."""
    token = request.session.get(SHOWN_ADDRESS_SESSION_KEY)
    if row is not None and token and token_matches(token, row.token_hash):
        return token
    return None


def old_address_cookies():
    """(name, path) of each cookie in which earlier versions kept the raw token."""
    cookies = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            cookies.append((f"{OLD_SHOWN_ADDRESS_COOKIE}_{language}", reverse("my_learning")))
    return cookies


def forget_old_address_cookies(response):
    """Tell the browser to delete the cookies earlier versions kept the raw token in."""
    for name, path in old_address_cookies():
        response.delete_cookie(name, path=path, samesite="Lax")
