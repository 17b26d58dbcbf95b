"""Soft hyphens at the boundaries of long Swedish compounds (home/hyphenation.py), and the menu's
marking of the current page and its section: plain functions, no database."""

import pytest

from home.hyphenation import SOFT_HYPHEN, soft_hyphens
from home.templatetags.site_tags import menu_current


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("Handledningsgrupp för chefer", "Handlednings|grupp för chefer"),
        (
            "Kompetensutvecklingssatsningen i Stockholms län",
            "Kompetens|utvecklings|satsningen i Stockholms län",
        ),
        ("Tillgänglighetsredogörelse", "Tillgänglighets|redogörelse"),
        ("Om Samordningsförbundet", "Om Samordnings|förbundet"),
        # Short words, and long words of parts it does not know, are left to the stylesheet.
        ("Evidensbaserade metoder", "Evidensbaserade metoder"),
        ("Supported Employment", "Supported Employment"),
        ("Xylofonorkesterövningar", "Xylofonorkesterövningar"),
        ("", ""),
    ],
)
def test_long_compounds_get_soft_hyphens_where_a_person_would_break_them(title, parts):
    assert soft_hyphens(title).replace(SOFT_HYPHEN, "|") == parts
    assert soft_hyphens(title).replace(SOFT_HYPHEN, "") == title


class Page:
    def __init__(self, pk, path):
        self.pk, self.path = pk, path


CALENDAR = {"pk": 5, "path": "000100010003", "url": "/sv/kalender/", "title": "Kalender"}


def test_the_menu_marks_the_page_itself_and_the_section_it_is_in():
    assert menu_current(CALENDAR, Page(5, "000100010003")) == ' aria-current="page"'
    assert menu_current(CALENDAR, Page(9, "0001000100030002")) == ' aria-current="true"'
    assert menu_current(CALENDAR, Page(7, "000100010004")) == ""
    assert menu_current(CALENDAR, "") == ""  # a view without a page, such as "My learning"
    assert (
        menu_current({"pk": 5, "url": "/sv/kalender/", "title": "Kalender"}, Page(9, "00010001000300")) == ""
    )
