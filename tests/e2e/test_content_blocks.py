"""Theme pages and the richer body blocks in a real browser: axe-core, keyboard, and the video player."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import StandardPageFactory, ThemeIndexPageFactory, ThemePageFactory, swedish_home
from home.translation import translate_page
from tests.helpers import english_home, publish


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_blocks_page_is_accessible_and_the_video_plays_in_place(site_url, page, axe_check):
    document = get_document_model()(title="Bilder från seminariet")
    document.file.save("bilder.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 1024), save=False)
    document.save()
    blocks_page = publish(
        StandardPageFactory(
            parent=swedish_home(),
            title="Efter seminariet",
            slug="efter-seminariet",
            body=[
                (
                    "accordion",
                    {
                        "heading": "Vanliga frågor",
                        "items": [
                            {"heading": "Vem får delta?", "content": "<p>Alla som arbetar i länet.</p>"}
                        ],
                    },
                ),
                (
                    "documents",
                    {"heading": "Presentationer", "documents": [{"document": document, "title": ""}]},
                ),
                (
                    "video",
                    {
                        "url": "https://youtu.be/dQw4w9WgXcQ",
                        "title": "Supported Employment på fem minuter",
                        "transcript": "<p>Textversion.</p>",
                    },
                ),
            ],
        )
    )
    third_party = []
    page.on(
        "request",
        lambda request: third_party.append(request.url) if not request.url.startswith(site_url) else None,
    )
    page.goto(site_url + blocks_page.url)
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    # The accordion opens from the keyboard.
    summary = page.locator(".accordion summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".accordion details").get_attribute("open") is not None
    assert page.get_by_text("Alla som arbetar i länet.").is_visible()

    assert third_party == []  # nothing from YouTube before the reader asks
    page.locator(".video__play").click()
    frame = page.locator(".video iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert frame.get_attribute("title") == "Supported Employment på fem minuter"
    assert page.url == site_url + blocks_page.url  # played in place, no reload
    assert not page.js_errors, "\n".join(page.js_errors)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_theme_index_and_theme_page_are_accessible(site_url, page, axe_check, language):
    sv_home = swedish_home()
    index = publish(ThemeIndexPageFactory(parent=sv_home))
    theme = publish(ThemePageFactory(parent=index, title="Samverkan", slug="samverkan"))
    calendar = publish(EventIndexPageFactory(parent=sv_home))
    seminar = EventPageFactory(
        parent=calendar,
        title="Nätverksträff",
        slug="natverkstraff",
        start_date=dt.date.today() + dt.timedelta(days=4),
        themes=[theme],
        published=True,
    )
    if language == "en":
        english_home(sv_home)
        index = translate_page(index, "en", {"Teman": "Themes", "teman": "themes"})
        theme = translate_page(
            theme,
            "en",
            {
                "Samverkan": "Collaboration",
                "samverkan": "collaboration",
                "Ett av programmets prioriterade teman.": "One of the programme's priority themes.",
            },
        )
        translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
        translate_page(
            seminar,
            "en",
            {
                "Nätverksträff": "Network meeting",
                "natverkstraff": "network-meeting",
                "Kommunhuset, Haninge": "Town hall",
            },
        )
    for url in (index.url, theme.url):
        response = page.goto(site_url + url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_check(page)
        assert not violations, f"{url}: {axe_check.describe(violations)}"
    assert page.locator(".theme-section--events li a").first.inner_text() == (
        "Network meeting" if language == "en" else "Nätverksträff"
    )
