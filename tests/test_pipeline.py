"""The pipeline's edges through loopback: multi-page articles, canonical URLs, paywalls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import pipeline
from bot.errors import GalleryPage, Paywall, TooLarge
from bot.extract.paywall import looks_paywalled

FIXTURES = Path(__file__).parent / "extract" / "fixtures"
ARTICLE = "/read/2023/10/17/10150011/dpr-setujui-ruu-apbn-2024"


def _serve_multipage(page_server) -> str:
    for n in (1, 2, 3):
        html = (FIXTURES / "multipage" / f"kompas_page{n}.html").read_text()
        html = html.replace("https://nasional.kompas.com", page_server.base)
        page_server.add(ARTICLE if n == 1 else f"{ARTICLE}?page={n}", html)
    return page_server.url(ARTICLE)


async def test_multi_page_article_is_joined_in_order(page_server, settings) -> None:
    url = _serve_multipage(page_server)
    article = await pipeline.load_article(url, settings)
    text = article.text
    assert "Rp2.802 triliun" in text  # page 2
    assert text.index("Rp2.802 triliun") > text.index(article.paragraphs[0])
    assert page_server.hits[f"{ARTICLE}?page=2"] == 1
    assert page_server.hits[f"{ARTICLE}?page=3"] == 1
    assert "Baca juga" not in text and "Jokowi Teken Keppres" not in text
    assert article.url == url  # the canonical link of page 1


async def test_gallery_page_is_refused(page_server, settings) -> None:
    html = (FIXTURES / "gallery_detik_foto.html").read_text(encoding="utf-8")
    html = re.sub(r'<p class="detail__media-caption">.*?</p>', "", html)  # photos only
    url = page_server.add("/foto/2023/galeri-banjir", html)
    with pytest.raises(GalleryPage):
        await pipeline.load_article(url, settings)


PAYWALL_PAGE = """<!doctype html><html lang="id"><head><title>Analisis Ekonomi</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>
</head><body><article><h1>Analisis Ekonomi 2027</h1>
<p>Pertumbuhan ekonomi diperkirakan melambat tahun depan.</p>
<div class="paywall">Artikel ini khusus untuk pelanggan. Silakan berlangganan untuk membaca.</div>
</article></body></html>"""


async def test_paywall_page_is_named_as_such(page_server, settings) -> None:
    url = page_server.add("/analisis/2027/ekonomi-melambat", PAYWALL_PAGE)
    with pytest.raises(Paywall):
        await pipeline.load_article(url, settings)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (PAYWALL_PAGE, True),
        ("<p>Silakan login untuk melanjutkan membaca.</p>", True),
        ("<p>Redaksi menerima surat pembaca dari pelanggan setia.</p>", False),
        ('<script>{"isAccessibleForFree": true}</script>', False),
    ],
)
def test_paywall_signs(html: str, expected: bool) -> None:
    assert looks_paywalled(html) is expected


async def test_page_too_large(page_server, settings) -> None:
    from dataclasses import replace

    url = page_server.add("/besar", "<html><body>" + "<p>kata</p>" * 50_000 + "</body></html>")
    with pytest.raises(TooLarge):
        await pipeline.load_article(url, replace(settings, fetch_max_bytes=100_000))


def test_split_parts_keeps_paragraphs_and_labels_later_parts() -> None:
    from bot.models import Article

    paragraphs = tuple(f"Paragraf {n}. " + "kata " * 100 for n in range(10))
    article = Article(url="", title="Judul", paragraphs=paragraphs)
    parts = pipeline.split_parts(article, part_minutes=1.0, part_label="Bagian {n} dari {total}.")
    assert len(parts) > 1
    assert parts[0].title == "Judul" and all(p.title == "" for p in parts[1:])
    assert parts[1].paragraphs[0] == f"Bagian 2 dari {len(parts)}."
    rejoined = [p for part in parts for p in part.paragraphs if not p.startswith("Bagian")]
    assert tuple(rejoined) == paragraphs
