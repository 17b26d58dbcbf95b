"""Bilingual themes and news made the way editors make them: Swedish pages translated through wagtail-localize."""

import datetime as dt

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home.factories import NewsIndexPageFactory, NewsPageFactory, ThemeIndexPageFactory, ThemePageFactory
from home.translation import translate_page

THEMES = [
    # (Swedish title, slug, English title, slug)
    ("Evidensbaserade metoder", "metoder", "Evidence-based methods", "methods"),
    ("Samverkan", "samverkan", "Collaboration", "collaboration"),
]


def translate_simple(page, english_title, english_slug, extra=None):
    strings = {
        page.title: english_title,
        page.slug: english_slug,
        page.introduction: f"{english_title}: the lead.",
    }
    for block in page.body:
        if block.block_type == "rich_text":
            text = block.value.source.removeprefix("<p>").removesuffix("</p>")
            strings[text] = f"{english_title}: body text."
    strings.update(extra or {})
    return translate_page(page, "en", {k: v for k, v in strings.items() if k})


def make_themes(sv_home):
    index = ThemeIndexPageFactory(parent=sv_home)
    index.save_revision().publish()
    translate_simple(index, "Themes", "themes")
    themes = {}
    for sv_title, sv_slug, en_title, en_slug in THEMES:
        theme = ThemePageFactory(parent=index, title=sv_title, slug=sv_slug, introduction=f"Om {sv_title}.")
        theme.save_revision().publish()
        themes[sv_slug] = {"sv": theme, "en": translate_simple(theme, en_title, en_slug)}
    return themes


def make_news_index(sv_home):
    index = NewsIndexPageFactory(parent=sv_home)
    index.save_revision().publish()
    en_index = translate_simple(index, "News", "news")
    return index, en_index


def make_image(title="Bild"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def make_news(index, number, themes=(), image=None, date=None, translate=True, title=None, body=None):
    """A published Swedish news item (and its English translation unless translate=False)."""
    title = title or f"Svensk nyhet {number}"
    news = NewsPageFactory(
        parent=index,
        title=title,
        slug=f"nyhet-{number}",
        introduction=f"Ingress för nyhet {number}.",
        date=date or dt.date(2025, 1, 1) + dt.timedelta(days=number),
        body=[("rich_text", f"<p>{body or f'Brödtext för nyhet {number}.'}</p>")],
        listing_image=image,
        listing_image_alt=f"Bild till nyhet {number}" if image else "",
        themes=list(themes),
    )
    news.save_revision().publish()
    if not translate:
        return news, None
    extra = {news.listing_image_alt: f"Picture for news item {number}"} if image else {}
    english = translate_simple(news, f"English news {number}", f"news-{number}", extra)
    return news, english
