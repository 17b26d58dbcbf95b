from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from accounts.models import Audience

from .feeds import bump_feed_version
from .feeds.cache import bump_block_version, bump_members_version
from .models import EventPage, stamp_feed_blocks, stamp_feed_blocks_under, sync_occurrences
from .sequence import update_sequence


@receiver(page_published)
@receiver(page_unpublished)
def resync_event_dates(sender, instance, **kwargs):
    """Publish, unpublish, revert-and-publish and scheduled publishing all end here."""
    if isinstance(instance, EventPage):
        sync_occurrences(instance, stamp=False)
        # Whatever changed (title, dates, sequence, being live), the feeds write this event afresh.
        stamp_feed_blocks([instance.pk])


@receiver(page_published)
def push_dates_to_translated_events(sender, instance, **kwargs):
    if isinstance(instance, EventPage):
        from .translation_sync import push_dates_to_translations

        push_dates_to_translations(instance)


@receiver(post_save, sender=EventPage)
def clear_dates_of_pages_taken_offline(sender, instance, created, **kwargs):
    # Some tree operations save a page as not live without sending page_unpublished.
    if not created and not instance.live and instance.occurrences.exists():
        sync_occurrences(instance)  # stamps its feed block
        bump_feed_version()


# Feed blocks hold each event's full URL: a new slug or place of a page above events changes them
# without a publish of the events. Wagtail rewrites the descendants' url_path in the same save (or
# move), so the stamp is written with it; the signals it sends after the commit stamp once more, for
# a save made outside a transaction.
@receiver(pre_save)
def note_a_new_url_path(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page) or instance.pk is None or type(instance) is EventPage:
        return  # an event's own publish stamps it
    if update_fields is not None and not {"slug", "url_path"} & set(update_fields):
        return
    stored = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
    instance._feed_url_path_changed = stored is not None and stored != instance.url_path


@receiver(post_save)
def stamp_events_with_a_new_url(sender, instance, **kwargs):
    if getattr(instance, "_feed_url_path_changed", False):
        instance._feed_url_path_changed = False
        stamp_feed_blocks_under(instance)
        bump_feed_version()  # a publish bumps it anyway; a plain save does not


@receiver(page_slug_changed)
def stamp_events_after_a_new_slug(sender, instance, **kwargs):
    stamp_feed_blocks_under(instance)
    bump_feed_version()  # after the stamps: a feed built between the two is never served again


@receiver(post_page_move)
def stamp_events_after_a_move(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before != url_path_after:
        stamp_feed_blocks_under(instance)
        bump_feed_version()


def change_members(sender, **kwargs):
    # Which events a feed holds can change without a change to any event: a page (a theme, a
    # translation of one) or an audience deleted, a page put under a view restriction or freed.
    bump_members_version()


for model in (Page, PageViewRestriction, Audience):
    post_delete.connect(change_members, sender=model, dispatch_uid=f"events_feed_members_{model._meta.label}")
for model in (PageViewRestriction, Audience):
    post_save.connect(
        change_members, sender=model, dispatch_uid=f"events_feed_members_saved_{model._meta.label}"
    )


@receiver(page_published)
def grow_sequence(sender, instance, **kwargs):
    if isinstance(instance, EventPage):
        update_sequence(instance)


def clear_feeds(sender, **kwargs):
    # Any publish can change a feed: an event, a theme's name or slug, the calendar page's address.
    bump_feed_version()


page_published.connect(clear_feeds, dispatch_uid="events_feeds_published")
page_unpublished.connect(clear_feeds, dispatch_uid="events_feeds_unpublished")
post_page_move.connect(clear_feeds, dispatch_uid="events_feeds_moved")
post_delete.connect(clear_feeds, sender=EventPage, dispatch_uid="events_feeds_deleted")


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def rewrite_feed_urls(sender, **kwargs):
    # The feeds link each event by its full URL, built from the Site's hostname and port: a change
    # rewrites every event's kept text and every cached feed, yet no event's own data.
    bump_block_version()
    bump_feed_version()
