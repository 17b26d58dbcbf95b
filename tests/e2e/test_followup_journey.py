"""A participant's whole follow-up journey in a real browser, in Swedish and in English: book a
module, be marked present by the organiser, get the mail asking for the evaluation and answer it from
"My learning", get the mail ninety days later and answer the follow-up, then open the certificate that
lists the session and its hours. The clock travels (time-machine, which the live server's thread
shares) from the booking to the day after the date and on to the follow-up. axe-core checks each new
page; a CSP violation fails the test (conftest.py). At the end the database is read to see that the
answers are kept apart from the person."""

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale

from bookings import attendance
from bookings.factories import BookableEventFactory, PersonFactory
from bookings.models import Booking, BookingState
from events.factories import EventIndexPageFactory
from followup.models import Answer, Kind, Respondent
from home.factories import swedish_home
from home.translation import translate_page
from tests.helpers import publish as published

from .test_booking_journey import assert_accessible, click, mail_to, sign_in

TEXT = {
    "sv": {
        "my_learning": "/sv/mitt-larande/",
        "book": "Boka",
        "booked": "Du är bokad",
        "title": "Samverkan i praktiken",
        "evaluation_subject": "Vad gav ”Samverkan i praktiken” dig?",
        "evaluate": "Utvärdera ”Samverkan i praktiken”",
        "can_apply": "Jag kan omsätta kunskapen i mitt dagliga arbete",
        "usefulness": "Hur användbart var tillfället?",
        "comment": "Är det något mer du vill berätta för oss?",
        "follow_up_subject": "Tre månader senare: har du använt ”Samverkan i praktiken” i ditt arbete?",
        "follow_up": "Tre månader senare: har du använt ”Samverkan i praktiken” i ditt arbete?",
        "usage": "Har du använt det du lärde dig i ditt arbete?",
        "several": "Ja, flera gånger",
        "helped": "Vad hjälpte eller hindrade dig?",
        "send": "Skicka mitt svar",
        "thanks": "Tack för ditt svar.",
        "certificate": "/sv/mitt-larande/intyg/",
        "certificate_heading": "Intyg om deltagande",
        "hours": "3,0",
    },
    "en": {
        "my_learning": "/en/my-learning/",
        "book": "Book",
        "booked": "You are booked",
        "title": "Collaboration in practice",
        "evaluation_subject": "What did “Collaboration in practice” give you?",
        "evaluate": "Evaluate “Collaboration in practice”",
        "can_apply": "I can apply what I learned in my daily work",
        "usefulness": "How useful was the session?",
        "comment": "Anything else you want to tell us?",
        "follow_up_subject": "Three months on: have you used “Collaboration in practice” in your work?",
        "follow_up": "Three months on: have you used “Collaboration in practice” in your work?",
        "usage": "Have you used what you learned in your work?",
        "several": "Yes, several times",
        "helped": "What helped or hindered you?",
        "send": "Send my answer",
        "thanks": "Thank you for your answer.",
        "certificate": "/en/my-learning/certificate/",
        "certificate_heading": "Certificate of participation",
        "hours": "3.0",
    },
}


@pytest.fixture
def module():
    """A bookable module, 9-12 a week from now, in Swedish and English. A module is followed up
    ninety days after a person's last attended date (followup/asking.py)."""
    home = swedish_home()
    translate_page(home, "en", {"Conecto+": "Conecto+", "hem": "home"})
    calendar = published(EventIndexPageFactory(parent=home))
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = published(
        BookableEventFactory(
            parent=calendar,
            title="Samverkan i praktiken",
            slug="samverkan",
            event_type="module",
            start_date=timezone.localdate() + dt.timedelta(days=7),
            start_time=dt.time(9),
            end_time=dt.time(12),
        )
    )
    translate_page(
        event,
        "en",
        {
            "Samverkan i praktiken": "Collaboration in practice",
            "samverkan": "cooperation",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    return event


def answer_link(message, site_url):
    """The link of a request mail, on the live server (the mail names the site's own host)."""
    body = message.get_body(("plain",)).get_content()
    url = re.search(r"https?://\S+", body).group(0)
    return site_url + urlsplit(url).path


def send_requests():
    out = io.StringIO()
    call_command("send_evaluation_requests", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_book_attend_evaluate_follow_up_and_open_the_certificate(
    site_url, page, axe_check, smtp_inbox, organiser, module, lang
):
    text = TEXT[lang]
    person = PersonFactory(
        email=f"anna.{lang}@example.org",
        first_name="Anna",
        last_name="Lind",
        organisation="municipality",
        organisation_name="Haninge kommun",
    )
    occurrence = module.occurrences.order_by("start").first()
    event_page = module if lang == "sv" else module.get_translation(Locale.objects.get(language_code="en"))

    # She books the module.
    sign_in(page.context, site_url, person)
    page.goto(site_url + event_page.url)
    click(page, text["book"])
    assert text["booked"] in page.locator("#signup").inner_text()
    mail_to(smtp_inbox, person.email)  # the booking's confirmation
    booking = Booking.objects.get(user=person)

    # The day after the date: the organiser has marked her present, and the evaluation is asked for.
    with time_machine.travel(occurrence.end + dt.timedelta(hours=20), tick=True):
        attendance.record(booking.session_date, {booking.pk: (BookingState.ATTENDED, None)}, by=organiser)
        assert "Evaluation requests sent: 1; follow-up requests sent: 0" in send_requests()
        request = mail_to(smtp_inbox, person.email)
        assert request["Subject"].endswith(text["evaluation_subject"])
        link = answer_link(request, site_url)
        assert send_requests().startswith("Evaluation requests sent: 0")  # asked once
        assert smtp_inbox.messages == []

        page.goto(site_url + text["my_learning"])
        evaluate = page.get_by_role("link", name=text["evaluate"])
        assert site_url + evaluate.get_attribute("href") == link
        assert_accessible(page, axe_check, "My learning with an evaluation to answer")
        evaluate.click()
        assert_accessible(page, axe_check, "the evaluation")
        page.get_by_role("group", name=text["can_apply"]).get_by_label("4", exact=True).check()
        page.get_by_role("group", name=text["usefulness"]).get_by_label("5", exact=True).check()
        page.get_by_label(text["comment"]).fill("Bra övningar.")
        page.get_by_role("button", name=text["send"]).click()
        page.wait_for_url(site_url + text["my_learning"])
        assert text["thanks"] in page.locator("[role=status]").first.inner_text()
        assert page.get_by_role("link", name=text["evaluate"]).count() == 0
        assert_accessible(page, axe_check, "My learning after answering")

    # Ninety days on (her session has long expired): the follow-up is asked for, by mail.
    with time_machine.travel(occurrence.end + dt.timedelta(days=91), tick=True):
        assert "Evaluation requests sent: 0; follow-up requests sent: 1" in send_requests()
        request = mail_to(smtp_inbox, person.email)
        assert request["Subject"].endswith(text["follow_up_subject"])
        link = answer_link(request, site_url)
        sign_in(page.context, site_url, person)
        page.goto(link)
        assert_accessible(page, axe_check, "the follow-up")
        page.get_by_role("group", name=text["usage"]).get_by_label(text["several"]).check()
        page.get_by_label(text["helped"]).fill("Stöd från chefen.")
        page.get_by_role("button", name=text["send"]).click()
        page.wait_for_url(site_url + text["my_learning"])
        assert text["thanks"] in page.locator("[role=status]").first.inner_text()
        assert page.get_by_role("link", name=text["follow_up"]).count() == 0
        page.goto(link)  # the same link again: answered, no second form
        assert page.locator("[data-answered]").is_visible()
        assert page.get_by_role("button", name=text["send"]).count() == 0

        # The certificate lists the module with its three hours.
        page.goto(site_url + text["my_learning"])
        page.locator("[data-certificate-link]").click()
        assert page.url == site_url + text["certificate"]
        assert page.get_by_role("heading", level=1).inner_text() == text["certificate_heading"]
        rows = page.locator("[data-certificate-session]")
        assert rows.count() == 1
        assert rows.get_by_role("rowheader").inner_text() == text["title"]
        assert rows.locator("time").get_attribute("datetime") == timezone.localtime(
            occurrence.start
        ).strftime("%Y-%m-%d")
        assert rows.locator("[data-certificate-hours]").inner_text() == text["hours"]
        assert page.locator("[data-certificate-total]").inner_text() == text["hours"]
        assert "Anna Lind" in page.locator("[data-certificate-name]").inner_text()
        assert_accessible(page, axe_check, "the certificate")

    # Apart in the database: who answered (Respondent) holds no answer, and what was answered
    # (Answer) holds nothing that points at her, no link to any table, nothing finer than the week.
    respondents = Respondent.objects.filter(user=person)
    assert sorted(respondents.values_list("kind", flat=True)) == [Kind.EVALUATION, Kind.FOLLOW_UP]
    assert not {"can_apply", "usefulness", "usage", "comment"} & {f.name for f in Respondent._meta.fields}
    assert not [f.name for f in Answer._meta.get_fields() if f.is_relation]
    answers = list(Answer.objects.values())
    assert sorted((a["kind"], a["can_apply"], a["usefulness"], a["usage"]) for a in answers) == [
        (Kind.EVALUATION, 4, 5, ""),
        (Kind.FOLLOW_UP, None, None, "several"),
    ]
    personal = {person.email, person.username, person.first_name, person.last_name}
    for answer in answers:
        assert answer["organisation"] == "municipality"
        assert re.fullmatch(r"\d{4}-W\d{2}", answer["week"])
        for value in answer.values():
            assert not any(bit in str(value).split() for bit in personal), answer
    assert not page.js_errors, "\n".join(page.js_errors)
