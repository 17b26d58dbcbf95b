import json
import os
import socket
from email import message_from_bytes, policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale

from conecto_site.page_cache import local_entries
from events.factories import EventIndexPageFactory
from events.feeds.blocks import local_entries as local_feed_blocks
from home.factories import StandardPageFactory, swedish_home
from home.translation import translate_page
from home.versioned_cache import local_memo
from tests.helpers import publish

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests judge results, not speed: on a loaded 2-core CI machine a per-example deadline only
# makes them flaky (speed is measured in bench/).
# The default keeps every property test at Hypothesis' 100 examples (the property tests together
# take well under a minute in CI); HYPOTHESIS_PROFILE=thorough tries twenty times as many, for a
# longer hunt on a developer's machine or a nightly run.
hypothesis_settings.register_profile("conecto", deadline=None)
hypothesis_settings.register_profile(
    "thorough", parent=hypothesis_settings.get_profile("conecto"), max_examples=2000
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "conecto"))

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that uses the database `database`: the PostgreSQL pass of CI runs those, less
    the browser tests (`e2e`), plus any test marked `postgres` (README, Tests)."""
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and feeds never leak from one test to the next."""
    cache.clear()
    local_entries.clear()  # the page cache's copies in this process (site/page_cache.py)
    local_feed_blocks.clear()  # and the feed blocks' (events/feeds/blocks.py)
    local_memo.clear()  # route hints and site chrome kept in this process (home/versioned_cache.py)


@pytest.fixture
def sv_home(db):
    return swedish_home()


@pytest.fixture
def calendar(sv_home):
    """A published calendar (event index) under the Swedish home page."""
    return publish(EventIndexPageFactory(parent=sv_home))


@pytest.fixture
def english(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def bilingual_site(sv_home):
    """A Swedish home and about page, both translated into English through wagtail-localize."""
    sv_home.introduction = "Välkommen till Conecto+."
    sv_home.save_revision().publish()
    sv_home.refresh_from_db()
    en_home = translate_page(
        sv_home,
        "en",
        {"Conecto+": "Conecto+", "hem": "home", "Välkommen till Conecto+.": "Welcome to Conecto+."},
    )
    sv_about = StandardPageFactory(
        parent=sv_home,
        title="Om oss",
        slug="om-oss",
        introduction="Vilka vi är.",
        body=[("rich_text", "<p>Vi samordnar kompetensutveckling.</p>")],
        show_in_menus=True,
    )
    sv_about.save_revision().publish()
    en_about = translate_page(
        sv_about,
        "en",
        {
            "Om oss": "About us",
            "om-oss": "about-us",
            "Vilka vi är.": "Who we are.",
            "Vi samordnar kompetensutveckling.": "We coordinate competence development.",
        },
    )
    return {"sv_home": sv_home, "en_home": en_home, "sv_about": sv_about, "en_about": en_about}


# The demo content, built by seed_demo once per test process and then restored from a copy: seed_demo
# takes seconds (more than half of tests/e2e's time went into 13 runs of it), restoring its rows a
# fraction of that (docs/testing.md). The tests of seed_demo itself still run it (tests/*/test_demo.py,
# tests/home/test_seed_and_crawl.py, tests/home/test_site_address.py).
_demo_rows = []


@pytest.fixture
def demo_content(db):
    """The database as seed_demo leaves it.

    The first test in a process that asks for it runs seed_demo and keeps a copy of every row (Django's
    own serialization, as serialized_rollback keeps the migrated rows); later ones load that copy, with
    the same primary keys, into the database as every test starts with it (the migrated rows; a browser
    test's emptied and restored database). Ask for it before any fixture that writes to the database:
    the copy would overwrite rows with the same keys. Uploaded files stay in MEDIA_ROOT, which nothing
    empties between tests. The handlers that build rows on a save (search index, reference index,
    occurrences, permissions) skip these raw saves: the rows they built are in the copy, the search
    index's among them. The content versions (home/versions.py) are left out of the copy: the saves
    that load it bump them afresh, as a publish would.

    Its value is what that first run of seed_demo printed.
    """
    if not _demo_rows:
        out = StringIO()
        call_command("seed_demo", stdout=out)
        rows = json.loads(connection.creation.serialize_db_to_string())
        _demo_rows.append(
            (json.dumps([row for row in rows if row["model"] != "home.contentversion"]), out.getvalue())
        )
        return out.getvalue()
    rows, output = _demo_rows[0]
    connection.creation.deserialize_db_from_string(rows)
    return output


# Mail: a real SMTP server for the account tests and the browser journey ---------------------------


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"

    def pop(self):
        assert len(self.messages) == 1, [m["Subject"] for m in self.messages]
        return self.messages.pop()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server (aiosmtpd, in a thread) that Django's SMTP backend delivers to."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def pytest_report_header(config):
    from django.conf import settings
    from django.utils import timezone

    if getattr(settings, "CLOCK_SHIFT_DAYS", 0):
        return f"clock moved {settings.CLOCK_SHIFT_DAYS} days ahead (TEST_CLOCK_SHIFT_DAYS): now is {timezone.now():%Y-%m-%d %H:%M} UTC"
    return None
