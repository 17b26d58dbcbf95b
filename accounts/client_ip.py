"""The visitor's address behind the documented proxy, for allauth's rate limits (accounts/adapter.py).

X-Forwarded-For is written by whoever sends the request, so it is believed only when the request
comes from one of our own proxies (settings.TRUSTED_PROXIES, addresses or networks). Each proxy
appends the address it got the request from, so the header is read from the right, past our own
proxies, and the first address that is not one of them is the visitor; everything to its left was
written by the visitor and is ignored. allauth's own ALLAUTH_TRUSTED_PROXY_COUNT takes the n-th
address from the right without asking who connected, so a visitor reaching the application
directly could choose their address; hence this function rather than that setting.
"""

import ipaddress

from django.core.exceptions import ImproperlyConfigured


def trusted_networks(values):
    """``["10.0.0.5", "192.168.0.0/24", "::1"]`` -> networks; a value that is neither refuses to start."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {value!r} is not an IP address or network (such as 10.0.0.5 or 10.0.0.0/24)."
            ) from exc
    return tuple(networks)


def parse_address(text):
    """An address as the ipaddress module has it, from "1.2.3.4", "[::1]" or "1.2.3.4:5678"; None if none."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:1.2.3.4) is that IPv4 client.
    return getattr(address, "ipv4_mapped", None) or address


def client_address(remote_addr, forwarded_for, networks):
    """The visitor's address as text, or None when even the connecting address is not one."""
    remote = parse_address(remote_addr or "")
    if remote is None:
        return None

    def trusted(address):
        return any(address in network for network in networks if address.version == network.version)

    if not trusted(remote):
        return str(remote)
    client = remote
    for hop in reversed((forwarded_for or "").split(",")):
        address = parse_address(hop)
        if address is None:
            break  # a hop our proxies did not write: nothing further left can be believed
        client = address
        if not trusted(address):
            break
    return str(client)
