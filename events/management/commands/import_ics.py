import argparse

from django.core.management.base import BaseCommand, CommandError, no_translations

from events.ics_import import CalendarError, apply_import, find_parent, parse_calendar, read_source

LONG_IMPORT = 100  # events; from this many on the command shows its progress


def report_lines(report):
    """The import's outcome as plain text lines, for the command and for logs."""
    verb = {
        "created": "would create" if report.dry_run else "created",
        "updated": "would update" if report.dry_run else "updated",
    }
    lines = []
    for item in report.created:
        lines.append(f"{verb['created']}: {item.title} (line {item.line}, UID {item.uid})")
    for item in report.updated:
        draft = " (saved as a draft: the event is unpublished)" if item.draft_only else ""
        lines.append(f"{verb['updated']}: {item.title} (line {item.line}): {', '.join(item.changes)}{draft}")
    for item in report.unchanged:
        lines.append(f"unchanged: {item.title} (line {item.line})")
    lines.append(
        f"{len(report.created)} {verb['created']}, {len(report.updated)} {verb['updated']}, "
        f"{len(report.unchanged)} unchanged."
    )
    if report.dry_run:
        lines.append("Dry run: nothing was saved.")
    return lines


class Command(BaseCommand):
    help = (
        "Import the VEVENTs of an iCalendar file or http(s) URL as event pages under an event index page. "
        "Re-importing updates events by UID and leaves unchanged ones alone; any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="FILE_OR_URL", help="an .ics file or an http(s)/webcal URL")
        parser.add_argument(
            "--parent",
            required=True,
            help="the event index page to import into: its id or its URL path (e.g. /sv/kalender/)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change without saving anything"
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=f"report progress on stderr (default: for imports of {LONG_IMPORT} events or more)",
        )

    @no_translations  # English output and errors, whatever the shell's or the site's language
    def handle(self, *args, source, parent, dry_run, progress=None, **options):
        try:
            # The whole file is read and checked before the database is touched.
            events = parse_calendar(read_source(source))
        except CalendarError as error:
            raise CommandError(self._failure(error.errors)) from None
        parent_page = find_parent(parent)
        if parent_page is None:
            raise CommandError(f"No event index page matches --parent {parent!r} (give its id or URL path).")
        show_progress = len(events) >= LONG_IMPORT if progress is None else progress
        report = apply_import(
            events, parent_page, dry_run=dry_run, progress=self._progress if show_progress else None
        )
        if report.errors:
            raise CommandError(self._failure(report.errors))
        for line in report_lines(report):
            self.stdout.write(line)

    def _progress(self, done, total):
        # About twenty lines however long the file: enough to see it move, not enough to drown a log.
        step = max(1, total // 20)
        if done % step == 0 or done == total:
            self.stderr.write(f"imported {done} of {total} events ({done * 100 // total} %)")

    @staticmethod
    def _failure(errors):
        return "Nothing was imported:\n" + "\n".join(str(error) for error in errors)
