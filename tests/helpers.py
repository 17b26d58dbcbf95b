"""Helpers the test files share: one definition each, imported where needed.

Pages are made with the factories (``home/factories.py``, ``events/factories.py``,
``learning/factories.py``), which take ``published=True``, ``themes=[...]`` and ``audience=[...]``.
"""

import datetime as dt

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.users.models import UserProfile

from home.translation import translate_page


def publish(page):
    """Publish ``page`` the way an editor does (a revision, then publish), so the signals run."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def last_sunday(year, month):
    """The last Sunday of a month: when daylight saving starts (March) and ends (October) in Europe."""
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def member_of(group_name, username, password="x"):  # noqa: S107 - a test login
    """A user in one of the editorial groups (Editors, Communicators, Moderators)."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def in_english(user):
    """The user reads the admin in English (the default admin language is Swedish)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def signed_in(user, **client_options):
    """A test client signed in as ``user``."""
    client = Client(**client_options)
    client.force_login(user)
    return client


def open_page_in_its_language(browser_page, site_url, wagtail_page, language, heading):
    """Open a Wagtail page in the browser and check it is served, in ``language``, with its <h1>."""
    assert wagtail_page.locale.language_code == language
    url = wagtail_page.get_url()
    assert url.startswith(f"/{language}/"), url
    response = browser_page.goto(site_url + url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    # Long Swedish words in titles carry soft hyphens (home/hyphenation.py); a reader sees the word.
    assert browser_page.locator("h1").inner_text().replace("\u00ad", "") == heading
    assert browser_page.locator("html").get_attribute("lang") == language


def english_home(sv_home):
    """The English translation of the Swedish home page, made through wagtail-localize."""
    return translate_page(sv_home, "en", {"Conecto+": "Conecto+", "hem": "home"})


SWEDISH_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
SWEDISH_WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
