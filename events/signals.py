from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import EventPage, sync_occurrences


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
