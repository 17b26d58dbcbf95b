from django.core.management.base import BaseCommand

from bookings import services


class Command(BaseCommand):
    help = (
        "Dates that have begun: those still waiting become expired. Dates that have ended: the answers "
        "about adjustments are deleted. Records of failed booking mails older than "
        "FAILED_MAIL_RETENTION_DAYS are deleted. Run every few minutes from cron."
    )

    def handle(self, *args, **options):
        expired = services.expire_started()
        forgotten = services.forget_adjustments()
        purged = services.purge_failed_mails()
        self.stdout.write(
            f"{len(expired.changes)} expired, {forgotten} answers about adjustments deleted, "
            f"{purged} failed mail records deleted"
        )
