"""Communicators may write in the sections meant for them (news, themes) and nowhere else.

Wagtail grants page permissions per subtree, so every page class that opens a section to
communicators says so with ``communicators_may_edit = True``; when such a page is created,
in any language (wagtail-localize creates translations the same way), the Communicators group
gets add and change permission on it. Publishing stays with reviewers through the workflow.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission, Page

COMMUNICATORS = "Communicators"
COMMUNICATOR_PAGE_PERMISSIONS = ["add_page", "change_page"]


def grant_communicators(page):
    group = Group.objects.filter(name=COMMUNICATORS).first()
    if group is None:
        return
    for codename in COMMUNICATOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=permission)


@receiver(post_save)
def open_section_to_communicators(sender, instance, created, raw=False, **kwargs):
    if (
        created
        and not raw
        and isinstance(instance, Page)
        and getattr(sender, "communicators_may_edit", False)
    ):
        grant_communicators(instance)
