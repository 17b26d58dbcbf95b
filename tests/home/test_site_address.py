"""The seeded Site matches WAGTAILADMIN_BASE_URL, so feeds, mails and the admin link where the site runs."""

from io import StringIO

import pytest
import vobject
from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from home.models import ThemePage
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def event_urls(client, path="/sv/feeds/events.ics"):
    response = client.get(path)
    assert response.status_code == 200
    calendar = vobject.readOne(response.content.decode())
    # The page link is the last paragraph of each event's description, the bare URL (no URL property).
    return [component.description.value.split("\n\n")[-1] for component in calendar.vevent_list]


def test_seed_points_the_site_and_the_feed_at_the_base_url(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    seed()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8100, "http://127.0.0.1:8100")
    urls = event_urls(client)
    assert urls and all(url.startswith("http://127.0.0.1:8100/sv/kalender/") for url in urls), urls

    # Seeding again where the site runs elsewhere moves the Site and the feed with it, and nothing else.
    settings.WAGTAILADMIN_BASE_URL = "https://kunskap.example.org"
    assert "Demo content ready (0 new pages)." in seed()
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == (
        "kunskap.example.org",
        443,
        "https://kunskap.example.org",
    )
    urls = event_urls(client)
    assert urls and all(url.startswith("https://kunskap.example.org/sv/kalender/") for url in urls), urls


def test_a_workflow_mail_links_the_admin_where_the_site_runs(demo_content, settings):
    # The demo as its first run left it (tests/conftest.py), seeded again where the site runs: that
    # moves the Site (the test above), and costs a fraction of a first run.
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    seed()
    theme = ThemePage.objects.filter(locale__language_code="sv").first()
    communicator = Client()
    assert communicator.login(username="kommunikator", password="conecto-demo")
    edit_url = f"/admin/pages/{theme.pk}/edit/"
    data = admin_form_data(communicator, edit_url)
    data["action-submit"] = "Submit"
    mail.outbox.clear()
    assert communicator.post(edit_url, data).status_code == 302

    to_editor = [message for message in mail.outbox if "redaktor@example.org" in message.to]
    assert to_editor, [message.to for message in mail.outbox]
    assert f"http://127.0.0.1:8100{edit_url}" in to_editor[0].body
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8100"
