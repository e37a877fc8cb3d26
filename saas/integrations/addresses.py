"""SSRF protection: a webhook goes only to a public address, checked when it is sent.

The host is resolved here and the request goes to the address that was checked (the ``Host``
header and TLS name stay the URL's), so a name that resolves to a public address at save time and
to ``127.0.0.1`` later (DNS rebinding) is still refused. Redirects are never followed.
``settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` turns the check off for test receivers only.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to. Replaced in tests (no DNS in tests).
Resolver = Callable[[str, int], list[str]]


class UnsafeAddress(Exception):
    """The URL names, or resolves to, an address webhooks may not reach."""


def system_resolver(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


resolver: Resolver = system_resolver


def allow_private() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES)


def is_public(address: IPAddress) -> bool:
    """Not private, loopback, link-local, multicast, reserved, unspecified or shared (CGNAT) space."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address.is_global and not address.is_multicast and not address.is_reserved


def check_url(url: str) -> str | None:
    """Why ``url`` may not be a webhook endpoint (``None`` when it may), without resolving names."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "Enter a valid URL."
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "Enter an https:// URL."
    if parts.scheme != "https" and not allow_private():
        return "Webhooks are sent over HTTPS only."
    if parts.username or parts.password:
        return "Leave credentials out of the URL; verify the signature instead."
    if port == 0:
        return "Enter a valid port."
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return None
    if not allow_private() and not is_public(literal):
        return "This address is private, loopback, link-local or reserved: webhooks go to public addresses only."
    return None


def public_address(host: str, port: int) -> str | None:
    """The address to connect to for ``host``: every address it resolves to must be public.

    ``None`` when private addresses are allowed (connect by name). Raises ``UnsafeAddress``.
    """
    if allow_private():
        return None
    try:
        found = resolver(host, port)
    except OSError as error:
        raise UnsafeAddress(f"The host name does not resolve ({error.strerror or error}).")
    if not found:
        raise UnsafeAddress("The host name does not resolve.")
    addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
    unsafe = [a for a in addresses if not is_public(a)]
    if unsafe:
        raise UnsafeAddress(f"The host resolves to a non-public address ({unsafe[0]}): refused.")
    return str(addresses[0])
