from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.housekeeping import delete_unverified_accounts, unverified_cutoff


class Command(BaseCommand):
    help = (
        "Deletes accounts whose address was not confirmed within UNVERIFIED_ACCOUNT_DAYS days (and that "
        "never signed in) and expired sessions. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="age of an unconfirmed account to delete (settings.UNVERIFIED_ACCOUNT_DAYS)",
        )

    def handle(self, *args, days=None, **options):
        days = settings.UNVERIFIED_ACCOUNT_DAYS if days is None else days
        if days < 1:
            self.stderr.write("--days must be at least 1: someone who just signed up needs time to confirm.")
            raise SystemExit(2)
        deleted = delete_unverified_accounts(unverified_cutoff(timezone.now(), days))
        call_command("clearsessions")
        self.stdout.write(
            f"{deleted} unconfirmed accounts older than {days} days deleted; expired sessions cleared"
        )
