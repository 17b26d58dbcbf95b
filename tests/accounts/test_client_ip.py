"""The address the sign-in rate limits count by (accounts/client_ip.py): the proxy's X-Forwarded-For
only when the request comes from a trusted proxy."""

import pytest
from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from accounts.client_ip import client_address, trusted_networks

PROXIES = trusted_networks(["10.0.0.5", "192.168.1.0/24", "::1"])


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No proxy in front, or one that is not ours: the header is whatever the visitor wrote.
        ("203.0.113.7", None, "203.0.113.7"),
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # From our proxy: the address it appended, not what the visitor wrote to its left.
        ("10.0.0.5", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.5", "1.1.1.1, 198.51.100.1", "198.51.100.1"),
        # Two of our proxies in a row: past both.
        ("10.0.0.5", "1.1.1.1, 198.51.100.1, 192.168.1.20", "198.51.100.1"),
        ("::1", "[2001:db8::1]:4711", "2001:db8::1"),
        ("10.0.0.5", "198.51.100.1:51234", "198.51.100.1"),
        # Our proxy said nothing, or nonsense: the proxy's own address (one shared limit, never a
        # chosen one).
        ("10.0.0.5", None, "10.0.0.5"),
        ("10.0.0.5", "nonsense", "10.0.0.5"),
        ("10.0.0.5", "1.1.1.1, nonsense, 198.51.100.1", "198.51.100.1"),
        ("::ffff:203.0.113.7", None, "203.0.113.7"),
        ("", "198.51.100.1", None),
    ],
)
def test_the_client_address(remote, forwarded, expected):
    assert client_address(remote, forwarded, PROXIES) == expected


def test_a_mistyped_proxy_address_stops_the_site_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES: '10.0.0.300'"):
        trusted_networks(["10.0.0.300"])


def test_allauth_counts_by_the_address_from_the_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1")
    settings.TRUSTED_PROXIES = []
    assert get_adapter(request).get_client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert get_adapter(request).get_client_ip(request) == "198.51.100.1"
