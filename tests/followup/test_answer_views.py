"""The participant answers the evaluation of a date they attended, once, in Swedish or English."""

import pytest
from django.test import Client

from bookings.factories import PersonFactory
from bookings.models import BookingState
from followup import services
from followup.models import Answer, Respondent

from .conftest import attend

GOOD = {"can_apply": "4", "usefulness": "5", "comment": "Jag fick verktyg jag kan använda."}


def sv_url(booking):
    return f"/sv/mitt-larande/utvardering/{booking.pk}/"


def en_url(booking):
    return f"/en/my-learning/evaluation/{booking.pk}/"


@pytest.fixture
def booking(bilingual_event, person):
    return attend(person, bilingual_event["sv"])


def test_the_attended_person_answers_in_swedish_and_sees_my_learning(client, booking, person):
    client.force_login(person)
    page = client.get(sv_url(booking))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jag kan omsätta kunskapen i mitt dagliga arbete" in html
    assert "Samverkan i praktiken" in html
    assert "<fieldset" in html and "<legend" in html and 'type="radio"' in html
    assert 'name="csrfmiddlewaretoken"' in html

    response = client.post(sv_url(booking), GOOD, follow=True)
    assert response.redirect_chain[-1] == ("/sv/mitt-larande/", 303)
    assert "Tack för ditt svar." in response.content.decode()
    answer = Answer.objects.get()
    assert (answer.can_apply, answer.usefulness, answer.comment) == (4, 5, GOOD["comment"])
    assert answer.organisation == "municipality"
    assert Respondent.objects.filter(user=person).count() == 1


def test_the_english_page_asks_in_english(client, booking, person):
    client.force_login(person)
    html = client.get(en_url(booking)).content.decode()
    assert "I can apply what I learned in my daily work" in html
    assert "Cooperation in practice" in html
    assert client.post(en_url(booking), GOOD).status_code == 303


def test_a_second_answer_is_refused_with_a_message_and_nothing_more_is_written(client, booking, person):
    client.force_login(person)
    assert client.post(sv_url(booking), GOOD).status_code == 303
    again = client.post(sv_url(booking), {**GOOD, "can_apply": "1"})
    assert again.status_code == 409
    assert "Du har redan svarat" in again.content.decode()
    assert Answer.objects.count() == 1 and Answer.objects.get().can_apply == 4
    # The page no longer offers the form.
    assert (
        "<form" not in client.get(sv_url(booking)).content.decode().split("<main", 1)[-1].split("</main>")[0]
    )


def test_a_double_submit_racing_past_the_check_leaves_one_answer(booking, person, monkeypatch):
    date = services.attended_booking(person, booking.pk, "evaluation")
    assert services.answer_evaluation(person, date, 4, 4).ok
    # The second submit read "not answered" before the first committed: the constraint refuses it.
    monkeypatch.setattr(services, "has_answered", lambda *args: False)
    outcome = services.answer_evaluation(person, date, 1, 1, "andra")
    assert (outcome.ok, outcome.http_status) == (False, 409)
    assert Answer.objects.count() == 1 and Respondent.objects.count() == 1


def test_someone_else_gets_404_for_the_address(client, booking):
    other = PersonFactory()
    client.force_login(other)
    assert client.get(sv_url(booking)).status_code == 404
    assert client.post(sv_url(booking), GOOD).status_code == 404
    assert not Answer.objects.exists()


def test_signed_out_visitors_are_sent_to_log_in(client, booking):
    response = client.get(sv_url(booking))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("state", [BookingState.BOOKED, BookingState.NO_SHOW, BookingState.CANCELLED])
def test_only_an_attended_date_can_be_evaluated(client, bilingual_event, person, state):
    booking = attend(person, bilingual_event["sv"], state=state)
    client.force_login(person)
    assert client.get(sv_url(booking)).status_code == 404
    assert client.post(sv_url(booking), GOOD).status_code == 404
    assert not Answer.objects.exists()


def test_partly_attended_counts_as_attended(client, bilingual_event, person):
    booking = attend(person, bilingual_event["sv"], state=BookingState.PARTLY_ATTENDED)
    client.force_login(person)
    assert client.post(sv_url(booking), GOOD).status_code == 303


def test_a_date_not_yet_ended_cannot_be_evaluated(client, make_event, person):
    booking = attend(person, make_event(days_ago=-1))
    client.force_login(person)
    assert client.get(sv_url(booking)).status_code == 404


def test_missing_or_nonsense_ratings_are_a_400_with_the_reason_and_write_nothing(client, booking, person):
    client.force_login(person)
    response = client.post(sv_url(booking), {"can_apply": "9", "comment": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and 'aria-describedby="id_usefulness-errors"' in html
    assert not Answer.objects.exists() and not Respondent.objects.exists()


def test_the_form_needs_its_csrf_token(booking, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.post(sv_url(booking), GOOD).status_code == 403
    assert not Answer.objects.exists()


def test_my_learning_lists_the_open_evaluation_until_it_is_answered(client, booking, person):
    client.force_login(person)
    html = client.get("/sv/mitt-larande/").content.decode()
    assert "data-evaluation" in html and sv_url(booking) in html
    assert "Utvärdera ”Samverkan i praktiken”" in html
    english = client.get("/en/my-learning/").content.decode()
    assert en_url(booking) in english and "Evaluate “Cooperation in practice”" in english
    client.post(sv_url(booking), GOOD)
    assert "data-evaluation" not in client.get("/sv/mitt-larande/").content.decode()
