"""Personal data kept no longer than needed: accounts whose address was never confirmed.

Someone who signs up and never confirms their address (a typo, a change of mind) has never signed
in and has nothing on the site but the account; after settings.UNVERIFIED_ACCOUNT_DAYS the account
goes. Accounts made in the admin (editors, organisers) have no unconfirmed address of allauth's and
are never touched, nor is anyone who has signed in, is staff, or belongs to a group.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction


def unverified_cutoff(now, days):
    """Accounts that joined before this moment are old enough to go."""
    return now - dt.timedelta(days=days)


def unverified_accounts(cutoff):
    """Accounts that joined before ``cutoff``, never signed in, and have an address but none confirmed."""
    return (
        get_user_model()
        .objects.filter(
            date_joined__lt=cutoff,
            last_login__isnull=True,
            is_staff=False,
            is_superuser=False,
            groups__isnull=True,
            pk__in=EmailAddress.objects.values("user"),
        )
        .exclude(pk__in=EmailAddress.objects.filter(verified=True).values("user"))
    )


def delete_unverified_accounts(cutoff):
    """Delete them (and what hangs on them: the unconfirmed address) in one transaction; returns how many
    accounts went. The criteria are applied as the rows are deleted, so someone confirming at that
    moment keeps their account."""
    user_model = get_user_model()
    with transaction.atomic():
        _, per_model = unverified_accounts(cutoff).delete()
    return per_model.get(user_model._meta.label, 0)
