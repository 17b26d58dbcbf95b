"""The "Full" badge on "My learning" and a path's session step: read from the bookings counters, for
every shown date in one query (bookings.services.mark_full)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client

from bookings.factories import PersonFactory
from bookings.factories import book as book_directly
from learning import progress_store
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, session_step
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def next_sessions(client):
    soup = BeautifulSoup(client.get("/sv/mitt-larande/").content, "html.parser")
    return soup.select_one("#next-sessions").find_parent("section").select("li")


def test_a_full_date_shows_full_on_my_learning_and_the_path_page(sv_home, make_event):
    full = make_event(title="Fullt seminarium", capacity=1)
    roomy = make_event(title="Rymligt seminarium", capacity=5)
    index = publish(LearningPathIndexPageFactory(parent=sv_home))
    path = publish(
        LearningPathPageFactory(
            parent=index, steps=[session_step(full), session_step(roomy)], title="Lärväg", slug="larvag"
        )
    )
    anna = PersonFactory()
    progress_store.follow(anna, path)
    client = signed_in(anna)
    items = {("Fullt" in li.get_text()): li for li in next_sessions(client)}
    assert not items[True].select_one(".badge--full") and not items[False].select_one(".badge--full")

    book_directly(PersonFactory(), full)  # the only place is taken
    book_directly(PersonFactory(), roomy)
    items = {("Fullt" in li.get_text()): li for li in next_sessions(client)}
    assert items[True].select_one(".badge--full").get_text() == "Fullbokat"
    assert not items[False].select_one(".badge--full")

    text = BeautifulSoup(client.get(path.url).content, "html.parser").get_text()
    assert "Fullbokat" in text


def test_my_learning_reads_the_full_badges_in_constant_queries(
    sv_home, make_event, django_assert_max_num_queries
):
    index = publish(LearningPathIndexPageFactory(parent=sv_home))
    anna = PersonFactory()

    def add_full_step(number):
        event = make_event(title=f"Seminarium {number}", capacity=1)
        book_directly(PersonFactory(), event)
        path = publish(
            LearningPathPageFactory(
                parent=index, steps=[session_step(event)], title=f"Väg {number}", slug=f"vag-{number}"
            )
        )
        progress_store.follow(anna, path)

    add_full_step(0)
    client = signed_in(anna)
    client.get("/sv/mitt-larande/")  # the feed token is made on the first visit
    connection.queries_log.clear()
    with django_assert_max_num_queries(200) as one:
        assert len([li for li in next_sessions(client) if li.select_one(".badge--full")]) == 1
    queries = len(one.captured_queries)
    for number in range(1, 6):
        add_full_step(number)
    with django_assert_max_num_queries(queries):
        assert len([li for li in next_sessions(client) if li.select_one(".badge--full")]) == 6
