"""A booking mail that fails every try is visible to superusers in the admin, not to organisers."""

import pytest
from django.contrib.auth import get_user_model

from bookings import tasks
from bookings.mail import BookingMail, Kind
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
