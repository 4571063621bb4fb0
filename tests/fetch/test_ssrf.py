"""Server-side request forgery: every disguise of a non-public target, on the first request and on
every redirect, refused before a single byte goes to it.

The fetcher runs for real; only the network edge is replaced: `socket.getaddrinfo` answers from a
table (so "berita.contoh.id" is a public site), and an `httpx.MockTransport` plays the web,
recording every request that would have left the machine.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import httpx
import pytest

import bot.fetch.http as http
from bot.errors import BlockedAddress, FetchError, InvalidLink
from bot.fetch.guard import PortPolicy, check_url, is_public_address
from bot.fetch.http import fetch_page

PUBLIC_IP = "93.184.216.34"
PAGE = "<html><body><p>Isi berita yang aman.</p></body></html>"

DNS = {
    "berita.contoh.id": [PUBLIC_IP],
    "intranet.contoh.id": ["10.1.2.3"],
    "mixed.contoh.id": [PUBLIC_IP, "127.0.0.1"],
    "v6-loopback.contoh.id": ["::1"],
    "mapped.contoh.id": ["::ffff:169.254.169.254"],
    "nat64.contoh.id": ["64:ff9b::a9fe:a9fe"],
    "sixtofour.contoh.id": ["2002:a00:1::1"],
    "metadata.contoh.id": ["169.254.169.254"],
    "cgnat.contoh.id": ["100.64.1.1"],
    "v6-public.contoh.id": ["2606:4700::6810:84e5"],
}


class FakeDns:
    """`socket.getaddrinfo` from a table; numeric hosts answer themselves, anything else fails."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):  # type: ignore[no-untyped-def]
        host = host.decode() if isinstance(host, bytes) else host
        self.asked.append(host)
        answers = self.table.get(host)
        if answers is None:
            try:
                answers = [str(ipaddress.ip_address(host))]
            except ValueError:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return [_info(answer, port) for answer in answers]


def _info(address: str, port: int | str | None) -> tuple:  # type: ignore[type-arg]
    port = int(port or 0)
    if ":" in address:
        return (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    fake = FakeDns(DNS)
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


class _Streamed(httpx.AsyncByteStream):
    """A body that arrives as a stream, like one from the network."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield self.data


@dataclass
class FakeWeb:
    """Answers every request: redirects by path, a page otherwise; records what was sent."""

    redirects: dict[str, str] = field(default_factory=dict)
    sent: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        location = self.redirects.get(request.url.path)
        if location is not None:  # sent as raw UTF-8 bytes, as a careless server would
            return httpx.Response(302, headers=[(b"Location", location.encode("utf-8"))])
        headers = {"Content-Type": "text/html"}
        return httpx.Response(200, headers=headers, stream=_Streamed(PAGE.encode()))

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))


@pytest.fixture
def web() -> FakeWeb:
    return FakeWeb()


@pytest.fixture
def guarded(settings):  # type: ignore[no-untyped-def]
    """The product's defaults: private hosts refused, default port policy."""
    return replace(settings, allow_private_hosts=False)


# -- the attack table -------------------------------------------------------------------------

BLOCKED = BlockedAddress
INVALID = InvalidLink

ATTACKS: list[tuple[str, str, type[FetchError]]] = [
    # (name, URL, refusal)
    ("loopback", "http://127.0.0.1/", BLOCKED),
    ("loopback, other /8 address", "http://127.8.9.10/", BLOCKED),
    ("loopback, short form", "http://127.1/", BLOCKED),
    ("loopback, trailing dot", "http://127.0.0.1./", BLOCKED),
    ("loopback, decimal", "http://2130706433/", BLOCKED),
    ("loopback, hex", "http://0x7f000001/", BLOCKED),
    ("loopback, hex parts", "http://0x7f.1/", BLOCKED),
    ("loopback, octal", "http://0177.0.0.1/", BLOCKED),
    ("loopback, mixed radix", "http://0x7f.0.0.01/", BLOCKED),
    ("loopback, full-width digits", "http://１２７.０.０.１/", BLOCKED),
    ("loopback, ideographic dots", "http://127。0。0。1/", BLOCKED),
    ("private 10/8", "http://10.0.0.5/", BLOCKED),
    ("private 172.16/12", "http://172.16.5.4/", BLOCKED),
    ("private 192.168/16", "http://192.168.1.1:8080/", BLOCKED),
    ("private, decimal", "http://3232235777/", BLOCKED),
    ("shared CGNAT 100.64/10", "http://100.64.0.1/", BLOCKED),
    ("cloud metadata (link-local)", "http://169.254.169.254/latest/meta-data/", BLOCKED),
    ("unspecified", "http://0.0.0.0/", BLOCKED),
    ("unspecified, zero", "http://0/", BLOCKED),
    ("multicast", "http://224.0.0.1/", BLOCKED),
    ("reserved class E", "http://240.0.0.1/", BLOCKED),
    ("broadcast", "http://255.255.255.255/", BLOCKED),
    ("benchmarking 198.18/15", "http://198.18.0.1/", BLOCKED),
    ("documentation TEST-NET-3", "http://203.0.113.7/", BLOCKED),
    ("IPv6 loopback", "http://[::1]/", BLOCKED),
    ("IPv6 unspecified", "http://[::]/", BLOCKED),
    ("IPv6 link-local", "http://[fe80::1]/", BLOCKED),
    ("IPv6 link-local with zone", "http://[fe80::1%25eth0]/", INVALID),
    ("IPv6 unique-local", "http://[fd12:3456::1]/", BLOCKED),
    ("IPv6 site-local (deprecated)", "http://[fec0::1]/", BLOCKED),
    ("IPv6 multicast", "http://[ff02::1]/", BLOCKED),
    ("IPv6 documentation", "http://[2001:db8::1]/", BLOCKED),
    ("IPv6 Teredo", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", BLOCKED),
    ("IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/", BLOCKED),
    ("IPv4-mapped loopback, hex", "http://[::ffff:7f00:1]/", BLOCKED),
    ("IPv4-mapped, long form", "http://[0:0:0:0:0:ffff:10.0.0.1]/", BLOCKED),
    ("IPv4-mapped metadata", "http://[::ffff:169.254.169.254]/", BLOCKED),
    ("IPv4-compatible (deprecated)", "http://[::127.0.0.1]/", BLOCKED),
    ("IPv4-translated (SIIT)", "http://[::ffff:0:127.0.0.1]/", BLOCKED),
    ("NAT64 of loopback", "http://[64:ff9b::127.0.0.1]/", BLOCKED),
    ("NAT64 of private, hex", "http://[64:ff9b::a00:1]/", BLOCKED),
    ("NAT64 local-use prefix", "http://[64:ff9b:1::808:808]/", BLOCKED),
    ("6to4 of loopback", "http://[2002:7f00:1::1]/", BLOCKED),
    ("6to4 of 192.168.1.1", "http://[2002:c0a8:101::1]/", BLOCKED),
    ("localhost", "http://localhost/", BLOCKED),
    ("localhost, upper case, trailing dot", "http://LOCALHOST./", BLOCKED),
    ("localhost, full-width", "http://ｌｏｃａｌｈｏｓｔ/", BLOCKED),
    ("*.localhost", "http://admin.localhost/", BLOCKED),
    ("*.localhost, trailing dot", "http://a.b.localhost./", BLOCKED),
    ("localhost.localdomain", "http://localhost.localdomain/", BLOCKED),
    ("ip6-localhost", "http://ip6-localhost/", BLOCKED),
    ("mDNS .local", "http://printer.local/", BLOCKED),
    ("GCP metadata name", "http://metadata.google.internal/", BLOCKED),
    ("home.arpa", "http://router.home.arpa/", BLOCKED),
    ("name → private", "http://intranet.contoh.id/", BLOCKED),
    ("name → public and loopback", "http://mixed.contoh.id/", BLOCKED),
    ("name → IPv6 loopback", "http://v6-loopback.contoh.id/", BLOCKED),
    ("name → IPv4-mapped metadata", "http://mapped.contoh.id/", BLOCKED),
    ("name → NAT64 metadata", "http://nat64.contoh.id/", BLOCKED),
    ("name → 6to4 of 10.0.0.1", "http://sixtofour.contoh.id/", BLOCKED),
    ("name → metadata", "http://metadata.contoh.id/", BLOCKED),
    ("name → CGNAT", "http://cgnat.contoh.id/", BLOCKED),
    ("port: ssh", "http://berita.contoh.id:22/", BLOCKED),
    ("port: smtp", "http://berita.contoh.id:25/", BLOCKED),
    ("port: redis", "http://berita.contoh.id:6379/", BLOCKED),
    ("port: https on 80's neighbour", "https://berita.contoh.id:81/", BLOCKED),
    ("port: zero", "http://berita.contoh.id:0/", INVALID),
    ("port: out of range", "http://berita.contoh.id:99999/", INVALID),
    ("port: not a number", "http://berita.contoh.id:http/", INVALID),
    ("credentials", "http://user:pass@berita.contoh.id/", INVALID),
    ("user name only", "http://user@berita.contoh.id/", INVALID),
    ("credentials hiding the host", "http://berita.contoh.id@127.0.0.1/", INVALID),
    ("backslash before @", "http://berita.contoh.id\\@127.0.0.1/", INVALID),
    ("scheme: file", "file:///etc/passwd", INVALID),
    ("scheme: ftp", "ftp://berita.contoh.id/", INVALID),
    ("scheme: gopher", "gopher://127.0.0.1:6379/_INFO", INVALID),
    ("scheme: dict", "dict://127.0.0.1:11211/stat", INVALID),
    ("scheme: javascript", "javascript:alert(1)", INVALID),
    ("scheme: data", "data:text/html,<p>x</p>", INVALID),
    ("numeric host out of range", "http://256.0.0.1/", INVALID),
    ("numeric host, five parts", "http://1.2.3.4.5/", INVALID),
    ("unbalanced bracket", "http://[::1/", INVALID),
    ("label over 63 characters", "http://" + "a" * 64 + ".contoh.id/", INVALID),
    ("no host", "http:///berita", INVALID),
    ("unknown name", "http://tidak-ada.contoh.id/", INVALID),
    ("overlong link", "http://berita.contoh.id/" + "a" * 3_000, INVALID),
]
"""Scheme-relative links ("//127.0.0.1/") are links only inside a page: as a redirect target they
are covered by the loopback rows (urljoin makes them absolute first)."""

SAFE = [
    ("public name", "http://berita.contoh.id/a", PUBLIC_IP),
    ("public name, https", "https://berita.contoh.id/a", PUBLIC_IP),
    ("public name, port 8080", "http://berita.contoh.id:8080/a", PUBLIC_IP),
    ("public name on IPv6", "https://v6-public.contoh.id/a", "2606:4700::6810:84e5"),
    ("public IPv4", "http://8.8.8.8/a", "8.8.8.8"),
    ("public IPv4, decimal", "http://134744072/a", "8.8.8.8"),
    ("public IPv6", "http://[2001:4860:4860::8888]/a", "2001:4860:4860::8888"),
    ("NAT64 of a public address", "http://[64:ff9b::808:808]/a", "64:ff9b::808:808"),
    ("6to4 of a public address", "http://[2002:808:808::1]/a", "2002:808:808::1"),
]

ids = [name for name, _, _ in ATTACKS]


@pytest.mark.parametrize(("name", "url", "refusal"), ATTACKS, ids=ids)
async def test_attack_on_the_first_request(name, url, refusal, dns, web, guarded) -> None:  # type: ignore[no-untyped-def]
    async with web.client() as client:
        with pytest.raises(refusal):
            await fetch_page(url, guarded, client)
    assert web.sent == []


@pytest.mark.parametrize(("name", "url", "refusal"), ATTACKS, ids=ids)
async def test_attack_on_a_redirect(name, url, refusal, dns, web, guarded) -> None:  # type: ignore[no-untyped-def]
    web.redirects = {"/start": "/hop", "/hop": url}
    async with web.client() as client:
        with pytest.raises(FetchError) as refused:
            await fetch_page("https://berita.contoh.id/start", guarded, client)
    if not isinstance(refused.value, refusal):
        # httpx parses every Location itself and refuses some (octal hosts, bad ports) before
        # the guard sees them: a refusal all the same.
        assert isinstance(refused.value.__cause__, httpx.RemoteProtocolError), refused.value
    assert [request.url.path for request in web.sent] == ["/start", "/hop"]


@pytest.mark.parametrize(("name", "url", "address"), SAFE, ids=[name for name, _, _ in SAFE])
async def test_public_targets_are_fetched_at_the_checked_address(
    name, url, address, dns, web, guarded
) -> None:  # type: ignore[no-untyped-def]
    async with web.client() as client:
        page = await fetch_page(url, guarded, client)
    [request] = web.sent
    assert "Isi berita" in page.html
    assert ipaddress.ip_address(request.url.host) == ipaddress.ip_address(address)
    target = await check_url(url)
    assert request.headers["Host"] == _expected_host_header(target.host, target.port, url)
    assert request.extensions["sni_hostname"] == target.host


def _expected_host_header(host: str, port: int, url: str) -> str:
    netloc = f"[{host}]" if ":" in host else host
    default = 443 if url.startswith("https") else 80
    return netloc if port == default else f"{netloc}:{port}"


async def test_a_redirect_to_a_public_site_is_followed(dns, web, guarded) -> None:  # type: ignore[no-untyped-def]
    web.redirects = {"/start": "http://8.8.8.8/final"}
    async with web.client() as client:
        page = await fetch_page("https://berita.contoh.id/start", guarded, client)
    assert page.final_url == "http://8.8.8.8/final"
    assert [str(r.url.host) for r in web.sent] == [PUBLIC_IP, "8.8.8.8"]


# -- DNS rebinding ------------------------------------------------------------------------------


class RebindingDns(FakeDns):
    """Answers a public address the first time a name is asked, loopback every time after."""

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):  # type: ignore[no-untyped-def]
        host = host.decode() if isinstance(host, bytes) else host
        if host == "rebind.contoh.id":
            self.asked.append(host)
            first = self.asked.count(host) == 1
            return [_info(PUBLIC_IP if first else "127.0.0.1", port)]
        return super().__call__(host, port, family, type, proto, flags)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every address a socket tries to connect to (still refused off loopback by conftest)."""
    seen: list[str] = []
    offline = socket.socket

    class RecordingSocket(offline):  # type: ignore[misc, valid-type]
        def connect(self, address):  # type: ignore[no-untyped-def]
            seen.append(address[0] if isinstance(address, tuple) else address)
            return super().connect(address)

    monkeypatch.setattr(socket, "socket", RecordingSocket)
    yield seen


async def test_dns_rebinding_cannot_reach_loopback(
    page_server, settings, connections, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page_server.add("/rahasia", PAGE)
    rebinding = RebindingDns(DNS)
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(http, "port_policy", lambda _settings: PortPolicy.parse("*"))
    url = f"http://rebind.contoh.id:{page_server.port}/rahasia"
    with pytest.raises(FetchError):  # the checked public address is offline in tests
        await fetch_page(url, replace(settings, allow_private_hosts=False, fetch_timeout_s=2))
    assert connections == [PUBLIC_IP]
    assert rebinding.asked == ["rebind.contoh.id"]  # only the guard asked; httpx never did
    assert page_server.hits["/rahasia"] == 0


async def test_the_rebinding_test_catches_a_fetcher_that_connects_by_name(
    page_server, settings, connections, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Control: connecting by name (a second lookup) lands on loopback, which the test sees."""
    page_server.add("/rahasia", PAGE)
    monkeypatch.setattr(socket, "getaddrinfo", RebindingDns(DNS))
    monkeypatch.setattr(http, "port_policy", lambda _settings: PortPolicy.parse("*"))
    monkeypatch.setattr(http, "_address_url", lambda target: target.url)
    url = f"http://rebind.contoh.id:{page_server.port}/rahasia"
    page = await fetch_page(url, replace(settings, allow_private_hosts=False))
    assert "Isi berita" in page.html
    assert "127.0.0.1" in connections and page_server.hits["/rahasia"] == 1


# -- port policy ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "port", "allow_private", "allowed"),
    [
        ("", 443, False, True),
        ("", 8443, False, True),
        ("", 8000, False, False),
        ("", 8000, True, True),  # local development: servers on random ports
        ("80,443", 8080, False, False),
        ("80,443", 8080, True, False),  # an explicit list holds with private hosts too
        ("80, 443, 9000-9002", 9001, False, True),
        ("*", 6379, False, True),
    ],
)
def test_port_policy(policy: str, port: int, allow_private: bool, allowed: bool) -> None:
    assert PortPolicy.parse(policy).allows(port, allow_private) is allowed


@pytest.mark.parametrize("text", ["http", "0", "70000", "443-80", "80;443"])
def test_a_bad_port_setting_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="SUARA_ALLOWED_PORTS"):
        PortPolicy.parse(text)


async def test_port_policy_from_settings_holds_on_every_hop(dns, web, guarded, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(http, "port_policy", lambda _settings: PortPolicy.parse("443"))
    web.redirects = {"/start": "http://berita.contoh.id/plain"}
    async with web.client() as client:
        with pytest.raises(BlockedAddress, match="port 80"):
            await fetch_page("https://berita.contoh.id/start", guarded, client)
    assert len(web.sent) == 1


def test_port_policy_reads_the_settings_field_when_it_exists(guarded) -> None:  # type: ignore[no-untyped-def]
    if not hasattr(guarded, "allowed_ports"):
        pytest.skip("Settings.allowed_ports (SUARA_ALLOWED_PORTS) is not added yet")
    policy = http.port_policy(replace(guarded, allowed_ports="443"))  # type: ignore[call-arg]
    assert not policy.allows(80) and policy.allows(443)


def test_every_attack_address_is_judged_non_public() -> None:
    """The table's literal addresses, checked without the fetcher, agree with the guard."""
    for address in ["::ffff:7f00:1", "64:ff9b::a00:1", "2002:c0a8:101::1", "fec0::1"]:
        assert not is_public_address(ipaddress.ip_address(address))
