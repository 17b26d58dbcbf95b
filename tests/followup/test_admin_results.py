"""Editors and Organisers see the evaluation results of events, never a group under five answers."""

import pytest
from django.urls import reverse
from recurrence import deserialize
from wagtail.users.models import UserProfile

from followup.figures import FOLLOWUP_MIN_GROUP
from followup.models import Answer
from tests.helpers import member_of, signed_in, soup_of


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def answers(event, occurrence, n, **fields):
    fields = {"can_apply": 4, "usefulness": 3, "comment": "", **fields}
    return [
        Answer.objects.create(
            kind="evaluation",
            event_key=event.translation_key,
            original_start=occurrence.original_start,
            organisation="municipality",
            week="2026-W49",
            **fields,
        )
        for _ in range(n)
    ]


@pytest.fixture
def event(make_event):
    return make_event(title="Motiverande samtal")


def results_url(event):
    return reverse("followup_admin:event", args=[event.translation_key])


@pytest.mark.parametrize("group", ["Editors", "Organisers"])
def test_editors_and_organisers_see_averages_and_free_text_from_five_answers(event, group):
    occurrence = event.occurrences.get()
    answers(event, occurrence, FOLLOWUP_MIN_GROUP - 1, comment="Bra tempo")
    answers(event, occurrence, 1, can_apply=5, comment="Mer övningar")
    client = signed_in(in_english(member_of(group, "granskare")))
    response = client.get(results_url(event))
    assert response.status_code == 200
    page = soup_of(response)
    row = page.select_one("[data-evaluation-results] [data-question=can_apply]")
    assert row.select_one("[data-average]").get_text(strip=True) == "4.2"
    assert [li.get_text(strip=True) for li in page.select("[data-comments] li")] == ["Bra tempo"] * 4 + [
        "Mer övningar"
    ]
    index = client.get(reverse("followup_admin:index"))
    assert "Motiverande samtal" in index.content.decode()


def test_four_answers_show_nothing_not_even_free_text(event):
    answers(event, event.occurrences.get(), FOLLOWUP_MIN_GROUP - 1, comment="Lätt att känna igen mig")
    client = signed_in(in_english(member_of("Editors", "redaktor")))
    response = client.get(results_url(event))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-suppressed" in html
    assert "Lätt att känna igen mig" not in html
    assert "data-average" not in html
    index = client.get(reverse("followup_admin:index")).content.decode()
    assert "&lt;5" in index


def test_a_small_date_is_hidden_inside_a_shown_event(make_event):
    event = make_event(recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"), days_ago=10)
    first, second = event.occurrences.order_by("start")[:2]
    answers(event, first, 5)
    answers(event, second, 2, can_apply=1)
    client = signed_in(in_english(member_of("Editors", "redaktor")))
    page = soup_of(client.get(results_url(event)))
    rows = page.select("[data-evaluation-dates] tbody tr")
    assert len(rows) == 2
    assert rows[0].select_one("[data-suppressed]") is None
    assert rows[1].select_one("[data-suppressed]") is not None


def test_communicators_are_refused(event, client):
    answers(event, event.occurrences.get(), 5)
    communicator = signed_in(member_of("Communicators", "kommunikator"))
    for url in [results_url(event), reverse("followup_admin:index")]:
        # Wagtail's admin answers a PermissionDenied with a redirect home and a "no permission" message.
        refused = communicator.get(url)
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
        assert "/admin/login/" in client.get(url)["Location"]


def test_the_results_page_reads_a_fixed_number_of_queries(event, django_assert_max_num_queries):
    client = signed_in(in_english(member_of("Editors", "redaktor")))
    answers(event, event.occurrences.get(), 5)
    client.get(results_url(event))
    answers(event, event.occurrences.get(), 200)
    with django_assert_max_num_queries(20):
        assert client.get(results_url(event)).status_code == 200
