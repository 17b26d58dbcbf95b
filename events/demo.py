"""The calendar of the demo site: recurring and single events, one cancelled and one moved date.

Registered with home's ``register_demo_content`` hook in events/wagtail_hooks.py (see home/demo.py).
Each text is a (Swedish, English) pair, as in home/demo_content.py.
"""

import datetime

from accounts.models import Audience
from home.demo import section_index
from home.translation import translate_page

from .models import EventDateException, EventFormat, EventIndexPage, EventPage, EventStatus

CALENDAR = {
    "key": "calendar",
    "title": ("Kalender", "Calendar"),
    "slug": ("kalender", "calendar"),
    "introduction": (
        "Kunskapsseminarier, fördjupningsmoduler och handledning i Conecto+.",
        "Knowledge seminars, in-depth modules and supervision in Conecto+.",
    ),
    "body": [],
}

# Each event: its type and format, the first date `days_from_now` (moved to the next weekday), start and
# end time, its rule, its venue, and optionally a cancelled or moved date (by index into its dates).
EVENTS = [
    {
        "title": (
            "Handledningsgrupp: Supported Employment i praktiken",
            "Supervision group: Supported Employment in practice",
        ),
        "slug": ("handledningsgrupp-supported-employment", "supervision-group-supported-employment"),
        "introduction": (
            "Varannan vecka träffas handläggare och coacher för att diskutera ärenden och omsätta metoden i vardagen.",
            "Every other week caseworkers and coaches meet to discuss cases and put the method into practice.",
        ),
        "event_type": "supervision",
        "event_format": EventFormat.ON_SITE,
        "days_from_now": -14,
        "start": (18, 0),
        "end": (19, 30),
        "rule": "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=12",
        "venue_name": (
            "Samordningsförbundet Östra Södertörn, Haninge",
            "Samordningsförbundet Östra Södertörn, Haninge",
        ),
        "cancel_occurrence": 3,
        "cancel_note": ("Inställt på grund av sjukdom.", "Cancelled due to illness."),
    },
    {
        "title": (
            "Fördjupningsmodul: Supported Employment, sex träffar",
            "In-depth module: Supported Employment, six sessions",
        ),
        "slug": ("fordjupningsmodul-supported-employment", "in-depth-module-supported-employment"),
        "introduction": (
            "En fördjupning i IPS-modellen över sex träffar, med övningar mellan gångerna.",
            "An in-depth course on the IPS model over six sessions, with exercises in between.",
        ),
        "event_type": "module",
        "event_format": EventFormat.HYBRID,
        "days_from_now": 5,
        "start": (9, 0),
        "end": (12, 0),
        "rule": "RRULE:FREQ=WEEKLY;COUNT=6",
        "venue_name": ("Region Stockholm, Hantverkargatan", "Region Stockholm, Hantverkargatan"),
        "move_occurrence": 2,
        "move_note": ("Flyttad en dag på grund av helgdag.", "Moved one day because of a public holiday."),
    },
    {
        "title": ("Kunskapsseminarium: Matchning från dag 1", "Knowledge seminar: Matchning från dag 1"),
        "slug": ("seminarium-matchning-fran-dag-1", "seminar-matchning-fran-dag-1"),
        "introduction": (
            "Ett digitalt seminarium om att matcha mot arbete redan från första dagen.",
            "An online seminar about matching people to jobs from the very first day.",
        ),
        "event_type": "seminar",
        "event_format": EventFormat.ONLINE,
        "days_from_now": 12,
        "start": (13, 0),
        "end": (15, 0),
        "rule": "",
        "venue_name": ("", ""),
    },
    {
        "title": ("Nätverksträff: samverkan i länet", "Network meeting: collaboration in the county"),
        "slug": ("natverkstraff-samverkan", "network-meeting-collaboration"),
        "introduction": (
            "En gång i månaden träffas samordnare från förbunden för att dela erfarenheter.",
            "Once a month coordinators from the associations meet to share experiences.",
        ),
        "event_type": "other",
        "event_format": EventFormat.ONLINE,
        "days_from_now": 3,
        "start": (14, 0),
        "end": (15, 30),
        "rule": "RRULE:FREQ=MONTHLY",
        "venue_name": ("", ""),
    },
]

EVENTS += [
    {
        "title": (
            "Kunskapsseminarium: BIP och parallella insatser",
            "Knowledge seminar: BIP and parallel support",
        ),
        "slug": ("seminarium-bip", "seminar-bip"),
        "introduction": (
            "Vad säger forskningen om BIP, och hur kan parallella insatser ge bättre effekt?",
            "What does research say about BIP, and how can parallel support work better?",
        ),
        "event_type": "seminar",
        "event_format": EventFormat.ON_SITE,
        "days_from_now": -40,
        "start": (9, 30),
        "end": (12, 0),
        "rule": "",
        "venue_name": ("Stockholms stadshus", "Stockholm City Hall"),
    },
    {
        # Held online in the past: its two dates' attendance comes from a Teams and a Zoom report.
        "title": (
            "Digitalt kunskapsseminarium: Case Management i samverkan",
            "Digital knowledge seminar: Case Management in collaboration",
        ),
        "slug": ("digitalt-seminarium-case-management", "digital-seminar-case-management"),
        "introduction": (
            "Två digitala träffar om samordnad individuell planering och Case Management.",
            "Two online sessions on coordinated individual planning and Case Management.",
        ),
        "event_type": "seminar",
        "event_format": EventFormat.ONLINE,
        "days_from_now": -21,
        "start": (13, 0),
        "end": (14, 30),
        "rule": "RRULE:FREQ=WEEKLY;COUNT=2",
        "venue_name": ("", ""),
    },
    {
        "title": (
            "Temadag: jämställdhet och icke-diskriminering",
            "Theme day: gender equality and non-discrimination",
        ),
        "slug": ("temadag-jamstalldhet", "theme-day-gender-equality"),
        "introduction": (
            "Temadagen är inställd. Vi återkommer med ett nytt datum.",
            "The theme day is cancelled. We will announce a new date.",
        ),
        "event_type": "seminar",
        "event_format": EventFormat.HYBRID,
        "days_from_now": 20,
        "start": (9, 0),
        "end": (16, 0),
        "rule": "",
        "venue_name": ("Folkets hus, Södertälje", "Folkets hus, Södertälje"),
        "status": EventStatus.CANCELLED,
    },
    {
        # Held in the spring: its participants are asked the follow-up question ninety days after their
        # last date (followup/demo.py gives the demo their answers).
        "title": (
            "Fördjupningsmodul: Motiverande samtal, fyra träffar",
            "In-depth module: Motivational interviewing, four sessions",
        ),
        "slug": ("fordjupningsmodul-motiverande-samtal", "in-depth-module-motivational-interviewing"),
        "introduction": (
            "Fyra träffar om motiverande samtal i mötet med deltagare, med övningar mellan gångerna.",
            "Four sessions on motivational interviewing with participants, with exercises in between.",
        ),
        "event_type": "module",
        "event_format": EventFormat.ON_SITE,
        "days_from_now": -130,
        "start": (9, 0),
        "end": (12, 0),
        "rule": "RRULE:FREQ=WEEKLY;COUNT=4",
        "venue_name": ("Haninge kulturhus", "Haninge Culture House"),
    },
]

# Which themes (by key) and audiences (organisation codes) each demo event is tagged with, by Swedish slug.
EVENT_TAGS = {
    "handledningsgrupp-supported-employment": (["methods"], ["arbetsformedlingen", "municipality"]),
    "fordjupningsmodul-supported-employment": (["methods"], ["arbetsformedlingen", "municipality"]),
    "seminarium-matchning-fran-dag-1": (["methods", "collaboration"], []),
    "natverkstraff-samverkan": (["collaboration"], ["municipality", "region_stockholm", "civil_society"]),
    "seminarium-bip": (["methods"], ["forsakringskassan", "arbetsformedlingen"]),
    "temadag-jamstalldhet": (["equality", "involvement"], []),
    "digitalt-seminarium-case-management": (["methods", "collaboration"], []),
    "fordjupningsmodul-motiverande-samtal": (
        ["methods", "involvement"],
        ["municipality", "arbetsformedlingen"],
    ),
}


def seed_events(demo):
    """The calendar and its events, tagged with the demo themes; returns the number of pages made."""
    home = demo.homes["sv"]
    calendar, created = section_index(home, EventIndexPage, CALENDAR)
    today = datetime.date.today()
    for item in EVENTS:
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
            online_url="https://meet.example.org/conecto"
            if item["event_format"] != EventFormat.ON_SITE
            else "",
            status=item.get("status", "scheduled"),
        )
        theme_keys, audience_codes = EVENT_TAGS.get(item["slug"][0], ([], []))
        event.themes = [demo.themes[key] for key in theme_keys]
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
                until=datetime.datetime.combine(start_date + datetime.timedelta(days=400), datetime.time(0))
            )
        ]
        if "cancel_occurrence" in item:
            EventDateException.objects.create(
                event=event,
                original_date=dates[item["cancel_occurrence"]],
                kind=EventDateException.Kind.CANCELLED,
                note=item["cancel_note"][0],
            )
            strings[item["cancel_note"][0]] = item["cancel_note"][1]
        if "move_occurrence" in item:
            original = dates[item["move_occurrence"]]
            EventDateException.objects.create(
                event=event,
                original_date=original,
                kind=EventDateException.Kind.MOVED,
                new_date=original + datetime.timedelta(days=1),
                note=item["move_note"][0],
            )
            strings[item["move_note"][0]] = item["move_note"][1]
        event = EventPage.objects.get(pk=event.pk)
        event.save_revision().publish()
        translate_page(event, "en", strings)
        created += 2
    return created
