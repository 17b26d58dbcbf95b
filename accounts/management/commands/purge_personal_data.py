from django.core.management.base import BaseCommand

from accounts.personal_data import purge


class Command(BaseCommand):
    help = (
        "Removes personal data past its retention (docs/privacy.md): adjustment needs after their date, "
        "old failed mails, and, once PERSONAL_DATA_RETENTION_DAYS have passed after "
        "PROGRAMME_REPORTING_ENDS, hands the bookings, attendance and progress of the dates before it to "
        "anonymous placeholders, keeping the reports' counts. Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be done and change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        result = purge(dry_run=dry_run)
        prefix = "Would remove" if dry_run else "Removed"
        for key, count in result.expired.items():
            self.stdout.write(f"{prefix} {count} expired rows of {key}")
        if result.cutoff is None:
            self.stdout.write(
                "The retention of the programme's reporting period has not passed: nothing anonymised"
            )
        else:
            verb = "Would anonymise" if dry_run else "Anonymised"
            self.stdout.write(
                f"{verb} the data of {result.people} people about dates before {result.cutoff.date().isoformat()}"
            )
            for key, count in result.handed_over.items():
                self.stdout.write(f"  {key}: {count} rows")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed")
