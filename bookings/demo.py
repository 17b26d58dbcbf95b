"""Demo bookings: sign-up on this site for several demo events, people booked by the demo staff (the
demo login ``deltagare@example.org`` among them), one full date with a waiting list, an in-depth
module booked as a series, a request awaiting approval, and an organiser login.

Registered with home's ``register_demo_content`` hook (bookings/wagtail_hooks.py) after the events,
the learning paths' staff member and the demo users. Everything goes through the services, so the
counters, the history and the mails are the real ones; safe to run twice (a second booking of the
same person is refused as already booked, and events already taking sign-ups are left as they are).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Organisation, Role
from events.models import EventPage, OccurrenceStatus, SignupMode

from . import services

ORGANISER = {
    "username": "arrangor",
    "email": "arrangor@example.org",
    "first_name": "Karin",
    "last_name": "Åberg",
    "organisation": Organisation.OTHER,
    "organisation_name": "Samordningsförbundet Östra Södertörn",
    "role": Role.COORDINATOR,
}

# Demo participants besides ``deltagare`` (learning/demo.py makes that one, with the demo password).
# They cannot log in: they are there so the lists show something real.
PEOPLE = [
    ("anna.lind", "Anna", "Lind", Organisation.MUNICIPALITY, "Nynäshamns kommun"),
    ("omar.hassan", "Omar", "Hassan", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Haninge"),
    ("maria.svensson", "Maria", "Svensson", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn"),
    ("johan.ek", "Johan", "Ek", Organisation.REGION_STOCKHOLM, "Psykiatri Södra Stockholm"),
    ("sofia.nilsson", "Sofia", "Nilsson", Organisation.PRIVATE_PROVIDER, "Jobbcoach Syd AB"),
    ("erik.holm", "Erik", "Holm", Organisation.CIVIL_SOCIETY, "Föreningen Steget"),
]
STAFF_LOGIN = "deltagare"

# By the events' Swedish demo slug (events/demo.py): the sign-up settings, and who books (in order:
# the first ``capacity`` get places, the rest wait).
EVENTS = {
    # One full date with a waiting list; it asks about adjustments.
    "seminarium-matchning-fran-dag-1": {
        "settings": {"capacity": 4, "asks_adjustments": True},
        "people": ["deltagare", "anna.lind", "omar.hassan", "maria.svensson", "johan.ek", "sofia.nilsson"],
        "adjustments": {"anna.lind": "Hörslinga i lokalen, tack."},
    },
    # The in-depth module: its six dates belong together and are booked as a series.
    "fordjupningsmodul-supported-employment": {
        "settings": {"capacity": 12, "books_whole_series": True},
        "people": ["deltagare", "erik.holm", "johan.ek"],
    },
    # The supervision group: the next date, a few people.
    "handledningsgrupp-supported-employment": {
        "settings": {"capacity": 10},
        "people": ["anna.lind", "sofia.nilsson"],
    },
    # The network meeting: the organiser approves each place.
    "natverkstraff-samverkan": {
        "settings": {"capacity": 25, "requires_approval": True},
        "people": ["omar.hassan"],
    },
}


def seed_bookings(demo):
    """Sign-up, people and bookings for the demo events; makes no pages (returns 0)."""
    people = demo_people(demo)
    for slug, spec in EVENTS.items():
        event = EventPage.objects.live().filter(slug=slug, locale__language_code="sv").first()
        if event is None:
            continue
        event = turn_on_signup(event, spec["settings"])
        date = next_bookable_date(event)
        if date is None:
            continue
        for username in spec["people"]:
            person = people.get(username)
            if person is not None:
                services.book(
                    person,
                    event,
                    [date.original_start],
                    language="sv",
                    adjustments=spec.get("adjustments", {}).get(username, ""),
                )
    return 0


def demo_people(demo):
    User = get_user_model()
    people = {}
    for username, first_name, last_name, organisation, organisation_name in PEOPLE:
        person, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "first_name": first_name,
                "last_name": last_name,
                "organisation": organisation,
                "organisation_name": organisation_name,
                "role": Role.CASEWORKER,
            },
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
        people[username] = person
    staff = User.objects.filter(username=STAFF_LOGIN).first()
    if staff is not None:
        people[STAFF_LOGIN] = staff
    organiser, created = User.objects.get_or_create(
        username=ORGANISER["username"], defaults={k: v for k, v in ORGANISER.items() if k != "username"}
    )
    if created:
        organiser.set_password(demo.password)
        organiser.save(update_fields=["password"])
        organiser.groups.add(Group.objects.get(name="Organisers"))
    if not any(login[0] == ORGANISER["username"] for login in demo.logins):
        demo.logins.append((ORGANISER["username"], "Organisers: bookings in the admin"))
    return people


def turn_on_signup(event, settings):
    """Sign-up on this site with the demo's settings, published (and so copied to the translation)."""
    if event.signup == SignupMode.SITE:
        return event
    event.signup = SignupMode.SITE
    for name, value in settings.items():
        setattr(event, name, value)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def next_bookable_date(event):
    return (
        event.occurrences.filter(start__gt=timezone.now())
        .exclude(status=OccurrenceStatus.CANCELLED)
        .order_by("start")
        .first()
    )
