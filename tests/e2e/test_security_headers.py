"""The Content-Security-Policy holds in the browser: the public pages and the Wagtail admin work under
it and it blocks nothing they need (README.md, "Security headers").

Every browser test reports CSP violations through `page.js_errors` (tests/e2e/conftest.py); this one
walks the pages most likely to need something the policy forbids: an event page with its subscribe
box and the site's scripts, and in the admin the page editor with its date pickers (Wagtail starts
them with inline scripts), a report and the calendar import.
"""

import datetime as dt

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import swedish_home
from tests.helpers import publish

from .test_admin import editor, sign_in  # noqa: F401 - `editor` is a fixture


def directives(response):
    policy = response.headers["content-security-policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_and_the_admin_work_under_the_content_security_policy(site_url, page, editor):  # noqa: F811
    calendar = publish(EventIndexPageFactory(parent=swedish_home()))
    event = EventPageFactory(
        parent=calendar,
        title="Seminarium om samverkan",
        start_date=dt.date.today() + dt.timedelta(days=5),
        published=True,
    )

    # A visitor: the site's own scripts run (the copy button), nothing inline is allowed.
    response = page.goto(site_url + event.get_url())
    assert response.status == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "camera=()" in response.headers["permissions-policy"]
    assert page.get_by_role("button", name="Kopiera").first.is_visible()

    # An editor: the page editor's date picker opens (its inline start-up script ran), a report and
    # the calendar import load.
    sign_in(page, site_url)
    response = page.goto(f"{site_url}/admin/pages/{event.pk}/edit/")
    assert "'unsafe-inline'" in directives(response)["script-src"]  # why: site/settings/base.py
    page.wait_for_load_state("networkidle")
    page.locator("#id_start_date").click()
    # The picker is shown by the click's handler: wait for it (it fails the test if it never opens).
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for(state="visible", timeout=10_000)
    assert page.locator(".xdsoft_datetimepicker:visible").count() == 1
    for url in ("/admin/reports/learning-paths/", "/admin/import-calendar/"):
        assert page.goto(site_url + url).status == 200
        page.wait_for_load_state("networkidle")

    assert not page.csp_violations, "\n".join(page.csp_violations)
    assert not page.js_errors, "\n".join(page.js_errors)
