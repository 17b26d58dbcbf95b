"""An editor imports an Apple calendar in the admin with a real browser, and visitors see its dates."""

import re
from pathlib import Path

import pytest

from .test_admin import editor, sign_in  # noqa: F401 - `editor` is a fixture

ICS = Path(__file__).parents[1] / "events" / "ics"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_imports_a_calendar_and_it_shows_on_the_site(site_url, page, editor, axe_check):  # noqa: F811
    from events.models import EventIndexPage, EventPage
    from home.models import HomePage

    sv_home = HomePage.objects.get(depth=2, locale__language_code="sv")
    calendar = EventIndexPage(title="Kalender", slug="kalender")
    sv_home.add_child(instance=calendar)
    calendar.save_revision().publish()

    sign_in(page, site_url)
    page.get_by_role("link", name="Importera kalender").first.click()
    page.wait_for_url(f"{site_url}/admin/import-calendar/")
    page.wait_for_load_state("networkidle")
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    # First a dry run (the default), then the import of the very file that was previewed.
    page.get_by_label("Kalenderfil (.ics)").set_input_files(str(ICS / "apple_overrides.ics"))
    assert page.get_by_label("Provkörning: visa bara vad som skulle ändras").is_checked()
    page.get_by_role("button", name="Importera", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Provkörning: ingenting sparades").is_visible()
    assert EventPage.objects.count() == 0
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    page.get_by_role("button", name="Importera den förhandsgranskade filen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Kalendern importerades").is_visible()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert not page.js_errors, "\n".join(page.js_errors)
    imported = EventPage.objects.get()

    # The result leads to the event's edit view and to its page on the site.
    edit_url = page.get_by_role("link", name="Handledning Case Management", exact=True).get_attribute("href")
    assert edit_url == f"/admin/pages/{imported.pk}/edit/"
    page.get_by_role("link", name=re.compile(r"^Visa på webbplatsen\W+Handledning Case Management$")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Handledning Case Management", level=1).is_visible()

    # The series is on the calendar's past-events archive with its cancelled date marked.
    page.goto(f"{site_url}/sv/kalender/?view=past")
    assert page.get_by_role("link", name="Handledning Case Management").first.is_visible()
    assert page.locator(".badge--cancelled").count() >= 1
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
