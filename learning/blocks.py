"""The steps of a learning path as StreamField blocks.

Each step is a block, so it has a block id that survives reordering and editing and that
wagtail-localize keeps when it translates or syncs the page: progress is stored against it
(learning/progress.py reads the raw data). A group block holds "at least N of these" steps.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from .choosers import ModuleChooserBlock, SeminarChooserBlock, SupervisionChooserBlock
from .progress import ALL_DATES, ANY_ONE_DATE, SOME_DATES


class PrerequisiteBlock(blocks.FieldBlock):
    """The block id of an earlier step; the path's editor form fills in the choices (learning/forms.py)."""

    def __init__(self, required=False, help_text=None, **kwargs):
        self.field = forms.CharField(
            required=False, help_text=help_text, widget=forms.Select(choices=[("", "---------")])
        )
        super().__init__(**kwargs)

    def get_searchable_content(self, value):
        return []


def _common_blocks(in_group):
    common = []
    if not in_group:
        common.append(
            (
                "required",
                blocks.BooleanBlock(
                    label=_("Required"),
                    required=False,
                    default=True,
                    help_text=_(
                        "Untick for an optional step that does not count towards completing the path."
                    ),
                ),
            )
        )
    common += [
        (
            "effort_hours",
            blocks.DecimalBlock(
                label=_("Estimated effort (hours)"),
                required=False,
                min_value=0,
                max_digits=5,
                decimal_places=1,
            ),
        ),
        (
            "prerequisite",
            PrerequisiteBlock(
                label=_("Do this step first"),
                help_text=_(
                    "An earlier step of this path that must be done before this one. "
                    "Steps added since the last save can be chosen after saving a draft."
                ),
            ),
        ),
    ]
    return common


DATES_NEEDED = [
    (ANY_ONE_DATE, _("Any one of its dates")),
    (ALL_DATES, _("All of its dates")),
    (SOME_DATES, _("A number of its dates")),
]


class SessionStepBlock(blocks.StructBlock):
    def clean(self, value):
        value = super().clean(value)
        if value.get("dates_needed") == SOME_DATES and not value.get("number_of_dates"):
            raise StructBlockValidationError(
                block_errors={"number_of_dates": ValidationError(_("Say how many dates are needed."))}
            )
        return value


def session_step(chooser_block, label, icon, in_group=False):
    return SessionStepBlock(
        [
            ("event", chooser_block(label=_("Event"))),
            (
                "dates_needed",
                blocks.ChoiceBlock(
                    choices=DATES_NEEDED,
                    default=ANY_ONE_DATE,
                    label=_("Done by attending"),
                    help_text=_("A seminar on many dates is done on any one; a module series may need all."),
                ),
            ),
            (
                "number_of_dates",
                blocks.IntegerBlock(label=_("Number of dates"), required=False, min_value=1),
            ),
            *_common_blocks(in_group),
        ],
        label=label,
        icon=icon,
    )


class MaterialStepBlock(blocks.StructBlock):
    def clean(self, value):
        value = super().clean(value)
        targets = [name for name in ("page", "document", "url") if value.get(name)]
        if len(targets) != 1:
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose exactly one: a page, a document or a link."))}
            )
        return value


def material_step(in_group=False):
    return MaterialStepBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"), max_length=200)),
            ("description", blocks.TextBlock(label=_("What to read or do"), required=False)),
            ("page", blocks.PageChooserBlock(label=_("Page"), required=False)),
            ("document", DocumentChooserBlock(label=_("Document"), required=False)),
            ("url", blocks.URLBlock(label=_("External link"), required=False)),
            *_common_blocks(in_group),
        ],
        label=_("Material"),
        icon="doc-full",
    )


def step_blocks(in_group=False):
    return [
        ("seminar", session_step(SeminarChooserBlock, _("Knowledge seminar"), "date", in_group)),
        ("module", session_step(ModuleChooserBlock, _("In-depth module"), "list-ul", in_group)),
        ("supervision", session_step(SupervisionChooserBlock, _("Supervision"), "group", in_group)),
        ("material", material_step(in_group)),
    ]


class StepGroupBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"), max_length=200, help_text=_("For example “Choose two seminars”.")
    )
    minimum = blocks.IntegerBlock(
        label=_("At least this many"), min_value=1, default=1, help_text=_("How many of the steps to do.")
    )
    steps = blocks.StreamBlock(step_blocks(in_group=True), label=_("Steps to choose from"), min_num=1)

    class Meta:
        label = _("Choice: at least N of these")
        icon = "tick"

    def clean(self, value):
        value = super().clean(value)
        if value["minimum"] > len(value["steps"]):
            raise StructBlockValidationError(
                block_errors={"minimum": ValidationError(_("The group has fewer steps than its minimum."))}
            )
        return value


class PathStepsBlock(blocks.StreamBlock):
    def __init__(self, **kwargs):
        super().__init__([*step_blocks(), ("group", StepGroupBlock())], **kwargs)


def prerequisite_blocks(block):
    """Every PrerequisiteBlock in a block tree (to give them this page's choices)."""
    if isinstance(block, PrerequisiteBlock):
        yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from prerequisite_blocks(child)
