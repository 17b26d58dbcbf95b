"""Responses built from someone's session are marked ``Cache-Control: private, no-store``.

A page that read the session of a signed-in person (or of anyone with a session: a sign-up under way,
a message after an action) may show their name, their paths, their feed address: no shared cache, no
proxy and no browser history may keep it, and the back button after signing out must not show it
again. A response that did not read the session (the feeds, static files, a page served to a visitor
without a session) depends on no one and keeps its own headers, so the public page cache
(site/page_cache.py) stores what it stored before; it never stores a private or no-store response.

A URL that carries a personal token in its path (a URL pattern with a ``token`` argument: the
personal feed /sv/feeds/me/<token>.ics, the check-in page /sv/incheckning/<token>/) is someone's
whatever asks for it, a calendar client or a phone without a session: its response is ``private``
(and ``no-store`` when it is a page) and carries ``Referrer-Policy: no-referrer`` (or ``same-origin``
where its page posts to itself), so the token
reaches neither a shared cache nor, through a link on the page, another site.

One rule in one place rather than a decorator on each personal view, so a new personal page cannot
forget it. A view that marks its response ``public`` itself (none does today) is left alone.
"""

from django.utils.cache import patch_cache_control

from .page_cache import personal_cookie_names


def built_for_someone(request):
    """Whether the response may show something of the person who asked: it read a non-empty session,
    or the request carried a message to show."""
    session = getattr(request, "session", None)
    if session is not None and session.accessed and not session.is_empty():
        return True
    return bool(request.COOKIES.get(personal_cookie_names()["messages"]))


def carries_token(request):
    """Whether the URL that was served has a personal token in its path (a ``token`` URL argument)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "token" in match.kwargs


class PrivateResponseMiddleware:
    """Place it after the session and message middleware (so it sees what they did) and inside the
    public page cache (so the cache sees the header it adds)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if carries_token(request):
            # A calendar client may keep its own copy of a feed (and ask again with its ETag); a page is
            # never kept. private replaces public (patch_cache_control).
            if response.get("Content-Type", "").startswith("text/html"):
                patch_cache_control(response, private=True, no_store=True)
            else:
                patch_cache_control(response, private=True)
            # A page that posts a form to itself may keep "same-origin" (the check-in page): with
            # "no-referrer" the browser sends "Origin: null" and Django's CSRF check refuses the
            # post. Either way the token never reaches another site.
            if response.get("Referrer-Policy") != "same-origin":
                response["Referrer-Policy"] = "no-referrer"
        elif built_for_someone(request) and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
