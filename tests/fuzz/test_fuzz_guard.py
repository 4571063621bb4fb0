"""The URL checker on random URLs, hosts and resolver answers: it answers or refuses, never crashes.

Offline: `socket.getaddrinfo` is replaced by a resolver that answers from the example's data (or
fails at once), so no example waits on DNS.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import BlockedAddress, InvalidLink
from bot.fetch.guard import (
    PortPolicy,
    check_url,
    embedded_ipv4,
    is_public_address,
    parse_http_url,
)
from tests.fuzz import time_limit
from tests.fuzz.strategies import private_v4, public_v4, v4_spellings

FAST = settings(max_examples=150, deadline=1_000, suppress_health_check=[HealthCheck.too_slow])

hosts = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A[a-z0-9-]{1,20}(\.[a-z0-9-]{1,20}){0,4}\.?\Z"),
    st.sampled_from(
        [
            "localhost",
            "LOCALHOST.",
            "a.localhost",
            "printer.local",
            "x.internal",
            "[::1]",
            "[fe80::1%25eth0]",
            "[::ffff:127.0.0.1]",
            "0x7f.1",
            "2130706433",
            "1.2.3.4.5",
            "256.1.1.1",
            "0x",
            "09",
            "1..2",
            "[",
            "]",
            "@",
            "%00",
            "😀.id",
            "ｌｏｃａｌｈｏｓｔ",
            "127。0。0。1",
            "xn--",
            "-a-.id",
            "a" * 64 + ".id",
        ]
    ),
)
urls = st.one_of(
    st.text(max_size=120),
    st.builds(
        lambda scheme, userinfo, host, port, path: f"{scheme}://{userinfo}{host}{port}{path}",
        st.sampled_from(["http", "https", "HTTP", "ftp", "file", "javascript", "", "gopher"]),
        st.sampled_from(["", "", "", "user@", "user:pass@", ":@", "a%40b@"]),
        hosts,
        st.one_of(
            st.just(""),
            st.integers(-5, 70_000).map(lambda p: f":{p}"),
            st.text(max_size=6).map(lambda p: f":{p}"),
        ),
        st.text(max_size=40).map(lambda p: "/" + p),
    ),
)
addresses = st.one_of(
    st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address),
    st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address),
    private_v4().map(lambda a: ipaddress.IPv6Address(f"::ffff:{a}")),
    private_v4().map(lambda a: ipaddress.IPv6Address(f"64:ff9b::{a}")),
    private_v4().map(lambda a: ipaddress.IPv6Address((0x2002 << 112) | (int(a) << 80) | 1)),
)


@contextmanager
def resolver(answers: list[str]) -> Iterator[list[str]]:
    """Every name resolves to `answers` (none: "not found"); records the names asked for."""
    asked: list[str] = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # type: ignore[no-untyped-def]
        asked.append(host)
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port or 0, 0, 0) if ":" in a else (a, port or 0),
            )
            for a in answers
        ]

    with mock.patch.object(socket, "getaddrinfo", getaddrinfo):
        yield asked


def run(coroutine):  # type: ignore[no-untyped-def]
    with time_limit(5):
        return asyncio.run(coroutine)


@FAST
@given(url=urls)
def test_parse_http_url_answers_or_refuses(url: str) -> None:
    with time_limit(2):
        try:
            scheme, host, port = parse_http_url(url)
        except InvalidLink:
            return
    assert scheme in ("http", "https")
    assert host and host == host.lower() and not host.endswith(".")
    assert 1 <= port <= 65535
    # The canonical host is a fixed point: parsing it again gives the same host.
    netloc = f"[{host}]" if ":" in host else host
    assert parse_http_url(f"{scheme}://{netloc}:{port}/")[1:] == (host, port)


@FAST
@given(address=addresses)
def test_is_public_address_never_trusts_a_disguised_private_address(address) -> None:  # type: ignore[no-untyped-def]
    public = is_public_address(address)
    assert isinstance(public, bool)
    inner = embedded_ipv4(address) if address.version == 6 else None
    if public:
        assert address.is_global and not address.is_multicast
        assert inner is None or (inner.is_global and not inner.is_multicast)


@FAST
@given(address=private_v4(), data=st.data())
def test_every_spelling_of_a_private_address_is_blocked(address, data) -> None:  # type: ignore[no-untyped-def]
    host = data.draw(st.sampled_from(v4_spellings(address)))
    path = data.draw(st.sampled_from(["/", "/berita?id=1", ":80/", ":443/a"]))
    with resolver(["93.184.216.34"]) as asked:
        try:
            run(check_url(f"http://{host}{path}"))
        except BlockedAddress:
            pass
        else:
            raise AssertionError(f"{host} ({address}) was let through")
    assert asked == []  # literal addresses never go to DNS


@FAST
@given(address=public_v4(), data=st.data())
def test_every_spelling_of_a_public_address_reaches_that_address(address, data) -> None:  # type: ignore[no-untyped-def]
    host = data.draw(st.sampled_from(v4_spellings(address)))
    with resolver([]) as asked:
        target = run(check_url(f"https://{host}/berita"))
    reached = target.address
    if reached.version == 6:
        reached = embedded_ipv4(reached)
    assert reached == address and asked == []


@FAST
@given(
    url=urls,
    answers=st.lists(
        st.one_of(addresses.map(str), st.sampled_from(["93.184.216.34", "2606:4700::1"])),
        max_size=3,
    ),
    allow_private=st.booleans(),
)
def test_check_url_on_random_hosts_and_answers(url: str, answers: list[str], allow_private) -> None:  # type: ignore[no-untyped-def]
    answers = [a.split("%")[0] for a in answers]
    with resolver(answers):
        try:
            target = run(check_url(url, allow_private=allow_private, ports=PortPolicy.parse("*")))
        except (InvalidLink, BlockedAddress):
            return
    if not allow_private:
        assert is_public_address(target.address)
        literal = target.host if ":" in target.host or target.host[-1:].isdigit() else None
        if literal is None:  # a name: every answer must have been public
            assert all(is_public_address(ipaddress.ip_address(a)) for a in answers)
