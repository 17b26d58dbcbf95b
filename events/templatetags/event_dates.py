"""A date of an event as HTML: ``<time>`` elements in the event's zone, its status, title and note.

Written in Python rather than as an included template because listings show many dates: the include,
its filters and its nested include were most of the time an event page, the calendar or the home page
took to render. templates/events/occurrence.html (and occurrence_status.html, occurrence_download.html)
call these tags, so other templates may keep including them; the markup is the same either way.
"""

import functools
from html import escape

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, ngettext

register = template.Library()


def _label(value, label_format):
    """``date_format(value, label_format)`` for the formats the dates use, without its parser: the
    same letters (l weekday, j day, F month, Y year, H:i time) from the same names."""
    weekdays, months = day_names(get_language())
    if label_format == "H:i":
        return f"{value:%H:%M}"
    if label_format == "l j F Y":
        return f"{weekdays[value.weekday()]} {value.day} {months[value.month]} {value.year:04d}"
    if label_format == "l j F Y, H:i":
        return (
            f"{weekdays[value.weekday()]} {value.day} {months[value.month]} {value.year:04d}, {value:%H:%M}"
        )
    if label_format == "j F H:i":
        return f"{value.day} {months[value.month]} {value:%H:%M}"
    return date_format(value, label_format)


def _time(value, label_format):
    return mark_safe(f'<time datetime="{value.isoformat()}">{escape(_label(value, label_format))}</time>')  # noqa: S308


def status_html(occurrence):
    """The badge of a cancelled or moved date (with the date it was moved from), or nothing."""
    if occurrence.is_cancelled:
        return format_html('<strong class="badge badge--cancelled">{}</strong>', gettext("Cancelled"))
    if occurrence.is_moved:
        original = occurrence.original_start.astimezone(occurrence.event.display_zone)
        return format_html(
            '<strong class="badge badge--moved">{}</strong> <span class="moved-from">{} {}</span>',
            gettext("Moved"),
            gettext("originally"),
            _time(original, "j F H:i"),
        )
    return ""


@register.simple_tag
def occurrence_when(occurrence, hide_title=False):
    """When a date is, in the event's display zone, with its status, own title and note."""
    event = occurrence.event
    zone = event.display_zone
    start = occurrence.start.astimezone(zone)
    if event.all_day:
        when = _time(start, "l j F Y")
    else:
        end = occurrence.end.astimezone(zone)
        when = _time(start, "l j F Y, H:i") + "–" + _time(end, "H:i")
    title = ""
    if occurrence.title and not hide_title:
        title = format_html('<span class="occurrence-title">{}</span>', occurrence.title)
    note = format_html('<span class="occurrence-note">{}</span>', occurrence.note) if occurrence.note else ""
    # The same whitespace as the template this replaced, so the pages read as before.
    return mark_safe(f"\n    {when}\n    {status_html(occurrence)}\n\n    {title}\n    {note}\n")  # noqa: S308


@register.simple_tag
def occurrence_status(occurrence):
    return status_html(occurrence)


@register.simple_tag
def occurrence_download(occurrence):
    """The one-off .ics of one date (none for a cancelled date), keyed by the day it originally fell on."""
    if occurrence.is_cancelled:
        return ""
    event = occurrence.event
    day = occurrence.original_start.astimezone(event.zone).date()
    url = reverse("occurrence_download", kwargs={"page_id": occurrence.event_id, "date": day.isoformat()})
    return format_html(
        '<a class="occurrence-download" href="{}" download>{}<span class="visually-hidden"> {}</span></a>',
        url,
        gettext("Download .ics"),
        date_format(occurrence.start.astimezone(event.zone), "j F Y"),
    )


# The month grid's cell, as templates/events/event_index_page.html wrote it (the same whitespace).
CELL_INDENT = "\n" + " " * 28
ITEM_INDENT = "\n" + " " * 32


@functools.cache
def day_names(language):
    """The weekday and month names of a language as plain strings (the lazy ones cost a lookup each)."""
    return [str(name) for _, name in sorted(WEEKDAYS.items())], {n: str(name) for n, name in MONTHS.items()}


@register.simple_tag
def month_cell(day):
    """One ``<td>`` of the month grid: its day and its first dates, with a link to the rest.

    Forty-two cells of nested tags and date filters were most of the month view's rendering time;
    the titles and addresses are escaped here as the template escaped them.
    """
    date = day["date"]
    occurrences = day["occurrences"]
    weekdays, months = day_names(get_language())
    month = months[date.month]
    classes = ("" if day["in_month"] else "month-grid__other") + ("" if occurrences else " month-grid__empty")
    parts = [
        f'<td class="{classes}">',
        # The weekday and month are visible only where the grid becomes a list of days (site.css).
        CELL_INDENT,
        CELL_INDENT,
        f'<span class="month-grid__day"><time datetime="{date.isoformat()}"><span class="month-grid__long">'
        f'{escape(weekdays[date.weekday()])} </span>{date.day}<span class="month-grid__long"> {escape(month)}'
        "</span></time></span>",
        CELL_INDENT,
    ]
    if occurrences:
        parts.append("<ul>" + ITEM_INDENT)
        for occurrence in occurrences:
            # In the current time zone, as the template's time filter showed it.
            time = "" if occurrence.event.all_day else localtime(occurrence.start).strftime("%H:%M ")
            status = ""
            if occurrence.is_cancelled or occurrence.is_moved:
                status = " " + status_html(occurrence)
            parts.append(
                f'<li><a href="{escape(occurrence.event_url)}">{time}{escape(occurrence.display_title)}</a>'
                f"{status}</li>"
            )
        parts.append(ITEM_INDENT)
        if hidden := day["hidden"]:
            # blocktranslate's text as it was: the translation with the number, not escaped again.
            more = ngettext("+ %(counter)s more", "+ %(counter)s more", hidden) % {"counter": hidden}
            parts.append(
                f'<li><a class="month-grid__more" href="{escape(day["day_query"])}#day-events">{more}'
                f'<span class="visually-hidden"> {date.day} {escape(month)}</span></a></li>'
            )
        parts.append(CELL_INDENT + "</ul>")
    parts.append("\n" + " " * 24 + "</td>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
