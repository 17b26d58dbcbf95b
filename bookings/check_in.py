"""Self check-in: the signed token in a date's check-in link and QR code, and its six-character code.

Both are derived from the date's id and the site's ``SECRET_KEY`` (nothing is stored), each with a
salt of its own, so neither can be made without the key, and a token or code of one date says
nothing about another's. Neither carries a time: whether check-in is open is decided when it is
used, from the date's current start and end (bookings/attendance_rules.py, ``check_in_window``),
so a date that moves keeps its code and its QR code, and a token shown for an old date is refused
by the window, not by a rotation that a slow scanner misses.

The code is for people who cannot scan: six characters from an alphabet without 0/O and 1/I. A
code is looked up only among the dates whose check-in is open right now (a handful at a time), so
of the 32^6 (about a billion) codes only those few are valid at all, and the code-entry view
also counts each person's wrong codes (``note_wrong_code``): guessing one takes hundreds of
millions of tries, and the view stops a person after ``MAX_WRONG_CODES``.
"""

import datetime as dt
import hmac

from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from events.models import EventStatus, Occurrence, OccurrenceStatus

from .attendance_rules import CHECK_IN_CLOSES_AFTER, CHECK_IN_OPENS_BEFORE
from .models import SessionDate

TOKEN_SALT = "bookings.check_in.token"  # noqa: S105 - a salt, not a secret
CODE_SALT = "bookings.check_in.code"
# No 0/O, 1/I: a code read off a screen or said aloud is not mistaken.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# Wrong codes a person may enter in WRONG_CODES_PERIOD before the form refuses them for a while.
MAX_WRONG_CODES = 10
WRONG_CODES_PERIOD = dt.timedelta(minutes=15)


def _signer():
    return signing.Signer(salt=TOKEN_SALT, sep=".", algorithm="sha256")


def token_for(session_date):
    """The signed token of the date's check-in link (its id and a signature, URL-safe)."""
    return _signer().sign(str(session_date.pk))


def session_date_id_from_token(token):
    """The date id a token was made for, or None when it is not one of ours (forged, cut, edited)."""
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def code_for(session_date_id):
    """The date's six-character code."""
    digest = salted_hmac(CODE_SALT, str(session_date_id), algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def display_code(code):
    """``ABC-DEF``: two halves are easier to read off a screen and to type."""
    return f"{code[:3]}-{code[3:]}"


def normalise_code(text):
    """What the person typed, as a code: capitals, without spaces or dashes; "" when it cannot be one."""
    code = "".join(ch for ch in (text or "").upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


def open_session_dates(now=None):
    """The dates whose check-in is open at ``now`` (two queries, a handful of rows)."""
    now = now or timezone.now()
    rows = (
        Occurrence.objects.filter(
            event__live=True,
            start__lte=now + CHECK_IN_OPENS_BEFORE,
            end__gte=now - CHECK_IN_CLOSES_AFTER,
        )
        .exclude(status=OccurrenceStatus.CANCELLED)
        .exclude(event__status=EventStatus.CANCELLED)
        .values_list("event__translation_key", "original_start")
    )
    keys = set(rows)
    if not keys:
        return []
    candidates = SessionDate.objects.filter(
        event_key__in={key for key, _ in keys}, original_start__in={start for _, start in keys}
    )
    return [sd for sd in candidates if (sd.event_key, sd.original_start) in keys]


def session_date_for_code(code, now=None):
    """The open date whose code this is, or None."""
    code = normalise_code(code)
    if not code:
        return None
    for session_date in open_session_dates(now):
        if hmac.compare_digest(code_for(session_date.pk), code):
            return session_date
    return None


def _wrong_codes_key(user):
    return f"bookings:check-in:wrong-codes:{user.pk}"


def too_many_wrong_codes(user):
    return cache.get(_wrong_codes_key(user), 0) >= MAX_WRONG_CODES


def note_wrong_code(user):
    """Count one wrong code; the count starts over WRONG_CODES_PERIOD after the first."""
    key = _wrong_codes_key(user)
    if cache.add(key, 1, timeout=WRONG_CODES_PERIOD.total_seconds()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=WRONG_CODES_PERIOD.total_seconds())
