"""Write locale/sv/LC_MESSAGES/djangojs.po: Swedish for django-recurrence's widget, which ships none,
and for the Wagtail admin's scripts where Wagtail's own Swedish catalogue lacks a string.

Run from the project root after upgrading django-recurrence or Wagtail:
`.venv/bin/python tools/recurrence_widget_sv.py`, then `manage.py compile_catalogues`. The widget's
msgids come from the package's German catalogue. Wagtail's admin reads this catalogue too: its
JavaScript catalogue (wagtail/admin/views/i18n.py) adds the project's LOCALE_PATHS.
"""

import polib

SV = {
    ("date", "%l, %F %j, %Y"): "%l %j %F %Y",
    (None, "including"): "inklusive",
    (None, "excluding"): "utom",
    (None, "Frequency"): "Frekvens",
    (None, "On the"): "På den",
    (None, "Each"): "Varje",
    (None, "Every"): "Var",
    (None, "Until"): "Till och med",
    (None, "Occurs %(number)s time"): "Inträffar %(number)s gång",
    (None, "Occurs %(number)s times"): "Inträffar %(number)s gånger",
    (None, "Date"): "Datum",
    (None, "Time"): "Tid",
    (None, "Repeat until"): "Upprepa till och med",
    (None, "Exclude these occurences"): "Uteslut dessa tillfällen",
    (None, "Exclude this date"): "Uteslut detta datum",
    (None, "Add rule"): "Lägg till regel",
    (None, "Add date"): "Lägg till datum",
    (None, "Remove"): "Ta bort",
    (None, "Calendar"): "Kalender",
    ("Until date format", "%Y-%m-%d"): "%Y-%m-%d",
    (None, "midnight"): "midnatt",
    (None, "noon"): "mitt på dagen",
    (None, "on the %(items)s"): "på %(items)s",
    (None, "every %(number)s %(freq)s"): "med %(number)s %(freq)s mellanrum",
    (None, "each %(items)s"): "varje %(items)s",
    (None, "occuring %(number)s time"): "%(number)s gång",
    (None, "occuring %(number)s times"): "%(number)s gånger",
    (None, "until %(date)s"): "till och med %(date)s",
    (None, "year"): "år",
    (None, "month"): "månad",
    (None, "week"): "vecka",
    (None, "day"): "dag",
    (None, "hour"): "timme",
    (None, "minute"): "minut",
    (None, "second"): "sekund",
    (None, "years"): "år",
    (None, "months"): "månader",
    (None, "weeks"): "veckor",
    (None, "days"): "dagar",
    (None, "hours"): "timmar",
    (None, "minutes"): "minuter",
    (None, "seconds"): "sekunder",
    (None, "annually"): "årligen",
    (None, "monthly"): "månadsvis",
    (None, "weekly"): "veckovis",
    (None, "daily"): "dagligen",
    (None, "hourly"): "varje timme",
    (None, "minutely"): "varje minut",
    (None, "secondly"): "varje sekund",
    (None, "Monday"): "måndag",
    (None, "Tuesday"): "tisdag",
    (None, "Wednesday"): "onsdag",
    (None, "Thursday"): "torsdag",
    (None, "Friday"): "fredag",
    (None, "Saturday"): "lördag",
    (None, "Sunday"): "söndag",
    (None, "Mon"): "mån",
    (None, "Tue"): "tis",
    (None, "Wed"): "ons",
    (None, "Thu"): "tor",
    (None, "Fri"): "fre",
    (None, "Sat"): "lör",
    (None, "Sun"): "sön",
    ("Monday first letter", "M"): "M",
    ("Tuesday first letter", "T"): "T",
    ("Wednesday first letter", "W"): "O",
    ("Thursday first letter", "T"): "T",
    ("Friday first letter", "F"): "F",
    ("Saturday first letter", "S"): "L",
    ("Sunday first letter", "S"): "S",
    (None, "first %(weekday)s"): "första %(weekday)s",
    (None, "second %(weekday)s"): "andra %(weekday)s",
    (None, "third %(weekday)s"): "tredje %(weekday)s",
    (None, "fourth %(weekday)s"): "fjärde %(weekday)s",
    (None, "last %(weekday)s"): "sista %(weekday)s",
    (None, "second last %(weekday)s"): "näst sista %(weekday)s",
    (None, "third last %(weekday)s"): "tredje sista %(weekday)s",
    (None, "1st %(weekday)s"): "1:a %(weekday)s",
    (None, "2nd %(weekday)s"): "2:a %(weekday)s",
    (None, "3rd %(weekday)s"): "3:e %(weekday)s",
    (None, "4th %(weekday)s"): "4:e %(weekday)s",
    (None, "2nd last %(weekday)s"): "näst sista %(weekday)s",
    (None, "3rd last %(weekday)s"): "tredje sista %(weekday)s",
    (None, "last"): "sista",
    (None, "second last"): "näst sista",
    (None, "third last"): "tredje sista",
    (None, "fourth last"): "fjärde sista",
    (None, "2nd last"): "näst sista",
    (None, "3rd last"): "tredje sista",
    (None, "4th last"): "fjärde sista",
    (None, "January"): "januari",
    (None, "February"): "februari",
    (None, "March"): "mars",
    (None, "April"): "april",
    ("month name", "May"): "maj",
    (None, "June"): "juni",
    (None, "July"): "juli",
    (None, "August"): "augusti",
    (None, "September"): "september",
    (None, "October"): "oktober",
    (None, "November"): "november",
    (None, "December"): "december",
    (None, "Jan"): "jan",
    (None, "Feb"): "feb",
    (None, "Mar"): "mar",
    (None, "Apr"): "apr",
    (None, "Jun"): "jun",
    (None, "Jul"): "jul",
    (None, "Aug"): "aug",
    (None, "Sep"): "sep",
    (None, "Oct"): "okt",
    (None, "Nov"): "nov",
    (None, "Dec"): "dec",
    (None, "Dec."): "dec.",
    (None, "a.m."): "fm",
    (None, "p.m."): "em",
    (None, "AM"): "FM",
    (None, "PM"): "EM",
    ("Day of month", "%j%S"): "%j:e",
    (None, "last day"): "sista dagen",
    (None, "Jan."): "jan.",
    (None, "Feb."): "feb.",
    (None, "Aug."): "aug.",
    (None, "Sept."): "sep.",
    (None, "Oct."): "okt.",
    (None, "Nov."): "nov.",
}
src = polib.pofile(".venv/lib/python3.11/site-packages/recurrence/locale/de/LC_MESSAGES/djangojs.po")
po = polib.POFile()
po.metadata = {
    "Project-Id-Version": "conecto-kunskapsportal (django-recurrence widget)",
    "Language": "sv",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
missing = []
for e in src:
    key = (e.msgctxt, e.msgid)
    if key not in SV:
        missing.append(key)
        continue
    po.append(
        polib.POEntry(
            msgctxt=e.msgctxt,
            msgid=e.msgid,
            msgstr=SV[key],
            comment="django-recurrence's widget (recurrence/static/recurrence/js)",
        )
    )
# Wagtail admin strings without Swedish in Wagtail's djangojs.po (wagtail/admin/locale/en lists them all).
WAGTAIL_ADMIN = {
    (None, "%(num)s min"): ("%(num)s min", "%(num)s min"),
    (
        None,
        "%(time_zone_option)s: %(localized_time_zone_label)s",
    ): "%(time_zone_option)s: %(localized_time_zone_label)s",
    (None, "A network error occurred."): "Ett nätverksfel inträffade.",
    (None, "A server error occurred."): "Ett serverfel inträffade.",
    (None, "Autosave in progress…"): "Sparar automatiskt…",
    (None, "Changes have been autosaved."): "Ändringarna har sparats automatiskt.",
    (None, "Complex"): "Svår",
    (None, "Fair"): "Godtagbar",
    (None, "Good"): "Bra",
    (None, "Pin toolbar"): "Fäst verktygsfältet",
    (None, "Search options…"): "Sök bland alternativen…",
    (None, "Unpin toolbar"): "Lossa verktygsfältet",
}
wagtail_src = polib.pofile(
    ".venv/lib/python3.11/site-packages/wagtail/admin/locale/en/LC_MESSAGES/djangojs.po"
)
for e in wagtail_src:
    key = (e.msgctxt, e.msgid)
    if key not in WAGTAIL_ADMIN:
        continue
    swedish = WAGTAIL_ADMIN.pop(key)
    entry = polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, comment="Wagtail admin (wagtail/admin/static)")
    if e.msgid_plural:
        entry.msgid_plural = e.msgid_plural
        entry.msgstr_plural = dict(enumerate(swedish))
    else:
        entry.msgstr = swedish
    po.append(entry)
missing.extend(WAGTAIL_ADMIN)  # strings Wagtail no longer has: take them out of the list above
if missing:
    raise SystemExit(f"translate these new strings, or remove those gone: {missing}")
po.save("locale/sv/LC_MESSAGES/djangojs.po")
