"""Load bilingual demo content about the programme. Safe to run twice: existing content is kept."""

import datetime
import io
import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from accounts.models import Organisation, Role
from home import demo_content
from home.models import FooterLinks, HomePage, StandardPage, ThemeIndexPage, ThemePage
from home.translation import translate_page

DEMO_PASSWORD_DEFAULT = "conecto-demo"  # noqa: S105 - a local demo login, printed on the console
DEMO_USERS = [
    # username, e-mail, group, superuser, organisation, role
    ("admin", "admin@example.org", None, True, Organisation.OTHER, Role.COORDINATOR),
    ("redaktor", "redaktor@example.org", "Editors", False, Organisation.MUNICIPALITY, Role.COORDINATOR),
    ("kommunikator", "kommunikator@example.org", "Communicators", False, Organisation.OTHER, Role.SPECIALIST),
]


class Command(BaseCommand):
    help = "Create bilingual (Swedish and English) demo content and demo logins. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even when DJANGO_ENV=production."
        )

    def handle(self, *args, **options):
        if os.environ.get("DJANGO_ENV") == "production" and not options["allow_production"]:
            raise CommandError("Refusing to load demo content in production (use --allow-production).")
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        with transaction.atomic():
            created = self.seed_pages()
            users = self.seed_users(password)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new pages)."))
        for username, _email, group, _superuser, _org, _role in users:
            who = "superuser" if group is None else group
            self.stdout.write(f"  Log in at /admin/ as {username} / {password} ({who})")

    # Pages -----------------------------------------------------------------------------------

    def seed_pages(self):
        home = HomePage.objects.filter(locale__language_code="sv").first()
        if home is None:
            raise CommandError("No Swedish home page: run `python manage.py migrate` first.")
        image = self.demo_image()
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

        themes, themes_created = self.seed_themes(home, image)
        created += themes_created
        created += self.seed_events(home, themes)

        site = Site.objects.get(is_default_site=True)
        footer = FooterLinks.for_site(site)
        if footer.accessibility_page_id is None or footer.privacy_page_id is None:
            footer.accessibility_page = pages["accessibility"]
            footer.privacy_page = pages["privacy"]
            footer.save()
        return created

    def seed_themes(self, home, image):
        """The theme index and one page per priority theme; returns {key: Swedish theme page}."""
        created = 0
        spec = demo_content.THEME_INDEX
        index = ThemeIndexPage.objects.filter(locale=home.locale).first()
        if index is None:
            index = ThemeIndexPage(
                title=spec["title"][0],
                slug=spec["slug"][0],
                introduction=spec["introduction"][0],
                show_in_menus=True,
            )
            home.add_child(instance=index)
            index.save_revision().publish()
            translate_page(index, "en", translations_for(spec))
            created += 2
        themes = {}
        for spec in demo_content.THEMES:
            theme = ThemePage.objects.child_of(index).filter(slug=spec["slug"][0]).first()
            if theme is None:
                theme = ThemePage(
                    title=spec["title"][0],
                    slug=spec["slug"][0],
                    introduction=spec["introduction"][0],
                )
                theme.body = build_body(spec["body"], {}, image)
                index.add_child(instance=theme)
                theme.save_revision().publish()
                translate_page(theme, "en", translations_for(spec))
                created += 2
            themes[spec["key"]] = theme
        return themes, created

    def seed_events(self, home, themes):
        """A calendar with recurring and single events, one cancelled and one moved date."""
        from accounts.models import Audience
        from events.models import EventDateException, EventIndexPage, EventPage

        created = 0
        spec = demo_content.CALENDAR
        calendar = EventIndexPage.objects.filter(locale=home.locale).first()
        if calendar is None:
            calendar = EventIndexPage(
                title=spec["title"][0],
                slug=spec["slug"][0],
                introduction=spec["introduction"][0],
                show_in_menus=True,
            )
            home.add_child(instance=calendar)
            calendar.save_revision().publish()
            translate_page(calendar, "en", translations_for(spec))
            created += 2
        today = datetime.date.today()
        for item in demo_content.EVENTS:
            if calendar.get_children().filter(slug=item["slug"][0]).exists():
                continue
            start_date = today + datetime.timedelta(days=item["days_from_now"])
            while start_date.weekday() >= 5:  # sessions run on weekdays
                start_date += datetime.timedelta(days=1)
            event = EventPage(
                title=item["title"][0],
                slug=item["slug"][0],
                introduction=item["introduction"][0],
                event_type=item["event_type"],
                event_format=item["event_format"],
                start_date=start_date,
                start_time=datetime.time(*item["start"]),
                end_time=datetime.time(*item["end"]),
                recurrence=item["rule"] or None,
                venue_name=item["venue_name"][0],
                organiser="Conecto+",
                online_url="https://meet.example.org/conecto" if item["event_format"] != "on_site" else "",
                status=item.get("status", "scheduled"),
            )
            theme_keys, audience_codes = demo_content.EVENT_TAGS.get(item["slug"][0], ([], []))
            event.themes = [themes[key] for key in theme_keys]
            event.audience = list(Audience.objects.filter(code__in=audience_codes))
            calendar.add_child(instance=event)
            strings = {
                item["title"][0]: item["title"][1],
                item["slug"][0]: item["slug"][1],
                item["introduction"][0]: item["introduction"][1],
                "Conecto+": "Conecto+",
                "https://meet.example.org/conecto": "https://meet.example.org/conecto",
            }
            if item["venue_name"][0]:
                strings[item["venue_name"][0]] = item["venue_name"][1]
            dates = [
                i.original_start.date()
                for i in event.expand(
                    until=datetime.datetime.combine(
                        start_date + datetime.timedelta(days=400), datetime.time(0)
                    )
                )
            ]
            if "cancel_occurrence" in item:
                EventDateException.objects.create(
                    event=event,
                    original_date=dates[item["cancel_occurrence"]],
                    kind="cancelled",
                    note=item["cancel_note"][0],
                )
                strings[item["cancel_note"][0]] = item["cancel_note"][1]
            if "move_occurrence" in item:
                original = dates[item["move_occurrence"]]
                EventDateException.objects.create(
                    event=event,
                    original_date=original,
                    kind="moved",
                    new_date=original + datetime.timedelta(days=1),
                    note=item["move_note"][0],
                )
                strings[item["move_note"][0]] = item["move_note"][1]
            event = EventPage.objects.get(pk=event.pk)
            event.save_revision().publish()
            translate_page(event, "en", strings)
            created += 2
        return created

    def demo_image(self):
        image_model = get_image_model()
        title = "Conecto+ – tre delar"
        existing = image_model.objects.filter(title=title).first()
        if existing:
            return existing
        return image_model.objects.create(
            title=title, file=ImageFile(three_circles_png(), name="tre-delar.png")
        )

    # Users -----------------------------------------------------------------------------------

    def seed_users(self, password):
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
                user.set_password(password)
                user.save()
                EmailAddress.objects.get_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        return DEMO_USERS


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
