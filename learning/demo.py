"""The demo site's learning paths and a staff member who follows two of them.

Registered with home's ``register_demo_content`` hook in learning/wagtail_hooks.py (see home/demo.py),
after the events it uses. Each text is a (Swedish, English) pair, as in home/demo_content.py. The
introductions follow the programme's own description of its three parts and priority themes.
"""

import datetime as dt
import io
import uuid

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model

from accounts.models import Audience, Organisation, Role
from events.models import EventPage
from home.demo import section_index
from home.translation import translate_page

from . import progress_store
from .models import AudienceRole, LearningPathIndexPage, LearningPathPage

PATH_INDEX = {
    "key": "learning_paths",
    "title": ("Lärvägar", "Learning paths"),
    "slug": ("larvagar", "learning-paths"),
    "introduction": (
        "Teman i följd: kunskapsseminarier, fördjupningsmoduler, handledning och material att läsa. "
        "Följ en lärväg och se vad som är nästa steg.",
        "Themes in order: knowledge seminars, in-depth modules, supervision and material to read. "
        "Follow a learning path and see what comes next.",
    ),
    "body": [],
}

DOCUMENT = {
    "title": "Checklista: jämställt och icke-diskriminerande bemötande",
    "file_name": "checklista-jamstallt-bemotande.pdf",
    "lines": [
        "Checklista: jämställt och icke-diskriminerande bemötande",
        "1. Vem får komma till tals i mötet, och hur länge?",
        "2. Ställer jag samma frågor om arbete och försörjning till alla?",
        "3. Är informationen tillgänglig: lätt svenska, tolk, digitalt och på plats?",
        "4. Har deltagaren varit med och formulerat målen?",
    ],
}
EXTERNAL_LINK = "https://www.esf.se/"

# A step: (kind, fields). Session steps name their event by its Swedish demo slug (events/demo.py);
# material names a standard page (home/demo_content.py key), the demo document or the external link.
# "prerequisite" is the position of an earlier step of the same path.
PATHS = [
    {
        "title": ("Supported Employment i praktiken", "Supported Employment in practice"),
        "slug": ("supported-employment-i-praktiken", "supported-employment-in-practice"),
        "introduction": (
            "Trots att det finns god kunskap om välfungerande metoder tillämpas de inte i tillräckligt hög "
            "utsträckning. Lärvägen tar dig från ett seminarium om Matchning från dag 1, genom en "
            "fördjupningsmodul i Supported Employment, till handledning där du omsätter metoden i ditt "
            "dagliga arbete.",
            "Although much is known about methods that work, they are not applied widely enough. This path "
            "takes you from a seminar on Matchning från dag 1, through an in-depth module on Supported "
            "Employment, to supervision where you put the method into practice in your daily work.",
        ),
        "themes": ["methods"],
        "audience": [Organisation.ARBETSFORMEDLINGEN, Organisation.MUNICIPALITY],
        "roles": [Role.CASEWORKER],
        "featured": True,
        "steps": [
            (
                "material",
                {
                    "title": ("Läs om programmets tre delar", "Read about the programme's three parts"),
                    "description": (
                        "Seminarier, fördjupning och handledning: så hänger Conecto+ ihop.",
                        "Seminars, in-depth modules and supervision: how Conecto+ fits together.",
                    ),
                    "page": "about",
                    "effort_hours": "0.5",
                },
            ),
            ("seminar", {"event": "seminarium-matchning-fran-dag-1", "effort_hours": "2", "prerequisite": 0}),
            (
                "module",
                {
                    "event": "fordjupningsmodul-supported-employment",
                    "dates_needed": "number",
                    "number_of_dates": 4,
                    "effort_hours": "18",
                },
            ),
            (
                "supervision",
                {
                    "event": "handledningsgrupp-supported-employment",
                    "dates_needed": "number",
                    "number_of_dates": 3,
                    "effort_hours": "4.5",
                    "required": False,
                },
            ),
        ],
    },
    {
        "title": ("Samverkan för individen", "Collaboration for the individual"),
        "slug": ("samverkan-for-individen", "collaboration-for-the-individual"),
        "introduction": (
            "Personer som har svårare att få och behålla ett arbete behöver samordnat stöd från flera aktörer. "
            "Lärvägen ger en gemensam kunskapsbas om samverkan, helhets- och medborgarperspektiv och om hur "
            "parallella insatser ger goda effekter.",
            "People who find it harder to get and keep a job need coordinated support from several actors. "
            "This path builds a shared knowledge base on collaboration, a holistic and citizen perspective, "
            "and how parallel support produces good results.",
        ),
        "themes": ["collaboration", "methods"],
        "audience": [],
        "roles": [],
        "featured": True,
        "steps": [
            (
                "material",
                {
                    "title": ("Europeiska socialfonden i Sverige", "The European Social Fund in Sweden"),
                    "description": (
                        "Om ESF+, som medfinansierar Conecto+.",
                        "About ESF+, which co-funds Conecto+.",
                    ),
                    "url": EXTERNAL_LINK,
                    "effort_hours": "0.5",
                },
            ),
            (
                "group",
                {
                    "title": ("Välj två av dessa", "Choose two of these"),
                    "minimum": 2,
                    "steps": [
                        ("seminar", {"event": "seminarium-bip", "effort_hours": "2.5"}),
                        ("seminar", {"event": "seminarium-matchning-fran-dag-1", "effort_hours": "2"}),
                        (
                            "supervision",
                            {"event": "handledningsgrupp-supported-employment", "effort_hours": "1.5"},
                        ),
                    ],
                },
            ),
        ],
    },
    {
        "title": (
            "Jämställt och icke-diskriminerande bemötande",
            "Equal and non-discriminatory encounters",
        ),
        "slug": ("jamstallt-bemotande", "equal-encounters"),
        "introduction": (
            "Att ändra attityder och förhållningssätt motverkar diskriminering på arbetsmarknaden och främjar "
            "social inkludering. Lärvägen handlar om jämställdhet, tillgänglighet och icke-diskriminering och "
            "om metoder för deltagarinvolvering.",
            "Changing attitudes and approaches counters discrimination in the labour market and promotes social "
            "inclusion. This path is about gender equality, accessibility and non-discrimination, and about "
            "methods for involving participants.",
        ),
        "themes": ["equality", "involvement"],
        "audience": [],
        "roles": [],
        "featured": False,
        "steps": [
            (
                "material",
                {
                    "title": ("Checklista för bemötande", "A checklist for encounters"),
                    "description": (
                        "Fyra frågor att ställa sig inför varje möte.",
                        "Four questions to ask yourself before every meeting.",
                    ),
                    "document": True,
                    "effort_hours": "0.5",
                },
            ),
            ("seminar", {"event": "temadag-jamstalldhet", "effort_hours": "6"}),
            (
                "material",
                {
                    "title": (
                        "Så arbetar webbplatsen med tillgänglighet",
                        "How this website works on accessibility",
                    ),
                    "description": ("", ""),
                    "page": "accessibility",
                    "required": False,
                },
            ),
        ],
    },
]

STAFF = {
    "username": "deltagare",
    "email": "deltagare@example.org",
    "first_name": "Lisa",
    "last_name": "Berg",
    "organisation": Organisation.MUNICIPALITY,
    "organisation_name": "Haninge kommun",
    "role": Role.CASEWORKER,
}


def seed_learning(demo):
    """The path index, three paths in both languages and the demo staff member; returns pages made."""
    home = demo.homes["sv"]
    index, created = section_index(home, LearningPathIndexPage, PATH_INDEX)
    events = {
        event.slug: event
        for event in EventPage.objects.filter(locale=home.locale, slug__in=list(event_slugs()))
    }
    document = demo_document()
    paths = []
    for spec in PATHS:
        path = LearningPathPage.objects.child_of(index).filter(slug=spec["slug"][0]).first()
        if path is None:
            path = make_path(index, spec, events, demo, document)
            created += 2
        paths.append(path)
    seed_staff_member(demo, paths)
    return created


def event_slugs(steps=None):
    for kind, fields in steps if steps is not None else [s for p in PATHS for s in p["steps"]]:
        if kind == "group":
            yield from event_slugs(fields["steps"])
        elif "event" in fields:
            yield fields["event"]


def make_path(index, spec, events, demo, document):
    strings = {spec["title"][0]: spec["title"][1], spec["slug"][0]: spec["slug"][1]}
    strings[spec["introduction"][0]] = spec["introduction"][1]
    steps = build_steps(spec["steps"], events, demo, document, strings)
    path = LearningPathPage(
        title=spec["title"][0],
        slug=spec["slug"][0],
        introduction=spec["introduction"][0],
        featured=spec["featured"],
        steps=steps,
    )
    path.themes = [demo.themes[key] for key in spec["themes"]]
    path.audience = list(Audience.objects.filter(code__in=spec["audience"]))
    path.roles = list(AudienceRole.objects.filter(code__in=spec["roles"]))
    index.add_child(instance=path)
    path.save_revision().publish()
    translate_page(path, "en", strings)
    return LearningPathPage.objects.get(pk=path.pk)


def build_steps(specs, events, demo, document, strings, in_group=False):
    """The raw StreamField data of a list of step specs, adding their texts to ``strings``."""
    steps = []
    for kind, fields in specs:
        step_id = str(uuid.uuid4())
        if kind == "group":
            strings[fields["title"][0]] = fields["title"][1]
            value = {
                "title": fields["title"][0],
                "minimum": fields["minimum"],
                "steps": build_steps(fields["steps"], events, demo, document, strings, in_group=True),
            }
        else:
            prerequisite = fields.get("prerequisite")
            value = {
                "effort_hours": fields.get("effort_hours"),
                "prerequisite": steps[prerequisite]["id"] if prerequisite is not None else "",
            }
            if not in_group:
                value["required"] = fields.get("required", True)
            if kind == "material":
                value.update(
                    title=fields["title"][0],
                    description=fields["description"][0],
                    page=demo.pages[fields["page"]].pk if "page" in fields else None,
                    document=document.pk if fields.get("document") else None,
                    url=fields.get("url", ""),
                )
                strings[fields["title"][0]] = fields["title"][1]
                if fields["description"][0]:
                    strings[fields["description"][0]] = fields["description"][1]
            else:
                value.update(
                    event=events[fields["event"]].pk,
                    dates_needed=fields.get("dates_needed", "one"),
                    number_of_dates=fields.get("number_of_dates"),
                )
        steps.append({"type": kind, "id": step_id, "value": value})
    return steps


def demo_document():
    """A one-page PDF checklist, drawn here so the demo ships no third-party files."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=DOCUMENT["title"]).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (1240, 1754), "#ffffff")
    draw = ImageDraw.Draw(canvas)
    for number, line in enumerate(DOCUMENT["lines"]):
        draw.text((120, 160 + number * 80), line, fill="#1f1f1f", font_size=36 if number else 44)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PDF", resolution=150)
    return document_model.objects.create(
        title=DOCUMENT["title"], file=ContentFile(buffer.getvalue(), name=DOCUMENT["file_name"])
    )


def seed_staff_member(demo, paths):
    """A verified staff account that follows the first two paths, with some steps done."""
    user, created = get_user_model().objects.get_or_create(
        username=STAFF["username"],
        defaults={key: value for key, value in STAFF.items() if key != "username"},
    )
    if created:
        user.set_password(demo.password)
        # She has been in the programme for a while: dates held before an account existed can never
        # be self-reported (learning/progress.py), and the past seminar below is one she attended.
        user.date_joined = timezone.now() - dt.timedelta(days=365)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=STAFF["email"], defaults={"verified": True, "primary": True}
    )
    supported_employment, collaboration = paths[0], paths[1]
    # Read the introduction of the first path; attended the BIP seminar (past) in the second's group.
    progress_store.mark_done(user, supported_employment, supported_employment.steps.raw_data[0]["id"])
    progress_store.follow(user, collaboration)
    group = next(block for block in collaboration.steps.raw_data if block["type"] == "group")
    progress_store.mark_done(user, collaboration, group["value"]["steps"][0]["id"])
    demo.logins.append((STAFF["email"], "staff member following two learning paths", "/sv/accounts/login/"))
