"""A person's data across the apps: the download, the deletion of an account and the retention purge.

accounts is the lowest layer and knows none of the apps that keep facts about a person, so each of
them registers a ``PersonalData`` with the ``register_personal_data`` Wagtail hook (docs/privacy.md,
docs/architecture.md "Hooks"). What the follow-up reports count is never deleted: it is handed over
to an anonymous placeholder account, one per person, that keeps only the organisation type and
name the reports group by, so every report total stays the same (docs/privacy.md, "Anonymous
placeholders").
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

HOOK = "register_personal_data"
PLACEHOLDER_PREFIX = "anonymised-"


@dataclass(frozen=True)
class PersonalData:
    """One app's part of a person's data.

    - ``export(user)``: what the app keeps about the person, JSON-serialisable, nothing of others.
    - ``hand_over(user, placeholder, before)``: hand the facts the reports count to ``placeholder``
      and delete the rest; with ``before`` (an aware datetime) only what concerns dates before it.
      Returns how many rows it changed.
    - ``holders(before)``: ids of the real people with facts before ``before``.
    - ``expire(now)``: clean-ups by age alone (such as adjustment needs after the date); rows changed.
    """

    key: str
    export: Callable
    hand_over: Callable
    holders: Callable | None = None
    expire: Callable | None = None
    order: int = 100


def registered():
    parts = [register() for register in hooks.get_hooks(HOOK)]
    return sorted(parts, key=lambda part: (part.order, part.key))


def is_placeholder(user):
    return not user.is_active and user.username.startswith(PLACEHOLDER_PREFIX)


def real_people(queryset):
    """``queryset`` of users without the anonymous placeholders."""
    return queryset.exclude(is_active=False, username__startswith=PLACEHOLDER_PREFIX)


def retention_cutoff(now=None):
    """The start of the day after the programme's reporting period once its retention has passed, else
    None: facts of dates before it are anonymised (docs/privacy.md, "How long")."""
    now = now or timezone.now()
    ends = settings.PROGRAMME_REPORTING_ENDS
    if timezone.localdate(now) <= ends + dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS):
        return None
    return timezone.make_aware(dt.datetime.combine(ends + dt.timedelta(days=1), dt.time()))


def profile(user):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": user.organisation,
        "organisation_name": user.organisation_name,
        "role": user.role,
        "gender": user.gender,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def export(user):
    """Everything the site keeps about ``user``, as one JSON-serialisable dict."""
    data = {"profile": profile(user)}
    for part in registered():
        data[part.key] = part.export(user)
    return data


def make_placeholder(user):
    """A new anonymous account that stands for ``user`` in the reports: no name, no address, no
    password, never able to sign in; only what the reports group by."""
    placeholder = get_user_model()(
        username=f"{PLACEHOLDER_PREFIX}{uuid.uuid4().hex}",
        is_active=False,
        organisation=user.organisation,
        organisation_name=user.organisation_name,
        # Progress counts only dates after the account was made (learning/progress_store.py), so a
        # later correction of attendance must see about the same day; the time of day would single out.
        date_joined=user.date_joined.replace(hour=0, minute=0, second=0, microsecond=0),
    )
    placeholder.set_unusable_password()
    placeholder.save()
    return placeholder


def delete_account(user):
    """Delete ``user``'s account and hand what the reports count to a placeholder, in one transaction.
    Returns the placeholder."""
    with transaction.atomic():
        placeholder = make_placeholder(user)
        for part in registered():
            part.hand_over(user, placeholder, None)
        user.delete()
    return placeholder


@dataclass
class PurgeResult:
    expired: dict
    people: int
    handed_over: dict
    cutoff: dt.datetime | None


def purge(now=None, dry_run=False):
    """Run every clean-up by age, then anonymise the facts of dates before the retention cut-off,
    each person's to one new placeholder; in one transaction, rolled back when ``dry_run``. Safe to
    run daily: what has been handed over belongs to placeholders, which are never touched again."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    result = PurgeResult(expired={}, people=0, handed_over={}, cutoff=cutoff)
    with transaction.atomic():
        parts = registered()
        for part in parts:
            if part.expire:
                result.expired[part.key] = part.expire(now)
        if cutoff is not None:
            ids: set[int] = set()
            for part in parts:
                if part.holders:
                    ids.update(part.holders(cutoff))
            people = real_people(get_user_model().objects.filter(pk__in=ids)).order_by("pk")
            for person in people:
                placeholder = make_placeholder(person)
                result.people += 1
                for part in parts:
                    changed = part.hand_over(person, placeholder, cutoff)
                    result.handed_over[part.key] = result.handed_over.get(part.key, 0) + changed
        if dry_run:
            transaction.set_rollback(True)
    return result
