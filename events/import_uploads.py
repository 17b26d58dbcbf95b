"""Calendar files kept between the admin import's dry run and the import, so both read the same bytes.

As in Wagtail's redirect importer (wagtail/contrib/redirects/views.py), the file is stored under a
random name and the form carries that name signed; here the store is the database, which every web
process shares, where Wagtail's default is a temporary file on one machine. A kept file is at most
the import's size limit, lives an hour at most, belongs to the editor who uploaded it and is deleted
once imported; each editor keeps only a few at a time.
"""

import datetime as dt
import secrets

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ics_import import MAX_BYTES
from .models import PendingCalendarImport

LIFETIME = dt.timedelta(hours=1)
KEPT_PER_EDITOR = 3
SALT = "events.import_uploads"


class UploadUnavailable(Exception):
    """The token names no kept file this editor may import: tampered with, expired or already used."""


def _signer(user):
    # Bound to the editor: a token copied into another editor's form does not verify.
    return signing.TimestampSigner(salt=f"{SALT}:{user.pk}")


def keep_upload(data, *, parent, user):
    """Store ``data`` for ``user``'s import into ``parent``; returns the signed token for the form."""
    if len(data) > MAX_BYTES:
        raise ValueError("calendar file over the import's size limit")
    PendingCalendarImport.objects.filter(uploaded_at__lt=timezone.now() - LIFETIME).delete()
    older = PendingCalendarImport.objects.filter(uploaded_by=user).order_by("-uploaded_at", "-pk")
    PendingCalendarImport.objects.filter(
        pk__in=list(older.values_list("pk", flat=True)[KEPT_PER_EDITOR - 1 :])
    ).delete()
    name = secrets.token_urlsafe(32)
    PendingCalendarImport.objects.create(name=name, data=data, parent=parent, uploaded_by=user)
    return _signer(user).sign(name)


def kept_upload(token, user):
    """The kept file the token names, if ``user`` uploaded it within its lifetime."""
    try:
        name = _signer(user).unsign(token, max_age=LIFETIME)
    except signing.SignatureExpired:
        raise UploadUnavailable(_("The previewed file has expired. Upload it again.")) from None
    except signing.BadSignature:
        raise UploadUnavailable(_("The previewed file could not be found. Upload it again.")) from None
    upload = (
        PendingCalendarImport.objects.filter(
            name=name, uploaded_by=user, uploaded_at__gte=timezone.now() - LIFETIME
        )
        .select_related("parent")
        .first()
    )
    if upload is None:
        raise UploadUnavailable(upload_gone_message())
    return upload


def upload_gone_message():
    return _("The previewed file is no longer kept: it was imported already, or it has expired.")
