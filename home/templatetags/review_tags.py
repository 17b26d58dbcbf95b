from django import template

from home.translation_review import SUBMIT_ACTION, may_submit_for_review

register = template.Library()


@register.simple_tag
def translation_review(page, user):
    """What the translation editor needs to offer "Submit for review" (None when it may not)."""
    if page is None or not hasattr(page, "permissions_for_user"):
        return None
    if not may_submit_for_review(page, user):
        return None
    return {"action": SUBMIT_ACTION, "state": page.current_workflow_state}
