"""What the follow-up reports store of their own: the log of participant list exports, and the
permissions the reports ask for (they belong to no other model)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

REPORTS_PERMISSION = "followup.view_followup_reports"
PARTICIPANT_LIST_PERMISSION = "followup.export_participant_list"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportLog(models.Model):
    """One download of the participant list: who, when, which month, which format. The list holds
    names and e-mail addresses, so superusers can see who took a copy (docs/followup.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Kept when the account is deleted, so the log still says who it was.
    user_name = models.CharField(_("name"), max_length=300)
    exported_at = models.DateTimeField(_("exported at"), db_index=True)
    month = models.DateField(_("month"))  # its first day
    export_format = models.CharField(_("format"), max_length=8, choices=ExportFormat)
    rows = models.PositiveIntegerField(_("people in the list"))

    class Meta:
        verbose_name = _("participant list export")
        verbose_name_plural = _("participant list exports")
        ordering = ["-exported_at", "-id"]
        permissions = [
            ("view_followup_reports", _("Can see the follow-up reports")),
            ("export_participant_list", _("Can export the participant list")),
        ]

    def __str__(self):
        return f"{self.user_name} {self.month:%Y-%m} {self.export_format} {self.exported_at:%Y-%m-%d %H:%M}"
