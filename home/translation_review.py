"""Sending a wagtail-localize translation through the review workflow, from the translation editor.

wagtail-localize's translation editor (it takes over the page editor for synced translations through
Wagtail's ``before_edit_page`` hook) offers only "Publish" as a way to turn translated strings into a
page revision, so a translator who may not publish has no way to ask for review. Our own
``before_edit_page`` hook (registered in ``home/wagtail_hooks.py`` to run first) answers the
"Submit for review" form that ``templates/wagtail_localize/admin/edit_translation.html`` adds to the
editor: it saves the translation as a draft revision and starts the page's workflow, exactly as
the ordinary page editor's "Submit for moderation" does.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState
from wagtail_localize.models import Translation

SUBMIT_ACTION = "action-submit-translation"


def synced_translation(page):
    """The enabled wagtail-localize translation whose target is ``page``, or None."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


def may_submit_for_review(page, user):
    """Whether ``user`` may send ``page`` to its workflow now: a first submission, or a resubmission
    after a reviewer asked for changes."""
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        return False
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return True
    return permissions.can_submit_for_moderation()


def submit_translation_for_review(request, page):
    """The ``before_edit_page`` hook: handles the editor's "Submit for review" post, ignores the rest."""
    if request.method != "POST" or SUBMIT_ACTION not in request.POST:
        return None
    translation = synced_translation(page)
    if translation is None:
        return None
    if not may_submit_for_review(page, request.user):
        raise PermissionDenied
    try:
        translation.save_target(user=request.user, publish=False)
    except ValidationError:
        messages.error(
            request,
            _("The translation of '%(title)s' has errors; fix them before submitting it for review.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect(request.path)
    page.refresh_from_db()
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(request.user)
    else:
        page.get_workflow().start(page, request.user)
    messages.success(
        request,
        _("The translation '%(title)s' has been submitted for review.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect(request.path)
