"""Content versions every process agrees on: cache keys that change when content changes.

Django's default cache is private to each process, so a number kept only there cannot tell a web
worker that `manage.py import_ics` or another worker has just published. These numbers live in the
database instead; caches (local memory or Redis) then keep bodies under keys that include them, and a
bump makes every process build afresh.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache as memoize

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from .models import ContentVersion
from .versioned_cache import local_memo


def current_version(name):
    """The version called ``name`` in one query; 0 until it is first bumped."""
    return current_versions(name)[name]


def current_versions(*names):
    """Several versions in one query, as a dict by name (0 for those never bumped).

    Every cached page and feed reads these, so the query is written out: the ORM would spend several
    times longer building it than the database spends answering it.
    """
    with connection.cursor() as cursor:
        cursor.execute(versions_query(len(names)), names)
        found = dict(cursor.fetchall())
    return {name: found.get(name, 0) for name in names}


# The names asked to be bumped inside bumps_coalesced(), or None outside it.
_coalesced = ContextVar("coalesced_version_bumps", default=None)


@contextmanager
def bumps_coalesced():
    """Bump each version asked for inside the block once, in one query, at its end.

    A publish asks for the site-content version on every save and signal and for the feed version
    too; nothing inside it reads them. Use it inside the transaction that makes the change, so the
    bump commits with it; if the block fails nothing is bumped. Nested blocks join the outer one.
    """
    if _coalesced.get() is not None:
        yield
        return
    names = []
    token = _coalesced.set(names)
    try:
        yield
    finally:
        _coalesced.reset(token)
    if names:
        bump_versions(*names)


def bump_versions(*names):
    """Bump several versions in one UPDATE (more only the first time one of them is bumped)."""
    if ContentVersion.objects.filter(name__in=names).update(value=F("value") + 1) == len(names):
        return
    existing = set(ContentVersion.objects.filter(name__in=names).values_list("name", flat=True))
    for name in names:
        if name not in existing:
            bump_version(name)


@memoize
def versions_query(count):
    quote = connection.ops.quote_name
    # Only quoted identifiers and placeholders go into the text; the names are parameters.
    return "SELECT {name}, {value} FROM {table} WHERE {name} IN ({placeholders})".format(  # noqa: S608
        name=quote("name"),
        value=quote("value"),
        table=quote(ContentVersion._meta.db_table),
        placeholders=", ".join(["%s"] * count),
    )


def bump_version(name):
    """Change the version called ``name`` for every process, atomically (one UPDATE in most cases)."""
    coalesced = _coalesced.get()
    if coalesced is not None:
        if name not in coalesced:
            coalesced.append(name)
        return
    if ContentVersion.objects.filter(name=name).update(value=F("value") + 1):
        return
    # The first bump. Start from the clock, not from 1, so a shared cache that outlived the database
    # (a recreated or emptied database) never finds old bodies under the new numbers.
    try:
        with transaction.atomic():
            ContentVersion.objects.create(name=name, value=time.time_ns())
    except IntegrityError:
        # Another process created it between the two statements; count this bump on top of it.
        ContentVersion.objects.filter(name=name).update(value=F("value") + 1)


def next_version(name):
    """Bump the version called ``name`` at once, even inside ``bumps_coalesced()``, and return its new value.

    The UPDATE keeps the row locked until the transaction ends, so values are handed out in commit
    order: a reader that sees value N has seen every transaction that got a value up to N, and one
    still open gets a value above it (events/feeds/blocks.py relies on this).
    """
    with connection.cursor() as cursor:
        cursor.execute(next_version_query(), [name])
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    try:
        with transaction.atomic():
            return ContentVersion.objects.create(name=name, value=time.time_ns()).value
    except IntegrityError:
        return next_version(name)


@memoize
def next_version_query():
    quote = connection.ops.quote_name
    # UPDATE ... RETURNING: PostgreSQL, and SQLite from 3.35.
    return "UPDATE {table} SET {value} = {value} + 1 WHERE {name} = %s RETURNING {value}".format(  # noqa: S608
        table=quote(ContentVersion._meta.db_table), value=quote("value"), name=quote("name")
    )


SITE_CONTENT_VERSION = "site:content"


def site_content_version():
    """Changes whenever anything a public page shows may have changed; the public page cache's key."""
    return current_version(SITE_CONTENT_VERSION)


def site_content_version_for(request):
    """The site-content version as this request first read it: one query however many parts of the
    page are kept under it (home/site_chrome.py, home/routing.py)."""
    if not hasattr(request, "_site_content_version"):
        request._site_content_version = site_content_version()
        local_memo.follow(request._site_content_version)
    return request._site_content_version


def bump_site_content_version():
    """Invalidate every cached public page in every process.

    Inside a transaction the number changes now and once more on commit: a page rendered between the
    two from the data before the commit is then never found again. One bump on commit is enough however
    many pages the transaction publishes.
    """
    bump_version(SITE_CONTENT_VERSION)
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        callback is _bump_site_content_after_commit for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(_bump_site_content_after_commit)


def _bump_site_content_after_commit():
    bump_version(SITE_CONTENT_VERSION)
