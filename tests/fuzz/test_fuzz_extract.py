"""The extractor on random, garbage, huge, deeply nested and mangled real HTML.

The only acceptable outcomes: an Article, NoArticle, GalleryPage, TextTooShort or Paywall.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import paths
from bot.errors import GalleryPage, NoArticle, Paywall, TextTooShort
from bot.extract import extract_readable
from bot.fetch.limits import check_html_shape
from tests.fuzz import time_limit
from tests.fuzz.strategies import deep_html, html_pages, mutated, wide_html

FIXTURES = Path(__file__).parents[1] / "extract" / "fixtures"
SAVED_PAGES = [p for n, p in paths.indonesian_pages().items() if n.endswith("-singlepage.html")]
REAL_PAGES = [
    paths.read_text(path)
    for path in [
        FIXTURES / "koran_jakarta_seed.html",
        FIXTURES / "front_page.html",
        FIXTURES / "gallery_detik_foto.html",
        *SAVED_PAGES[:4],
    ]
]
assert len(REAL_PAGES) == 7
EXPECTED = (NoArticle, GalleryPage, TextTooShort, Paywall)
URLS = st.sampled_from(
    [
        "",
        "https://www.kompas.com/read/2024/10/17/x",
        "http://127.0.0.1/a",
        "not a url",
        "https://news.detik.com/berita/d-1/x?page=all",
        "https://[::1]/",
    ]
)


def _extract(html: str, url: str, seconds: float = 10) -> None:
    with time_limit(seconds):
        try:
            article = extract_readable(html, url)
        except EXPECTED:
            return
    assert article.paragraphs
    assert all(paragraph and paragraph == paragraph.strip() for paragraph in article.paragraphs)


@settings(max_examples=60, deadline=5_000, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.one_of(html_pages(), st.text(max_size=2_000)), url=URLS)
def test_random_html_and_text(html: str, url: str) -> None:
    _extract(html, url)


@settings(max_examples=25, deadline=5_000, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4_000), encoding=st.sampled_from(["latin-1", "utf-8", "cp1252"]))
def test_binary_garbage(data: bytes, encoding: str) -> None:
    _extract(data.decode(encoding, errors="replace"), "https://x.id/a")


@settings(max_examples=15, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.one_of(deep_html(), wide_html()), url=URLS)
def test_deep_and_wide_html(html: str, url: str) -> None:
    _extract(html, url, seconds=20)


@settings(max_examples=20, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), page=st.sampled_from(REAL_PAGES), url=URLS)
def test_mangled_real_pages(data: st.DataObject, page: str, url: str) -> None:
    _extract(data.draw(mutated(page)), url, seconds=20)


def test_a_huge_page_is_refused_before_parsing_or_read_in_time() -> None:
    """5 MB of repeated story: either the shape check refuses it or extraction ends in time."""
    story = "".join(
        f"<p>Paragraf {n}: warga menyambut baik rencana itu.</p>" for n in range(90_000)
    )
    html = f"<html><body><article>{story}</article></body></html>"
    assert len(html) > 4_000_000
    try:
        check_html_shape(html)
    except Exception as exc:  # the fetcher refuses it: that is the answer
        assert type(exc).__name__ == "TooLarge"
        return
    _extract(html, "https://x.id/a", seconds=30)
