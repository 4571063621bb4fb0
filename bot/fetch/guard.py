"""May we fetch this URL? Scheme, credentials, port, host name and every resolved address.

The checks, in order (`check_url`):

1. **URL** — http or https only, no user name or password, a port in range, at most
   `MAX_URL_CHARS`; the host is IDNA-normalized (full-width digits and dots, upper case and
   trailing dots all collapse to one spelling).
2. **port** — `PortPolicy`: 80, 443, 8080 and 8443 by default (`SUARA_ALLOWED_PORTS`);
   `bot.fetch.http` checks it on every hop before the steps below.
3. **literal addresses** — `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1` are read the way
   browsers and `inet_aton` read them (WHATWG URL §IPv4 parser) and never sent to DNS.
4. **names** — `localhost`, `*.localhost`, `*.local`, `*.internal`, `*.home.arpa`… are refused
   before any lookup.
5. **addresses** — every address the name resolves to must be public (`is_public_address`);
   IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address.

The address checked is the address connected to (`Target.address`): `bot.fetch.http` sends the
request to the IP, with the name only in the Host header and TLS SNI, so DNS cannot answer
differently between check and use (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.config import DEFAULT_PORTS, parse_ports
from bot.errors import BlockedAddress, InvalidLink, UnknownHost

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_CHARS = 2048
"""Longer links are refused (browsers and CDNs cut around 2,000-8,000; news links are < 300)."""

DEFAULT_ALLOWED_PORTS = frozenset({80, 443, 8080, 8443})
"""Web ports only: the bot must not become a port scanner or talk SMTP/Redis to a public host.
8080/8443 are kept because a few regional portals and CDNs still serve pages there."""

LOCAL_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "broadcasthost"}
)
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".localdomain", ".intranet")
"""Special-use names (RFC 6761, 6762, 8375; ICANN's .internal) and the usual private suffixes
(.localdomain, .intranet): none names a public site."""

BLOCKED_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = tuple(
    ipaddress.ip_network(network)
    for network in (
        # IPv4 special-purpose registry (RFC 6890 and successors) plus multicast and class E.
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
        "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        # IPv6: unspecified, loopback, IPv4-compatible (deprecated), IPv4-translated (SIIT),
        # local-use NAT64, discard, IETF protocol block (Teredo included), documentation,
        # unique-local, link-local, site-local (deprecated), multicast, SRv6 SIDs.
        "::/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
        "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10",
        "ff00::/8",
    )
)  # fmt: skip
"""Explicit, so the answer does not depend on the Python version's `is_private` table."""

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_HOST_NAME = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9_-]{1,63}(?<!-))*$")
_NUMBER_PART = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL and the address to connect to (DNS cannot change between check and use)."""

    url: str
    host: str
    """The IDNA-normalized host name (or the canonical text of a literal address)."""
    port: int
    address: IPAddress


@dataclass(frozen=True, slots=True)
class PortPolicy:
    """Which TCP ports may be fetched.

    `ports=None` means any port. The default policy (`PortPolicy.default()`) allows the web ports,
    except with private hosts allowed (local development and tests, where servers listen on
    random ports): then any port.
    """

    ports: frozenset[int] | None = DEFAULT_ALLOWED_PORTS
    any_port_when_private: bool = True

    @classmethod
    def default(cls) -> PortPolicy:
        return cls()

    @classmethod
    def parse(cls, text: str) -> PortPolicy:
        """Read `SUARA_ALLOWED_PORTS`: "" → default, "*" → any, "80,443,8000-8100" → those.

        An explicit list applies also with private hosts allowed.

        >>> PortPolicy.parse("80, 443").allows(8080, allow_private=True)
        False
        """
        ports = parse_ports(text)
        if ports == DEFAULT_PORTS:
            return cls.default()
        return cls(ports=ports, any_port_when_private=False)

    def allows(self, port: int, allow_private: bool = False) -> bool:
        if self.ports is None or (allow_private and self.any_port_when_private):
            return True
        return port in self.ports


def normalize_host(host: str) -> str:
    """The host as DNS and the checks see it: IDNA-encoded, lower case, no trailing dot.

    Raises InvalidLink for hosts no resolver would accept (empty labels, 64+ characters,
    spaces, control characters).

    >>> normalize_host("ＬＯＣＡＬＨＯＳＴ.")
    'localhost'
    """
    if ":" in host:  # an IPv6 literal (urlsplit has removed the brackets)
        return host.lower()
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise InvalidLink(f"host {host[:80]!r} is not a valid name") from exc
    ascii_host = ascii_host.rstrip(".")
    if not _HOST_NAME.match(ascii_host) or len(ascii_host) > 253:
        raise InvalidLink(f"host {host[:80]!r} is not a valid name")
    return ascii_host


def parse_ipv4_literal(host: str) -> ipaddress.IPv4Address | None:
    """Read `host` as browsers read a numeric host (WHATWG URL §IPv4 parser); None for names.

    Each of 1-4 parts may be decimal, octal (leading 0) or hex (0x); the last part fills the
    remaining bytes, so `2130706433`, `0x7f.1` and `0177.0.0.1` are all 127.0.0.1. A host whose
    last part is a number but that is not a valid address raises InvalidLink.

    >>> str(parse_ipv4_literal("0x7f.1"))
    '127.0.0.1'
    """
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not _NUMBER_PART.match(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUMBER_PART.match(part) for part in parts):
        raise InvalidLink(f"host {host[:80]!r} is not a valid address")
    numbers = [_parse_ipv4_number(part) for part in parts]
    if any(number > 255 for number in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise InvalidLink(f"host {host[:80]!r} is not a valid address")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _parse_ipv4_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        if not set(part) <= set("01234567"):
            raise InvalidLink(f"{part[:20]!r} is not an octal number")
        return int(part, 8)
    return int(part)


def parse_http_url(url: str) -> tuple[str, str, int]:
    """Return (scheme, normalized host, port) of an http(s) URL, or raise InvalidLink.

    Numeric IPv4 hosts come back in dotted form, IPv6 literals compressed.
    """
    if len(url) > MAX_URL_CHARS:
        raise InvalidLink(f"link is longer than {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        hostname = parts.hostname
    except ValueError as exc:
        raise InvalidLink(f"malformed URL: {url[:80]!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidLink(f"only http and https links are read, not {scheme[:20] or 'none'!r}")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise InvalidLink("links with a user name or password are not read")
    if not hostname:
        raise InvalidLink("the link has no host")
    if port == 0:
        raise InvalidLink("port 0 is not a web server")
    return scheme, canonical_host(hostname), port or (443 if scheme == "https" else 80)


def canonical_host(hostname: str) -> str:
    """One spelling per host: IDNA name, dotted IPv4 for numeric forms, compressed IPv6."""
    if ":" in hostname or "%" in hostname:
        try:
            address = ipaddress.IPv6Address(hostname)
        except ValueError as exc:
            raise InvalidLink(f"host {hostname[:80]!r} is not a valid address") from exc
        if address.scope_id:
            raise InvalidLink("IPv6 addresses with a zone are not read")
        return address.compressed
    host = normalize_host(hostname)
    literal = parse_ipv4_literal(host)
    return str(literal) if literal is not None else host


def literal_address(host: str) -> IPAddress | None:
    """The address a canonical host spells, or None when it is a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_local_name(host: str) -> bool:
    """True for names that mean this machine or the local network (`localhost`, `x.local`…)."""
    host = host.rstrip(".").lower()
    return host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: mapped, NAT64 (64:ff9b::/96) or 6to4."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses; False for loopback, private, link-local,
    multicast, reserved, unspecified and documentation ranges, in any IPv6 disguise."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return False
        address = embedded_ipv4(address) or address
    if any(address in network for network in BLOCKED_NETWORKS):
        return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


async def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses `host` resolves to, in the resolver's order, without duplicates."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnknownHost(f"host {host[:80]!r} not found") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        if info[0] not in (socket.AF_INET, socket.AF_INET6):
            continue
        try:
            address = ipaddress.ip_address(str(info[4][0]))
        except ValueError:
            continue
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnknownHost(f"host {host[:80]!r} has no address")
    return addresses


def check_port(port: int, policy: PortPolicy | None = None, allow_private: bool = False) -> None:
    """Raise BlockedAddress when the port policy does not allow `port`."""
    if not (policy or PortPolicy.default()).allows(port, allow_private):
        raise BlockedAddress(f"port {port} is not a web port this bot reads from")


def check_addresses(host: str, addresses: Iterable[IPAddress]) -> None:
    """Raise BlockedAddress when any of the addresses is not public."""
    for address in addresses:
        if not is_public_address(address):
            raise BlockedAddress(f"{host} resolves to a non-public address ({address})")


async def check_url(
    url: str, allow_private: bool = False, ports: PortPolicy | None = None
) -> Target:
    """Check scheme, credentials, name and every resolved address (and the port, given a policy).

    Returns the address to connect to; raises InvalidLink or BlockedAddress. The fetcher applies
    the configured port policy itself (`check_port`), before this is called.
    """
    _, host, port = parse_http_url(url)
    if ports is not None:
        check_port(port, ports, allow_private)
    literal = literal_address(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        if not allow_private and is_local_name(host):
            raise BlockedAddress(f"{host} is a local name")
        addresses = await resolve(host, port)
    if not allow_private:
        check_addresses(host, addresses)
    return Target(url=url, host=host, port=port, address=addresses[0])
