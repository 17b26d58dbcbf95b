"""Bookings: a person's place (or place in line) on one date of an event, and its history.

A date is known by its event's translation key and the start it has in the series
(``Occurrence.original_start``), never by an Occurrence row: those are rewritten when a date changes
and exist once per language (docs/architecture.md, bookings).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class BookingState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    WAITING = "waiting", _("On the waiting list")
    PENDING = "pending", _("Waiting for approval")
    CANCELLED = "cancelled", _("Cancelled")
    CANCELLED_LATE = "cancelled_late", _("Cancelled late")
    REJECTED = "rejected", _("Not approved")
    EXPIRED = "expired", _("Expired")
    # Set by attendance (bookings/attendance.py).
    ATTENDED = "attended", _("Attended")
    PARTLY_ATTENDED = "partly_attended", _("Partly attended")
    NO_SHOW = "no_show", _("Did not come")


# The bookings a person can still cancel, and that "My learning" lists as coming.
ACTIVE_STATES = (BookingState.BOOKED, BookingState.WAITING, BookingState.PENDING)
# The states that take one of the date's places.
PLACE_STATES = (BookingState.BOOKED, BookingState.PENDING)
# Attendance taken: the person came (all or part of the time) or did not.
ATTENDED_STATES = (BookingState.ATTENDED, BookingState.PARTLY_ATTENDED)
ATTENDANCE_STATES = (*ATTENDED_STATES, BookingState.NO_SHOW)
# A person has at most one booking in these states per date (the database enforces it): a booking
# that attendance has been recorded for is still the person's one booking of that date.
CURRENT_STATES = (*ACTIVE_STATES, *ATTENDANCE_STATES)
# The states attendance may be recorded for (a late cancellation may turn out to have come after all).
MARKABLE_STATES = (BookingState.BOOKED, BookingState.CANCELLED_LATE, *ATTENDANCE_STATES)


class AttendanceSource(models.TextChoices):
    ROSTER = "roster", _("Roster")
    TEAMS = "teams", _("Teams attendance report")
    ZOOM = "zoom", _("Zoom attendance report")
    CHECK_IN = "check_in", _("Self check-in")


class SessionDate(models.Model):
    """One date of an event as bookings see it: the row every capacity change locks first.

    Created lazily (at the first booking, or when a page asks). The counters are kept in the same
    locked transaction as the bookings they count, so a page shows places left without counting.
    """

    event_key = models.UUIDField(_("event"), db_index=True)
    original_start = models.DateTimeField(_("date in the series"))
    booked_count = models.PositiveIntegerField(_("booked"), default=0)
    pending_count = models.PositiveIntegerField(_("waiting for approval"), default=0)
    waiting_count = models.PositiveIntegerField(_("on the waiting list"), default=0)
    # A fingerprint of the time, place and link the booked people's invitations hold, so a publish
    # that changes one of them sends "changed" (bookings/notifications.py).
    sent_details = models.CharField(_("details sent"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("bookable date")
        verbose_name_plural = _("bookable dates")
        constraints = [
            models.UniqueConstraint(fields=["event_key", "original_start"], name="bookings_one_row_per_date")
        ]

    def __str__(self):
        return f"{self.event_key} {self.original_start.isoformat()}"

    @property
    def taken(self):
        """Places taken: booked people and those waiting for the organiser's approval."""
        return self.booked_count + self.pending_count


def new_ical_uid():
    return f"booking-{uuid.uuid4()}"


class Booking(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings")
    session_date = models.ForeignKey(SessionDate, on_delete=models.PROTECT, related_name="bookings")
    state = models.CharField(_("state"), max_length=20, choices=BookingState)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # The bookings made together for a whole series share it (all dates or none).
    series_key = models.UUIDField(_("series booking"), null=True, blank=True, db_index=True)
    # Only the organisers see it; deleted after the date (services.forget_adjustments).
    adjustment_needs = models.TextField(_("adjustment needs"), blank=True)
    created_at = models.DateTimeField(_("booked at"))
    # The waiting-list order: when the person joined the list; ties broken by id.
    queued_at = models.DateTimeField(_("in line since"), null=True, blank=True)
    # The invitation's UID (not the public feed's: a subscribed feed and an accepted invitation
    # must never overwrite each other) and its SEQUENCE, which grows on every change.
    ical_uid = models.CharField(_("invitation UID"), max_length=100, unique=True, default=new_ical_uid)
    ical_sequence = models.PositiveIntegerField(_("invitation sequence"), default=0)
    # Attendance (bookings/attendance.py): minutes where a file or the organiser gives them.
    attended_minutes = models.PositiveIntegerField(_("minutes attended"), null=True, blank=True)
    attendance_source = models.CharField(
        _("attendance recorded from"), max_length=20, choices=AttendanceSource, blank=True
    )
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session_date"],
                condition=Q(state__in=CURRENT_STATES),
                name="bookings_one_current_booking_per_person_and_date",
            )
        ]
        indexes = [
            # The waiting list in order, and the date's roster.
            models.Index(fields=["session_date", "state", "queued_at", "id"]),
            models.Index(fields=["user", "state"]),
        ]

    def __str__(self):
        return f"{self.user_id} {self.session_date_id} {self.state}"

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES


class WalkInCount(models.Model):
    """People without an account who came to a date, counted per organisation type: the figures
    stay complete without making accounts for them."""

    session_date = models.ForeignKey(SessionDate, on_delete=models.CASCADE, related_name="walk_in_counts")
    organisation = models.CharField(_("organisation"), max_length=32, choices=Organisation)
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        verbose_name = _("walk-ins without an account")
        verbose_name_plural = _("walk-ins without an account")
        constraints = [
            models.UniqueConstraint(
                fields=["session_date", "organisation"], name="bookings_one_walk_in_count_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.session_date_id} {self.organisation} {self.count}"


class AttendanceImport(models.Model):
    """A Teams or Zoom attendance file applied to a date, remembered by its content hash so that
    applying the same file again changes nothing."""

    session_date = models.ForeignKey(SessionDate, on_delete=models.CASCADE, related_name="attendance_imports")
    file_hash = models.CharField(_("file hash"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=AttendanceSource)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched = models.PositiveIntegerField(_("rows matched"), default=0)
    unmatched = models.PositiveIntegerField(_("rows not matched"), default=0)

    class Meta:
        verbose_name = _("attendance file")
        verbose_name_plural = _("attendance files")
        constraints = [
            models.UniqueConstraint(
                fields=["session_date", "file_hash"], name="bookings_attendance_file_once"
            )
        ]

    def __str__(self):
        return f"{self.session_date_id} {self.file_name or self.file_hash[:12]}"


class BookingChange(models.Model):
    """One change of a booking's state: append-only history (who, when, from, to, why)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("when"))
    # Empty: the person themself or the system (the reason tells which).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=BookingState, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=BookingState)
    reason = models.CharField(_("reason"), max_length=40)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("booking change")
        verbose_name_plural = _("booking changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.booking_id} {self.from_state}→{self.to_state} ({self.reason})"


class DateInterest(models.Model):
    """A person asked to be told when an event with no date open for booking gets one ("Tell me about
    new dates"). Told once, in the language they asked in: ``told_at`` marks it done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="date_interests"
    )
    # The event's translation key (shared by its pages in every language), as for SessionDate.
    event_key = models.UUIDField(_("event"), db_index=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("asked at"))
    told_at = models.DateTimeField(_("told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("interest in new dates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=Q(told_at__isnull=True),
                name="bookings_one_open_interest_per_person_and_event",
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.event_key}"


class FailedMail(models.Model):
    """A booking mail that failed every attempt (bookings/tasks.py), for the superusers' admin report.

    Kept here rather than read from the task backend's results: the immediate backend (development,
    tests) keeps none, and the record is the same whichever backend sends (README.md, production)."""

    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.EmailField(_("recipient"))
    attempts = models.PositiveSmallIntegerField(_("attempts"))
    error = models.CharField(_("error"), max_length=500)
    failed_at = models.DateTimeField(_("failed at"), db_index=True)

    class Meta:
        verbose_name = _("failed mail")
        verbose_name_plural = _("failed mails")
        ordering = ["-failed_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.recipient} {self.failed_at:%Y-%m-%d %H:%M}"
