"""Booking mails sent through the task to a real SMTP server (aiosmtpd), read back as a mail client would."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import icalendar
import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from bookings import tasks
from bookings.invitations import CANCEL, REQUEST
from bookings.mail import GIVES_PLACE, BookingMail, EventInfo, Kind, Person
from bookings.tasks import enqueue_booking_mail
from tests.bookings.test_invitations import a_date, next_late_october
from tests.conftest import Inbox, _free_port
from tests.events.calendar_readers import read_ical
from tests.helpers import SWEDISH_MONTHS

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FROM = "Conecto+ <kunskap@conecto.example.org>"

ANNA = Person(name="Anna Lindström", email="anna@kommun.example.se", language="sv")
JOHN = Person(name="John Smith", email="john@region.example.org", language="en")
EVENT = EventInfo(
    title="Samordnad individuell plan",
    url="https://kunskap.example.org/sv/kalender/sip/",
    place="Hantverkargatan 3, Stockholm",
)

# What the person's calendar gets with each kind, when an invitation reached it before.
METHODS = {
    Kind.BOOKED: REQUEST,
    Kind.MOVED_UP: REQUEST,
    Kind.APPROVED: REQUEST,
    Kind.CHANGED: REQUEST,
    Kind.REJECTED: CANCEL,
    Kind.CANCELLED_BY_PERSON: CANCEL,
    Kind.CANCELLED_BY_ORGANISER: CANCEL,
    Kind.DATE_CANCELLED: CANCEL,
    Kind.WAITING: None,
    Kind.PENDING: None,
    Kind.EXPIRED: None,
    Kind.PLACE_OPEN: None,
    Kind.NEW_DATES: None,
}


@pytest.fixture
def mail_settings(settings, smtp_inbox):
    settings.DEFAULT_FROM_EMAIL = FROM
    return smtp_inbox


def structure(part):
    """The MIME tree as nested (content type, children) with the parameters a client acts on."""
    if part.is_multipart():
        return (part.get_content_type(), [structure(child) for child in part.iter_parts()])
    kind = part.get_content_type()
    if kind == "text/calendar":
        kind += f"; method={part.get_param('method')}"
    if part.get_filename():
        kind += f"; filename={part.get_filename()}"
    return kind


def calendar_parts(message):
    """The calendar in the alternative part and the attached file, as text."""
    inline = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    attached = next(part for part in message.walk() if part.get_filename())
    return inline, inline.get_content(), attached.get_content().decode()


def send(kind, person=ANNA, dates=None, **fields):
    mail = BookingMail(kind=kind, person=person, event=EVENT, dates=tuple(dates or [a_date()]), **fields)
    for result in enqueue_booking_mail(mail):
        assert result.status == "SUCCESSFUL", result.errors
    return mail


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_arrives_with_the_mime_structure_a_calendar_client_needs(mail_settings, kind):
    send(kind, bookings_url="https://kunskap.example.org/sv/mitt-larande/", position=3)
    message = mail_settings.pop()
    assert message["To"] == ANNA.email
    assert "kunskap@conecto.example.org" in message["From"]
    method = METHODS[kind]
    alternative = ("multipart/alternative", ["text/plain", "text/html"])
    if method is None:
        assert structure(message) == alternative
        assert "BEGIN:VCALENDAR" not in message.as_string()
        return
    assert structure(message) == (
        "multipart/mixed",
        [
            ("multipart/alternative", ["text/plain", "text/html", f"text/calendar; method={method}"]),
            "application/ics; filename=invite.ics",
        ],
    )
    inline, text, attached = calendar_parts(message)
    assert inline.get_content_charset() == "utf-8"
    assert attached.replace("\r\n", "\n") == text.replace("\r\n", "\n")
    assert icalendar.Calendar.from_ical(text)["METHOD"] == method
    (event,) = read_ical(text).events
    assert str(event.organizer.uri) == "mailto:kunskap@conecto.example.org"
    assert event.status.value == ("CANCELLED" if method == CANCEL else "CONFIRMED")


def test_the_calendar_takes_the_events_place_when_the_date_names_none(mail_settings):
    send(Kind.BOOKED, dates=[a_date(location="")])
    send(Kind.CANCELLED_BY_ORGANISER, dates=[a_date(sequence=1)])
    booked, cancelled = mail_settings.messages
    (event,) = read_ical(calendar_parts(booked)[1]).events
    assert event.location == EVENT.place
    # A cancellation takes the date out of the calendar: it no longer hands out the join link.
    assert "meet.example.org" not in calendar_parts(cancelled)[1]


def test_a_series_booked_together_gets_one_invitation_per_date_and_one_waiting_mail(mail_settings):
    first = a_date()
    series = [
        a_date(uid=f"series-{week}", start=first.start + dt.timedelta(weeks=week)) for week in (0, 1, 2)
    ]
    send(Kind.BOOKED, dates=series)
    invitations = list(mail_settings.messages)
    assert len(invitations) == 3
    uids = []
    for message in invitations:
        (event,) = read_ical(calendar_parts(message)[1]).events  # one UID per iTIP message
        uids.append(event.uid)
    assert uids == ["series-0", "series-1", "series-2"]
    mail_settings.messages.clear()
    send(Kind.WAITING, dates=series, position=4)
    (waiting,) = mail_settings.messages
    assert waiting.get_body(("plain",)).get_content().count("\n- ") == 3


def test_a_rejected_request_that_never_reached_the_calendar_carries_no_invitation(mail_settings):
    send(Kind.REJECTED, in_calendar=False)
    message = mail_settings.pop()
    assert structure(message) == ("multipart/alternative", ["text/plain", "text/html"])


def test_the_mail_is_in_the_language_the_person_booked_in(mail_settings):
    send(Kind.BOOKED, person=ANNA)
    send(Kind.BOOKED, person=JOHN)
    swedish, english = mail_settings.messages
    assert swedish["Subject"] == "Conecto+: Bokad: Samordnad individuell plan"
    assert english["Subject"] == "Conecto+: Booked: Samordnad individuell plan"
    swedish_text = swedish.get_body(("plain",)).get_content()
    english_text = english.get_body(("plain",)).get_content()
    assert "Hej Anna Lindström!" in swedish_text and "Plats: Rum Ekorren" in swedish_text
    assert "Hello John Smith," in english_text and "Place: Rum Ekorren" in english_text
    # The date in words of the person's language.
    assert any(month in swedish_text for month in SWEDISH_MONTHS)
    assert swedish.get_body(("html",)).get_content().count('lang="sv"') == 1


def test_the_place_and_join_link_are_in_the_body_only_for_a_person_with_a_place(mail_settings):
    send(Kind.BOOKED)
    send(Kind.WAITING, position=2)
    booked, waiting = mail_settings.messages
    for part in ("plain", "html"):
        assert "https://meet.example.org/j/123" in booked.get_body((part,)).get_content()
        assert "Rum Ekorren" in booked.get_body((part,)).get_content()
        assert "https://meet.example.org/j/123" not in waiting.get_body((part,)).get_content()
    assert "nummer 2 i kön" in waiting.get_body(("plain",)).get_content()


def test_a_hostile_title_is_escaped_in_the_html_and_kept_off_the_subject_line(mail_settings):
    hostile = EventInfo(title="<script>alert(1)</script>\r\nBcc: evil@example.org", url=EVENT.url)
    mail = BookingMail(kind=Kind.BOOKED, person=ANNA, event=hostile, dates=(a_date(summary=hostile.title),))
    assert [result.status for result in enqueue_booking_mail(mail)] == ["SUCCESSFUL"]
    message = mail_settings.pop()
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_uid_stays_and_sequence_grows_from_booked_to_changed_to_cancelled(mail_settings):
    """The booking's stored UID and SEQUENCE, bumped on each change, reach the calendar unchanged."""
    first = a_date(sequence=0)
    moved = a_date(sequence=1, start=first.start + dt.timedelta(days=1), location="Rum Räven")
    cancelled = a_date(sequence=2, start=moved.start, location="Rum Räven")
    send(Kind.BOOKED, dates=[first])
    send(Kind.CHANGED, dates=[moved])
    send(Kind.CANCELLED_BY_PERSON, dates=[cancelled])

    seen = []
    for message in mail_settings.messages:
        inline, text, _attached = calendar_parts(message)
        (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
        seen.append(
            (inline.get_param("method"), str(event["UID"]), event["SEQUENCE"], str(event["LOCATION"]))
        )
    assert [method for method, *_ in seen] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {uid for _, uid, *_ in seen} == {first.uid}
    sequences = [sequence for _, _, sequence, _ in seen]
    assert sequences == sorted(set(sequences)) and len(sequences) == 3
    assert seen[1][3] == "Rum Räven"


def test_a_date_in_late_october_booked_in_september_shows_its_local_time_in_mail_and_calendar(mail_settings):
    start = dt.datetime.combine(next_late_october(), dt.time(9, 0), tzinfo=STOCKHOLM)
    send(Kind.BOOKED, dates=[a_date(start=start)])
    message = mail_settings.pop()
    assert "09:00–11:00" in message.get_body(("plain",)).get_content()
    _inline, text, _attached = calendar_parts(message)
    (event,) = read_ical(text).events
    assert event.dtstart.astimezone(dt.UTC) == dt.datetime.combine(start.date(), dt.time(8, 0), tzinfo=dt.UTC)


class FlakyInbox(Inbox):
    """A mail server that refuses the first ``failures`` messages with a temporary error (451)."""

    def __init__(self, failures):
        super().__init__()
        self.failures = failures

    async def handle_DATA(self, server, session, envelope):
        if self.failures:
            self.failures -= 1
            return "451 Try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_server(settings):
    def start(failures):
        inbox = FlakyInbox(failures)
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
        controller.start()
        started.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        return inbox

    started = []
    yield start
    for controller in started:
        controller.stop()


def test_a_temporary_failure_is_retried_and_logged(flaky_server, caplog):
    inbox = flaky_server(failures=2)
    with caplog.at_level(logging.WARNING, logger="bookings.mail"):
        send(Kind.BOOKED)
    assert structure(inbox.pop())[0] == "multipart/mixed"
    records = [record for record in caplog.records if record.name == "bookings.mail"]
    assert [record.levelname for record in records] == ["WARNING", "WARNING"]


def test_a_send_that_keeps_failing_is_logged_at_error_for_the_administrators(flaky_server, caplog):
    inbox = flaky_server(failures=tasks.MAX_ATTEMPTS)
    mail = BookingMail(kind=Kind.BOOKED, person=ANNA, event=EVENT, dates=(a_date(),))
    with caplog.at_level(logging.WARNING, logger="bookings.mail"):
        enqueue_booking_mail(mail)
    assert inbox.messages == []
    records = [record for record in caplog.records if record.name == "bookings.mail"]
    assert [record.levelname for record in records] == ["WARNING"] * (tasks.MAX_ATTEMPTS - 1) + ["ERROR"]
    assert ANNA.email in records[-1].getMessage()


# serialized_rollback: the flush after a transactional test re-creates the content types with new ids
# unless the migrated data is restored, which breaks a later serialized_rollback test in the same
# process (an IntegrityError on django_content_type, seen under pytest-xdist).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_the_mail_waits_in_the_database_queue_for_the_worker(settings, mail_settings):
    """The database backend (production's): enqueueing sends nothing; `db_worker` sends it."""
    settings.TASKS = {
        **settings.TASKS,
        "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    (send_later,) = enqueue_booking_mail(
        BookingMail(kind=Kind.BOOKED, person=ANNA, event=EVENT, dates=(a_date(),))
    )
    assert send_later.status == "READY"
    assert mail_settings.messages == []
    call_command("db_worker", "--backend", "mail", "--batch", "--no-startup-delay")
    send_later.refresh()
    assert send_later.status == "SUCCESSFUL"
    assert structure(mail_settings.pop())[0] == "multipart/mixed"


def test_kinds_that_give_a_place_are_exactly_the_requests():
    assert {kind for kind, method in METHODS.items() if method == REQUEST} == GIVES_PLACE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_a_booking_queues_its_mail_and_the_worker_builds_and_sends_it(
    settings, mail_settings, make_event
):
    """The booking only queues one small task; `db_worker` reads the booking and sends the invitation."""
    from django_tasks_db.models import DBTaskResult

    from bookings import services
    from bookings.factories import PersonFactory
    from bookings.models import Booking

    settings.TASKS = {**settings.TASKS, "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = make_event(title="Samverkan i praktiken", capacity=1)
    person = PersonFactory(email="anna@example.org")
    assert services.book(person, event, [event.occurrences.order_by("start")[0].original_start]).ok
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("mail_changes") and queued.status == "READY"
    assert mail_settings.messages == []
    call_command("db_worker", "--backend", "mail", "--batch", "--no-startup-delay")
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    message = mail_settings.pop()
    assert "Samverkan i praktiken" in message["Subject"] and message["To"] == "anna@example.org"
    (invitation,) = read_ical(calendar_parts(message)[1]).events
    assert invitation.uid == Booking.objects.get().ical_uid
