"""Size and shape limits of fetched pages: compression bombs, layered codings, absurd HTML."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from bench import paths
from bot.errors import FetchError, TooLarge
from bot.fetch.http import fetch_page
from bot.fetch.limits import MAX_DEPTH, MAX_ELEMENTS, check_html_shape, measure_html

PAGE = "<html><body><p>Isi berita.</p></body></html>"
BOMB_BYTES = 200_000_000
"""What the bombs below expand to; the cap in these tests is 100 KB."""


def _zeros_gzip(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + compressor.flush()


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return _zeros_gzip(BOMB_BYTES)  # ~200 KB on the wire


async def _peak_memory_while(coroutine) -> tuple[BaseException | None, int]:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        await coroutine
        error = None
    except FetchError as exc:
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return error, peak


async def test_gzip_bomb_stops_at_the_cap(page_server, settings, gzip_bomb) -> None:
    url = page_server.add("/bomb", gzip_bomb, headers={"Content-Encoding": "gzip"})
    error, peak = await _peak_memory_while(
        fetch_page(url, replace(settings, fetch_max_bytes=100_000))
    )
    assert isinstance(error, TooLarge)
    assert peak < 10_000_000  # far below the 200 MB it would become


async def test_layered_gzip_bomb_is_refused_without_inflating(page_server, settings) -> None:
    """1 KB on the wire, 300 MB after two rounds of gzip: one decode call would take it all."""
    layered = gzip.compress(_zeros_gzip(300_000_000), 9)
    assert len(layered) < 2_000
    url = page_server.add("/layered", layered, headers={"Content-Encoding": "gzip, gzip"})
    error, peak = await _peak_memory_while(fetch_page(url, settings))
    assert isinstance(error, FetchError) and "layered" in str(error)
    assert peak < 10_000_000


@pytest.mark.parametrize("raw", [False, True], ids=["zlib-wrapped", "raw"])
async def test_deflate_bomb_stops_at_the_cap(page_server, settings, raw: bool) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    bomb = b"".join(compressor.compress(b" " * 1_000_000) for _ in range(100)) + compressor.flush()
    url = page_server.add("/deflate", bomb, headers={"Content-Encoding": "deflate"})
    error, peak = await _peak_memory_while(
        fetch_page(url, replace(settings, fetch_max_bytes=100_000))
    )
    assert isinstance(error, TooLarge)
    assert peak < 10_000_000


async def test_deflate_page_in_either_framing_is_read(page_server, settings) -> None:
    html = PAGE.encode()
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    for path, body in [("/z", zlib.compress(html)), ("/raw", raw.compress(html) + raw.flush())]:
        url = page_server.add(path, body, headers={"Content-Encoding": "deflate"})
        assert "Isi berita." in (await fetch_page(url, settings)).html


async def test_gzip_page_is_read(page_server, settings) -> None:
    url = page_server.add("/gz", PAGE, compress=True)
    assert "Isi berita." in (await fetch_page(url, settings)).html
    assert "gzip" in page_server.requests[-1].headers["Accept-Encoding"]


@pytest.mark.parametrize("coding", ["br", "zstd", "compress"])
async def test_codings_we_did_not_ask_for_are_refused(page_server, settings, coding) -> None:
    """We ask for gzip and deflate only; a brotli bomb sent anyway is never decoded."""
    url = page_server.add("/br", b"\x1b\xff\xff\x0f" * 100, headers={"Content-Encoding": coding})
    with pytest.raises(FetchError, match="unsupported content encoding"):
        await fetch_page(url, settings)
    assert "br" not in page_server.requests[-1].headers["Accept-Encoding"]


async def test_corrupt_gzip_is_a_fetch_error(page_server, settings) -> None:
    body = gzip.compress(PAGE.encode())[:20] + b"\xff" * 50
    url = page_server.add("/corrupt", body, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="corrupt"):
        await fetch_page(url, settings)


# -- HTML shape -----------------------------------------------------------------------------


def test_real_pages_are_far_from_the_limits() -> None:
    pages = list(paths.indonesian_pages().values())
    pages += sorted((Path(__file__).parents[1] / "extract" / "fixtures").glob("*.html"))
    assert len(pages) > 16
    for page in pages:
        shape = measure_html(paths.read_text(page))
        assert shape.elements < MAX_ELEMENTS // 5 and shape.depth < MAX_DEPTH // 5, page.name


@pytest.mark.parametrize(
    ("html", "elements", "depth"),
    [
        ("<div><span><b>x</span></div><br><p>a<p>b", 6, 3),
        ("<ul><li>a<li>b</ul>", 3, 1),  # <li> closes itself
        ("<div><script>'<div><div><div>'</script></div>", 2, 1),  # script text is not markup
        ("<div><!-- <div><div> --></div>", 1, 1),
        ("<DIV><Div></div></DIV>", 2, 2),
        ("<div/><div/><div/>", 3, 0),
        ("</div></div><div>", 1, 1),  # stray end tags close nothing
        ("a < b > c <3 <<<>>>", 0, 0),
    ],
)
def test_measure_html(html: str, elements: int, depth: int) -> None:
    shape = measure_html(html)
    assert (shape.elements, shape.depth) == (elements, depth)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<div>" * (MAX_DEPTH + 1) + "x", "deep"),
        ("<b>" * (MAX_DEPTH + 1) + "x", "deep"),
        ("<span>x</span>" * (MAX_ELEMENTS + 1), "elements"),
        ("<br>" * (MAX_ELEMENTS + 1), "elements"),
        ("</a>" * (3 * MAX_ELEMENTS + 1), "elements"),
    ],
    ids=["divs", "unclosed bold", "spans", "line breaks", "stray end tags"],
)
def test_absurd_html_is_refused(html: str, reason: str) -> None:
    with pytest.raises(TooLarge, match=reason):
        check_html_shape(html)


def test_just_under_the_limits_is_accepted() -> None:
    check_html_shape("<div>" * (MAX_DEPTH - 1) + "<span>x</span>" * (MAX_ELEMENTS - MAX_DEPTH))
    check_html_shape("<p>kata" * (MAX_DEPTH * 10))  # <p> closes itself: wide, not deep


async def test_fetcher_refuses_absurd_html_before_parsing(page_server, settings) -> None:
    url = page_server.add("/deep", "<html><body>" + "<div>" * 5_000 + "Isi" + "</div>" * 5_000)
    with pytest.raises(TooLarge, match="deep"):
        await fetch_page(url, settings)


async def test_control_characters_are_removed_from_fetched_html(page_server, settings) -> None:
    url = page_server.add("/ctl", '<html><body><p class="caption"></p>\x1f<p>a\x00b\x0bc</p>')
    html = (await fetch_page(url, settings)).html
    assert "abc" in html and "\x1f" not in html
