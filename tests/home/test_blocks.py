"""The body blocks communicators use: accordion, document list and a video that loads nothing until asked."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from home.blocks import BodyBlock
from home.factories import StandardPageFactory
from home.video import VideoURLError, parse_video_url


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "YouTube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "Vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "Vimeo", "76979871"),
    ],
)
def test_video_addresses_become_privacy_friendly_players(url, provider, video_id):
    video = parse_video_url(url)
    assert (video.provider, video.video_id) == (provider, video_id)
    assert video.embed_url.startswith(
        "https://www.youtube-nocookie.com/embed/" if provider == "YouTube" else "https://player.vimeo.com/"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC123",
        "https://vimeo.com/channels/staffpicks",
        "https://example.org/video.mp4",
        "javascript:alert(1)",
    ],
)
def test_other_addresses_are_refused_with_a_reason(url):
    with pytest.raises(VideoURLError):
        parse_video_url(url)


def test_the_editor_refuses_a_video_from_an_unknown_provider():
    block = BodyBlock()
    value = block.to_python(
        [{"type": "video", "value": {"url": "https://example.org/v.mp4", "title": "Film"}}]
    )
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.fixture
def slides(db):
    document_model = get_document_model()
    document = document_model(title="Bilder från seminariet")
    document.file.save("bilder.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 2048), save=False)
    document.save()
    return document


@pytest.fixture
def page_with_blocks(sv_home, slides):
    page = StandardPageFactory(
        parent=sv_home,
        title="Efter seminariet",
        slug="efter-seminariet",
        body=[
            (
                "accordion",
                {
                    "heading": "Vanliga frågor",
                    "items": [
                        {"heading": "Vem får delta?", "content": "<p>Alla som arbetar i länet.</p>"},
                        {"heading": "Kostar det?", "content": "<p>Nej.</p>"},
                    ],
                },
            ),
            ("documents", {"heading": "Presentationer", "documents": [{"document": slides, "title": ""}]}),
            (
                "video",
                {
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Supported Employment på fem minuter",
                    "transcript": "<p>Textversion av filmen.</p>",
                },
            ),
        ],
    )
    page.save_revision().publish()
    return page


def external_resources(soup):
    """Every address the page makes the browser load by itself (not links the reader follows)."""
    found = []
    for tag, attribute in [
        ("iframe", "src"),
        ("img", "src"),
        ("script", "src"),
        ("link", "href"),
        ("source", "srcset"),
    ]:
        for element in soup.find_all(tag):
            value = element.get(attribute, "")
            if tag == "link" and element.get("rel") != ["stylesheet"]:
                continue
            if value.startswith(("http://", "https://", "//")):
                found.append(value)
    return found


@pytest.mark.django_db
def test_accordion_and_documents_work_without_javascript(client, page_with_blocks, slides):
    soup = BeautifulSoup(client.get(page_with_blocks.url).content, "html.parser")
    questions = [summary.get_text() for summary in soup.select(".accordion details > summary")]
    assert questions == ["Vem får delta?", "Kostar det?"]
    link = soup.select_one(".document-list a")
    assert link.get_text() == "Bilder från seminariet"
    assert link["href"] == slides.url
    assert soup.select_one(".document-list__meta").get_text() == "(PDF, 2,0\xa0kB)"


@pytest.mark.django_db
def test_video_loads_nothing_from_the_provider_until_asked(client, page_with_blocks):
    soup = BeautifulSoup(client.get(page_with_blocks.url).content, "html.parser")
    assert soup.find("iframe") is None
    assert external_resources(soup) == []
    play = soup.select_one(".video__play")
    assert "youtube.com" not in play["href"]
    assert soup.select_one(".video__external")["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert soup.select_one(".video__transcript").get_text(" ", strip=True).endswith("Textversion av filmen.")

    # Without JavaScript the play link reloads the page with the player in place.
    played = BeautifulSoup(
        client.get(page_with_blocks.url + play["href"].split("#")[0]).content, "html.parser"
    )
    frame = played.select_one(".video iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert frame["title"] == "Supported Employment på fem minuter"
