"""Copy an event for a new term: one action that makes a draft with every date moved along."""

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from . import expansion
from .models import EventDateException, EventPage


def free_slug(parent, base):
    slug, number = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def copy_for_new_term(event: EventPage, new_start_date: dt.date, title: str, user=None) -> EventPage:
    """A draft copy of ``event`` starting on ``new_start_date``; its rule, end and date changes shift too."""
    days = (new_start_date - event.start_date).days
    delta = dt.timedelta(days=days)
    parent = event.get_parent()

    def shift_dates(original, page_copy, child_relation, child_object):
        if isinstance(child_object, EventDateException):
            child_object.original_date += delta
            if child_object.new_date:
                child_object.new_date += delta

    copy = event.copy(
        to=parent,
        update_attrs={
            "title": title,
            "slug": free_slug(parent, slugify(title) or event.slug),
            "start_date": new_start_date,
            "end_date": event.end_date + delta if event.end_date else None,
            "recurrence": expansion.shift_recurrence(event.recurrence, days, event.zone),
            "sequence": 0,
        },
        keep_live=False,
        copy_revisions=False,
        user=user,
        process_child_object=shift_dates,
    ).specific
    copy.save_revision(user=user, log_action=False)
    return copy
