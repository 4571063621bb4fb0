"""The page fetcher against a loopback server: types, charsets, limits, redirects."""

import gzip
from dataclasses import replace

import pytest

import bot.fetch.http as http
from bot.errors import (
    BlockedAddress,
    FetchTimeout,
    HttpStatusError,
    NotHtml,
    TooLarge,
)
from bot.errors import (
    FetchError as AnyFetchError,
)
from bot.fetch.guard import check_url
from bot.fetch.http import decode_html, fetch_page

PAGE = "<html><head><title>Berita</title></head><body><p>Isi berita.</p></body></html>"


async def test_html_page_is_fetched(page_server, settings) -> None:
    url = page_server.add("/berita", PAGE)
    page = await fetch_page(url, settings)
    assert "Isi berita." in page.html
    assert page.status == 200 and page.final_url == url
    request = page_server.requests[-1]
    assert "Mozilla/5.0" in request.headers["User-Agent"]


async def test_loopback_is_refused_by_default(page_server, settings) -> None:
    url = page_server.add("/berita", PAGE)
    with pytest.raises(BlockedAddress):
        await fetch_page(url, replace(settings, allow_private_hosts=False))
    assert page_server.hits["/berita"] == 0


async def test_every_redirect_is_checked_again(page_server, settings, monkeypatch) -> None:
    checked: list[str] = []

    async def guard(url: str, allow_private: bool = False):
        checked.append(url)
        if "localhost" in url:
            raise BlockedAddress("localhost")
        return await check_url(url, allow_private)

    monkeypatch.setattr(http, "check_url", guard)
    page_server.add("/target", PAGE)
    start = page_server.redirect("/start", f"http://localhost:{page_server.port}/target")
    with pytest.raises(BlockedAddress):
        await fetch_page(start, settings)
    assert len(checked) == 2 and page_server.hits["/target"] == 0


async def test_redirects_are_followed_up_to_the_limit(page_server, settings) -> None:
    page_server.add("/final", PAGE)
    page_server.redirect("/r1", "/final", 301)
    assert (await fetch_page(page_server.url("/r1"), settings)).final_url.endswith("/final")
    for i in range(7):
        page_server.redirect(f"/loop{i}", f"/loop{i + 1}")
    with pytest.raises(AnyFetchError, match="redirects"):
        await fetch_page(page_server.url("/loop0"), settings)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"%PDF-1.4 ...", "application/pdf"),
        (b"\x89PNG\r\n", "image/png"),
        (b'{"a": 1}', "application/json"),
    ],
)
async def test_non_html_is_refused(page_server, settings, body, content_type) -> None:
    url = page_server.add("/file", body, content_type)
    with pytest.raises(NotHtml):
        await fetch_page(url, settings)


async def test_http_errors_and_empty_pages(page_server, settings) -> None:
    url = page_server.add("/gone", "<html>not here</html>", status=404)
    with pytest.raises(HttpStatusError) as info:
        await fetch_page(url, settings)
    assert info.value.status == 404
    with pytest.raises(AnyFetchError):
        await fetch_page(page_server.add("/empty", b"   "), settings)


async def test_slow_site_times_out(page_server, settings) -> None:
    url = page_server.add("/slow", PAGE, delay_s=2.0)
    with pytest.raises(FetchTimeout):
        await fetch_page(url, replace(settings, fetch_timeout_s=0.5))


async def test_size_cap_holds_also_after_decompression(page_server, settings) -> None:
    small = replace(settings, fetch_max_bytes=100_000)
    big = "<html><body>" + "<p>kata</p>" * 20_000 + "</body></html>"
    with pytest.raises(TooLarge):
        await fetch_page(page_server.add("/big", big), small)
    with pytest.raises(TooLarge):
        await fetch_page(page_server.add("/chunked", big, chunked=True), small)
    bomb = gzip.compress(b"<html><body>" + b"a" * 5_000_000)
    url = page_server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(TooLarge):
        await fetch_page(url, small)


async def test_charset_from_meta_and_detector(page_server, settings) -> None:
    text = "<html><head><meta charset='windows-1252'></head><body><p>Café – déjà</p></body></html>"
    url = page_server.add("/cp1252", text.encode("windows-1252"), "text/html")
    assert "Café – déjà" in (await fetch_page(url, settings)).html
    assert decode_html("<p>Rp5 – naïve</p>".encode("latin-1", "replace")) != ""
    assert "ü" in decode_html("<p>Grüße</p>".encode(), "text/html; charset=utf-8")


@pytest.mark.parametrize(
    "charset", ["unicode-escape", "unicode_escape", "raw-unicode-escape", "utf-7", "UTF7"]
)
def test_charsets_no_page_is_written_in_are_ignored(charset: str) -> None:
    """Python's escape codecs and UTF-7 would rewrite the text ("\\u0041" → "A", "+AGE-" → "a")."""
    body = rb"<p>Berkas di C:\Users\u0041 dan kode +AGEAYgBj- tetap.</p>"
    for declared in (f"text/html; charset={charset}", ""):
        page = body if declared else f'<meta charset="{charset}">'.encode() + body
        text = decode_html(page, declared)
        assert r"C:\Users\u0041" in text and "+AGEAYgBj-" in text
