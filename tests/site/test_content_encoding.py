"""Which clients get gzip and what the compressed copy is (site/content_encoding.py): no database."""

import gzip
import os

import pytest

from conecto_site.content_encoding import MIN_BYTES, accepts_gzip, gzip_body, gzip_etag


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", True),  # browsers, aiohttp (vdirsyncer)
        ("gzip, deflate", True),  # Python requests
        ("GZIP", True),
        ("x-gzip", True),
        ("deflate, gzip;q=1.0, *;q=0.5", True),
        ("*", True),
        ("br;q=1, gzip;q=0.2", True),
        ("", False),  # no header: identity only
        ("identity", False),
        ("deflate, br", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # named beats the wildcard
        ("*, gzip;q=0", False),
        ("gzip;q=nonsense", False),
        (" , ,gzip", True),
    ],
)
def test_which_accept_encoding_values_admit_gzip(header, accepted):
    assert accepts_gzip(header) is accepted


def test_a_calendar_body_is_compressed_and_comes_back_the_same():
    body = ("BEGIN:VEVENT\r\nSUMMARY:Seminarium om IPS\r\nEND:VEVENT\r\n" * 200).encode()
    packed = gzip_body(body, "text/calendar; charset=utf-8")
    assert packed is not None and len(packed) < len(body) / 5
    assert gzip.decompress(packed) == body
    assert gzip_body(body, "text/calendar; charset=utf-8") == packed  # the same bytes in every process


@pytest.mark.parametrize(
    "content_type",
    ["text/html; charset=utf-8", "application/rss+xml; charset=utf-8", "application/json", "TEXT/PLAIN"],
)
def test_text_types_are_compressed(content_type):
    assert gzip_body(b"a" * MIN_BYTES, content_type) is not None


def test_small_binary_and_incompressible_bodies_are_left_alone():
    assert gzip_body(b"a" * (MIN_BYTES - 1), "text/html") is None
    assert gzip_body(b"a" * 10_000, "image/png") is None
    assert gzip_body(b"a" * 10_000, "") is None
    assert gzip_body(os.urandom(4096), "text/plain") is None  # hardly shrinks: not worth a copy


def test_the_gzip_representation_has_its_own_etag():
    assert gzip_etag('"abc"') == '"abc-gzip"'
    assert gzip_etag('W/"abc"') == 'W/"abc-gzip"'
    assert gzip_etag('"abc"') != '"abc"'
