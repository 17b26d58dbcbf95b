"""Personal data (docs/privacy.md): the purge, a person's download and the deletion of an account,
checked against the follow-up reports' figures on the programme of tests/followup/conftest.py."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.personal_data import delete_account, is_placeholder
from bookings.models import Booking, BookingChange, BookingState, DateInterest
from followup import report_figures as figures
from followup.models import Answer, Respondent
from followup.report_queries import dimensions, facts_for
from learning.models import PathCompletion, PathFollow, StepCompletion


def report_totals():
    """Every figure by every breakdown, for the whole time, as the reports show it."""
    shown = {}
    for name, figure in figures.FIGURES.items():
        facts = facts_for(figure, None)
        dims = dimensions(facts)
        for by in figures.BREAKDOWNS:
            if by in figure.not_by:
                continue
            rows = figures.figure_rows(figure, facts, by, dims, 5)
            shown[(name, by)] = [
                (row.group, sorted((k, str(v)) for k, v in row.values.items()), sorted(row.hidden))
                for row in rows
            ]
    return shown


@pytest.fixture
def past_retention(settings):
    # The programme's dates (March and April 2026) lie in a reporting period whose retention is over.
    settings.PROGRAMME_REPORTING_ENDS = dt.date(2026, 6, 30)
    settings.PERSONAL_DATA_RETENTION_DAYS = 30


def purge(*args):
    from io import StringIO

    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_purge_anonymises_the_programme_and_keeps_every_report_figure(programme, past_retention):
    people = programme["people"]
    Booking.objects.filter(user=people["p1"]).update(adjustment_needs="Hörslinga")
    BookingChange.objects.filter(booking__user=people["p2"]).update(note="Ringde och sa att hon var sjuk")
    before = report_totals()
    bookings, completions = Booking.objects.count(), PathCompletion.objects.count()

    dry = purge("--dry-run")
    assert "Would anonymise the data of 27 people" in dry and "Dry run" in dry
    assert Booking.objects.filter(user=people["p1"]).exists()  # nothing changed

    output = purge()
    assert "Anonymised the data of 27 people" in output
    assert report_totals() == before
    assert Booking.objects.count() == bookings and PathCompletion.objects.count() == completions
    real = [user for user in get_user_model().objects.all() if not is_placeholder(user)]
    assert not Booking.objects.filter(user__in=real).exists()
    assert not PathCompletion.objects.filter(user__in=real).exists()
    assert not DateInterest.objects.filter(user__in=real).exists()
    assert not Booking.objects.exclude(adjustment_needs="").exists()
    assert not BookingChange.objects.exclude(note="").exists()
    placeholders = get_user_model().objects.filter(pk__in=Booking.objects.values("user"))
    assert all(p.email == "" and p.first_name == "" and not p.has_usable_password() for p in placeholders)
    assert people["p1"].__class__.objects.filter(pk=people["p1"].pk).exists()  # the accounts stay

    # Safe to run daily: a second run finds nothing more and changes no figure.
    placeholders_count = get_user_model().objects.count()
    assert "the data of 0 people" in purge()
    assert get_user_model().objects.count() == placeholders_count
    assert report_totals() == before


def test_purge_before_the_retention_has_passed_keeps_names_but_not_adjustment_needs(programme, settings):
    settings.PROGRAMME_REPORTING_ENDS = dt.date(2027, 6, 30)
    p1 = programme["people"]["p1"]
    Booking.objects.filter(user=p1).update(adjustment_needs="Hörslinga")
    output = purge()
    assert "has not passed" in output
    assert "Removed 2 expired rows of bookings" in output
    assert Booking.objects.filter(user=p1).count() == 2
    assert not Booking.objects.exclude(adjustment_needs="").exists()


def test_deleting_an_account_keeps_the_reports_totals(programme):
    before = report_totals()
    p1 = programme["people"]["p1"]
    delete_account(p1)
    assert not get_user_model().objects.filter(pk=p1.pk).exists()
    assert report_totals() == before


def download(client):
    response = client.post(reverse("account_download_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_download_holds_the_persons_bookings_attendance_and_progress_and_nobody_elses(programme, client):
    people = programme["people"]
    p1, p2 = people["p1"], people["p2"]
    PathFollow.objects.create(user=p1, path_key=programme["path"].translation_key)
    StepCompletion.objects.create(user=p1, path_key=programme["path"].translation_key, step_id="s1")
    StepCompletion.objects.create(user=p2, path_key=programme["path"].translation_key, step_id="s2")
    Respondent.objects.create(
        user=p1,
        kind="evaluation",
        event_key=programme["seminar"].translation_key,
        original_start=Booking.objects.filter(user=p1).first().session_date.original_start,
        answered_at=programme["now"],
    )
    client.force_login(p1)
    data = download(client)

    assert data["profile"]["username"] == "p1" and data["profile"]["gender"] == "woman"
    states = sorted((b["event"], b["state"]) for b in data["bookings"]["bookings"])
    assert states == [("Fördjupning: samverkan", "attended"), ("IPS i praktiken", "attended")]
    assert all(b["history"] for b in data["bookings"]["bookings"])
    assert [p["path"] for p in data["learning"]["completed_paths"]] == ["Samverkan"]
    assert [s["step"] for s in data["learning"]["completed_steps"]] == ["s1"]
    assert len(data["learning"]["followed_paths"]) == 1
    assert len(data["followup"]["questions_answered"]) == 1
    text = json.dumps(data)
    for other in ("p2", "p3", "p12", "p2@example.org", "s2"):
        assert f'"{other}"' not in text
    # Answers are anonymous: none of them is in anyone's download.
    assert "can_apply" not in text and "comment" not in text
    assert len(data["bookings"]["bookings"]) == Booking.objects.filter(user=p1).count()


def test_the_download_is_only_for_the_signed_in_person_by_post(programme, client):
    url = reverse("account_download_data")
    response = client.post(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(programme["people"]["p2"])
    assert client.get(url).status_code == 405
    data = download(client)
    assert data["profile"]["username"] == "p2"
    assert sorted(b["state"] for b in data["bookings"]["bookings"]) == ["attended", "attended"]


def test_deleting_ones_account_asks_for_the_password(programme, client):
    p3 = programme["people"]["p3"]
    before, answers = report_totals(), Answer.objects.count()
    client.force_login(p3)
    url = reverse("account_delete")
    page = client.get(url)
    assert page.status_code == 200 and b'type="password"' in page.content

    wrong = client.post(url, {"confirm": "not it"})
    assert wrong.status_code == 400
    assert "Ditt konto har inte raderats" in wrong.content.decode()
    assert get_user_model().objects.filter(pk=p3.pk).exists()

    response = client.post(url, {"confirm": "pw"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "raderats" in response.content.decode()
    assert not get_user_model().objects.filter(pk=p3.pk).exists()
    assert "_auth_user_id" not in client.session
    assert report_totals() == before
    assert Answer.objects.count() == answers  # anonymous answers are nobody's to delete


def test_deleting_an_account_gives_up_places_on_dates_to_come(make_event, client):
    from bookings import services
    from bookings.factories import PersonFactory

    event = make_event(days_ago=-5)
    person = PersonFactory()
    result = services.book(person, event, [event.occurrences.first().original_start])
    assert result.outcome == "booked"
    booking = Booking.objects.get(user=person)
    delete_account(person)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert is_placeholder(booking.user)
    assert booking.session_date.__class__.objects.get(pk=booking.session_date_id).booked_count == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for name in ("account_delete", "account_download_data"):
        for response in (client.get(reverse(name)), client.post(reverse(name))):
            assert response.status_code == 302 and "login" in response["Location"]


def test_an_account_without_a_password_confirms_with_its_address(client, db):
    from bookings.factories import PersonFactory

    person = PersonFactory(email="sso@example.org")
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    url = reverse("account_delete")
    assert b'type="email"' in client.get(url).content
    assert client.post(url, {"confirm": "someone@example.org"}).status_code == 400
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert client.post(url, {"confirm": "SSO@example.org"}).status_code == 302
    assert not get_user_model().objects.filter(pk=person.pk).exists()


def test_the_profile_offers_the_download_and_the_deletion_in_both_languages(client, db):
    from django.utils import translation

    from bookings.factories import PersonFactory

    client.force_login(PersonFactory())
    for language, download_label, delete_label in (
        ("sv", "Ladda ner mina uppgifter (JSON)", "Radera mitt konto"),
        ("en", "Download my data (JSON)", "Delete my account"),
    ):
        with translation.override(language):
            page = client.get(reverse("account_profile")).content.decode()
            assert download_label in page and delete_label in page
            assert f'action="{reverse("account_download_data")}"' in page


def test_the_download_reads_a_fixed_number_of_queries(programme, client, django_assert_max_num_queries):
    client.force_login(programme["people"]["p1"])
    with django_assert_max_num_queries(20):
        download(client)


def test_the_participant_list_keeps_a_deleted_persons_row_without_name_or_address(programme):
    from followup.participants import attendances_in

    march = dt.date(2026, 3, 1)
    before, _ = attendances_in(march)
    delete_account(programme["people"]["p4"])
    after, first_and_last = attendances_in(march)
    assert len(after) == len(before)
    assert sum(a.scheduled_minutes for a in after) == sum(a.scheduled_minutes for a in before)
    assert "P4 Test" not in {a.name for a in after} and "p4@example.org" not in {a.email for a in after}
    nameless = [a for a in after if not a.name]
    assert len(nameless) == 1 and nameless[0].organisation == "municipality" and not nameless[0].email
    assert first_and_last[nameless[0].person]
