"""``send_evaluation_requests`` mails each question once, in the person's language, after the date."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bookings.factories import PersonFactory
from followup import services
from followup.models import AnswerRequest, Kind
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, session_step
from tests.helpers import publish

from .conftest import attend


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The command as cron runs it; the mails are queued after its transaction commits."""

    def run_command():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_evaluation_requests", stdout=io.StringIO())

    return run_command


def test_each_attended_person_gets_one_mail_in_the_language_they_booked_in(bilingual_event, run):
    swede, english = PersonFactory(first_name="Sara"), PersonFactory(first_name="John")
    attend(swede, bilingual_event["sv"], language="sv")
    attend(english, bilingual_event["sv"], language="en")
    attend(PersonFactory(), bilingual_event["sv"], state="no_show")
    run()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {swede.email, english.email}
    sv, en = by_address[swede.email], by_address[english.email]
    assert sv.subject.endswith("Vad gav ”Samverkan i praktiken” dig?")
    assert "/sv/mitt-larande/utvardering/" in sv.body and "anonymt" in sv.body
    assert en.subject.endswith("What did “Cooperation in practice” give you?")
    assert "/en/my-learning/evaluation/" in en.body and "anonymous" in en.body
    assert 'lang="en"' in en.alternatives[0][0]

    run()  # the next run mails nobody again
    assert len(mail.outbox) == 2
    assert AnswerRequest.objects.filter(kind=Kind.EVALUATION).count() == 2


def test_nobody_is_asked_before_the_date_has_ended(make_event, run):
    person = PersonFactory()
    # Checked in during the date: attended, but the date runs until noon.
    event = make_event(days_ago=0, start_time=dt.time(9, 0), end_time=dt.time(12, 0))
    attend(person, event)
    start = event.occurrences.get().start
    with time_machine.travel(start + dt.timedelta(hours=1)):
        run()
        assert mail.outbox == []
    with time_machine.travel(start + dt.timedelta(hours=3, minutes=1)):
        run()
        assert [m.to for m in mail.outbox] == [[person.email]]


def test_someone_who_answered_on_my_learning_is_not_mailed(make_event, run):
    person = PersonFactory()
    booking = attend(person, make_event())
    date = services.attended_booking(person, booking.pk, Kind.EVALUATION)
    services.answer_evaluation(person, date, 4, 4)
    run()
    assert mail.outbox == []


def test_the_follow_up_comes_ninety_days_after_a_module_once(make_event, run, client):
    person = PersonFactory()
    module = make_event(event_type="module", days_ago=1)
    booking = attend(person, module)
    run()
    assert len(mail.outbox) == 1  # the evaluation
    end = module.occurrences.get().end
    with time_machine.travel(end + dt.timedelta(days=89)):
        run()
        assert len(mail.outbox) == 1
    with time_machine.travel(end + dt.timedelta(days=90, minutes=1)):
        run()
        run()
        assert len(mail.outbox) == 2
        follow_up = mail.outbox[1]
        assert "Tre månader senare" in follow_up.subject
        assert f"/sv/mitt-larande/uppfoljning/{booking.pk}/" in follow_up.body
        client.force_login(person)
        html = client.get("/sv/mitt-larande/").content.decode()
        assert "data-follow-up" in html
        response = client.post(
            f"/sv/mitt-larande/uppfoljning/{booking.pk}/",
            {"usage": "several", "comment": "Handledningen hjälpte."},
        )
        assert response.status_code == 303
        assert "data-follow-up" not in client.get("/sv/mitt-larande/").content.decode()
        again = client.post(f"/sv/mitt-larande/uppfoljning/{booking.pk}/", {"usage": "no"})
        assert again.status_code == 409


def test_a_session_on_a_learning_path_gets_the_follow_up_and_a_lone_seminar_does_not(
    sv_home, make_event, run
):
    seminar_on_path, lone_seminar = make_event(), make_event()
    index = publish(LearningPathIndexPageFactory(parent=sv_home))
    publish(LearningPathPageFactory(parent=index, steps=[session_step(seminar_on_path)]))
    person = PersonFactory()
    attend(person, seminar_on_path)
    attend(person, lone_seminar)
    later = timezone.now() + dt.timedelta(days=91)
    with time_machine.travel(later):
        run()
    follow_ups = AnswerRequest.objects.filter(kind=Kind.FOLLOW_UP)
    assert list(follow_ups.values_list("event_key", flat=True)) == [seminar_on_path.translation_key]


def test_the_follow_up_page_is_not_open_before_ninety_days(client, make_event):
    person = PersonFactory()
    booking = attend(person, make_event(event_type="module"))
    client.force_login(person)
    assert client.get(f"/sv/mitt-larande/uppfoljning/{booking.pk}/").status_code == 404


def test_a_refused_send_is_tried_again_and_the_question_stays_on_my_learning(
    make_event, run, monkeypatch, client, caplog
):
    import smtplib

    from django.core.mail import EmailMultiAlternatives

    person = PersonFactory()
    booking = attend(person, make_event())
    calls = []
    real_send = EmailMultiAlternatives.send

    def flaky(message, *args, **kwargs):
        calls.append(message.to)
        if len(calls) < 3:
            raise smtplib.SMTPServerDisconnected("try later")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    run()
    assert len(calls) == 3 and len(mail.outbox) == 1
    assert "retrying" in caplog.text
    client.force_login(person)
    assert f"/sv/mitt-larande/utvardering/{booking.pk}/" in client.get("/sv/mitt-larande/").content.decode()
