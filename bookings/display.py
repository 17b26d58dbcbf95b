"""What the event page, a path's session step and "My learning" show of bookings: read-only, a fixed
number of queries however many dates or bookings there are.

The places left are read from the dates' counters (bookings/models.py, SessionDate), never counted.
Anonymous visitors get the event page from the public page cache (site/page_cache.py): the page then
depends on the event's own bookings version (``event_version_name``), which every booking change of the
event moves (bookings/notifications.py), so a cached copy never shows stale places left.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from events.models import Occurrence, SignupMode
from home.page_cache import depend_on_version
from home.versions import current_version

from . import rules
from .interest import is_open
from .models import ACTIVE_STATES, ATTENDANCE_STATES, Booking, BookingState, SessionDate
from .page_versions import event_version_name
from .services import _facts
from .templatetags.bookings_interest import date_interest_context


def with_position(bookings):
    """Annotate ``position``: a waiting booking's place in line (1 is next); in the same query."""
    ahead = (
        Booking.objects.filter(session_date_id=OuterRef("session_date_id"), state=BookingState.WAITING)
        .filter(
            Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session_date_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return bookings.annotate(ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), 0))


def position_of(booking):
    if booking.state != BookingState.WAITING:
        return None
    return getattr(booking, "ahead", 0) + 1


@dataclass
class DateView:
    occurrence: object
    start: object  # the original start: what the form sends
    places_left: int | None  # None: no limit
    full: bool
    refusal: str | None  # why it cannot be booked now (rules.Refusal), or None
    booking: Booking | None = None
    facts: rules.DateFacts | None = None

    @property
    def bookable(self):
        return self.refusal is None and self.booking is None

    @property
    def position(self):
        return position_of(self.booking) if self.booking else None


def login_url(request, next_url):
    return reverse("account_login") + "?" + urlencode({"next": next_url})


def date_views(request, page, occurrences, now=None):
    """One DateView per occurrence of ``page`` (the event's dates as this page shows them)."""
    now = now or timezone.now()
    starts = [o.original_start for o in occurrences]
    rows = {
        sd.original_start: sd
        for sd in SessionDate.objects.filter(event_key=page.translation_key, original_start__in=starts)
    }
    mine = {}
    if request.user.is_authenticated and rows:
        bookings = with_position(
            Booking.objects.filter(
                user=request.user,
                session_date__in=list(rows.values()),
                state__in=ACTIVE_STATES,
            )
        )
        mine = {b.session_date_id: b for b in bookings}
    views = []
    for occurrence in occurrences:
        occurrence.event = page
        row = rows.get(occurrence.original_start) or SessionDate(
            event_key=page.translation_key, original_start=occurrence.original_start
        )
        facts = _facts(row, occurrence)
        views.append(
            DateView(
                occurrence=occurrence,
                start=occurrence.original_start,
                places_left=facts.free,
                full=not facts.has_room() or (facts.waiting > 0 and not rules.past_cutoff(facts, now)),
                refusal=rules.refusal(facts, now),
                booking=mine.get(row.pk) if row.pk else None,
                facts=facts,
            )
        )
    return views


def signup_context(request, page):
    """The event page's sign-up section (events/signup_sections.py), or None without sign-up here."""
    if page.signup != SignupMode.SITE:
        return None
    if not request.user.is_authenticated:
        # Read before the counters: a booking after this read moves the version (bookings/display.py).
        name = event_version_name(page.translation_key)
        depend_on_version(request, name, current_version(name))
    now = timezone.now()
    occurrences = [o for o in page.upcoming_occurrences if o.start > now]
    dates = date_views(request, page, occurrences, now)
    page_url = page.get_url(request) or ""
    booked = [d for d in dates if d.booking is not None]
    has_place = any(d.booking.state == BookingState.BOOKED for d in booked)
    series = page.books_whole_series
    return {
        "page": page,
        "dates": dates,
        "series": series,
        "series_bookable": series and bool(dates) and not booked and all(d.refusal is None for d in dates),
        "series_full": series and any(d.full for d in dates),
        "booked": booked,
        # The meeting link goes only to those with a place (issue 19), and the room where the event
        # says so (the public part of the page leaves it out: EventPage.place_is_private).
        "online_url": page.online_url if has_place else "",
        "private_place": page.place_text if has_place and page.place_is_private else "",
        "book_url": reverse("book", kwargs={"event_id": page.pk}),
        "login_url": login_url(request, page_url + "#signup"),
        "next": page_url + "#signup",
        "asks_adjustments": page.asks_adjustments,
        # "Tell me about new dates" when no date is open for booking.
        "interest": date_interest_context(request, page, is_open=_is_open(page, dates, now)),
    }


def _is_open(page, dates, now):
    """Whether a person could take a place on the event now (bookings/interest.py, ``is_open``), from
    the dates the section has read: no query, or one for a series booked together, which is booked
    whole, past dates and all (services.book), so a date that has begun closes it."""
    facts = [d.facts for d in dates]
    if page.books_whole_series:
        begun = page.occurrences.filter(start__lte=now)
        facts += [_facts(SessionDate(original_start=o.original_start), _with_event(o, page)) for o in begun]
    return is_open(facts, now, whole_series=page.books_whole_series)


def _with_event(occurrence, page):
    occurrence.event = page
    return occurrence


def step_signup(request, event, occurrences, next_url):
    """A path's session step: its dates with the same forms as the event page, or None without sign-up."""
    if event is None or event.signup != SignupMode.SITE or not event.live:
        return None
    now = timezone.now()
    dates = date_views(request, event, [o for o in occurrences if o.start > now], now)
    return {
        "page": event,
        "dates": dates,
        "series": event.books_whole_series,
        "series_bookable": event.books_whole_series
        and bool(dates)
        and not any(d.booking for d in dates)
        and all(d.refusal is None for d in dates),
        "series_full": event.books_whole_series and any(d.full for d in dates),
        "booked": [d for d in dates if d.booking is not None],
        "book_url": reverse("book", kwargs={"event_id": event.pk}),
        "login_url": login_url(request, next_url),
        "next": next_url,
        "asks_adjustments": event.asks_adjustments,
    }


@dataclass
class PersonBooking:
    """One of a person's active bookings as "My learning" and the personal feed show it."""

    booking: Booking
    occurrence: object  # in the wanted language where the event has it

    @property
    def state(self):
        return self.booking.state

    @property
    def position(self):
        return position_of(self.booking)

    @property
    def event(self):
        return self.occurrence.event

    @property
    def private_place(self):
        """The room of an event that gives it only to booked people, for a booked person."""
        booked = self.booking.state == BookingState.BOOKED
        return self.event.place_text if booked and self.event.place_is_private else ""

    @property
    def join_url(self):
        # The meeting link goes only to those with a place (issue 19).
        return self.event.online_url if self.booking.state == BookingState.BOOKED else ""


def active_bookings(user, language, ending_after=None):
    """The person's booked, pending and waiting dates that end after ``ending_after`` (default now),
    in date order: two queries however many bookings there are."""
    ending_after = ending_after or timezone.now()
    bookings = list(
        with_position(
            Booking.objects.filter(user=user, state__in=ACTIVE_STATES).select_related("session_date")
        )
    )
    found = _with_occurrences(bookings, language, end__gt=ending_after)
    return sorted(found, key=lambda item: (item.occurrence.start, item.booking.pk))


def attended_sessions(user, language, limit=20):
    """The person's latest dates with attendance taken (attended, partly, did not come), newest first:
    two queries."""
    bookings = list(
        Booking.objects.filter(user=user, state__in=ATTENDANCE_STATES)
        .select_related("session_date")
        .order_by("-session_date__original_start", "-pk")[:limit]
    )
    found = _with_occurrences(bookings, language)
    return sorted(found, key=lambda item: (item.occurrence.start, item.booking.pk), reverse=True)


def _with_occurrences(bookings, language, **occurrence_filter):
    """A ``PersonBooking`` for each booking whose date is still published, in ``language`` where the
    event has it."""
    if not bookings:
        return []
    occurrences = Occurrence.objects.filter(
        event__translation_key__in={b.session_date.event_key for b in bookings},
        original_start__in={b.session_date.original_start for b in bookings},
        event__live=True,
        **occurrence_filter,
    ).select_related("event", "event__locale")
    best = {}
    for occurrence in occurrences:
        key = (occurrence.event.translation_key, occurrence.original_start)
        if key not in best or occurrence.event.locale.language_code == language:
            best[key] = occurrence
    found = []
    for booking in bookings:
        occurrence = best.get((booking.session_date.event_key, booking.session_date.original_start))
        if occurrence is not None:
            found.append(PersonBooking(booking, occurrence))
    return found
