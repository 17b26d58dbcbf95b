"""Restricted pages in the browser: a login restriction leads through the site's login page and back,
a password restriction through an accessible form; the calendar lists the event only after that."""

import pytest
from wagtail.models import PageViewRestriction

PASSWORD = "ett-langt-losenord-42"


@pytest.fixture
def restricted_events():
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from events.factories import EventIndexPageFactory, EventPageFactory
    from events.models import sync_occurrences
    from home.models import HomePage
    from tests.helpers import publish

    home = HomePage.objects.get(depth=2, locale__language_code="sv")
    calendar = publish(EventIndexPageFactory(parent=home))
    made = {}
    for key, title, restriction in (
        ("members", "Internt seminarium", {"restriction_type": PageViewRestriction.LOGIN}),
        (
            "password",
            "Seminarium med lösenord",
            {"restriction_type": PageViewRestriction.PASSWORD, "password": "hemligt"},
        ),
    ):
        event = EventPageFactory(parent=calendar, title=title, published=True)
        sync_occurrences(event)
        PageViewRestriction.objects.create(page=event, **restriction)
        made[key] = event
    user = get_user_model().objects.create_user("lisa", "lisa@haninge.se", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return made


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_login_restricted_event_opens_after_signing_in(site_url, page, restricted_events):
    event = restricted_events["members"]
    page.goto(site_url + "/sv/kalender/")
    assert "Internt seminarium" not in page.locator("main").inner_text()

    response = page.goto(site_url + event.url)
    assert response.status == 200
    assert page.url.startswith(site_url + "/sv/accounts/login/?next=")
    page.fill("#id_login", "lisa@haninge.se")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert page.url == site_url + event.url
    assert page.locator("h1").inner_text() == "Internt seminarium"

    page.goto(site_url + "/sv/kalender/")
    assert "Internt seminarium" in page.locator("main").inner_text()
    assert "Seminarium med lösenord" not in page.locator("main").inner_text()
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_password_restricted_event_opens_with_its_password(site_url, page, axe_check, restricted_events):
    event = restricted_events["password"]
    response = page.goto(site_url + event.url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Lösenord krävs"
    assert "Seminarium med lösenord" not in page.content()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    page.get_by_label("Lösenord").fill("fel")
    with page.expect_navigation():
        page.get_by_role("button", name="Öppna sidan").click()
    assert page.locator(".errorlist").is_visible()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    page.get_by_label("Lösenord").fill("hemligt")
    with page.expect_navigation():
        page.get_by_role("button", name="Öppna sidan").click()
    assert page.url == site_url + event.url
    assert page.locator("h1").inner_text() == "Seminarium med lösenord"

    page.goto(site_url + "/sv/kalender/")
    assert "Seminarium med lösenord" in page.locator("main").inner_text()
    assert "Internt seminarium" not in page.locator("main").inner_text()
    assert page.js_errors == []
