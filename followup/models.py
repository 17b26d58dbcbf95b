"""Evaluations and the 90-day follow-up: questionnaires, who was asked, who answered, what was answered.

Anonymous but once per person (issue 21; docs/architecture.md, "Follow-up"): ``Respondent`` says
who has answered about which date, ``Answer`` what was answered, and nothing links the two: no
foreign key, no user, no time finer than the ISO week, no IP address or user agent, and a random
primary key so the order of the rows tells nothing either. Both are written in one transaction by
followup/services.py.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, TranslatableMixin

from accounts.models import Organisation

# The reports' own models live in followup/report_models.py; importing them here registers them.
from .report_models import ExportLog  # noqa: F401


class Kind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation")
    FOLLOW_UP = "follow_up", _("Follow-up after three months")


class Usage(models.TextChoices):
    """The follow-up's question: have you used what you learned in your work?"""

    SEVERAL = "several", _("Yes, several times")
    ONCE = "once", _("Yes, once")
    NOT_YET = "not_yet", _("Not yet")
    NO = "no", _("No")


RATINGS = [(n, str(n)) for n in range(1, 6)]


class Questionnaire(TranslatableMixin, ClusterableModel):
    """An evaluation questionnaire as editors maintain it, in Swedish and (translated) English.

    The questions themselves are the programme's (followup/questions.py), the same for every
    questionnaire so the answers add up; editors write the introduction and choose the events it is
    for. The default questionnaire asks about every event no other questionnaire names.
    """

    name = models.CharField(_("name"), max_length=200)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions, e.g. what the answers are used for."),
    )
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Used for every event that no other questionnaire lists."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("introduction"),
        FieldPanel("is_default"),
        InlinePanel("events", label=_("Events"), heading=_("The events it is for")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")

    def __str__(self):
        return self.name


class QuestionnaireEvent(Orderable):
    """An event a questionnaire is for: matched by the event's translation key, so the Swedish event
    and its translations are one (followup/questions.py)."""

    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="events")
    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )

    panels = [PageChooserPanel("event", "events.EventPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("event of a questionnaire")


class AnswerRequest(models.Model):
    """The mail that asked a person to answer, sent once (``send_evaluation_requests``): the record
    that makes the command safe to run again. For a follow-up, ``original_start`` is the date it
    follows (the person's last attended date of the event)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    event_key = models.UUIDField(_("event"))
    original_start = models.DateTimeField(_("date in the series"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("request to answer")
        verbose_name_plural = _("requests to answer")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key", "original_start"],
                condition=Q(kind="evaluation"),
                name="followup_one_evaluation_request_per_date",
            ),
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=Q(kind="follow_up"),
                name="followup_one_follow_up_request_per_event",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.user_id} {self.event_key}"


class Respondent(models.Model):
    """Who has answered about what (never what they answered: that is an ``Answer``, unlinked)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    event_key = models.UUIDField(_("event"))
    original_start = models.DateTimeField(_("date in the series"))
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            # Once per person: an evaluation per date, a follow-up per event.
            models.UniqueConstraint(
                fields=["user", "event_key", "original_start"],
                condition=Q(kind="evaluation"),
                name="followup_one_evaluation_per_person_and_date",
            ),
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=Q(kind="follow_up"),
                name="followup_one_follow_up_per_person_and_event",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.user_id} {self.event_key}"


class Answer(models.Model):
    """What was answered, with only what the figures need: which date, the organisation type, and the
    ISO week it was given. Nothing here may identify the person (tests/followup/test_anonymity.py)."""

    # Random, so the rows' order is not the respondents' order.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    event_key = models.UUIDField(_("event"))
    original_start = models.DateTimeField(_("date in the series"))
    organisation = models.CharField(_("organisation type"), max_length=32, choices=Organisation, blank=True)
    week = models.CharField(_("week answered"), max_length=8, help_text="ISO week, e.g. 2026-W49")
    # The evaluation's questions (followup/questions.py); empty in a follow-up.
    can_apply = models.PositiveSmallIntegerField(
        _("I can apply what I learned in my daily work"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    usefulness = models.PositiveSmallIntegerField(
        _("how useful the session was"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # The follow-up's question; empty in an evaluation.
    usage = models.CharField(_("used it in their work"), max_length=10, choices=Usage, blank=True)
    comment = models.TextField(_("free text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["event_key", "kind"])]
        permissions = [("view_evaluation_results", _("Can see the evaluation results of events"))]

    def __str__(self):
        return f"{self.kind} {self.event_key} {self.week}"
