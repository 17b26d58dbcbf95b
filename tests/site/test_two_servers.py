"""Two application servers, one PostgreSQL, one Redis and Varnish in front (README.md, "Production
topology"): an event published through one node is seen at once in the pages and feeds the other
node serves, and through the proxy, which Wagtail's frontend-cache backend purges
(home/frontend_cache.py, deploy/varnish.vcl).

Each gunicorn runs production's settings (tools/processes.py) with FRONTEND_CACHE_URL naming the
proxy; the publish runs as a `manage.py` process of node A, as an editor's publish runs in one of
its workers. Run with DATABASE_URL=postgres://postgres@127.0.0.1/<name> (the PostgreSQL CI pass);
`make proxy` installs Varnish when run as root.
"""

import datetime as dt
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from wagtail.models import Site

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import swedish_home
from home.translation import translate_page
from tests.events.calendar_readers import read_ical
from tests.helpers import english_home, publish
from tools.processes import (
    HOST,
    ROOT,
    Server,
    database_url,
    environment,
    fetch,
    free_port,
    redis_url,
    static_files_unbuilt,
)

VARNISHD = shutil.which("varnishd") or next(
    (path for path in ("/usr/sbin/varnishd",) if Path(path).exists()), None
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="production's topology runs on PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1/<name>",
    ),
    pytest.mark.skipif(
        VARNISHD is None,
        reason="varnishd is not installed: run `make proxy` as root (apt-get install varnish)",
    ),
    pytest.mark.skipif(not redis_url(), reason="no Redis answers on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SV_FEED, EN_FEED = "/sv/feeds/events.ics", "/en/feeds/events.ics"


class Varnish:
    """varnishd with the repository's deploy/varnish.vcl, round-robin over the given servers."""

    def __init__(self, directory, port, backend_ports):
        self.directory, self.port = directory, port
        backends = "".join(
            f'backend node{n} {{ .host = "{HOST}"; .port = "{p}"; }}\n' for n, p in enumerate(backend_ports)
        )
        adds = "".join(f"    app.add_backend(node{n});\n" for n in range(len(backend_ports)))
        (directory / "backends.vcl").write_text(
            f"{backends}sub vcl_init {{\n    new app = directors.round_robin();\n{adds}}}\n", encoding="utf-8"
        )
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                VARNISHD,
                "-F",  # in the foreground, a child of this test
                "-j",
                "none",  # no privilege separation: runs as whoever runs the tests, in its own folder
                "-a",
                f"{HOST}:{self.port}",
                "-f",
                str(ROOT / "deploy" / "varnish.vcl"),
                "-p",
                f"vcl_path={self.directory}",
                "-n",
                str(self.directory / "varnish"),
                "-s",
                "malloc,32m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd ended: {self.process.stderr.read().decode()}")
            try:
                fetch(self.port, "/robots.txt")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("varnishd did not answer")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


def get(port, path):
    status, headers, body = fetch(port, path)
    assert status == 200, (port, path, status)
    return {name.lower(): value for name, value in headers.items()}, body.decode()


def shown(path, body):
    """What a visitor reads of the event: the titles in a feed, or the page's text."""
    if path.endswith(".ics"):
        return sorted(event.summary for event in read_ical(body).events)
    return body


@pytest.fixture
def bilingual_event():
    sv_home = swedish_home()
    english_home(sv_home)
    calendar = publish(EventIndexPageFactory(parent=sv_home))
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = publish(
        EventPageFactory(
            parent=calendar,
            title="Seminarium om BIP",
            slug="bip",
            start_date=timezone.localdate() + dt.timedelta(days=14),
        )
    )
    english = translate_page(
        event,
        "en",
        {
            "Seminarium om BIP": "Seminar on BIP",
            "bip": "bip-seminar",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    return event, english, calendar


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the shared Redis, emptied afterwards."""
    prefix = f"two-servers-{uuid.uuid4().hex[:12]}"
    yield prefix
    import redis

    client = redis.Redis.from_url(redis_url())
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_a_publish_through_one_server_is_seen_through_the_other_and_the_proxy(
    bilingual_event, tmp_path, redis_prefix
):
    event, english, calendar = bilingual_event
    port_a, port_b, proxy = free_port(), free_port(), free_port()
    # The site's public address is the proxy's: page URLs, and so the purges, name it.
    Site.objects.filter(is_default_site=True).update(hostname=HOST, port=proxy)

    env = environment(tmp_path, database_url(connection.settings_dict), redis_url(), port_a, redis_prefix)
    env = {**static_files_unbuilt(env, tmp_path), "FRONTEND_CACHE_URL": f"http://{HOST}:{proxy}"}
    servers = [Server(env, port, workers=1) for port in (port_a, port_b)]
    varnish = Varnish(tmp_path, proxy, (port_a, port_b))
    pages = {
        event.url: "Seminarium om BIP",
        english.url: "Seminar on BIP",
        calendar.url: "Seminarium om BIP",  # the calendar lists it
        SV_FEED: ["Seminarium om BIP"],
        EN_FEED: ["Seminar on BIP"],
    }
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_until_serving()
        varnish.start()

        for path, old in pages.items():
            # The proxy keeps the page: the second answer is its copy.
            get(proxy, path)
            headers, body = get(proxy, path)
            assert headers["x-cache"] == "HIT" and "age" in headers, (path, headers)
            assert old in shown(path, body) if isinstance(old, str) else shown(path, body) == old
            # Node B keeps it in its own page cache (site/page_cache.py) too.
            get(port_b, path)
            headers, body = get(port_b, path)
            assert headers["x-page-cache"] == "hit", path

        publish_on_node_a = (
            "from events.models import EventPage\n"
            f"for pk, title in (({event.pk}, 'Seminarium om IPS'), ({english.pk}, 'Seminar on IPS')):\n"
            "    page = EventPage.objects.get(pk=pk)\n"
            "    page.title = title\n"
            "    page.save_revision().publish()\n"
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", publish_on_node_a],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr

        new = {
            event.url: "Seminarium om IPS",
            english.url: "Seminar on IPS",
            calendar.url: "Seminarium om IPS",
            SV_FEED: ["Seminarium om IPS"],
            EN_FEED: ["Seminar on IPS"],
        }
        for port in (port_b, proxy):
            for path, title in new.items():
                _headers, body = get(port, path)
                if isinstance(title, str):
                    assert title in body and pages[path] not in body, (port, path)
                else:
                    assert shown(path, body) == title, (port, path)
    finally:
        varnish.stop()
        for server in servers:
            server.stop()
