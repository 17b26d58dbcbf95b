"""What changes a public page: each of these bumps the site-content version, so that the public page
cache (site/page_cache.py) of every process builds pages afresh.

Higher apps bump it themselves for their own models (events/management/commands/extend_occurrences.py).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from modelsearch import index as search_index
from modelsearch.tasks import insert_or_update_object_task
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from accounts.models import Audience

from .models import BasePage, FooterLinks, only_draft_changed
from .versions import bump_site_content_version

# Shown on public pages or deciding who may see them. Renditions are left out: rendering a page
# creates them, which must not empty the cache it is filling.
CONTENT_MODELS = (
    Page,
    Site,
    Locale,
    BaseSiteSetting,
    BaseGenericSetting,
    BaseViewRestriction,
    AbstractImage,
    AbstractDocument,
    Audience,
)


def content_changed(sender, **kwargs):
    bump_site_content_version()


def content_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if isinstance(instance, Revision):
        # A revision scheduled to go live: the page's status changes now, its content when it publishes.
        if instance.approved_go_live_at is not None:
            bump_site_content_version()
        return
    if not isinstance(instance, CONTENT_MODELS):
        return
    # A new draft is not on the site, unless it is a new home page (or a home page's translation): it
    # joins the site root paths that every page URL is built from (home/routing.py).
    if isinstance(instance, Page) and created and not instance.live and instance.depth != 2:
        return
    if isinstance(instance, Page) and only_draft_changed(update_fields):
        return  # a new revision saved, not yet published
    bump_site_content_version()


def content_deleted(sender, **kwargs):
    bump_site_content_version()


page_published.connect(content_changed, dispatch_uid="home_site_content_published")
page_unpublished.connect(content_changed, dispatch_uid="home_site_content_unpublished")
post_page_move.connect(content_changed, dispatch_uid="home_site_content_moved")
post_save.connect(content_saved, dispatch_uid="home_site_content_saved")
# One sender at a time: a receiver for every model would keep Django from deleting related rows in
# bulk. Deleting a page of any type deletes its wagtailcore.Page row.
for model in (
    Page,
    Site,
    Locale,
    PageViewRestriction,
    CollectionViewRestriction,
    get_image_model(),
    get_document_model(),
    Audience,
    FooterLinks,
):
    post_delete.connect(
        content_deleted, sender=model, dispatch_uid=f"home_site_content_deleted_{model._meta.label}"
    )


# The search index of content pages: what modelsearch's own handlers do (BasePage.search_auto_update
# is off), except on a draft save, which changes nothing the index reads (it reads the page row again).
def index_saved_page(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or only_draft_changed(update_fields):
        return
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def unindex_deleted_page(sender, instance, **kwargs):
    search_index.remove_object(instance)


# Imported from HomeConfig.ready, when every app's page types are loaded; one sender at a time, as above.
for model in apps.get_models():
    if issubclass(model, BasePage):
        label = model._meta.label
        post_save.connect(index_saved_page, sender=model, dispatch_uid=f"home_search_saved_{label}")
        post_delete.connect(unindex_deleted_page, sender=model, dispatch_uid=f"home_search_deleted_{label}")
