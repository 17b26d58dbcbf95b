"""A date of an event as HTML: ``<time>`` elements in the event's zone, its status, title and note.

Written in Python rather than as an included template because listings show many dates: the include,
its filters and its nested include were most of the time an event page, the calendar or the home page
took to render. templates/events/occurrence.html (and occurrence_status.html, occurrence_download.html)
call these tags, so other templates may keep including them; the markup is the same either way.
"""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _time(value, label_format):
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(value, label_format))


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
