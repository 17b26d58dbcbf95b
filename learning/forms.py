import copy

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockWidget

from .blocks import prerequisite_blocks


class LearningPathForm(WagtailAdminPageForm):
    """The path editor: "Do this step first" offers the path's own steps by number and name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("steps")
        if field is None:
            return
        choices = [("", "---------"), *self.instance.step_choices()]
        # The block tree is shared by every form; this form gets its own copy with its own choices.
        block = copy.deepcopy(field.block)
        for prerequisite in prerequisite_blocks(block):
            prerequisite.field.widget.choices = choices
        field.block = block
        field.widget = BlockWidget(block)
