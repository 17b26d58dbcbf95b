"""The personal feed on "My learning" and the editors' report, in a real browser, checked with axe-core."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import sync_occurrences
from home.factories import swedish_home
from learning import progress_store
from learning.factories import (
    LearningPathIndexPageFactory,
    LearningPathPageFactory,
    material_step,
    session_step,
)
from tests.helpers import publish as published

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def followed_path(django_user_model):
    home = swedish_home()
    calendar = published(EventIndexPageFactory(parent=home))
    seminar = published(
        EventPageFactory(
            parent=calendar, title="Matchning från dag 1", start_date=dt.date.today() + dt.timedelta(days=5)
        )
    )
    sync_occurrences(seminar)
    index = published(LearningPathIndexPageFactory(parent=home))
    path = published(
        LearningPathPageFactory(
            parent=index,
            title="Samverkan för individen",
            slug="samverkan",
            steps=[material_step("Läs introduktionen"), session_step(seminar)],
        )
    )
    person = django_user_model.objects.create_user(
        "karin", "karin@example.org", "pw", organisation="municipality"
    )
    progress_store.follow(person, path)
    return person


def sign_in(page, site_url, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )


def test_copy_the_personal_feed_fetch_it_and_make_a_new_address(site_url, page, axe_check, followed_path):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    sign_in(page, site_url, followed_path)
    page.goto(site_url + "/sv/mitt-larande/")
    address = page.locator("[data-personal-feed]")
    url = address.input_value()
    assert url.startswith(f"{site_url}/sv/feeds/me/") and len(url) < 256
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    page.locator("#personal-feed").get_by_role("button", name="Kopiera länk").click()
    status = page.locator("#personal-feed [role=status]")
    status.filter(has_text="Adressen är kopierad").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url

    feed = page.request.get(url)
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "Matchning från dag 1" in re.sub(r"\r\n[ \t]", "", feed.body().decode())

    page.reload()  # the same browser shows the same address again
    assert page.locator("[data-personal-feed]").input_value() == url
    page.get_by_role("button", name="Skapa en ny adress (den gamla slutar fungera)").click()
    page.wait_for_url(f"{site_url}/sv/mitt-larande/#personal-feed")
    new_url = page.locator("[data-personal-feed]").input_value()
    assert new_url != url
    assert page.request.get(url).status == 404
    assert page.request.get(new_url).status == 200
    # The browser never holds the address in a cookie, and signing out leaves nothing of it behind.
    assert [cookie for cookie in page.context.cookies() if new_url.rsplit("/", 1)[1] in cookie["value"]] == []
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{site_url}/sv/")
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"csrftoken", "conecto_language"}
    page.goto(site_url + "/sv/mitt-larande/")
    assert "/sv/accounts/login/" in page.url
    assert not page.js_errors, "\n".join(page.js_errors)


def test_the_editors_report_page_passes_axe(site_url, page, axe_check, followed_path, django_user_model):
    editor = django_user_model.objects.create_user("redaktor", "redaktor@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    sign_in(page, site_url, editor)
    page.goto(site_url + "/admin/reports/learning-paths/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Lärvägar").first.is_visible()
    assert "Samverkan för individen" in page.locator("table.listing").inner_text()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert not page.js_errors, "\n".join(page.js_errors)
