"""Property tests: hostile titles, descriptions, places and categories through the feed writer.

events/ical.py writes every public and personal feed. For any drawn text (tests/events/hostile_text.py)
the feed must fold every line at 75 octets between characters, hold exactly the content lines of the
same event with harmless text (a title with "\\r\\nATTENDEE:..." adds no attendee), and read back to
the same text with icalendar, with the ``ical`` library and with vobject.
"""

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from events import ical
from tests.events.calendar_readers import read_ical
from tests.events.hostile_text import (
    as_icalendar_reads_a_parameter,
    as_written,
    assert_folded_utf8,
    content_line_names,
    harmless,
    hostile,
    icalendar_events,
    rfc6868,
    text_of,
    vobject_events,
    vobject_text,
)

MEETING = "https://meet.example.org/j/123"


def feed_row(title, description, location, categories, label, override_title, series):
    """One event, or a weekly series with one date of its own title, three weeks from now."""
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=21), dt.time(18, 0))
    week, hours = dt.timedelta(days=7), dt.timedelta(hours=2)
    row = ical.EventRow(
        uid="a1b2c3d4e5f6g7h8i9j0kA",
        title=title,
        start=start,
        end=start + hours,
        time_zone="Europe/Stockholm",
        description=description,
        location=location,
        conference=MEETING if label else "",
        conference_label=label,
        categories=tuple(categories),
        last_modified=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    if series:
        override = ical.Override(
            start + week, start + week, start + week + hours, title=override_title or None
        )
        row = row._replace(rrule="FREQ=WEEKLY;COUNT=4", overrides=(override,))
    return row


def feed(row):
    return ical.build_calendar(ical.CalendarInfo(name="Kalender", description="", language="sv"), [row])


def icalendar_categories(event):
    value = event.get("CATEGORIES")
    values = [] if value is None else value if isinstance(value, list) else [value]
    return [str(category) for item in values for category in item.cats]


@given(
    title=hostile,
    description=hostile,
    location=hostile,
    categories=st.lists(hostile.filter(as_written), max_size=3),
    label=hostile,
    override_title=hostile,
    series=st.booleans(),
)
@example(
    title="Seminarium\r\nATTENDEE:mailto:evil@example.org",
    description="a,b;c\\d\n\nhttps://kunskap.example.org/sv/kalender/x/",
    location="Rum 1; Hantverkargatan 3, Stockholm",
    categories=["Samverkan; SIP", "a\\b"],
    label="Delta i mötet",
    override_title="Ändrad\rEND:VEVENT",
    series=True,
)
@example(
    title="å" * 40 + "😀" * 30,
    description="",
    location="",
    categories=[],
    label="",
    override_title="",
    series=False,
)
# A lone CR in a parameter value was written as it was, ending the CONFERENCE line early; a
# backslash left the LABEL unquoted, which icalendar reads as escaping the character after it.
@example(
    title="x", description="", location="", categories=[], label="a\rb\\", override_title="", series=True
)
def test_the_feed_writer_keeps_hostile_text_in_its_own_lines(
    title, description, location, categories, label, override_title, series
):
    row = feed_row(title, description, location, categories, label, override_title, series)

    data = feed(row)

    assert_folded_utf8(data)
    benign = feed_row(
        harmless(title),
        harmless(description),
        harmless(location),
        ["x"] * len(categories),
        harmless(label),
        harmless(override_title),
        series,
    )
    assert content_line_names(data) == content_line_names(feed(benign))

    titles = [as_written(title)]
    if series:
        titles.append(as_written(override_title or title))
    description, location = as_written(description), as_written(location)
    categories = [as_written(category) for category in categories]
    label = " ".join(as_written(label).split("\n"))  # RFC 6868 keeps a line break as ^n

    for event, expected_title in zip(icalendar_events(data), titles, strict=True):
        assert text_of(event.get("SUMMARY")) == expected_title
        assert text_of(event.get("DESCRIPTION")) == description
        assert text_of(event.get("LOCATION")) == location
        assert icalendar_categories(event) == categories
        assert "ATTENDEE" not in event and "ORGANIZER" not in event
        if label:
            read = event["CONFERENCE"].params["LABEL"].replace("\n", " ")
            assert read.strip() == as_icalendar_reads_a_parameter(label).strip()
            assert str(event["CONFERENCE"]) == MEETING

    for event, expected_title in zip(read_ical(data.decode()).events, titles, strict=True):
        assert (event.summary or "") == expected_title
        assert (event.description or "") == description
        assert (event.location or "") == location
        if not any("," in category for category in categories):
            # ical 14 splits CATEGORIES at every comma, escaped or not; the other two readers don't.
            assert event.categories == categories

    for event, expected_title in zip(vobject_events(data), titles, strict=True):
        assert vobject_text(event, "summary") == expected_title
        assert vobject_text(event, "description") == description
        assert vobject_text(event, "location") == location
        assert [name for line in event.contents.get("categories", []) for name in line.value] == categories
        if label:
            assert rfc6868(event.conference.params["LABEL"][0]).replace("\n", " ") == label
