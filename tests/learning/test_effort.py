"""A path's effort in words: singular and plural in both languages, and an added-up effort that says
how many steps it leaves out."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from learning.display import effort_text
from learning.factories import material_step, session_step


@pytest.mark.parametrize(
    ("language", "hours", "without", "expected"),
    [
        ("sv", Decimal(1), 0, "cirka 1 timme"),
        ("sv", Decimal(5), 0, "cirka 5 timmar"),
        ("sv", Decimal("1.5"), 0, "cirka 1,5 timmar"),
        ("sv", Decimal(5), 1, "cirka 5 timmar (1 steg utan uppskattning)"),
        ("sv", Decimal(1), 2, "cirka 1 timme (2 steg utan uppskattning)"),
        ("en", Decimal(1), 0, "about 1 hour"),
        ("en", Decimal(5), 0, "about 5 hours"),
        ("en", Decimal("1.5"), 0, "about 1.5 hours"),
        ("en", Decimal(5), 1, "about 5 hours (1 step without an estimate)"),
        ("en", Decimal(1), 2, "about 1 hour (2 steps without an estimate)"),
        ("sv", Decimal(0), 3, ""),
    ],
)
def test_effort_text(language, hours, without, expected):
    with translation.override(language):
        assert effort_text(hours, without) == expected


def effort_on_page(client, path):
    soup = BeautifulSoup(client.get(path.url).content, "html.parser")
    facts = soup.select_one(".learning-path__facts")
    return facts.find("dt", string=lambda s: s in ("Beräknad tidsåtgång", "Estimated effort"))


@pytest.mark.django_db
def test_a_path_page_says_which_steps_its_added_up_effort_leaves_out(client, make_path, make_event):
    seminar = make_event(title="Seminarium")
    path = make_path(
        [material_step("Läs", effort_hours="1"), session_step(seminar), material_step("Titta")],
        title="Lärväg",
        slug="larvag",
    )
    label = effort_on_page(client, path)
    assert label.find_next_sibling("dd").get_text() == "cirka 1 timme (2 steg utan uppskattning)"
    card = BeautifulSoup(client.get(path.get_parent().url).content, "html.parser").select_one(".page-meta")
    assert "cirka 1 timme (2 steg utan uppskattning)" in card.get_text()

    # An effort the editor gave for the whole path is the whole effort: nothing is left out.
    path.estimated_effort_hours = Decimal(6)
    path.save_revision().publish()
    assert effort_on_page(client, path).find_next_sibling("dd").get_text() == "cirka 6 timmar"
