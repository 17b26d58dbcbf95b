"""Demo evaluations: the default questionnaire in both languages, and the answers of the demo's
participants, so the funder's reports and the admin's results show real figures.

Registered with home's ``register_demo_content`` hook (followup/wagtail_hooks.py) after the events,
the bookings and the attendance. Forty-four demo participants of every organisation type (they
cannot log in) book the demo's past dates through the bookings services, have their attendance
recorded as an organiser would, and answer through followup/services.py: the evaluation a day after
their date, and the follow-up question ninety-one days after their last date of the spring's
in-depth module; some who missed the module ask to hear about its next round. So every answer has its respondent, once per person, exactly as real answers do.
The supervision group's past date gets three answers, a group the results hide.

Safe to run twice: people already booked on an event are not booked again, and a second answer is
refused by the services as it would be for anyone.
"""

import datetime as dt
import random
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import Gender, Organisation, Role
from bookings import attendance, interest
from bookings import services as bookings
from bookings.demo import ORGANISER, turn_on_signup
from bookings.models import Booking, BookingState, SessionDate
from events.models import EventPage, OccurrenceStatus

from . import asking, services
from .models import Kind, Questionnaire, Usage

QUESTIONNAIRE = {
    "sv": {
        "name": "Programmets utvärdering",
        "introduction": "Conecto+ följer upp vad deltagarna kan omsätta i sitt arbete. Dina svar hjälper oss "
        "att göra nästa tillfälle bättre och redovisas till ESF+ utan namn.",
    },
    "en": {
        "name": "The programme's evaluation",
        "introduction": "Conecto+ follows up what participants can apply in their work. Your answers help us "
        "make the next session better and are reported to ESF+ without names.",
    },
}
COMMENTS = [
    "Bra blandning av teori och exempel från verkligheten.",
    "Jag hade velat ha mer tid för diskussion i grupp.",
    "Tydligt upplägg, och materialet går att använda direkt.",
    "Mycket användbart för mitt arbete med deltagare.",
    "Lite för mycket på för kort tid.",
    "Bra att träffa kollegor från andra organisationer.",
]
FOLLOW_UP_COMMENTS = [
    "Stödet från min chef gjorde att vi kunde prova arbetssättet.",
    "Tiden räcker inte till i vardagen.",
    "Handledningen hjälpte mig att komma igång.",
]
# (first name, last name, organisation type, member organisation, gender): the demo's participants.
PARTICIPANTS = [
    ("Lena", "Berg", Organisation.MUNICIPALITY, "Haninge kommun", Gender.WOMAN),
    ("Ahmed", "Ali", Organisation.MUNICIPALITY, "Haninge kommun", Gender.MAN),
    ("Karin", "Sjöberg", Organisation.MUNICIPALITY, "Nynäshamns kommun", Gender.WOMAN),
    ("Peter", "Ström", Organisation.MUNICIPALITY, "Tyresö kommun", Gender.NOT_SAID),
    ("Elin", "Åkesson", Organisation.MUNICIPALITY, "Haninge kommun", Gender.WOMAN),
    ("Mikael", "Öberg", Organisation.MUNICIPALITY, "Nynäshamns kommun", Gender.MAN),
    ("Fatima", "Yusuf", Organisation.MUNICIPALITY, "Tyresö kommun", Gender.WOMAN),
    ("Jonas", "Lund", Organisation.MUNICIPALITY, "Haninge kommun", Gender.MAN),
    ("Sara", "Engström", Organisation.MUNICIPALITY, "Tyresö kommun", Gender.WOMAN),
    ("Ida", "Hellström", Organisation.MUNICIPALITY, "Nynäshamns kommun", Gender.ANOTHER),
    ("Nils", "Wikström", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Haninge", Gender.MAN),
    ("Amina", "Hussein", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Haninge", Gender.WOMAN),
    ("Oskar", "Lindqvist", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Tyresö", Gender.MAN),
    ("Hanna", "Nyström", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Haninge", Gender.WOMAN),
    ("Erik", "Bergqvist", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Tyresö", Gender.NOT_SAID),
    ("Maja", "Forsberg", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Haninge", Gender.WOMAN),
    ("David", "Persson", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Haninge", Gender.MAN),
    ("Linnea", "Håkansson", Organisation.ARBETSFORMEDLINGEN, "Arbetsförmedlingen Tyresö", Gender.WOMAN),
    ("Johanna", "Sandberg", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn", Gender.WOMAN),
    ("Ali", "Rahimi", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn", Gender.MAN),
    ("Therese", "Björk", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn", Gender.WOMAN),
    ("Anders", "Mattsson", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn", Gender.MAN),
    ("Emma", "Löfgren", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn", Gender.NOT_SAID),
    ("Sanna", "Jakobsson", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn", Gender.WOMAN),
    ("Viktor", "Åström", Organisation.FORSAKRINGSKASSAN, "Försäkringskassan Södertörn", Gender.MAN),
    ("Malin", "Ek", Organisation.REGION_STOCKHOLM, "Psykiatri Södra Stockholm", Gender.WOMAN),
    ("Daniel", "Norberg", Organisation.REGION_STOCKHOLM, "Psykiatri Södra Stockholm", Gender.MAN),
    ("Leila", "Karimi", Organisation.REGION_STOCKHOLM, "Beroendecentrum Stockholm", Gender.WOMAN),
    ("Henrik", "Sundberg", Organisation.REGION_STOCKHOLM, "Psykiatri Södra Stockholm", Gender.MAN),
    ("Cecilia", "Holmgren", Organisation.REGION_STOCKHOLM, "Beroendecentrum Stockholm", Gender.WOMAN),
    ("Pontus", "Falk", Organisation.REGION_STOCKHOLM, "Psykiatri Södra Stockholm", Gender.NOT_SAID),
    ("Nora", "Blom", Organisation.REGION_STOCKHOLM, "Beroendecentrum Stockholm", Gender.WOMAN),
    ("Tobias", "Dahl", Organisation.PRIVATE_PROVIDER, "Jobbcoach Syd AB", Gender.MAN),
    ("Rebecka", "Lundin", Organisation.PRIVATE_PROVIDER, "Jobbcoach Syd AB", Gender.WOMAN),
    ("Samir", "Haddad", Organisation.PRIVATE_PROVIDER, "Steg framåt AB", Gender.MAN),
    ("Julia", "Axelsson", Organisation.PRIVATE_PROVIDER, "Jobbcoach Syd AB", Gender.WOMAN),
    ("Marcus", "Strand", Organisation.PRIVATE_PROVIDER, "Steg framåt AB", Gender.NOT_SAID),
    ("Eva", "Lindgren", Organisation.CIVIL_SOCIETY, "Föreningen Steget", Gender.WOMAN),
    ("Yasmin", "Osman", Organisation.CIVIL_SOCIETY, "Stockholms stadsmission", Gender.WOMAN),
    ("Gustav", "Hedlund", Organisation.CIVIL_SOCIETY, "Föreningen Steget", Gender.MAN),
    ("Agnes", "Wallin", Organisation.CIVIL_SOCIETY, "Stockholms stadsmission", Gender.WOMAN),
    ("Patrik", "Söderberg", Organisation.CIVIL_SOCIETY, "Föreningen Steget", Gender.MAN),
    # A small group: the reports hide it.
    ("Britt", "Östlund", Organisation.OTHER, "Samordningsförbundet Östra Södertörn", Gender.WOMAN),
    ("Kim", "Larsson", Organisation.OTHER, "Samordningsförbundet Östra Södertörn", Gender.NOT_SAID),
]

# Who books which past dates, by index into PARTICIPANTS: the spring's module (all four dates, as a
# series), the BIP seminar, both dates of the digital Case Management seminar, and the supervision
# group's last past date (the one bookings/demo_attendance.py took the roster of).
MODULE = "fordjupningsmodul-motiverande-samtal"
SUPERVISION = "handledningsgrupp-supported-employment"
PLAN = {
    MODULE: {"settings": {"capacity": 30, "books_whole_series": True}, "people": range(0, 24)},
    "seminarium-bip": {"settings": {"capacity": 30}, "people": range(12, 36)},
    "digitalt-seminarium-case-management": {"settings": {"capacity": 50}, "people": range(24, 44)},
    SUPERVISION: {"settings": {"capacity": 10}, "people": range(36, 40), "last_date_only": True},
}
# One date few answered: the Case Management seminar's last date, three answers, which the results
# hide (FOLLOWUP_MIN_GROUP).
SMALL_DATE = ("digitalt-seminarium-case-management", 3)
BOOKED_BEFORE = dt.timedelta(days=10)
ANSWERED_AFTER = dt.timedelta(days=1)  # the evaluation, after the date's end
FOLLOWED_UP_AFTER = dt.timedelta(days=91)  # the follow-up, after the last attended date's end
DEMO_LOGIN = "deltagare"  # the demo's own login keeps its questions open on "My learning"
# Who missed the spring's module and asked to hear about its next round ("tell me about new dates").
ASKED_FOR_NEW_DATES = range(24, 36)
ANSWER_RATE = 0.85  # of the people who attended a date, this share evaluates it
FOLLOW_UP_RATE = 0.7  # of the module's participants, this share answers the follow-up


def seed_questionnaire(demo):
    swedish = Questionnaire.objects.filter(locale__language_code="sv", is_default=True).first()
    if swedish is None:
        swedish = Questionnaire.objects.create(
            locale=Locale.objects.get(language_code="sv"), is_default=True, **QUESTIONNAIRE["sv"]
        )
    english_locale = Locale.objects.filter(language_code="en").first()
    if english_locale and swedish.get_translation_or_none(english_locale) is None:
        english = swedish.copy_for_translation(english_locale)
        english.name = QUESTIONNAIRE["en"]["name"]
        english.introduction = QUESTIONNAIRE["en"]["introduction"]
        english.save()


def _chance(*parts):
    """The same draw for the same person and date on every run and machine (safe to run twice)."""
    return random.Random("|".join(str(part) for part in parts))  # noqa: S311 - demo figures


def username(first, last):
    return f"{first}.{last}".lower().translate(str.maketrans("åäöé", "aaoe"))


def demo_participants():
    """The demo participants in PARTICIPANTS' order, made where missing (no usable password)."""
    User = get_user_model()
    names = [username(first, last) for first, last, *_rest in PARTICIPANTS]
    existing = {user.username: user for user in User.objects.filter(username__in=names)}
    people = []
    for name, (first, last, organisation, member, gender) in zip(names, PARTICIPANTS, strict=True):
        if name not in existing:
            existing[name] = User.objects.create(
                username=name,
                email=f"{name}@example.org",
                password=make_password(None),
                first_name=first,
                last_name=last,
                organisation=organisation,
                organisation_name=member,
                role=Role.CASEWORKER,
                gender=gender,
            )
        people.append(existing[name])
    return people


def _past_dates(event, last_only=False):
    dates = list(
        event.occurrences.filter(end__lt=timezone.now())
        .exclude(status=OccurrenceStatus.CANCELLED)
        .order_by("start")
    )
    return dates[-1:] if last_only else dates


def _events():
    """{slug: the Swedish event} of the PLAN's events in the demo."""
    events = EventPage.objects.live().filter(slug__in=list(PLAN), locale__language_code="sv")
    return {event.slug: event for event in events}


def seed_attendance(people, events):
    """The PLAN's people booked on the past dates and their attendance recorded, as an organiser
    would: most attended, a few did not come or left early."""
    organiser = get_user_model().objects.filter(username=ORGANISER["username"]).first()
    for slug, spec in PLAN.items():
        event = events.get(slug)
        persons = [people[i] for i in spec["people"]]
        if (
            event is None
            or Booking.objects.filter(
                session_date__event_key=event.translation_key, user__in=persons
            ).exists()
        ):
            continue  # not in this demo, or seeded before
        event = turn_on_signup(event, spec["settings"])
        dates = _past_dates(event, spec.get("last_date_only", False))
        if not dates:
            continue
        wanted = (
            [[o.original_start for o in dates]]
            if event.books_whole_series
            else [[o.original_start] for o in dates]
        )
        for person in persons:
            for starts in wanted:
                bookings.book(person, event, starts, language="sv", now=dates[0].start - BOOKED_BEFORE)
        for number, occurrence in enumerate(dates):
            session_date = SessionDate.objects.get(
                event_key=event.translation_key, original_start=occurrence.original_start
            )
            marks = {}
            for booking in Booking.objects.filter(
                session_date=session_date, user__in=persons, state=BookingState.BOOKED
            ).select_related("user"):
                roll = _chance(booking.user.username, slug, number).random()
                if roll < 0.08:
                    marks[booking.pk] = (BookingState.NO_SHOW, None)
                elif roll < 0.14:
                    marks[booking.pk] = (BookingState.PARTLY_ATTENDED, None)
                else:
                    marks[booking.pk] = (BookingState.ATTENDED, None)
            if marks:
                attendance.record(
                    session_date, marks, by=organiser, now=occurrence.end + dt.timedelta(hours=1)
                )


def seed_requests(people, events):
    """Demand the module could not meet: people who did not take it ask about new dates."""
    module = events.get(MODULE)
    if module is None:
        return
    module = EventPage.objects.get(pk=module.pk)  # as turn_on_signup left it
    last = _past_dates(module, last_only=True)
    for n, index in enumerate(ASKED_FOR_NEW_DATES):
        asked = (last[0].end if last else timezone.now()) + dt.timedelta(days=3 + 2 * n)
        interest.ask(people[index], module, language="sv", now=min(asked, timezone.now()))


def _answered_at(moment, now):
    return min(moment, now - dt.timedelta(hours=1))


def seed_answers(events):
    """Everyone who attended the PLAN's dates (the demo login aside) is asked; most answer the
    evaluation, the module's participants the follow-up too. The number of answers written."""
    now = timezone.now()
    slugs = {event.translation_key: slug for slug, event in events.items()}
    attended = asking.attended_dates(now - dt.timedelta(days=3650), now, event_keys=list(slugs))
    users = get_user_model().objects.exclude(username=DEMO_LOGIN).in_bulk({d.user_id for d in attended})
    attended = [date for date in attended if date.user_id in users]
    starts = defaultdict(set)
    for date in attended:
        starts[date.event_key].add(date.original_start)
    numbers = {key: {start: n for n, start in enumerate(sorted(s))} for key, s in starts.items()}
    # The small date: only the first few of its people (by name) answer.
    small_slug, small_count = SMALL_DATE
    small = {
        (date.event_key, date.original_start)
        for date in attended
        if slugs[date.event_key] == small_slug
        and numbers[date.event_key][date.original_start] == len(numbers[date.event_key]) - 1
    }
    names = {users[d.user_id].username for d in attended if (d.event_key, d.original_start) in small}
    few = sorted(names)[:small_count]
    made = 0
    for date in attended:
        person, slug = users[date.user_id], slugs[date.event_key]
        chance = _chance(person.username, slug, numbers[date.event_key][date.original_start])
        answers = chance.random() < ANSWER_RATE
        if (date.event_key, date.original_start) in small:
            answers = person.username in few
        if not answers:
            continue
        outcome = services.answer_evaluation(
            person,
            date,
            can_apply=chance.choice((3, 4, 4, 4, 5, 5)),
            usefulness=chance.choice((2, 3, 4, 4, 5, 5)),
            comment=chance.choice(COMMENTS) if chance.random() < 0.4 else "",
            now=_answered_at(date.end + ANSWERED_AFTER, now),
        )
        made += outcome.ok
    module = events.get(MODULE)
    last = {}
    for date in attended:  # oldest first: the last one wins
        if module is not None and date.event_key == module.translation_key:
            last[date.user_id] = date
    for user_id, date in last.items():
        chance = _chance(users[user_id].username, MODULE, Kind.FOLLOW_UP)
        if chance.random() >= FOLLOW_UP_RATE:
            continue
        outcome = services.answer_follow_up(
            users[user_id],
            date,
            usage=chance.choice((Usage.SEVERAL, Usage.SEVERAL, Usage.ONCE, Usage.NOT_YET, Usage.NO)),
            comment=chance.choice(FOLLOW_UP_COMMENTS) if chance.random() < 0.5 else "",
            now=_answered_at(date.end + FOLLOWED_UP_AFTER, now),
        )
        made += outcome.ok
    return made


def seed_evaluations(demo):
    events = _events()
    people = demo_participants()
    seed_attendance(people, events)
    seed_requests(people, events)
    made = seed_answers(events)
    if made:
        demo.stdout.write(f"Demo evaluation answers: {made}")


def seed_followup(demo):
    seed_questionnaire(demo)
    seed_evaluations(demo)
    return 0
