"""gzip copies of the page cache's bodies (site/page_cache.py), for the clients that ask for them.

A feed of the whole programme is about 2 MB of text and compresses to about an eighth; calendar
clients (Outlook, Google Calendar, Apple Calendar, Thunderbird, vdirsyncer) fetch it every hour and
all send ``Accept-Encoding: gzip``. A body is compressed once, when its entry is stored, never per
request, and only public, anonymous responses are stored, so no secret is ever compressed beside
text an attacker chooses (BREACH).

The gzip representation has its own ETag (the identity one with ``-gzip`` before the closing quote,
as Apache's mod_deflate does), since a validator belongs to one representation (RFC 9110 8.8.3),
and both carry ``Vary: Accept-Encoding`` so a shared cache keeps them apart.
"""

import gzip

# Below this the saving does not pay for a header and a decompression.
MIN_BYTES = 1024
# zlib's level 1 compresses the feeds' text nearly as well as the default 6 (about 51 bytes an event
# against 41) in a fraction of the time, and it is paid on the request that builds the body.
LEVEL = 1
COMPRESSIBLE_TYPES = (
    "text/",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "application/json",
)
GZIP_NAMES = frozenset({"gzip", "x-gzip"})  # x-gzip: RFC 9110 8.4.1.3


def accepts_gzip(header):
    """Whether an ``Accept-Encoding`` value (RFC 9110 12.5.3) admits gzip: by name or ``*``, not at q=0."""
    named = wildcard = None
    for item in header.split(","):
        coding, _, parameters = item.partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
        if coding in GZIP_NAMES:
            named = max(named or 0.0, weight)
        elif coding == "*":
            wildcard = weight
    if named is not None:
        return named > 0
    return bool(wildcard and wildcard > 0)


def compressible(content_type):
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith(COMPRESSIBLE_TYPES)


def gzip_body(body, content_type):
    """The body compressed, or None when it is too small, not text, or would hardly shrink."""
    if len(body) < MIN_BYTES or not compressible(content_type):
        return None
    packed = gzip.compress(body, compresslevel=LEVEL, mtime=0)
    return packed if len(packed) < 0.9 * len(body) else None


def gzip_etag(etag):
    """The ETag of the gzip representation: ``"abc"`` -> ``"abc-gzip"`` (weak ones stay weak)."""
    if etag.endswith('"'):
        return etag[:-1] + '-gzip"'
    return etag + "-gzip"
