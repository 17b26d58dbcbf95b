from django.core.management.base import BaseCommand

from followup import services
from followup.models import Kind


class Command(BaseCommand):
    help = (
        "Mail the evaluation of each attended date once it has ended, and the follow-up 90 days after "
        "a module or a path's session; each person once (safe to run every few minutes)."
    )

    def handle(self, *args, **options):
        sent = services.send_requests()
        self.stdout.write(
            f"Evaluation requests sent: {sent[Kind.EVALUATION]}; follow-up requests sent: {sent[Kind.FOLLOW_UP]}"
        )
