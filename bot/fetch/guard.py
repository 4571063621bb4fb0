"""May we fetch this URL? Scheme, credentials and resolved addresses are checked first."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import BlockedAddress, InvalidLink

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL and the address to connect to (DNS cannot change between check and use)."""

    url: str
    host: str
    port: int
    address: IPAddress


def parse_http_url(url: str) -> tuple[str, str, int]:
    """Return (scheme, host, port) of an http(s) URL, or raise InvalidLink."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidLink(f"malformed URL: {url[:80]!r}") from exc
    if parts.scheme not in ("http", "https"):
        raise InvalidLink(f"only http and https links are read, not {parts.scheme or 'none'!r}")
    if not parts.hostname:
        raise InvalidLink("the link has no host")
    if parts.username or parts.password:
        raise InvalidLink("links with a user name or password are not read")
    default_port = 443 if parts.scheme == "https" else 80
    return parts.scheme, parts.hostname.rstrip(".").lower(), port or default_port


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses; False for loopback, private, link-local…"""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


async def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses `host` resolves to (literal IPs, even forms like 2130706433, to themselves)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InvalidLink(f"host {host!r} not found") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise InvalidLink(f"host {host!r} has no address")
    return addresses


async def check_url(url: str, allow_private: bool = False) -> Target:
    """Check scheme, credentials and every resolved address; return the address to connect to."""
    _, host, port = parse_http_url(url)
    addresses = await resolve(host, port)
    if not allow_private:
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked:
            raise BlockedAddress(f"{host} resolves to a non-public address ({blocked[0]})")
    return Target(url=url, host=host, port=port, address=addresses[0])
