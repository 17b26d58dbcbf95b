"""What an import produces: the events read from a file and the report of applying them."""

import datetime as dt
from dataclasses import dataclass, field

import recurrence as django_recurrence

from ..models import EventFormat, EventPage, EventStatus
from .lines import LineError


@dataclass(frozen=True)
class ImportedException:
    """One EventDateException, in the event's local wall-clock time."""

    original_date: dt.date
    kind: str
    new_date: dt.date | None = None
    new_start_time: dt.time | None = None
    new_end_time: dt.time | None = None
    note: str = ""
    title: str = ""


@dataclass
class ImportedEvent:
    """An EventPage's worth of data read from one VEVENT series."""

    uid: str
    line: int
    title: str
    start_date: dt.date
    start_time: dt.time | None
    end_date: dt.date | None
    end_time: dt.time | None
    time_zone: str
    recurrence: django_recurrence.Recurrence | None = None
    exceptions: list[ImportedException] = field(default_factory=list)
    introduction: str = ""
    body_text: str = ""  # the whole DESCRIPTION when it is longer than an introduction may be
    venue_name: str = ""
    address: str = ""
    online_url: str = ""
    registration_url: str = ""
    status: str = EventStatus.SCHEDULED
    event_type: str | None = None  # None: no CATEGORIES matched one of our types
    event_format: str = EventFormat.ON_SITE
    organiser: str = ""


@dataclass
class ReportItem:
    uid: str
    title: str
    line: int
    page: EventPage | None = None
    changes: list[str] = field(default_factory=list)
    draft_only: bool = False  # the page was unpublished by an editor: saved, not published


@dataclass
class ImportReport:
    dry_run: bool = False
    created: list[ReportItem] = field(default_factory=list)
    updated: list[ReportItem] = field(default_factory=list)
    unchanged: list[ReportItem] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors
