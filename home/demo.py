"""Demo content: each app seeds its own part, ``seed_demo`` only runs them in order.

An app registers a seeder with the ``register_demo_content`` Wagtail hook in its
``wagtail_hooks.py``; the hook's ``order`` decides when it runs (lowest first)::

    @hooks.register("register_demo_content", order=20)
    def seed_event_demo(demo):
        from .demo import seed_events

        return seed_events(demo)  # the number of pages it made

A seeder gets the shared :class:`DemoContext`, must be safe to run twice (look up what it made
before and add only what is missing) and returns how many pages it made. The seeders run in one
transaction. Home seeds the site, its pages and the themes at order 10 and the news, footer
links and demo users at order 30; events seed the calendar at order 20, so the calendar comes
before the news in the menu; learning paths fit in the same way, after the events they use.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from accounts.models import Organisation, Role

from . import demo_content
from .models import (
    FooterLinks,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
)
from .translation import translate_page

HOOK_NAME = "register_demo_content"
DEMO_PASSWORD_DEFAULT = "conecto-demo"  # noqa: S105 - a local demo login, printed on the console
DEMO_USERS = [
    # username, e-mail, group, superuser, organisation, role
    ("admin", "admin@example.org", None, True, Organisation.OTHER, Role.COORDINATOR),
    ("redaktor", "redaktor@example.org", "Editors", False, Organisation.MUNICIPALITY, Role.COORDINATOR),
    ("kommunikator", "kommunikator@example.org", "Communicators", False, Organisation.OTHER, Role.SPECIALIST),
]


@dataclass
class DemoContext:
    """What the seeders share; earlier seeders fill in what later ones use."""

    homes: dict[str, HomePage]  # language code -> home page (English once home has translated it)
    password: str
    stdout: Any
    themes: dict[str, ThemePage] = field(
        default_factory=dict
    )  # demo key (demo_content.THEMES) -> Swedish page
    images: dict[str, Any] = field(default_factory=dict)  # name -> Wagtail image
    pages: dict[str, StandardPage] = field(default_factory=dict)  # demo key -> Swedish standard page
    # (username, who) for the admin, or (login, who, where to log in), printed at the end
    logins: list[tuple[str, ...]] = field(default_factory=list)


def run_seeders(demo):
    """Every registered seeder in hook order; the number of pages they made."""
    return sum(seed(demo) for seed in hooks.get_hooks(HOOK_NAME))


# Home's own content ----------------------------------------------------------------------------


def seed_site_pages_and_themes(demo):
    match_site_to_base_url()
    home = demo.homes["sv"]
    demo.images["three_parts"] = image = demo_image()
    created = 0
    pages = {}
    for spec in demo_content.STANDARD_PAGES:
        page = home.get_children().filter(slug=spec["slug"][0]).specific().first()
        if page is None:
            page = StandardPage(
                title=spec["title"][0],
                slug=spec["slug"][0],
                introduction=spec["introduction"][0],
                show_in_menus=spec.get("show_in_menus", False),
            )
            page.body = build_body(spec["body"], pages, image)
            home.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        pages[spec["key"]] = page

    if not home.body:
        home.title = demo_content.HOME["title"][0]
        home.introduction = demo_content.HOME["introduction"][0]
        home.body = build_body(demo_content.HOME["body"], pages, image)
        home.save_revision().publish()
        home.refresh_from_db()

    english = Locale.objects.get(language_code="en")
    for page, spec in [(home, demo_content.HOME)] + [
        (pages[s["key"]], s) for s in demo_content.STANDARD_PAGES
    ]:
        if not page.has_translation(english):
            translate_page(page, "en", translations_for(spec))
            created += 1
    demo.homes["en"] = home.get_translation(english)
    demo.pages.update(pages)

    themes, themes_created = seed_themes(home, image)
    demo.themes.update(themes)
    return created + themes_created


def match_site_to_base_url():
    """Point the default Site at WAGTAILADMIN_BASE_URL, so feeds, mails and the admin link where the site runs."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (base.hostname, port):
        site.hostname, site.port = base.hostname, port
        site.save()


def seed_themes(home, image):
    """The theme index and one page per priority theme; returns ({key: Swedish theme page}, pages made)."""
    index, created = section_index(home, ThemeIndexPage, demo_content.THEME_INDEX)
    themes = {}
    for spec in demo_content.THEMES:
        theme = ThemePage.objects.child_of(index).filter(slug=spec["slug"][0]).first()
        if theme is None:
            theme = ThemePage(
                title=spec["title"][0], slug=spec["slug"][0], introduction=spec["introduction"][0]
            )
            theme.body = build_body(spec["body"], {}, image)
            index.add_child(instance=theme)
            theme.save_revision().publish()
            translate_page(theme, "en", translations_for(spec))
            created += 2
        themes[spec["key"]] = theme
    return themes, created


def seed_news_footer_and_users(demo):
    created = seed_news(demo.homes["sv"], demo.themes)
    pages = demo.pages
    footer = FooterLinks.for_site(Site.objects.get(is_default_site=True))
    if footer.accessibility_page_id is None or footer.privacy_page_id is None:
        footer.accessibility_page = pages["accessibility"]
        footer.privacy_page = pages["privacy"]
        footer.save()
    seed_users(demo)
    return created


def seed_news(home, themes):
    """The news index and dated news items with illustrations, tagged with the themes."""
    index, created = section_index(home, NewsIndexPage, demo_content.NEWS_INDEX)
    today = datetime.date.today()
    for number, item in enumerate(demo_content.NEWS):
        if NewsPage.objects.child_of(index).filter(slug=item["slug"][0]).exists():
            continue
        news = NewsPage(
            title=item["title"][0],
            slug=item["slug"][0],
            introduction=item["introduction"][0],
            date=today - datetime.timedelta(days=item["days_ago"]),
            listing_image=news_image(number, item["image"]),
            listing_image_alt=item["alt"][0],
        )
        news.body = build_body(item["body"], {}, None)
        news.themes = [themes[key] for key in item["themes"]]
        index.add_child(instance=news)
        news.save_revision().publish()
        strings = translations_for(item)
        strings[item["alt"][0]] = item["alt"][1]
        translate_page(news, "en", strings)
        created += 2
    return created


def seed_users(demo):
    user_model = get_user_model()
    for username, email, group_name, superuser, organisation, role in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "is_staff": superuser,
                "is_superuser": superuser,
                "organisation": organisation,
                "role": role,
            },
        )
        if created:
            user.set_password(demo.password)
            user.save()
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        demo.logins.append((username, "superuser" if group_name is None else group_name))


# Helpers for every app's seeder ----------------------------------------------------------------


def section_index(home, model, spec):
    """The language's one index page of a section (made and translated if missing), and pages made."""
    index = model.objects.filter(locale=home.locale).first()
    if index is not None:
        return index, 0
    index = model(
        title=spec["title"][0],
        slug=spec["slug"][0],
        introduction=spec["introduction"][0],
        show_in_menus=True,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    translate_page(index, "en", translations_for(spec))
    return index, 2


def build_body(items, pages, image):
    """Turn a list of demo items into StreamField data, merging consecutive text into one block."""
    blocks = []
    text = []

    def flush():
        if text:
            blocks.append(("rich_text", "".join(text)))
            text.clear()

    for item in items:
        kind = item[0]
        if kind in ("h2", "h3", "p"):
            text.append(f"<{kind}>{item[1]}</{kind}>")
            continue
        flush()
        if kind == "quote":
            blocks.append(("quote", {"quote": item[1][0], "attribution": item[2][0]}))
        elif kind == "cta":
            blocks.append(
                (
                    "call_to_action",
                    {
                        "heading": item[1][0],
                        "text": item[2][0],
                        "link_label": item[3][0],
                        "link_page": pages[item[4]],
                        "link_url": "",
                    },
                )
            )
        elif kind == "image":
            blocks.append(("image", {"image": image, "alt_text": item[1][0], "caption": item[2][0]}))
    flush()
    return blocks


def translations_for(spec):
    """The {Swedish: English} map for a page spec, as wagtail-localize's catalogue needs it."""
    pairs = [spec["title"], spec["slug"], spec["introduction"]]
    for item in spec["body"]:
        if item[0] in ("h2", "h3", "p"):
            pairs.append((item[1], item[2]))
        else:
            pairs.extend(part for part in item[1:] if isinstance(part, tuple))
    return dict(pairs)


# Images drawn here, so the demo ships no third-party images -------------------------------------


def news_image(number, drawing):
    image_model = get_image_model()
    title = f"Conecto+ nyhetsbild {number + 1}"
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    return image_model.objects.create(
        title=title, file=ImageFile(news_illustration(drawing), name=f"nyhet-{number + 1}.png")
    )


def demo_image():
    image_model = get_image_model()
    title = "Conecto+ – tre delar"
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    return image_model.objects.create(title=title, file=ImageFile(three_circles_png(), name="tre-delar.png"))


def three_circles_png():
    """A small illustration made here, so the demo ships no third-party images."""
    canvas = PILImage.new("RGB", (960, 400), "#eef4f7")
    draw = ImageDraw.Draw(canvas)
    for index, colour in enumerate(["#0b4f6c", "#2e7d32", "#d9822b"]):
        left = 180 + index * 200
        draw.ellipse([left, 80, left + 240, 320], outline=colour, width=22)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer


def news_illustration(number):
    """One of the news listing illustrations, drawn here so the demo ships no third-party images."""
    blue, green, orange, tint, white = "#0b4f6c", "#2e7d32", "#d9822b", "#eef4f7", "#ffffff"
    canvas = PILImage.new("RGB", (1200, 675), tint)
    draw = ImageDraw.Draw(canvas)
    if number == 0:  # three overlapping rings
        for index, colour in enumerate([blue, green, orange]):
            left = 270 + index * 220
            draw.ellipse([left, 170, left + 340, 510], outline=colour, width=28)
    elif number == 1:  # three bars
        for index, (height, colour) in enumerate([(220, blue), (340, green), (460, orange)]):
            left = 330 + index * 200
            draw.rectangle([left, 575 - height, left + 140, 575], fill=colour)
    elif number == 2:  # a path of dots up to a green circle
        for step in range(7):
            x, y = 180 + step * 110, 560 - step * 55
            draw.ellipse([x - 18, y - 18, x + 18, y + 18], fill=blue)
        draw.ellipse([900, 80, 1080, 260], fill=green)
    elif number == 3:  # two parallel lines
        draw.line([(150, 270), (1050, 270)], fill=blue, width=40)
        draw.line([(150, 405), (1050, 405)], fill=orange, width=40)
    elif number == 4:  # four people around a table
        draw.rounded_rectangle([450, 237, 750, 437], radius=30, fill=white, outline=blue, width=10)
        for x, y in [(600, 150), (600, 525), (360, 337), (840, 337)]:
            draw.ellipse([x - 55, y - 55, x + 55, y + 55], fill=green)
    elif number == 5:  # a balanced scale
        draw.line([(600, 130), (600, 560)], fill=blue, width=24)
        draw.line([(300, 200), (900, 200)], fill=blue, width=20)
        draw.rectangle([480, 545, 720, 585], fill=blue)
        for x in (300, 900):
            draw.line([(x, 200), (x - 90, 380)], fill=blue, width=6)
            draw.line([(x, 200), (x + 90, 380)], fill=blue, width=6)
            draw.chord([x - 120, 300, x + 120, 460], 0, 180, fill=orange)
    elif number == 6:  # three speech bubbles
        for (left, top), colour in zip(
            [(170, 140), (470, 300), (770, 140)], [blue, green, orange], strict=True
        ):
            draw.rounded_rectangle([left, top, left + 260, top + 170], radius=40, fill=colour)
            draw.polygon(
                [(left + 60, top + 160), (left + 120, top + 160), (left + 50, top + 230)], fill=colour
            )
    elif number == 7:  # a network
        dots = [
            (200, 200),
            (420, 120),
            (380, 420),
            (640, 300),
            (860, 150),
            (900, 480),
            (1040, 320),
            (600, 560),
        ]
        for a, b in [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (3, 5), (4, 6), (5, 6), (2, 7), (5, 7)]:
            draw.line([dots[a], dots[b]], fill=blue, width=8)
        for index, (x, y) in enumerate(dots):
            colour = [green, orange][index % 2]
            draw.ellipse([x - 32, y - 32, x + 32, y + 32], fill=colour)
    else:  # two puzzle pieces fitting together
        draw.rectangle([250, 200, 600, 475], fill=blue)
        draw.ellipse([555, 290, 655, 385], fill=blue)
        draw.rectangle([610, 200, 960, 475], fill=orange)
        draw.ellipse([600, 290, 700, 385], fill=blue)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer
