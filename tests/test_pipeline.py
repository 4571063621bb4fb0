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


# --- generic pagination (issue 15) ----------------------------------------------------------

_PARAS = (
    "Pemerintah Kota Bandung menutup sementara tiga ruas jalan di pusat kota mulai Senin pagi "
    "untuk perbaikan saluran air yang rusak akibat hujan deras pekan lalu.",
    "Kepala dinas mengatakan penutupan berlangsung sekitar dua minggu dan pengendara diminta "
    "memakai jalur alternatif yang sudah disiapkan petugas di setiap persimpangan.",
    "Warga di sekitar lokasi mengaku khawatir dagangan mereka sepi selama perbaikan, tetapi "
    "mendukung langkah pemerintah agar banjir tidak terulang musim hujan nanti.",
    "Pemerintah berjanji memasang papan petunjuk dan menambah petugas agar kemacetan di jalan "
    "sekitar lokasi perbaikan dapat ditekan selama pekerjaan berlangsung.",
)


def _numbered_page(
    title: str, paragraphs: tuple[str, ...], links: str = "", anchors: str = ""
) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<html lang="id"><head><title>{title}</title><meta property="og:type" '
        f'content="article">{links}</head><body><h1>{title}</h1><article>{body}</article>'
        f"<nav>{anchors}</nav></body></html>"
    )


async def test_rel_next_to_a_dash_2_html_page_is_followed(page_server, settings) -> None:
    title = "Tiga Ruas Jalan di Bandung Ditutup"
    first = _numbered_page(title, _PARAS[:2], '<link rel="next" href="/kota/jalan-ditutup-2.html">')
    second = _numbered_page(f"{title} - Halaman 2", _PARAS[2:])
    url = page_server.add("/kota/jalan-ditutup.html", first)
    page_server.add("/kota/jalan-ditutup-2.html", second)
    article = await pipeline.load_article(url, settings)
    assert article.paragraphs == _PARAS
    assert page_server.hits["/kota/jalan-ditutup-2.html"] == 1


async def test_a_next_link_to_another_story_is_not_joined(page_server, settings) -> None:
    first = _numbered_page(
        "Tiga Ruas Jalan di Bandung Ditutup", _PARAS[:2], '<link rel="next" href="/kota/a/2">'
    )
    other = _numbered_page("Harga Cabai Naik Menjelang Lebaran", _PARAS[2:])
    url = page_server.add("/kota/a-tiga-ruas-jalan", first)
    page_server.add("/kota/a-tiga-ruas-jalan/2", other)
    first_linking = first.replace("/kota/a/2", "/kota/a-tiga-ruas-jalan/2")
    page_server.add("/kota/a-tiga-ruas-jalan", first_linking)
    article = await pipeline.load_article(url, settings)
    assert article.paragraphs == _PARAS[:2]
    assert page_server.hits["/kota/a-tiga-ruas-jalan/2"] == 1


async def test_the_single_page_view_is_preferred(page_server, settings) -> None:
    title = "Tiga Ruas Jalan di Bandung Ditutup"
    first = _numbered_page(
        title,
        _PARAS[:2],
        anchors="<a href='?page=2'>Selanjutnya</a><a href='?page=all'>Tampilkan semua halaman</a>",
    )
    whole = _numbered_page(title, _PARAS)
    url = page_server.add("/read/2026/01/05/jalan-ditutup", first)
    page_server.add("/read/2026/01/05/jalan-ditutup?page=all", whole)
    page_server.add("/read/2026/01/05/jalan-ditutup?page=2", _numbered_page(title, _PARAS[2:]))
    article = await pipeline.load_article(url, settings)
    assert article.paragraphs == _PARAS
    assert page_server.hits["/read/2026/01/05/jalan-ditutup?page=2"] == 0
