"""Booking in a real browser, in Swedish and in English: book a date, join the waiting list of a full
date, be moved up when another person (a second browser context) cancels, cancel; each step seen on the
event page, "My learning", the personal feed and in the mail a real SMTP server received. axe-core
checks the event page and "My learning" along the way."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Locale

from bookings.factories import BookableEventFactory, PersonFactory
from events.factories import EventIndexPageFactory
from home.factories import swedish_home
from home.translation import translate_page
from tests.events.calendar_readers import read_ical
from tests.helpers import publish as published

MEETING = "https://meet.example.org/samverkan-rum"
TEXT = {
    "sv": {
        "my_learning": "/sv/mitt-larande/",
        "book": "Boka",
        "queue": "Ställ dig i kö",
        "booked": "Du är bokad",
        "first_in_line": "Du är nummer 1 i kön",
        "cancel": "Avboka",
        "already": "Du har redan en bokning",
        "open": "Samverkan i praktiken",
        "full": "Fullt seminarium",
        "booked_subject": "Bokad: Samverkan i praktiken",
        "waiting_subject": "Fullt seminarium",
        "moved_up_subject": "Fullt seminarium",
    },
    "en": {
        "my_learning": "/en/my-learning/",
        "book": "Book",
        "queue": "Join the waiting list",
        "booked": "You are booked",
        "first_in_line": "You are number 1 in line",
        "cancel": "Cancel booking",
        "already": "You already have a booking",
        "open": "Collaboration in practice",
        "full": "A full seminar",
        "booked_subject": "Booked: Collaboration in practice",
        "waiting_subject": "On the waiting list: A full seminar",
        "moved_up_subject": "You have a place: A full seminar",
    },
}


def event(calendar, title, slug, capacity, english):
    page = published(
        BookableEventFactory(
            parent=calendar,
            title=title,
            slug=slug,
            capacity=capacity,
            online_url=MEETING,
            event_format="hybrid",
            start_date=dt.date.today() + dt.timedelta(days=10),
        )
    )
    translate_page(
        page, "en", {title: english[0], slug: english[1], "Kommunhuset, Haninge": "Haninge town hall"}
    )
    return page


@pytest.fixture
def two_events():
    home = swedish_home()
    translate_page(home, "en", {"Conecto+": "Conecto+", "hem": "home"})
    calendar = published(EventIndexPageFactory(parent=home))
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    open_event = event(
        calendar, "Samverkan i praktiken", "samverkan", 5, ("Collaboration in practice", "cooperation")
    )
    full_event = event(calendar, "Fullt seminarium", "fullt", 1, ("A full seminar", "full-seminar"))
    return open_event, full_event


def sign_in(context, site_url, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )


def event_url(site_url, page, lang):
    target = page if lang == "sv" else page.get_translation(Locale.objects.get(language_code="en"))
    return site_url + target.url


def assert_accessible(page, axe_check, what):
    violations = axe_check(page)
    assert not violations, f"{what}: " + axe_check.describe(violations)


def mail_to(inbox, address):
    found = [m for m in inbox.messages if m["To"] == address]
    assert len(found) == 1, [(m["To"], m["Subject"]) for m in inbox.messages]
    inbox.messages.remove(found[0])
    return found[0]


def calendar_method(message):
    part = next((p for p in message.walk() if p.get_content_type() == "text/calendar"), None)
    return part.get_param("method") if part is not None else None


def feed_statuses(page):
    url = page.locator("[data-personal-feed]").input_value()
    response = page.request.get(url)
    assert response.status == 200
    return sorted(
        (event.summary, event.status.value if event.status else "")
        for event in read_ical(response.text()).events
    )


def button(name):
    """A button whose name starts with ``name`` (a hidden part says which date): "Boka", not "Avboka"."""
    return re.compile(rf"^{re.escape(name)}(?![A-Za-zÅÄÖåäö])")


def click(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=button(name)).first.click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_book_wait_move_up_and_cancel(
    site_url, browser, page, axe_check, smtp_inbox, settings, two_events, lang
):
    settings.DEFAULT_FROM_EMAIL = "Conecto+ <kunskap@conecto.example.org>"
    text = TEXT[lang]
    open_event, full_event = two_events
    anna = PersonFactory(email=f"anna.{lang}@example.org", first_name="Anna")
    bo = PersonFactory(email=f"bo.{lang}@example.org", first_name="Bo")
    open_url, full_url = event_url(site_url, open_event, lang), event_url(site_url, full_event, lang)

    # Bo takes the full seminar's only place first, in another browser.
    other = browser.new_context(locale="sv-SE")
    bo_page = other.new_page()
    sign_in(other, site_url, bo)
    bo_page.goto(event_url(site_url, full_event, "sv"))
    click(bo_page, "Boka")
    assert "Du är bokad" in bo_page.locator("#signup").inner_text()
    mail_to(smtp_inbox, bo.email)

    # An anonymous visitor sees the places left and a sign-in link, never the meeting link.
    page.goto(full_url)
    assert page.locator("[data-places-left]").first.get_attribute("data-places-left") == "0"
    assert MEETING not in page.content()

    # Anna books the open seminar.
    sign_in(page.context, site_url, anna)
    page.goto(open_url)
    assert page.locator("[data-places-left]").first.get_attribute("data-places-left") == "5"
    assert_accessible(page, axe_check, "event page before booking")
    stale = page.context.new_page()
    stale.goto(open_url)
    click(page, text["book"])
    signup = page.locator("#signup")
    assert text["booked"] in signup.inner_text()
    assert page.locator("[data-places-left]").first.get_attribute("data-places-left") == "4"
    assert page.locator(f'#signup a[href="{MEETING}"]').count() == 1  # the link, now she has a place
    assert_accessible(page, axe_check, "event page after booking")
    booked = mail_to(smtp_inbox, anna.email)

    # The same form again from a second tab opened before: a clear refusal, nothing changes.
    stale.get_by_role("button", name=button(text["book"])).first.click()
    stale.wait_for_load_state()
    assert text["already"] in stale.locator("main").inner_text()
    assert_accessible(stale, axe_check, "refused booking")
    stale.close()
    assert smtp_inbox.messages == []
    assert page.locator("[data-places-left]").first.get_attribute("data-places-left") == "4"
    assert text["booked_subject"] in booked["Subject"] and calendar_method(booked) == "REQUEST"

    # The full seminar: the same form puts her in line.
    page.goto(full_url)
    click(page, text["queue"])
    assert text["first_in_line"] in page.locator("#signup").inner_text()
    assert MEETING not in page.content()
    waiting = mail_to(smtp_inbox, anna.email)
    assert text["waiting_subject"] in waiting["Subject"] and calendar_method(waiting) is None

    # "My learning" and the personal feed show both.
    page.goto(site_url + text["my_learning"])
    statuses = page.locator("[data-booking-status]")
    assert sorted(statuses.evaluate_all("els => els.map(e => e.dataset.bookingStatus)")) == [
        "booked",
        "waiting",
    ]
    assert statuses.evaluate_all("els => els.every(e => e.querySelector('time[datetime]'))")
    assert_accessible(page, axe_check, "My learning with bookings")
    assert feed_statuses(page) == sorted([(text["open"], "CONFIRMED"), (text["full"], "TENTATIVE")])

    # Bo cancels in his browser: Anna moves up, and both are told.
    bo_page.goto(event_url(site_url, full_event, "sv"))
    click(bo_page, "Avboka")
    assert calendar_method(mail_to(smtp_inbox, bo.email)) == "CANCEL"
    moved_up = mail_to(smtp_inbox, anna.email)
    assert text["moved_up_subject"] in moved_up["Subject"] and calendar_method(moved_up) == "REQUEST"
    other.close()

    page.goto(full_url)
    assert text["booked"] in page.locator("#signup").inner_text()
    page.goto(site_url + text["my_learning"])
    assert statuses.evaluate_all("els => els.map(e => e.dataset.bookingStatus)") == ["booked", "booked"]
    assert feed_statuses(page) == sorted([(text["open"], "CONFIRMED"), (text["full"], "CONFIRMED")])

    # Anna cancels the open seminar from "My learning".
    page.locator("[data-booking-status]").filter(has_text=text["open"]).get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator("[data-booking-status]").count() == 1
    assert calendar_method(mail_to(smtp_inbox, anna.email)) == "CANCEL"
    assert feed_statuses(page) == [(text["full"], "CONFIRMED")]
    page.goto(open_url)
    assert page.locator("[data-places-left]").first.get_attribute("data-places-left") == "5"
    assert page.get_by_role("button", name=button(text["book"])).count() == 1
    assert not page.js_errors, "\n".join(page.js_errors)
