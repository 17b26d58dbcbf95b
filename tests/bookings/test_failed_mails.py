"""A booking mail that fails every try is visible to superusers in the admin, not to organisers."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from bookings import tasks
from bookings.mail import BookingMail, Kind
from bookings.models import FailedMail
from bookings.tasks import enqueue_booking_mail
from tests.bookings.test_invitation_mail import ANNA, EVENT, a_date, flaky_server  # noqa: F401 - fixture
from tests.helpers import member_of, signed_in, soup_of

pytestmark = pytest.mark.django_db
URL = "/admin/bookings/failed-mails/"


def test_a_mail_that_fails_every_try_shows_for_a_superuser_and_not_for_an_organiser(flaky_server):  # noqa: F811
    flaky_server(failures=tasks.MAX_ATTEMPTS)
    admin = signed_in(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    organiser = signed_in(member_of("Organisers", "arrangor"))
    assert soup_of(admin.get(URL)).select("[data-failed-mail]") == []

    enqueue_booking_mail(BookingMail(kind=Kind.BOOKED, person=ANNA, event=EVENT, dates=(a_date(),)))

    response = admin.get(URL)
    assert response.status_code == 200
    [row] = soup_of(response).select("[data-failed-mail]")
    assert ANNA.email in row.get_text() and str(tasks.MAX_ATTEMPTS) in row.get_text()
    assert URL in admin.get("/admin/").content.decode()  # in the Reports menu

    refused = organiser.get(URL)  # Wagtail sends a refused admin user back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert ANNA.email not in organiser.get(URL, follow=True).content.decode()
    assert URL not in organiser.get("/admin/").content.decode()


def test_a_mail_that_gets_through_after_a_retry_is_not_listed(flaky_server):  # noqa: F811
    inbox = flaky_server(failures=1)
    admin = signed_in(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    enqueue_booking_mail(BookingMail(kind=Kind.BOOKED, person=ANNA, event=EVENT, dates=(a_date(),)))
    assert len(inbox.messages) == 1
    assert soup_of(admin.get(URL)).select("[data-failed-mail]") == []


def failed_mail(recipient, days_ago):
    return FailedMail.objects.create(
        kind=str(Kind.BOOKED),
        recipient=recipient,
        attempts=tasks.MAX_ATTEMPTS,
        error="550 mailbox unavailable",
        failed_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def listed(client):
    return [row.get_text() for row in soup_of(client.get(URL)).select("[data-failed-mail]")]


@pytest.mark.parametrize(("retention", "kept_days", "gone_days"), [(None, 89, 91), (30, 29, 31)])
def test_the_housekeeping_command_deletes_failed_mail_records_after_the_retention(
    settings, retention, kept_days, gone_days
):
    if retention is not None:
        settings.FAILED_MAIL_RETENTION_DAYS = retention
    else:
        assert settings.FAILED_MAIL_RETENTION_DAYS == 90  # the default
    admin = signed_in(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    failed_mail("recent@example.org", kept_days)
    failed_mail("old@example.org", gone_days)
    assert len(listed(admin)) == 2

    out = StringIO()
    call_command("expire_bookings", stdout=out)

    assert out.getvalue().strip().endswith("1 failed mail records deleted")
    [row] = listed(admin)
    assert "recent@example.org" in row
    assert list(FailedMail.objects.values_list("recipient", flat=True)) == ["recent@example.org"]
