"""Multi-page articles (next page, join) and URL helpers (single page, canonical)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.extract import (
    MAX_PAGES,
    canonical_url,
    extract_article,
    join_pages,
    next_page_url,
    same_story,
    single_page_link,
    single_page_url,
)
from bot.models import Article

MULTIPAGE = Path(__file__).parent / "fixtures" / "multipage"
BASE = "https://nasional.kompas.com/read/2023/10/17/10150011/dpr-setujui-ruu-apbn-2024"


def _page(number: int) -> str:
    return (MULTIPAGE / f"kompas_page{number}.html").read_text(encoding="utf-8")


def test_saved_pages_chain_page_by_page_and_stop_on_the_last() -> None:
    assert next_page_url(_page(1), BASE) == f"{BASE}?page=2"
    assert next_page_url(_page(2), f"{BASE}?page=2") == f"{BASE}?page=3"
    assert next_page_url(_page(3), f"{BASE}?page=3") is None


def test_following_the_pages_and_joining_them_reads_the_whole_story_once() -> None:
    url: str | None = BASE
    pages = []
    while url and len(pages) < MAX_PAGES:
        html = _page(len(pages) + 1)
        pages.append(extract_article(html, url, min_words=10))
        url = next_page_url(html, url)
    article = join_pages(pages)

    assert len(pages) == 3
    text = article.text
    assert text.startswith("Jakarta – Dewan Perwakilan Rakyat (DPR) menyetujui")
    assert text.endswith("dalam beberapa tahun ke depan.")
    assert text.count("Ketua DPR mengetuk palu") == 1  # page 2 repeats it
    for never in ("Baca juga", "Selanjutnya", "Sebelumnya", "Jokowi Teken Keppres", "Halaman"):
        assert never not in text
    assert article.title == "DPR Setujui RUU APBN 2024 Jadi Undang-Undang"
    assert article.url == BASE and article.author == "Nicholas Ryan Aditya"


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        # detik-style path pagination
        (
            '<div class="detail__long-nav"><a href="/berita/d-7012345/judul-berita/2">2</a></div>',
            "https://news.detik.com/berita/d-7012345/judul-berita",
            "https://news.detik.com/berita/d-7012345/judul-berita/2",
        ),
        (
            '<a href="/berita/d-7012345/judul-berita/3">Halaman Selanjutnya</a>',
            "https://news.detik.com/berita/d-7012345/judul-berita/2",
            "https://news.detik.com/berita/d-7012345/judul-berita/3",
        ),
        # rel=next and "Next »" in English
        (
            '<link rel="next" href="https://blog.example.com/post/long-story/page/2">',
            "https://blog.example.com/post/long-story",
            "https://blog.example.com/post/long-story/page/2",
        ),
        (
            '<a href="?p=2">Next »</a>',
            "https://example.org/story-about-rivers",
            "https://example.org/story-about-rivers?p=2",
        ),
        # "Halaman 2" must be the next number, not any number
        (
            '<a href="?page=3">3</a><a href="?page=2">Halaman 2</a>',
            "https://x.co.id/read/berita-a",
            "https://x.co.id/read/berita-a?page=2",
        ),
    ],
)
def test_next_page_links(html: str, url: str, expected: str) -> None:
    assert next_page_url(html, url) == expected


@pytest.mark.parametrize(
    ("html", "url"),
    [
        # the next *story*, not the next page
        (
            '<a href="/read/2023/10/17/11000021/jokowi-teken-keppres">Berita Selanjutnya</a>',
            "https://nasional.kompas.com/read/2023/10/17/10150011/dpr-setujui",
        ),
        ('<a href="/news/13">Selanjutnya</a>', "https://example.com/news/12"),
        # another site
        ('<a href="https://other.com/read/x?page=2">Selanjutnya</a>', "https://x.com/read/x"),
        # already the single-page view
        ('<a href="?page=2">2</a>', f"{BASE}?page=all"),
        # previous page and page 1
        ('<a href="?page=1">Sebelumnya</a><a href="?page=1">1</a>', f"{BASE}?page=2"),
        ('<a href="javascript:void(0)">Selanjutnya</a>', BASE),
    ],
)
def test_links_that_are_not_the_next_page(html: str, url: str) -> None:
    assert next_page_url(html, url) is None


def _article(*paragraphs: str, **fields: object) -> Article:
    fields.setdefault("title", "Judul")
    return Article(url="https://x.id/a", paragraphs=paragraphs, **fields)  # type: ignore[arg-type]


def test_join_keeps_order_drops_repeats_across_pages_and_keeps_first_metadata() -> None:
    first = _article("Satu.", "Dua dua dua.", site="X", extractor="site-rule")
    second = _article("Dua dua dua.", "Tiga.", "Tiga.", author="Budi", extractor="readability")
    joined = join_pages([first, second])
    assert joined.paragraphs == ("Satu.", "Dua dua dua.", "Tiga.", "Tiga.")
    assert (joined.site, joined.author, joined.url) == ("X", "Budi", "https://x.id/a")
    assert joined.extractor == "site-rule+readability"
    assert join_pages([first]) == first
    with pytest.raises(ValueError):
        join_pages([])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://nasional.kompas.com/read/2023/10/17/10150011/x",
            "https://nasional.kompas.com/read/2023/10/17/10150011/x?page=all",
        ),
        (
            "https://nasional.kompas.com/read/2023/10/17/10150011/x?page=2&utm_source=wa",
            "https://nasional.kompas.com/read/2023/10/17/10150011/x?utm_source=wa&page=all",
        ),
        (
            "https://www.tribunnews.com/nasional/2023/10/17/x",
            "https://www.tribunnews.com/nasional/2023/10/17/x?page=all",
        ),
        (
            "https://news.detik.com/berita/d-7012345/x",
            "https://news.detik.com/berita/d-7012345/x?single=1",
        ),
        (
            "https://nasional.sindonews.com/read/1/12/x",
            "https://nasional.sindonews.com/read/1/12/x?showpage=all",
        ),
        ("https://www.antaranews.com/berita/1/x", "https://www.antaranews.com/berita/1/x"),
        ("https://example.com/x?page=2", "https://example.com/x?page=2"),
    ],
)
def test_single_page_url(url: str, expected: str) -> None:
    assert single_page_url(url) == expected


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        (
            '<link rel="canonical" href="https://www.kompas.com/read/1/x">',
            "https://amp.kompas.com/read/1/x",
            "https://www.kompas.com/read/1/x",
        ),
        (
            '<link rel="canonical" href="/read/1/x">',
            "https://m.kompas.com/read/1/x",
            "https://m.kompas.com/read/1/x",
        ),
        (
            '<meta property="og:url" content="https://news.detik.com/berita/d-1/x">',
            "https://news.detik.com/berita/d-1/x?utm_source=wa",
            "https://news.detik.com/berita/d-1/x",
        ),
        (
            '<link rel="canonical" href="https://evil.example/x">',
            "https://www.kompas.com/read/1/x",
            "https://www.kompas.com/read/1/x",
        ),
        (
            '<link rel="canonical" href="ftp://www.kompas.com/x">',
            "https://www.kompas.com/read/1/x",
            "https://www.kompas.com/read/1/x",
        ),
        (
            "",
            "https://www.suara.com/news/2023/10/17/x/amp",
            "https://www.suara.com/news/2023/10/17/x",
        ),
        ("", "https://www.suara.com/news/x?amp=1&id=3", "https://www.suara.com/news/x?id=3"),
        (
            '<link rel="canonical" href="https://news.republika.co.id/berita/x">',
            "https://republika.co.id/amp/berita/x",
            "https://news.republika.co.id/berita/x",
        ),
    ],
)
def test_canonical_url(head: str, url: str, expected: str) -> None:
    assert canonical_url(f"<html><head>{head}</head><body></body></html>", url) == expected


# --- issue 15: page forms without a page number on page 1 -----------------------------------


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (
            '<link rel="next" href="/kota/jalan-ditutup-2.html">',
            "https://kota.contoh.id/kota/jalan-ditutup.html",
            "https://kota.contoh.id/kota/jalan-ditutup-2.html",
        ),
        (
            '<a href="/kota/jalan-ditutup-3.html">Selanjutnya</a>',
            "https://kota.contoh.id/kota/jalan-ditutup-2.html",
            "https://kota.contoh.id/kota/jalan-ditutup-3.html",
        ),
        (
            '<a href="/read/123/jalan-ditutup-di-bandung/halaman-2">Halaman berikutnya</a>',
            "https://kota.contoh.id/read/123/jalan-ditutup-di-bandung",
            "https://kota.contoh.id/read/123/jalan-ditutup-di-bandung/halaman-2",
        ),
        (
            '<a href="?page=2">2</a>',
            "https://kota.contoh.id/read/123/jalan-ditutup-di-bandung",
            "https://kota.contoh.id/read/123/jalan-ditutup-di-bandung?page=2",
        ),
        (
            '<a rel="next" href="/read/123?p=2">›</a>',
            "https://kota.contoh.id/read/123/jalan-ditutup-di-bandung",
            "https://kota.contoh.id/read/123?p=2",
        ),
    ],
)
def test_next_page_forms(html: str, url: str, expected: str) -> None:
    assert next_page_url(html, url) == expected


def test_rel_next_to_the_next_story_or_another_host_is_not_a_page() -> None:
    url = "https://kota.contoh.id/read/123/jalan-ditutup-di-bandung"
    assert next_page_url('<link rel="next" href="/read/124/harga-cabai-naik">', url) is None
    assert next_page_url('<link rel="next" href="https://lain.id/read/123?p=2">', url) is None


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="?page=all">Tampilkan semua halaman</a>', "?page=all"),
        ('<a href="?single=1">Baca dalam satu halaman</a>', "?single=1"),
        ('<a href="?showall=1">View all</a>', "?showall=1"),
        ('<a href="/read/999/lain?page=all">Tampilkan semua</a>', None),
        ('<a href="?page=2">2</a>', None),
    ],
)
def test_single_page_link(html: str, expected: str | None) -> None:
    url = "https://kota.contoh.id/read/123/jalan-ditutup-di-bandung"
    found = single_page_link(html, url)
    assert found == (url + expected if expected else None)


def test_same_story_compares_titles_without_page_markers() -> None:
    first = _article("Satu.", title="Tiga Ruas Jalan di Bandung Ditutup")
    assert same_story(first, _article("Dua.", title="Tiga Ruas Jalan di Bandung Ditutup (2)"))
    page_two = _article("Dua.", title="Tiga Ruas Jalan di Bandung Ditutup - Halaman 2")
    assert same_story(first, page_two)
    assert not same_story(first, _article("Dua.", title="Harga Cabai Naik Menjelang Lebaran"))
    untitled = _article("Satu.", "Dua.", title="")
    assert same_story(first, untitled)  # repeats the first page's lead
    assert not same_story(first, _article("Lain.", title=""))
