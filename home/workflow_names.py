"""The review workflow's name in the reader's language.

A Wagtail workflow and its tasks have one stored name, which the admin shows inside translated
sentences ("Submit to %(workflow_name)s") and the review mails put in their subjects. Migration
0010 stores the English names below; when a workflow or task with one of these names (in any of
the site's languages) is loaded, its name becomes a lazy translation, so each editor and each mail
reads it in their own language. A workflow an administrator names otherwise keeps its name as typed.
"""

from django.conf import settings
from django.db.models.signals import post_init
from django.utils import translation
from django.utils.translation import pgettext_lazy

REVIEW = pgettext_lazy("workflow name", "Review")
MODERATOR_APPROVAL = pgettext_lazy("workflow task name", "Approval by a moderator")
NAMES = (REVIEW, MODERATOR_APPROVAL)


def _spellings():
    """{stored name in any language: its lazy translation}."""
    spellings = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            spellings.update({str(name): name for name in NAMES})
    return spellings


_SPELLINGS = {}


def translate_name(sender, instance, **kwargs):
    if not _SPELLINGS:
        _SPELLINGS.update(_spellings())
    name = _SPELLINGS.get(instance.name)
    if name is not None:
        instance.name = name


def connect():
    from wagtail.models import GroupApprovalTask, Task, Workflow

    # post_init is sent with the concrete class: a task loaded as its specific class sends that one.
    for model in (Workflow, Task, GroupApprovalTask):
        post_init.connect(translate_name, sender=model, dispatch_uid=f"workflow-name-{model.__name__}")
    # Wagtail's __str__ returns the name itself, now a lazy translation, and Python wants a str: the
    # workflow reports, which list workflows and tasks by str(), were a 500. The same text, as a str.
    for model in (Workflow, Task):
        model.__str__ = _name_as_text


def _name_as_text(instance):
    return str(instance.name)
