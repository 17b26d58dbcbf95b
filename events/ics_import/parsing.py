"""parse_calendar: a whole .ics file as ImportedEvents, or every problem with its line."""

from django.utils.translation import gettext as _
from icalendar import Calendar

from .fetching import decode_text
from .fields import imported_event
from .lines import CalendarError, LineError, LineProblem, index_blocks
from .results import ImportedEvent
from .storage import choose_storage
from .vevents import Series, read_event, read_rules, text_value
from .zones import Context

MAX_EVENTS = 1000


MAX_ERRORS = 50


def parse_calendar(data: bytes) -> list[ImportedEvent]:
    """Every event series in an .ics file, or CalendarError with each problem and its line."""
    text = decode_text(data)
    blocks = index_blocks(text, MAX_EVENTS)
    try:
        calendar = Calendar.from_ical(text)
    except Exception as error:  # noqa: BLE001 (structure checked above; icalendar has the last word)
        raise CalendarError(
            [LineError(None, _("the calendar cannot be read: %(reason)s") % {"reason": error})]
        ) from None
    components = calendar.walk()
    if [c.name.upper() for c in components] != [b.name for b in blocks]:
        raise CalendarError([LineError(None, _("the calendar cannot be read: unexpected structure"))])
    blocks_by_component = {id(c): b for c, b in zip(components, blocks, strict=True)}
    try:
        ctx = Context(calendar, blocks_by_component)
    except LineProblem as problem:
        raise CalendarError([problem.error]) from None

    errors = []
    masters, overrides, failed = {}, [], set()
    for component in calendar.walk("VEVENT"):
        block = blocks_by_component[id(component)]
        try:
            raw = read_event(component, block, ctx)
        except LineProblem as problem:
            errors.append(problem.error)
            failed.add(text_value(component, "UID"))  # its overrides are not orphans, just not checked
            continue
        if raw.recurrence_id is not None:
            overrides.append(raw)
        elif raw.uid in masters:
            errors.append(
                LineError(
                    raw.line,
                    _("a second event with UID %(uid)s (the first is on line %(line)d)")
                    % {"uid": raw.uid, "line": masters[raw.uid].line},
                )
            )
        else:
            masters[raw.uid] = raw

    series_by_uid = {uid: Series(master, []) for uid, master in masters.items()}
    for override in overrides:
        if override.uid in failed:
            continue
        if override.uid not in series_by_uid:
            errors.append(
                LineError(
                    override.line,
                    _("RECURRENCE-ID without the series it changes (no event with UID %(uid)s)")
                    % {"uid": override.uid},
                )
            )
            continue
        series_by_uid[override.uid].overrides.append(override)

    events = []
    for series in series_by_uid.values():
        try:
            read_rules(series, ctx)
            if series.overrides and not series.recurring:
                raise LineProblem(
                    series.overrides[0].line, _("RECURRENCE-ID for a date that is not in the series")
                )
            stored = choose_storage(series, ctx)
            events.append(imported_event(series, stored))
        except LineProblem as problem:
            errors.append(problem.error)
    if errors:
        errors.sort(key=lambda error: error.line or 0)
        raise CalendarError(errors[:MAX_ERRORS])
    return sorted(events, key=lambda event: event.line)
