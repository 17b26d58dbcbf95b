"""Re-materialise the dates of live events so open-ended series reach the horizon. Run daily from cron."""

from django.core.management.base import BaseCommand

from events.feeds import bump_feed_version
from events.models import EventPage, sync_occurrences
from home.versions import bump_site_content_version


class Command(BaseCommand):
    help = "Refresh the occurrences of every live event up to EVENTS_HORIZON_MONTHS ahead (suited to a daily cron)."

    def handle(self, *args, **options):
        events = 0
        dates = 0
        for event in EventPage.objects.live().exclude(recurrence__isnull=True).exclude(recurrence=""):
            dates += sync_occurrences(event)
            events += 1
        bump_feed_version()  # feeds list materialised dates for some series
        bump_site_content_version()  # and so do the calendar, the event pages and the home page
        self.stdout.write(f"Refreshed {events} recurring events ({dates} dates).")
