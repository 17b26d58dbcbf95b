import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from bookings.factories import BookableEventFactory, PersonFactory
from bookings.models import Booking, BookingChange, BookingState, DateInterest, SessionDate, WalkInCount
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import sync_occurrences
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, material_step
from learning.models import PathCompletion
from tests.helpers import publish


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def make_event(calendar):
    """A published bookable event; by default its one date ended two days ago."""

    def make(days_ago=2, **fields):
        fields.setdefault("start_date", (timezone.localtime() - dt.timedelta(days=days_ago)).date())
        fields.setdefault("start_time", dt.time(9, 0))
        fields.setdefault("end_time", dt.time(12, 0))
        return BookableEventFactory(parent=calendar, published=True, **fields)

    return make


@pytest.fixture
def bilingual_event(calendar, sv_home, make_event):
    """A past event in Swedish with its English translation (made through wagtail-localize)."""
    from home.translation import translate_page
    from tests.helpers import english_home

    english_home(sv_home)
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = make_event(title="Samverkan i praktiken", slug="samverkan")
    english = translate_page(
        event,
        "en",
        {
            "Samverkan i praktiken": "Cooperation in practice",
            "samverkan": "cooperation",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    return {"sv": event, "en": english}


@pytest.fixture
def person(db):
    return PersonFactory(organisation="municipality")


def attend(person, event, occurrence=None, state=BookingState.ATTENDED, language="sv"):
    """``person`` attended ``occurrence`` (default: the event's first date), as attendance records it:
    the booking in an attended state (issue 20)."""
    occurrence = occurrence or event.occurrences.order_by("start").first()
    session_date, _ = SessionDate.objects.get_or_create(
        event_key=event.translation_key, original_start=occurrence.original_start
    )
    return Booking.objects.create(
        user=person, session_date=session_date, state=state, language=language, created_at=occurrence.start
    )


@pytest.fixture
def attended():
    return attend


# A small programme with known figures (worked out by hand in tests/followup/test_report_views.py):
# two themes, a seminar in March and a module in April, bookings in every state the reports read, a
# completed path and requests for new dates. Bookings are written as the stored facts the reports read
# (attendance is recorded by the bookings app; here its result is simply stored).

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MARCH = dt.date(2026, 3, 10)  # the seminar, 9-12: three hours
APRIL = dt.date(2026, 4, 14)  # the module, 13-15: two hours


def user_maker(django_user_model):
    def make(username, group=None, organisation="", member="", **extra):
        extra.setdefault("first_name", username.capitalize())
        extra.setdefault("last_name", "Test")
        user = django_user_model.objects.create_user(
            username,
            f"{username}@example.org",
            "pw",
            organisation=organisation,
            organisation_name=member,
            **extra,
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def make_user(django_user_model):
    return user_maker(django_user_model)


def store_booking(person, event, state, reason="booking"):
    occurrence = event.occurrences.order_by("start").first()
    session_date, _ = SessionDate.objects.get_or_create(
        event_key=event.translation_key, original_start=occurrence.original_start
    )
    booking = Booking.objects.create(
        user=person,
        session_date=session_date,
        state=state,
        language="sv",
        created_at=occurrence.start - dt.timedelta(days=10),
    )
    # The history as the bookings app writes it: booked (or in line) first, then what happened.
    first = state if reason == "walk_in" else ("waiting" if state == "expired" else "booked")
    BookingChange.objects.create(
        booking=booking, at=booking.created_at, from_state="", to_state=first, reason=reason
    )
    if first != state:
        BookingChange.objects.create(
            booking=booking, at=occurrence.end, from_state=first, to_state=state, reason="attendance"
        )
    return booking


@pytest.fixture
def programme(sv_home, make_user):
    return build_programme(sv_home, make_user)


def build_programme(sv_home, make_user):
    themes_index = publish(ThemeIndexPageFactory(parent=sv_home))
    employment = publish(ThemePageFactory(parent=themes_index, title="Evidensbaserade metoder"))
    equality = publish(ThemePageFactory(parent=themes_index, title="Jämställdhet"))
    calendar = publish(EventIndexPageFactory(parent=sv_home))
    seminar = EventPageFactory(
        parent=calendar,
        title="IPS i praktiken",
        event_type="seminar",
        start_date=MARCH,
        start_time=dt.time(9),
        end_time=dt.time(12),
    )
    seminar.themes.set([employment])
    seminar = publish(seminar)
    module = EventPageFactory(
        parent=calendar,
        title="Fördjupning: samverkan",
        event_type="module",
        start_date=APRIL,
        start_time=dt.time(13),
        end_time=dt.time(15),
    )
    module.themes.set([employment, equality])
    module = publish(module)
    for event in (seminar, module):
        sync_occurrences(event)

    people = {}

    def person(name, organisation, member="", **extra):
        people[name] = make_user(name, organisation=organisation, member=member, **extra)
        return people[name]

    spellings = ["Haninge kommun", " haninge  Kommun", "Haninge kommun", "HANINGE KOMMUN", "Haninge kommun"]
    for n in range(1, 8):  # p1-p7: municipality; p7 only partly attended the seminar
        person(f"p{n}", "municipality", spellings[n - 1] if n <= 5 else "Botkyrka kommun")
        store_booking(people[f"p{n}"], seminar, "partly_attended" if n == 7 else "attended")
    people["p1"].gender = "woman"
    people["p1"].save()
    for n in (8, 9):
        store_booking(person(f"p{n}", "region_stockholm"), seminar, "no_show")
    store_booking(person("p10", "region_stockholm"), seminar, "expired")
    store_booking(person("p11", "region_stockholm"), seminar, "booked")  # attendance never taken
    for n in range(17, 22):  # five from civil society at the seminar
        store_booking(person(f"p{n}", "civil_society"), seminar, "attended")
    # p17 left early: the roster's minutes count rather than the date's three hours.
    Booking.objects.filter(user=people["p17"]).update(attended_minutes=150)
    for n in (1, 2, 3):
        store_booking(people[f"p{n}"], module, "attended")
    for n in range(12, 16):  # four from Arbetsförmedlingen at the module: a group too small to show
        store_booking(person(f"p{n}", "arbetsformedlingen"), module, "attended")
    store_booking(person("p16", "arbetsformedlingen"), module, "no_show")
    store_booking(person("walkin", "other"), module, "attended", reason="walk_in")  # came unbooked
    # Six more without an account, counted at the door.
    WalkInCount.objects.create(
        session_date=SessionDate.objects.get(event_key=module.translation_key), organisation="other", count=6
    )

    for n in range(22, 27):
        DateInterest.objects.create(
            user=person(f"p{n}", "other"),
            event_key=seminar.translation_key,
            language="sv",
            created_at=dt.datetime(2026, 3, 20, 10, tzinfo=STOCKHOLM),
        )

    path_index = publish(LearningPathIndexPageFactory(parent=sv_home))
    path = LearningPathPageFactory(parent=path_index, steps=[material_step("Läs")], title="Samverkan")
    path.themes.set([equality])
    path = publish(path)
    for name in ("p1", "p2", "p3", "p4", "p5", "p12"):
        completion = PathCompletion.objects.create(user=people[name], path_key=path.translation_key)
        PathCompletion.objects.filter(pk=completion.pk).update(
            completed_at=dt.datetime(2026, 4, 20, 12, tzinfo=STOCKHOLM)
        )
    return {
        "people": people,
        "seminar": seminar,
        "module": module,
        "themes": (employment, equality),
        "path": path,
        "now": timezone.now(),
    }


# Growing a programme fast (bulk_create) for the query-count tests (tests/followup/test_query_counts.py,
# test_my_learning_queries.py): the pages must read the same number of queries at 10 bookings as at
# 1,000. Rows are written as the stored facts the pages read, in every state and kind they read.

STATES = ["attended", "attended", "partly_attended", "no_show", "attended", "booked", "expired"]
ORGANISATIONS = ["municipality", "arbetsformedlingen", "forsakringskassan", "region_stockholm", "other"]


def grow(event, people, path_key=None, prefix="p"):
    """``people`` more participants, each booked on every date of ``event`` in a mix of states, with
    the history of one walk-in each, an evaluation of each attended date, a follow-up, a completed
    path (``path_key``) and a request for new dates. Returns the users."""
    from django.contrib.auth import get_user_model

    from followup.models import Answer, Respondent
    from followup.rules import iso_week

    User = get_user_model()
    start = User.objects.filter(username__startswith=prefix).count()
    users = User.objects.bulk_create(
        User(
            username=f"{prefix}{n}",
            email=f"{prefix}{n}@example.org",
            password="!",
            first_name=f"Åsa{n}",
            last_name="Öberg",
            organisation=ORGANISATIONS[n % len(ORGANISATIONS)],
            organisation_name=f"Kommun {n % 7}",
        )
        for n in range(start, start + people)
    )
    dates = []
    for occurrence in event.occurrences.order_by("start"):
        session_date, _ = SessionDate.objects.get_or_create(
            event_key=event.translation_key, original_start=occurrence.original_start
        )
        dates.append((occurrence, session_date))
    bookings = Booking.objects.bulk_create(
        Booking(
            user=user,
            session_date=session_date,
            state=STATES[(i + j) % len(STATES)],
            language="sv",
            created_at=occurrence.start - dt.timedelta(days=10),
        )
        for i, user in enumerate(users)
        for j, (occurrence, session_date) in enumerate(dates)
    )
    walk_ins = {}
    for booking in bookings:
        walk_ins.setdefault(booking.user_id, booking)  # each person's first booking came unbooked
    BookingChange.objects.bulk_create(
        BookingChange(booking=b, at=b.created_at, from_state="", to_state=b.state, reason="walk_in")
        for b in walk_ins.values()
    )
    attended = [b for b in bookings if b.state in ("attended", "partly_attended")]
    ends = {session_date.pk: occurrence.end for occurrence, session_date in dates}
    organisations = {user.pk: user.organisation for user in users}
    Respondent.objects.bulk_create(
        Respondent(
            user_id=b.user_id,
            kind="evaluation",
            event_key=b.session_date.event_key,
            original_start=b.session_date.original_start,
            answered_at=ends[b.session_date_id],
        )
        for b in attended
    )
    Answer.objects.bulk_create(
        Answer(
            kind=kind,
            event_key=b.session_date.event_key,
            original_start=b.session_date.original_start,
            organisation=organisations[b.user_id],
            week=iso_week(timezone.localtime(ends[b.session_date_id])),
            can_apply=4 if kind == "evaluation" else None,
            usefulness=3 if kind == "evaluation" else None,
            usage="" if kind == "evaluation" else "once",
            comment="Bra, tack!",
        )
        for b in attended
        for kind in (("evaluation", "follow_up") if b in walk_ins.values() else ("evaluation",))
    )
    if path_key:
        PathCompletion.objects.bulk_create(PathCompletion(user=user, path_key=path_key) for user in users)
    DateInterest.objects.bulk_create(
        DateInterest(user=user, event_key=event.translation_key, language="sv", created_at=timezone.now())
        for user in users
    )
    return users
