from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from accounts.models import Role
from home.models import BasePage, themes_field, themes_panel

from .blocks import PathStepsBlock
from .display import effort_text
from .forms import LearningPathForm
from .progress import GROUP, prerequisite_errors, structure_from_stream


class LearningPathIndexPage(BasePage):
    """All learning paths of one language (/sv/larvagar/, /en/learning-paths/)."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["learning.LearningPathPage"]
    template = "learning/learning_path_index_page.html"

    listed_in_site_search = False  # see home/views.py

    class Meta:
        verbose_name = _("learning path index")
        verbose_name_plural = _("learning path indexes")

    def serve(self, request, *args, **kwargs):
        from .views import path_index

        return path_index(self, request, *args, **kwargs)


class AudienceRole(models.Model):
    """A role (accounts.models.Role) a learning path can be aimed at, one row per role."""

    code = models.CharField(_("role"), max_length=32, choices=Role, unique=True)

    class Meta:
        verbose_name = _("target role")
        verbose_name_plural = _("target roles")
        ordering = ["id"]

    def __str__(self):
        return str(self.get_code_display())


PREREQUISITE_MESSAGES = {
    "self": _("A step cannot be its own prerequisite."),
    "unknown": _("The step to do first is no longer in this path. Choose another or none."),
    "later": _("The step to do first must come earlier in the path."),
}


class LearningPathPage(RoutablePageMixin, BasePage):
    """A themed path of seminars, modules, supervision and material that staff follow."""

    estimated_effort_hours = models.DecimalField(
        _("estimated effort (hours)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("The whole path. Leave empty to add up the effort given on the steps."),
    )
    audience = ParentalManyToManyField(
        "accounts.Audience",
        verbose_name=_("organisation types"),
        blank=True,
        related_name="learning_paths",
        help_text=_("Leave empty when the path is for everyone in the programme."),
    )
    roles = ParentalManyToManyField(
        AudienceRole,
        verbose_name=_("roles"),
        blank=True,
        related_name="learning_paths",
        help_text=_("Leave empty when the path suits every role."),
    )
    themes = themes_field("learning_paths")
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Show this path among the featured learning paths on the home page."),
    )
    steps = StreamField(
        PathStepsBlock(),
        verbose_name=_("steps"),
        blank=True,
        help_text=_("In the order they are best taken. Each step keeps its identity when moved or edited."),
    )

    parent_page_types = ["learning.LearningPathIndexPage"]
    subpage_types = []
    template = "learning/learning_path_page.html"
    base_form_class = LearningPathForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_effort_hours"),
                FieldPanel("audience", widget=forms.CheckboxSelectMultiple),
                FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
                themes_panel(),
                FieldPanel("featured"),
            ],
            heading=_("Who and what it is about"),
        ),
        FieldPanel("steps"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    @property
    def structure(self):
        return structure_from_stream(list(self.steps.raw_data))

    @property
    def total_effort_hours(self):
        if self.estimated_effort_hours is not None:
            return self.estimated_effort_hours
        return self.structure.total_effort_hours

    @property
    def effort_text(self):
        """The path's effort in words; an added-up effort says how many steps it leaves out."""
        if self.estimated_effort_hours is not None:
            return effort_text(self.estimated_effort_hours)
        structure = self.structure
        return effort_text(structure.total_effort_hours, structure.steps_without_effort)

    def step_choices(self):
        """[(step id, "3. Title")] of the saved steps, for the editor's "Do this step first"."""
        from events.models import EventPage

        structure = self.structure
        events = EventPage.objects.in_bulk([s.event_id for s in structure.steps if s.event_id])
        return [
            (step.id, f"{number}. {events[step.event_id].title if step.event_id in events else step.title}")
            for number, step in enumerate(structure.steps, start=1)
        ]

    def clean(self):
        super().clean()
        errors = prerequisite_errors(self.structure)
        if errors:
            raise ValidationError({"steps": self._stream_errors(errors)})

    def _stream_errors(self, errors):
        """The prerequisite errors attached to the steps they concern, as the editor shows them."""

        def on_step(step_id):
            return StructBlockValidationError(
                block_errors={"prerequisite": ValidationError(PREREQUISITE_MESSAGES[errors[step_id]])}
            )

        block_errors = {}
        for index, block in enumerate(self.steps.raw_data):
            if block["type"] == GROUP:
                inner = {
                    j: on_step(child["id"])
                    for j, child in enumerate(block["value"].get("steps") or [])
                    if child["id"] in errors
                }
                if inner:
                    block_errors[index] = StructBlockValidationError(
                        block_errors={"steps": StreamBlockValidationError(block_errors=inner)}
                    )
            elif block["id"] in errors:
                block_errors[index] = on_step(block["id"])
        return StreamBlockValidationError(block_errors=block_errors)

    @path("")
    def show(self, request):
        from .views import path_page

        return path_page(self, request)

    @path("follow/", name="follow")
    def follow_view(self, request):
        from .views import follow

        return follow(self, request)

    @path("leave/", name="leave")
    def leave_view(self, request):
        from .views import leave

        return leave(self, request)

    @path("steps/<str:step_id>/done/", name="step_done")
    def step_done_view(self, request, step_id):
        from .views import mark_done

        return mark_done(self, request, step_id)

    @path("steps/<str:step_id>/undo/", name="step_undo")
    def step_undo_view(self, request, step_id):
        from .views import undo_done

        return undo_done(self, request, step_id)


class ProgressSource(models.TextChoices):
    SELF_REPORT = "self_report", _("Reported by the participant")
    ATTENDANCE = "attendance", _("Attendance")


class PathFollow(models.Model):
    """A person follows a path: by its translation key, so the Swedish page and its translations are one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_paths"
    )
    path_key = models.UUIDField(_("path"), db_index=True)
    followed_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed path")
        verbose_name_plural = _("followed paths")
        constraints = [models.UniqueConstraint(fields=["user", "path_key"], name="learning_follow_once")]
        # Editors and moderators have it (see the migration that adds it); communicators do not.
        permissions = [("view_path_report", _("Can see the learning path report"))]

    def __str__(self):
        return f"{self.user_id} {self.path_key}"


class StepCompletion(models.Model):
    """A step a person has done. Kept when editors change or remove the step: it is their history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_completions"
    )
    path_key = models.UUIDField(_("path"), db_index=True)
    step_id = models.CharField(_("step"), max_length=64)
    source = models.CharField(
        _("source"), max_length=20, choices=ProgressSource, default=ProgressSource.SELF_REPORT
    )
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("completed step")
        verbose_name_plural = _("completed steps")
        constraints = [
            models.UniqueConstraint(fields=["user", "path_key", "step_id"], name="learning_step_done_once")
        ]

    def __str__(self):
        return f"{self.user_id} {self.path_key} {self.step_id}"


class PathCompletion(models.Model):
    """The fact that a person completed a path; it stays when editors later add or tighten steps."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_completions"
    )
    path_key = models.UUIDField(_("path"), db_index=True)
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("completed path")
        verbose_name_plural = _("completed paths")
        constraints = [models.UniqueConstraint(fields=["user", "path_key"], name="learning_path_done_once")]

    def __str__(self):
        return f"{self.user_id} {self.path_key}"


class PersonalFeedToken(models.Model):
    """The secret in a person's personal feed URL, kept only as its SHA-256 (learning/personal_feed.py).

    A new token replaces the row's hash, so the old URL stops working at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_feed_token"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("personal feed address")
        verbose_name_plural = _("personal feed addresses")

    def __str__(self):
        return f"{self.user_id} {self.created:%Y-%m-%d}"
