"""Shortcuts through Wagtail's page routing, safe because every change to the page tree, a page's
slug, its status or a view restriction bumps the site-content version (home/signals.py).

Wagtail finds the page for a path by walking the tree from the home page, two queries per level (the
child with the slug, then its specific page), and checks view restrictions with two more. Both
answers only change with the content, so each is kept per version (home/versioned_cache.py: in this
process's memory too): a path seen before costs one query for its page, and a page known to have no
restrictions none.
"""

import hashlib
import pickle

from django.apps import apps
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Site

from . import versioned_cache
from .versions import site_content_version_for

# Entries of older versions are never read again; they only wait to expire.
KEEP_SECONDS = 60 * 60 * 24


def _key(kind, *parts):
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"site:{kind}:{digest}"


def route_from_home(home, request, path_components, walk):
    """Route ``path_components`` below ``home`` like ``walk`` (Wagtail's ``Page.route``) does."""
    remember_site_root_paths(request)
    if not path_components:
        return walk(request, path_components)
    key = _key("route", site_content_version_for(request), home.pk, "/".join(path_components))
    hint = versioned_cache.get(key)
    if hint is not None:
        slugs = hint["slugs"]
        url_path = home.url_path + "".join(f"{slug}/" for slug in path_components[:slugs])
        # Checked against the path as well, so a stale hint can only ever fall back to the walk.
        page = apps.get_model(hint["model"]).objects.filter(pk=hint["pk"], url_path=url_path).first()
        if page is not None:
            # The page routes what is left of the path itself (a routable page's sub-path).
            return page.route(request, path_components[slugs:])
    result = walk(request, path_components)  # a 404 raises here and is not kept
    page = result[0]
    slugs = page.depth - home.depth
    if 0 < slugs <= len(path_components) and page.path.startswith(home.path):
        versioned_cache.set(
            key, {"model": page._meta.label_lower, "pk": page.pk, "slugs": slugs}, KEEP_SECONDS
        )
    return result


def view_restrictions(page, request):
    """``page.get_view_restrictions()`` as a list, without its queries for a page known to have none."""
    key = _key("unrestricted", site_content_version_for(request), page.pk)
    if versioned_cache.get(key):
        return []
    restrictions = list(page.get_view_restrictions())
    if not restrictions:
        versioned_cache.set(key, True, KEEP_SECONDS)
    return restrictions


def remember_site_root_paths(request):
    """Give Wagtail the site root paths of this version from this process's memory.

    Every page URL is built from them; Wagtail reads them from the shared cache once per request and
    keeps them on the request (``Page._get_site_root_paths``). They change only with a site, a home
    page's path or locale, or a new home page, and each of those bumps the version (home/signals.py).
    """
    if hasattr(request, "_wagtail_cached_site_root_paths"):
        return
    key = _key("root-paths", site_content_version_for(request))
    paths = versioned_cache.get(key)
    if paths is None:
        paths = Site.get_site_root_paths()
        versioned_cache.set(key, paths, KEEP_SECONDS)
    request._wagtail_cached_site_root_paths = paths


def _remembered_instance(key, build):
    """A model instance kept per version as pickled bytes: each request unpickles its own copy, so no
    request sees what another did to its instance (Wagtail and our views keep things on pages)."""
    kept = versioned_cache.get(key)
    if kept is None:
        instance = build()
        if instance is None:
            return None
        versioned_cache.set(key, pickle.dumps(instance, pickle.HIGHEST_PROTOCOL), KEEP_SECONDS)
        return instance
    return pickle.loads(kept)  # noqa: S301 (bytes this process or another worker pickled itself)


def route_for_request(request, path):
    """Wagtail's ``Page.route_for_request`` with the request's site and home page of this version from
    memory: three queries fewer per page view (the site by host, the locale, the translated home page,
    each costing more to build than the database spends answering it).

    The result lands where Wagtail keeps it (``request._wagtail_site`` and
    ``request._wagtail_route_for_request``), so Wagtail's own ``serve`` goes on from there. A change
    of a site, a locale or a home page bumps the version (home/signals.py).
    """
    if hasattr(request, "_wagtail_route_for_request"):
        return
    version = site_content_version_for(request)
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    site = _remembered_instance(
        _key("site", version, hostname, port), lambda: Site._find_for_request(request)
    )
    if site is None:
        return  # no site for this host: Wagtail answers it (404) as before
    request._wagtail_site = site
    home = _remembered_instance(
        _key("home", version, site.pk, get_language()), lambda: site.root_page.localized.specific
    )
    try:
        request._wagtail_route_for_request = home.route(request, [part for part in path.split("/") if part])
    except Http404:
        request._wagtail_route_for_request = None
