from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.TextChoices):
    """The kinds of organisation the programme's participants come from."""

    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    MUNICIPALITY = "municipality", _("A municipality")
    REGION_STOCKHOLM = "region_stockholm", _("Region Stockholm")
    PRIVATE_PROVIDER = "private_provider", _("Private provider")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """What the person does at work; learning paths and events are aimed at these."""

    CASEWORKER = "caseworker", _("Caseworker or coach")
    MANAGER = "manager", _("Manager")
    SPECIALIST = "specialist", _("Specialist or developer")
    HEALTHCARE = "healthcare", _("Health or social care professional")
    COORDINATOR = "coordinator", _("Coordinator")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    """Asked only because the programme's funder, ESF+, counts participants by gender."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    NOT_SAID = "not_said", _("I prefer not to say")


GENDER_HELP = _(
    "Optional. The programme's funder, the European Social Fund (ESF+), asks how many participants "
    "are women and men; we report it only as counts."
)


class User(AbstractUser):
    organisation = models.CharField(_("organisation"), max_length=32, choices=Organisation, blank=True)
    organisation_name = models.CharField(
        _("name of organisation or unit"),
        max_length=200,
        blank=True,
        help_text=_("For example the municipality or office, such as “Haninge kommun”."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role, blank=True)
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender, default=Gender.NOT_SAID, help_text=GENDER_HELP
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email or self.username


class Audience(models.Model):
    """An organisation kind that events and learning paths can be aimed at (one row per kind)."""

    code = models.CharField(_("organisation"), max_length=32, choices=Organisation, unique=True)

    class Meta:
        verbose_name = _("target audience")
        verbose_name_plural = _("target audiences")
        ordering = ["id"]

    def __str__(self):
        return str(self.get_code_display())
