"""What the follow-up reports write: the log of participant list exports (one transaction each)."""

from django.db import transaction
from django.utils import timezone

from .report_models import ExportFormat, ExportLog


@transaction.atomic
def log_export(user, month, export_format, rows, now=None):
    """Write down that ``user`` downloaded the participant list of ``month``."""
    if export_format not in ExportFormat.values:
        raise ValueError(export_format)
    return ExportLog.objects.create(
        user=user,
        user_name=f"{user.get_full_name()} <{user.email}>".strip() if user.email else str(user),
        exported_at=now or timezone.now(),
        month=month,
        export_format=export_format,
        rows=rows,
    )
