"""An editor signs in to the Wagtail admin and works with pages without any JavaScript error."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

EDITOR_USERNAME = "redaktor"
EDITOR_PASSWORD = "e2e-Redaktor-lösen-1"


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user(
        EDITOR_USERNAME, "redaktor@example.org", EDITOR_PASSWORD, first_name="Rut", last_name="Redaktör"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    assert not user.is_superuser and not user.is_staff
    return user


def sign_in(page, site_url):
    """Sign in through the admin's login form, the way an editor does."""
    page.goto(f"{site_url}/admin/")
    # Not signed in yet: the admin sends us to its login form.
    assert page.url.startswith(f"{site_url}/admin/login/"), page.url
    page.locator("input[name=username]").fill(EDITOR_USERNAME)
    page.locator("input[name=password]").fill(EDITOR_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{site_url}/admin/")
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_signs_in_explores_and_edits_without_javascript_errors(
    site_url, page, bilingual_pages, editor
):
    sv_home, sv_about = bilingual_pages.sv_home, bilingual_pages.sv_about

    sign_in(page, site_url)
    # The dashboard: the login form is gone and the sidebar's main menu, drawn by the admin's
    # JavaScript, is visible with its menu items.
    assert page.locator("input[name=password]").count() == 0
    main_menu = page.locator("#wagtail-sidebar nav").first
    assert main_menu.is_visible()
    assert main_menu.locator("a, button").count() > 0

    # The page explorer for the Swedish home page lists its child page with a link to edit it.
    page.goto(f"{site_url}/admin/pages/{sv_home.pk}/")
    page.wait_for_load_state("networkidle")
    assert sv_home.title in page.locator("h1").first.inner_text()
    child_link = page.locator(f"a[href='/admin/pages/{sv_about.pk}/edit/']").first
    assert child_link.is_visible()
    assert sv_about.title in child_link.inner_text()

    # The edit view: the title field holds the page title, and the StreamField body was built by the
    # admin's JavaScript (the rich-text block is a Draftail editor showing the saved text).
    child_link.click()
    page.wait_for_url(f"{site_url}/admin/pages/{sv_about.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("[name=title]").input_value() == sv_about.title
    draftail = page.locator(".DraftEditor-root").first
    assert draftail.is_visible()
    assert "som arbetar med samverkan" in draftail.inner_text()
    assert (
        page.locator("[name=introduction]").input_value() == bilingual_pages.about_sv_strings["introduction"]
    )

    # No error was logged or thrown on any of the three screens. Nothing is filtered out: the admin
    # loads no favicon or third-party resource that could fail here (no update check, no Gravatar).
    assert not page.js_errors, "\n".join(page.js_errors)
