import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.models import BasePage, themes_field, themes_panel
from home.versions import bumps_coalesced, next_version

from . import expansion

# The vocabularies live in choices.py; other code imports them from here as well.
from .choices import (
    TIME_ZONES,
    DeliveryLanguage,
    EventFormat,
    EventStatus,
    EventType,
    OccurrenceStatus,
    SignupMode,
)
from .forms import EventPageForm
from .widgets import RecurrenceWidget

TIME_ZONE_CHOICES = [(name, name) for name in sorted(TIME_ZONES)]


class EventIndexPage(BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    listed_in_site_search = False  # see home/views.py
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def serve(self, request, *args, **kwargs):
        from django.template.response import TemplateResponse

        from .feeds import events_feed_links
        from .views import calendar_filters, listing_context

        filterset = calendar_filters(self, request)
        context = self.get_context(request, *args, **kwargs)
        if not filterset.is_valid():
            return filterset.bad_request_response("events/event_index_bad_request.html", context)
        extra = listing_context(filterset, self)
        context.update(extra)
        context["calendar_feed"] = events_feed_links(request, extra["filters"])
        return TemplateResponse(request, self.get_template(request), context)


class EventPage(BasePage):
    event_type = models.CharField(_("type"), max_length=20, choices=EventType, default=EventType.SEMINAR)
    event_format = models.CharField(
        _("format"), max_length=20, choices=EventFormat, default=EventFormat.ON_SITE
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus,
        default=EventStatus.SCHEDULED,
        help_text=_("Cancel or postpone the whole event. To change one date, use the date exceptions."),
    )
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Leave empty for all day.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("For events over several days.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default=settings.TIME_ZONE
    )
    recurrence = RecurrenceField(verbose_name=_("repeats"), null=True, blank=True)

    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    # The link lets anyone into the meeting: it is for the people who take part. Public pages and
    # feeds show it only when the event says so (the personal feeds of those following it always do).
    online_url_public = models.BooleanField(
        _("show the meeting link publicly"),
        default=False,
        help_text=_(
            "When ticked, everyone sees the link on the event page and in the public calendar feeds."
            " Otherwise only the personal calendars of those who follow it have it."
        ),
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    delivery_language = models.CharField(
        _("language of delivery"),
        max_length=5,
        choices=DeliveryLanguage,
        default=DeliveryLanguage.SWEDISH,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places per date. A date change can give one date its own number."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    # Sign-up (the bookings app reads these; docs/architecture.md, bookings).
    signup = models.CharField(_("sign-up"), max_length=20, choices=SignupMode, default=SignupMode.OFF)
    # Issue 19: with sign-up here, the event may give its room only to those with a place.
    place_for_booked_only = models.BooleanField(
        _("show the room only to booked people"),
        default=False,
        help_text=_(
            "With sign-up on this site: the venue and address are left out of the public event page"
            " and the public calendar feeds, and shown only to people with a place."
        ),
    )
    books_whole_series = models.BooleanField(
        _("book the whole series"),
        default=False,
        help_text=_("The dates belong together: a booking takes every date of the series, or none."),
    )
    signup_opens_at = models.DateTimeField(
        _("sign-up opens"), null=True, blank=True, help_text=_("Leave empty to open once published.")
    )
    signup_closes_at = models.DateTimeField(
        _("sign-up closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close when each date starts."),
    )
    cancellation_deadline_hours = models.PositiveIntegerField(
        _("cancellation deadline (hours before the start)"),
        default=24,
        help_text=_("A cancellation after this is recorded as a late cancellation."),
    )
    promotion_cutoff_hours = models.PositiveIntegerField(
        _("waiting list moves up until (hours before the start)"),
        default=24,
        help_text=_("After this a freed place is open to anyone, and everyone waiting is told."),
    )
    requires_approval = models.BooleanField(_("the organiser approves each booking"), default=False)
    asks_adjustments = models.BooleanField(
        _("ask about adjustments"),
        default=False,
        help_text=_(
            "Ask “Do you need any adjustments to take part?”. Only organisers see the answer, "
            "and it is deleted after the date."
        ),
    )
    audience = ParentalManyToManyField(
        "accounts.Audience",
        verbose_name=_("who it is for"),
        blank=True,
        related_name="events",
        help_text=_("Leave empty when the event is open to everyone in the programme."),
    )
    themes = themes_field("events")
    # Grows whenever something a calendar reader cares about changes (time, place, title, cancellation).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # A digest of those values as last published; events/sequence.py compares against it on publish.
    sequence_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # A copy or a new translation is a new calendar object (its own UID) and starts from 0; a copy
    # never claims the imported entry's UID.
    exclude_fields_in_copy = ["sequence", "sequence_fingerprint", "ical_uid"]
    # The UID of the calendar entry this event was imported from (events/ics_import/): re-imports
    # find the page by it. Not editable, so wagtail-localize neither translates nor syncs it, and
    # left out of copies so a copied page never claims the same entry. The importer keeps it unique
    # per locale (the locale lives on another table, so the database cannot).
    ical_uid = models.CharField(_("calendar UID"), max_length=255, blank=True, editable=False, db_index=True)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "events/event_page.html"
    base_form_class = EventPageForm  # refuses a date change on a date the series does not have
    search_fields = [
        *BasePage.search_fields,
        # Not the venue itself: a room given only to booked people must not be found by searching for it.
        index.SearchField("searchable_venue_name"),
        index.SearchField("organiser"),
        # The learning path's event choosers search within one type (learning/choosers.py).
        index.FilterField("event_type"),
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("event_format"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
                FieldPanel("recurrence", widget=RecurrenceWidget),
            ],
            heading=_("When"),
        ),
        InlinePanel("date_exceptions", heading=_("Changes to single dates"), label=_("Date change")),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldPanel("online_url"),
                FieldPanel("online_url_public"),
                FieldPanel("organiser"),
                FieldPanel("delivery_language"),
            ],
            heading=_("Where and how"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signup"),
                FieldPanel("registration_url"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("books_whole_series")]),
                FieldRowPanel([FieldPanel("signup_opens_at"), FieldPanel("signup_closes_at")]),
                FieldRowPanel(
                    [FieldPanel("cancellation_deadline_hours"), FieldPanel("promotion_cutoff_hours")]
                ),
                FieldRowPanel([FieldPanel("requires_approval"), FieldPanel("asks_adjustments")]),
                FieldPanel("place_for_booked_only"),
            ],
            heading=_("Sign-up"),
        ),
        MultiFieldPanel(
            [FieldPanel("audience", widget=forms.CheckboxSelectMultiple), themes_panel()],
            heading=_("Who and what it is about"),
        ),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def publish(self, revision, *args, **kwargs):
        # One transaction, so the publish's writes (page, revision, log entries, dates, sequence,
        # versions, search entry, translations) commit once instead of each on its own, and each
        # content version bumped once however many saves and signals ask (home/versions.py).
        with transaction.atomic(), bumps_coalesced():
            return super().publish(revision, *args, **kwargs)

    def frontend_cache_urls(self):
        """The calendar feeds this event is in, in its language: purged from the proxy in front when
        it is published (home/frontend_cache.py). Feeds filtered by a query string go with their path."""
        site = self.get_site()
        if site is None:
            return []
        with translation.override(self.locale.language_code):
            paths = [reverse("events_feed"), reverse("event_feed", kwargs={"page_id": self.pk})]
        return [site.root_url + path for path in paths]

    def with_content_json(self, content):
        # A revision holds the sequence it was saved with; publishing an older one must not take it back.
        page = super().with_content_json(content)
        page.sequence = self.sequence
        page.sequence_fingerprint = self.sequence_fingerprint
        return page

    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    @property
    def display_zone(self):
        """The zone dates are shown in: an imported UTC series is expanded in UTC but read in Stockholm."""
        return ZoneInfo(settings.TIME_ZONE) if self.time_zone == "UTC" else self.zone

    @property
    def all_day(self):
        return self.start_time is None

    def local_bounds(self):
        """First start and end as naive wall-clock datetimes in the event's zone."""
        start = dt.datetime.combine(self.start_date, self.start_time or dt.time(0, 0))
        end_date = self.end_date or self.start_date
        if self.all_day:
            end = dt.datetime.combine(end_date + dt.timedelta(days=1), dt.time(0, 0))
        elif self.end_time:
            end = dt.datetime.combine(end_date, self.end_time)
        else:
            end = dt.datetime.combine(end_date, self.start_time) + dt.timedelta(hours=1)  # no end given
        return start, end

    def clean(self):
        super().clean()
        errors = {}
        if self.time_zone not in TIME_ZONES:
            errors["time_zone"] = _("Unknown time zone.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        elif self.start_date and self.start_time and self.end_time:
            start, end = self.local_bounds()
            if end <= start:
                errors["end_time"] = _("The event cannot end before it starts.")
        if self.signup == SignupMode.EXTERNAL and not self.registration_url:
            errors["registration_url"] = _("Give the registration link, or choose another kind of sign-up.")
        if self.signup_opens_at and self.signup_closes_at and self.signup_closes_at <= self.signup_opens_at:
            errors["signup_closes_at"] = _("Sign-up cannot close before it opens.")
        if self.start_date and self.recurrence:
            try:
                expansion.validate_rule(self.recurrence, self.local_bounds()[0], ZoneInfo(self.time_zone))
            except ValidationError as error:
                errors["recurrence"] = error.messages
        if errors:
            raise ValidationError(errors)

    def expand(self, until=None):
        start, end = self.local_bounds()
        exceptions = [exception.as_rule_exception(self) for exception in self.date_exceptions.all()]
        return expansion.expand(start, end, self.recurrence, self.zone, exceptions, until=until)

    def get_context(self, request, *args, **kwargs):
        from home.themes import localized_themes

        from .feeds import event_feed_links
        from .signup_sections import signup_sections
        from .structured_data import as_script, event_json_ld

        context = super().get_context(request, *args, **kwargs)
        context["themes"] = localized_themes(self, request)
        context["audiences"] = list(self.audience.all())
        context["calendar_feed"] = event_feed_links(request, self)
        context["signup_sections"] = signup_sections(request, self)
        context["json_ld"] = as_script(
            event_json_ld(self, self.upcoming_occurrences, self.get_full_url(request))
        )
        return context

    @cached_property
    def upcoming_occurrences(self):
        return list(self.occurrences.filter(end__gte=timezone.now()).order_by("start"))

    @property
    def public_online_url(self):
        """The meeting link public pages and feeds may show. It lets anyone into the meeting, so only
        when the event makes it public, and never when people sign up here: the link then goes only
        to those who have a place."""
        return self.online_url if self.online_url_public and self.signup != SignupMode.SITE else ""

    @property
    def place_is_private(self):
        """The venue and address go only to booked people (bookings shows them to them)."""
        return self.place_for_booked_only and self.signup == SignupMode.SITE

    def searchable_venue_name(self):
        return "" if self.place_is_private else self.venue_name

    @property
    def place_text(self):
        """The venue and address on one line, for those who may see them."""
        lines = (line.strip() for line in self.address.splitlines())
        return ", ".join(part for part in [self.venue_name, *lines] if part)

    @property
    def public_venue_name(self):
        return "" if self.place_is_private else self.venue_name

    @property
    def public_address(self):
        return "" if self.place_is_private else self.address

    @property
    def participant_online_url(self):
        """The meeting link for someone who takes part without signing up here (a follower of the
        event's learning path); with sign-up here, only a booking gives it."""
        return "" if self.signup == SignupMode.SITE else self.online_url

    @property
    def is_scheduled(self):
        return self.status == EventStatus.SCHEDULED

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def next_occurrence(self):
        return next((o for o in self.upcoming_occurrences if o.status != OccurrenceStatus.CANCELLED), None)


class EventDateException(TranslatableMixin, Orderable):
    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved")
        NOTE = "note", _("Own title, note or places only")

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="date_exceptions")
    original_date = models.DateField(_("date in the series"))
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices, default=Kind.CANCELLED)
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_start_time = models.TimeField(_("new start time"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end time"), null=True, blank=True)
    title = models.CharField(
        _("title for this date"),
        max_length=255,
        blank=True,
        help_text=_("Only when this date has a title of its own; leave empty to use the event's title."),
    )
    note = models.CharField(_("reason or note"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("places on this date"),
        null=True,
        blank=True,
        help_text=_("Only when this date has its own number of places; leave empty to use the event's."),
    )

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]),
        FieldPanel("title"),
        FieldPanel("note"),
        FieldPanel("capacity"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("date change")
        verbose_name_plural = _("date changes")

    def clean(self):
        super().clean()
        if self.kind == self.Kind.MOVED and not (self.new_date or self.new_start_time):
            raise ValidationError({"new_date": _("Give the new date or time for a moved date.")})

    def as_rule_exception(self, event):
        if self.kind == self.Kind.CANCELLED:
            return expansion.DateException(
                self.original_date, cancelled=True, note=self.note, title=self.title, capacity=self.capacity
            )
        if self.kind == self.Kind.MOVED:
            start, end = event.local_bounds()
            new_start = dt.datetime.combine(
                self.new_date or self.original_date, self.new_start_time or start.time()
            )
            new_end = dt.datetime.combine(new_start.date(), self.new_end_time) if self.new_end_time else None
            return expansion.DateException(
                self.original_date,
                new_start=new_start,
                new_end=new_end,
                note=self.note,
                title=self.title,
                capacity=self.capacity,
            )
        return expansion.DateException(
            self.original_date, note=self.note, title=self.title, capacity=self.capacity
        )


class OccurrenceQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now(), event__live=True).order_by("start")


class Occurrence(models.Model):
    """One concrete date of an event, materialised on publish so listings never expand rules."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    original_start = models.DateTimeField()
    status = models.CharField(max_length=20, choices=OccurrenceStatus, default=OccurrenceStatus.SCHEDULED)
    note = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=255, blank=True)  # the date's own title; empty: the event's
    capacity = models.PositiveIntegerField(null=True, blank=True)  # the date's own places; empty: the event's

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["event", "start"]),
            models.Index(fields=["end"]),
            # The newest date of each event, which feeds read for every event (events/feeds/blocks.py):
            # on PostgreSQL an index-only scan instead of sorting each event's dates.
            models.Index(fields=["event", "id"]),
        ]

    def __str__(self):
        return f"{self.event_id} {self.start.isoformat()}"

    @property
    def local_start(self):
        return self.start.astimezone(self.event.display_zone)

    @property
    def is_cancelled(self):
        return self.status == OccurrenceStatus.CANCELLED or self.event.status == EventStatus.CANCELLED

    @property
    def is_moved(self):
        return self.status == OccurrenceStatus.MOVED

    @property
    def display_title(self):
        return self.title or self.event.title

    @property
    def places(self):
        """How many people this date takes: its own number, else the event's; None is no limit."""
        return self.capacity if self.capacity is not None else self.event.capacity


# The feeds' change marker (events/feeds/blocks.py): a counter that every change to what an event's
# feed block says moves on, written beside the events it changed.
FEED_STAMP_VERSION = "events:feeds:stamp"


class FeedStamp(models.Model):
    """When the text of an event's feed block last changed: a value of the ``FEED_STAMP_VERSION``
    counter. A table of its own rather than a field of the page, which revisions would copy back."""

    event = models.OneToOneField(
        EventPage, on_delete=models.CASCADE, primary_key=True, related_name="feed_stamp"
    )
    stamp = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.event_id} {self.stamp}"


def stamp_feed_blocks(event_ids):
    """Mark the feed blocks of these events as changed, in every process, with the same transaction.

    Two queries: the counter bumped at once (its row lock orders the values like the commits, see
    home.versions.next_version) and the events' stamps set to it.
    """
    ids = sorted({int(pk) for pk in event_ids})
    if not ids:
        return
    value = next_version(FEED_STAMP_VERSION)
    FeedStamp.objects.bulk_create(
        [FeedStamp(event_id=pk, stamp=value) for pk in ids],
        update_conflicts=True,
        unique_fields=["event"],
        update_fields=["stamp"],
    )


def stamp_feed_blocks_under(page):
    """Stamp every event at or below ``page``: their URLs changed with its slug or its place."""
    stamp_feed_blocks(EventPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def horizon(now=None):
    now = now or timezone.now()
    return (now + dt.timedelta(days=30 * settings.EVENTS_HORIZON_MONTHS)).replace(tzinfo=None)


def occurrence_rows(event, until):
    """The unsaved Occurrence rows of a live event up to `until` (naive local, see horizon())."""
    return [
        Occurrence(
            event=event,
            start=i.start,
            end=i.end,
            original_start=i.original_start,
            status=OccurrenceStatus.CANCELLED if event.status == EventStatus.CANCELLED else i.status,
            note=i.note,
            title=i.title,
            capacity=i.capacity,
        )
        for i in event.expand(until=until)
    ]


OCCURRENCE_VALUES = ("start", "end", "original_start", "status", "note", "title", "capacity")


def occurrence_changes(existing, wanted):
    """Which stored dates to delete and which to write so the rows become ``wanted``: plain values.

    ``existing`` is ``(pk, *values)`` per stored row and ``wanted`` the values of each date, in
    ``OCCURRENCE_VALUES`` order. Unchanged dates keep their rows; a changed one is deleted and
    written afresh. Whenever anything changes at least one row is written, so the newest row id of
    the event changes with its dates: feed blocks key on it (events/feeds/blocks.py).
    Returns ``(pks_to_delete, values_to_create)``.
    """
    stored = {}
    for pk, *values in existing:
        stored.setdefault(tuple(values), []).append(pk)
    kept, create = [], []
    for values in wanted:
        pks = stored.get(values)
        if pks:
            kept.append((pks.pop(), values))
        else:
            create.append(values)
    delete = [pk for pks in stored.values() for pk in pks]
    if delete and not create and kept:
        pk, values = max(kept)
        delete.append(pk)
        create.append(values)
    return delete, create


def sync_occurrences(page: Page, stamp=True):
    """Bring an event page's occurrences in line with its live state (none when it is not live).

    Only the dates that changed are written, so a republish costs two queries plus the rule's
    expansion, whatever the size of the programme. A change stamps the event's feed block
    (``stamp_feed_blocks``) unless ``stamp`` is false because the caller stamps it anyway.
    """
    event = page.specific if not isinstance(page, EventPage) else page
    wanted = []
    if event.live:
        cancelled = event.status == EventStatus.CANCELLED
        wanted = [
            (
                i.start,
                i.end,
                i.original_start,
                str(OccurrenceStatus.CANCELLED if cancelled else i.status),
                i.note,
                i.title,
                i.capacity,
            )
            for i in event.expand(until=horizon())
        ]
    existing = list(Occurrence.objects.filter(event=event).values_list("pk", *OCCURRENCE_VALUES))
    delete, create = occurrence_changes(existing, wanted)
    if len(delete) == len(existing) and delete:
        Occurrence.objects.filter(event=event).delete()
    elif delete:
        Occurrence.objects.filter(pk__in=delete).delete()
    if create:
        Occurrence.objects.bulk_create(
            Occurrence(event=event, **dict(zip(OCCURRENCE_VALUES, values, strict=True))) for values in create
        )
    if stamp and (delete or create):
        stamp_feed_blocks([event.pk])  # the feed lists some dates, and the window reads them all
    return len(wanted)


class PendingCalendarImport(models.Model):
    """A calendar file an editor previewed in the admin import, kept for the import itself.

    In the database so that whichever process serves the second step finds it; see
    events/import_uploads.py for its name, lifetime and size.
    """

    name = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    parent = models.ForeignKey(EventIndexPage, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.name
