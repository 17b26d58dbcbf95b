"""Importing iCalendar (.ics) files as event pages: `manage.py import_ics` and the admin upload view.

Two plain functions that tests and other code can call:

* `parse_calendar(data)` reads a whole file and turns every series (a VEVENT and its RECURRENCE-ID
  overrides) into an `ImportedEvent`, or raises `CalendarError` listing every problem with its line.
  It writes nothing.
* `apply_import(events, parent, dry_run=...)` creates or updates event pages under an EventIndexPage,
  found again by UID, inside one transaction that is rolled back for a dry run or on any error, and
  returns an `ImportReport`. Changed pages get a new revision and are published, so the existing
  signals materialise their occurrences; an unchanged page is not touched at all. New pages are
  validated one by one and then saved together (bulk.py): the same tree paths, revision, log
  entries, occurrences, sequence and search index as a publish, in a few statements for the whole
  file. The feed and site versions are bumped once per import (home.versions.bumps_coalesced).

Time zones (see docs/architecture.md, time zones). The project stores a start as wall-clock time
in the event's `time_zone` and expands rules in that local time. An imported event therefore gets
the zone its times were written in, with these rules:

* TZID of a zone with the same clock as Europe/Stockholm (Outlook's "W. Europe Standard Time", a
  copied VTIMEZONE, Europe/Berlin...) is stored as Europe/Stockholm; another known zone is kept
  (America/New_York stays America/New_York). A VTIMEZONE with a made-up TZID is matched to the IANA
  zone that gives the same instants.
* Floating times (no zone) are read in the calendar's X-WR-TIMEZONE, or Europe/Stockholm without one.
  All-day dates are stored in that zone too.
* UTC times: a single event is stored in the calendar's zone (same instant, local clock). A UTC
  series is stored in the calendar's zone only when that gives exactly the same instants (all its
  dates on one side of a daylight-saving change); otherwise it keeps time_zone "UTC", because a rule
  written in UTC stays at the same UTC time all year and shifts by an hour in Stockholm. (The site
  still shows such dates in Stockholm time: EventPage.display_zone.)

Whatever the zone, the stored rule is expanded with the project's own code (EventPage.expand) and
compared with an independent expansion of the source (dateutil on the source's wall-clock time); an
event whose dates would differ is refused with its line rather than imported wrongly.

Dates of a series: EXDATE is stored as an exclusion of the rule (the date disappears, as in the
source calendar). An override with STATUS:CANCELLED becomes a cancelled date (shown as cancelled on
the site), one with another time or date a moved date, and one that only changes SUMMARY or
DESCRIPTION a date with a note.

Modules: fetching (a file or URL, the size limit), zones (TZID, VTIMEZONE, X-WR-TIMEZONE), vevents
(reading a VEVENT and its series), lines (line numbers and errors), storage (choosing how a series is
stored), fields (SUMMARY, DESCRIPTION, LOCATION... as page fields), parsing (parse_calendar),
pages (apply_import), bulk (saving the new pages of an import together).
"""

from .fetching import MAX_BYTES, fetch_url, read_source
from .lines import CalendarError, LineError
from .pages import apply_import, find_parent
from .parsing import MAX_EVENTS, parse_calendar
from .results import ImportedEvent, ImportedException, ImportReport

__all__ = [
    "MAX_BYTES",
    "MAX_EVENTS",
    "CalendarError",
    "ImportReport",
    "ImportedEvent",
    "ImportedException",
    "LineError",
    "apply_import",
    "fetch_url",
    "find_parent",
    "parse_calendar",
    "read_source",
]
