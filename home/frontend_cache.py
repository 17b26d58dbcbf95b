"""Purging the caching proxy or CDN in front of the site when a page is published or unpublished.

Production sets ``WAGTAILFRONTENDCACHE`` from ``FRONTEND_CACHE_URL`` (site/settings/production.py;
README.md, "Production topology"); without it nothing here runs. The proxy keeps the public pages the
site marks shareable (site/page_cache.py) and the feeds; the site's own page cache needs no purge
(its keys carry the content versions, home/versions.py), the proxy does.

What is purged, once the publish is committed (a purge sent before the commit would let the proxy
fetch the old page again at once): the page in every language, the pages above it in every language
(the calendar lists its events, the home page the next ones), and what the page type names in
``frontend_cache_urls()`` (an event: the calendar feeds it is in). Wagtail's HTTP backend sends one
PURGE per URL; deploy/varnish.vcl drops every cached copy of that path, whatever its query string
(the month views of a calendar).

Wagtail's own handlers (the ``wagtail.contrib.frontend_cache`` app, not installed) would purge before
the commit and guess the other language's URL by swapping the /sv/ prefix, which misses this site's
translated slugs.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.signals import page_published, page_unpublished


def urls_to_purge(page):
    urls = []
    for each in page.get_translations(inclusive=True).specific():
        for shown in (each, *each.get_ancestors().filter(depth__gt=1)):
            url = shown.get_full_url()
            if url and url not in urls:
                urls.append(url)
        for url in getattr(each, "frontend_cache_urls", list)():
            if url not in urls:
                urls.append(url)
    return urls


def purge_after_commit(sender, instance, **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = urls_to_purge(instance)
    # robust: a proxy that cannot be reached is logged, and the publish still succeeds.
    transaction.on_commit(partial(purge_urls_from_cache, urls), robust=True)


def connect():
    page_published.connect(purge_after_commit, dispatch_uid="home_frontend_cache_published")
    page_unpublished.connect(purge_after_commit, dispatch_uid="home_frontend_cache_unpublished")
