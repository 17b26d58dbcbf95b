"""`manage.py housekeeping`: unconfirmed accounts go after UNVERIFIED_ACCOUNT_DAYS, expired sessions go;
nobody who confirmed, signed in or was made in the admin is touched."""

import datetime as dt
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts.housekeeping import unverified_cutoff

pytestmark = pytest.mark.django_db


def test_the_cutoff_is_that_many_days_back():
    now = dt.datetime(2026, 3, 29, 12, tzinfo=dt.UTC)
    assert unverified_cutoff(now, 14) == dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC)


def account(django_user_model, name, *, verified=None, signed_in=False, days_ago=20):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.date_joined = timezone.now() - dt.timedelta(days=days_ago)
    user.last_login = timezone.now() if signed_in else None
    user.save()
    if verified is not None:
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def run(*args):
    out = io.StringIO()
    call_command("housekeeping", *args, stdout=out)
    return out.getvalue()


def test_unconfirmed_accounts_older_than_the_setting_go_and_no_one_else(settings, django_user_model):
    settings.UNVERIFIED_ACCOUNT_DAYS = 14
    gone = account(django_user_model, "glomde", verified=False)
    keep = [
        account(django_user_model, "ny", verified=False, days_ago=3),  # still has time to confirm
        account(django_user_model, "bekraftad", verified=True),
        account(django_user_model, "inloggad", verified=False, signed_in=True),
        account(django_user_model, "fran-admin"),  # made in the admin: no allauth address
    ]
    in_group = account(django_user_model, "redaktor", verified=False)
    in_group.groups.add(Group.objects.get(name="Editors"))
    keep.append(in_group)
    # A second, confirmed address keeps an account whose first one was never confirmed.
    two = account(django_user_model, "tva", verified=False)
    EmailAddress.objects.create(user=two, email="tva@example.se", verified=True)
    keep.append(two)

    assert run().startswith("1 unconfirmed accounts older than 14 days deleted")
    assert not django_user_model.objects.filter(pk=gone.pk).exists()
    assert not EmailAddress.objects.filter(email="glomde@example.org").exists()
    assert set(django_user_model.objects.values_list("pk", flat=True)) >= {user.pk for user in keep}
    assert run().startswith("0 unconfirmed accounts")  # twice changes nothing

    # --days overrides the setting; less than a day is refused.
    assert run("--days", "2").startswith("1 unconfirmed accounts older than 2 days")
    with pytest.raises(SystemExit):
        call_command("housekeeping", "--days", "0", stderr=io.StringIO())


def test_expired_sessions_go_and_current_ones_stay(client, django_user_model):
    client.force_login(account(django_user_model, "anna", verified=True, signed_in=True))
    old = Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    run()
    assert not Session.objects.filter(pk=old.pk).exists()
    assert client.get("/sv/accounts/profile/").status_code == 200  # still signed in
