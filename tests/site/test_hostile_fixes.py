"""The 500s the hostile sweep (tests/site/test_hostile_input.py) found, each pinned by a focused test."""

import pytest
from django.contrib.auth import get_user_model

from bookings.factories import BookableEventFactory
from events.models import EventType
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    return signed_in(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))


@pytest.fixture
def seminar(calendar):
    return BookableEventFactory(
        parent=calendar, title="Samverkan i praktiken", event_type=EventType.SEMINAR, published=True
    )


@pytest.mark.parametrize("query", ['"', '">', 'samverkan"', '"samverkan" "', 'a"b*c', "a\x00b", "\x00"])
def test_an_admin_search_with_a_double_quote_or_a_nul_is_no_error(admin_client, seminar, query):
    # On SQLite each word goes into a quoted FTS5 string, which a bare double quote ended early;
    # a NUL, which PostgreSQL holds in no text, is refused by the search form itself.
    for url in ("/admin/events/", "/admin/pages/search/"):
        assert admin_client.get(url, {"q": query}).status_code == 200, url


@pytest.mark.parametrize("name", ["locale", "q", "event_type", "ordering"])
def test_the_event_listing_leaves_out_a_parameter_with_a_nul(admin_client, seminar, name):
    # PostgreSQL holds no NUL in text: Wagtail's listing looked ?locale= up as given, a 500 there.
    response = admin_client.get("/admin/events/", {name: "sv\x00"})
    assert response.status_code == 200
    assert "Samverkan i praktiken" in response.content.decode()


def test_a_quoted_word_still_finds_its_page(admin_client, seminar):
    response = admin_client.get("/admin/events/", {"q": '"Samverkan"'})
    assert response.status_code == 200
    assert "Samverkan i praktiken" in response.content.decode()


def test_the_event_choosers_of_a_learning_path_search_by_title(admin_client, seminar, calendar):
    BookableEventFactory(
        parent=calendar, title="Samverkan fördjupning", event_type=EventType.MODULE, published=True
    )
    response = admin_client.get("/admin/learning/choose-seminar/results/", {"q": "Samverkan"})
    assert response.status_code == 200
    html = response.content.decode()
    # Only the seminar: the chooser keeps to its event type while searching.
    assert "Samverkan i praktiken" in html and "Samverkan fördjupning" not in html


@pytest.mark.parametrize("chooser", ["seminar", "module", "supervision"])
@pytest.mark.parametrize("value", ["x", "1e309", "-1", "99999999999999999999999"])
def test_an_event_chooser_given_an_id_that_is_no_id_answers_404(admin_client, chooser, value):
    # A 404 outside /sv/ and /en/ is first sent on to the same path under the language prefix.
    response = admin_client.get(f"/admin/learning/choose-{chooser}/chosen/{value}/", follow=True)
    assert response.status_code == 404


def test_an_event_chooser_leaves_out_ids_that_are_no_ids(admin_client, seminar):
    response = admin_client.get(
        "/admin/learning/choose-seminar/chosen-multiple/", {"id": [seminar.pk, "1e309", "x", "-1"]}
    )
    assert response.status_code == 200
    assert "Samverkan i praktiken" in response.content.decode()


@pytest.mark.parametrize("report", ["workflow", "workflow_tasks"])
def test_the_workflow_reports_open(admin_client, report):
    # The review workflow's name is a lazy translation (home/workflow_names.py); the reports print it.
    response = admin_client.get(f"/admin/reports/{report}/")
    assert response.status_code == 200


def test_the_admin_sign_in_page_takes_any_next_address(client):
    assert client.get("/admin/login/", {"next": "0000-00-00T25:61"}).status_code == 200
