from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .feeds import bump_feed_version
from .feeds.cache import bump_block_version
from .models import EventPage, sync_occurrences
from .sequence import update_sequence


@receiver(page_published)
@receiver(page_unpublished)
def resync_event_dates(sender, instance, **kwargs):
    """Publish, unpublish, revert-and-publish and scheduled publishing all end here."""
    if isinstance(instance, EventPage):
        sync_occurrences(instance)


@receiver(page_published)
def push_dates_to_translated_events(sender, instance, **kwargs):
    if isinstance(instance, EventPage):
        from .translation_sync import push_dates_to_translations

        push_dates_to_translations(instance)


@receiver(post_save, sender=EventPage)
def clear_dates_of_pages_taken_offline(sender, instance, created, **kwargs):
    # Some tree operations save a page as not live without sending page_unpublished.
    if not created and not instance.live and instance.occurrences.exists():
        sync_occurrences(instance)
        bump_feed_version()


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
