"""Reading the bytes: a file or an http(s)/webcal URL, at most MAX_BYTES, decoded as UTF-8."""

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.utils.translation import gettext as _

from .lines import CalendarError, LineError

MAX_BYTES = 5 * 1024 * 1024


FETCH_TIMEOUT = 20


def _size_error():
    return CalendarError(
        [LineError(None, _("the file is larger than %(size)d MB") % {"size": MAX_BYTES >> 20})]
    )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.URLError(_("redirected to an address that is not http or https"))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url):
    """The body of an http(s) URL, at most MAX_BYTES; webcal:// is read as https://."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "webcal":
        parts = parts._replace(scheme="https")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CalendarError([LineError(None, _("only http and https addresses can be imported"))])
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        urllib.parse.urlunsplit(parts),
        headers={"User-Agent": "Conecto+ import_ics", "Accept": "text/calendar"},
    )
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise CalendarError(
            [
                LineError(
                    None,
                    _("the server answered %(status)s %(reason)s")
                    % {"status": error.code, "reason": error.reason},
                )
            ]
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise CalendarError(
            [LineError(None, _("could not fetch the calendar: %(reason)s") % {"reason": reason})]
        ) from None
    if len(data) > MAX_BYTES:
        raise _size_error()
    return data


def read_source(source):
    """The bytes of a file path or an http(s)/webcal URL."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source):
        return fetch_url(source)
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _size_error()
        return path.read_bytes()
    except OSError as error:
        raise CalendarError(
            [
                LineError(
                    None, _("cannot read %(path)s: %(reason)s") % {"path": source, "reason": error.strerror}
                )
            ]
        ) from None


def decode_text(data):
    if len(data) > MAX_BYTES:
        raise _size_error()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CalendarError([LineError(line, _("the file is not valid UTF-8 text"))]) from None
