"""The secret token of a person's personal feed: plain functions, no database.

The URL carries a random token (``secrets.token_urlsafe``, unrelated to the password); only its
SHA-256 is stored, so a copy of the database does not open anyone's feed. Tokens are compared in
constant time.
"""

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32  # 43 characters in the URL; the whole URL stays far below Google Calendar's 256
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token):
    return bool(TOKEN_PATTERN.fullmatch(token or ""))


def token_matches(token, stored_hash):
    """True when ``token`` is the one whose hash is ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(token_hash(token).encode(), (stored_hash or "").encode())
