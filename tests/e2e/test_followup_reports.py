"""The Follow-up group in a real browser: the report with its chart and the participant list, in
Swedish and English, with no serious or critical axe-core violation."""

import pytest
from django.conf import settings
from django.test import Client
from wagtail.users.models import UserProfile

from tests.followup.conftest import build_programme, user_maker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADINGS = {"sv": ("Uppföljning", "Deltagarförteckning"), "en": ("Follow-up", "Participant list")}


@pytest.fixture
def make_user(django_user_model):
    return user_maker(django_user_model)


@pytest.fixture
def programme(sv_home, make_user):
    return build_programme(sv_home, make_user)


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


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_follow_up_reports_and_chart_pass_axe_in_both_languages(
    site_url,
    page,
    axe_check,
    programme,
    make_user,
    language,
):
    user = make_user("uppfoljare", "Follow-up")
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language=language)
    sign_in(page, site_url, user)
    report, participants = HEADINGS[language]

    page.goto(site_url + "/admin/reports/followup/?figure=participants&by=organisation")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=report).first.is_visible()
    chart = page.get_by_role(
        "img",
        name="Deltaganden per organisationstyp"
        if language == "sv"
        else "Participations by organisation type",
    )
    assert chart.is_visible()
    assert page.locator("table.listing").is_visible()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    page.goto(site_url + "/admin/reports/participant-list/?month=2026-03")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=participants).first.is_visible()
    assert "p1@example.org" in page.locator("table.listing").inner_text()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert not page.js_errors, "\n".join(page.js_errors)
