"""The address guard: what may be fetched, before any request is made."""

import ipaddress

import pytest

from bot.errors import BlockedAddress, InvalidLink
from bot.fetch.guard import check_url, is_public_address, parse_http_url


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "203.190.242.69", "2001:4860:4860::8888"])
def test_public_addresses_pass(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8080/berita",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
    ],
)
async def test_urls_to_private_hosts_are_blocked(url: str) -> None:
    with pytest.raises(BlockedAddress):
        await check_url(url)


async def test_private_hosts_allowed_when_switched_on() -> None:
    target = await check_url("http://127.0.0.1:8000/x", allow_private=True)
    assert str(target.address) == "127.0.0.1"
    assert target.port == 8000


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://user:pass@example.com/",
        "http:///nohost",
        "http://example.com:99999/",
    ],
)
def test_malformed_or_unsupported_links_are_invalid(url: str) -> None:
    with pytest.raises(InvalidLink):
        parse_http_url(url)


def test_default_ports() -> None:
    assert parse_http_url("https://Example.COM./a")[1:] == ("example.com", 443)
    assert parse_http_url("http://example.com/a")[2] == 80
