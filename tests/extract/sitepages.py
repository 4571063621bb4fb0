"""Synthetic article pages in each portal's current markup, for the site-rule tests.

Saved real pages exist only for nine portals and only in 2015-2017 markup (shared data set).
For the current layouts these pages are built from the body container and the widgets each
rule names in sites.toml: they test that the rule and its drop list work together, not that
the live portal still uses this markup (that needs fresh captures; see the report).
"""

from __future__ import annotations

from dataclasses import dataclass

STORY = (
    "Pemerintah Provinsi Jawa Barat menyiapkan anggaran Rp1,2 triliun untuk memperbaiki jalan "
    "provinsi yang rusak akibat banjir sepanjang awal tahun ini, kata Sekretaris Daerah kepada "
    "wartawan di Bandung, Selasa (17/10).",
    "Menurut dia, perbaikan akan dimulai dari ruas yang paling banyak dilalui kendaraan "
    "angkutan barang, terutama jalur selatan yang menghubungkan Garut dan Tasikmalaya dengan "
    "pelabuhan di pesisir.",
    '"Kami sudah memetakan 214 titik kerusakan. Targetnya seluruh ruas prioritas selesai '
    'sebelum musim mudik Lebaran tahun depan," ujarnya menambahkan.',
    "Dinas Bina Marga mencatat sebagian besar kerusakan berupa lubang dan retakan yang "
    "melebar karena genangan air tidak segera surut setelah hujan deras berhari-hari.",
)
"""The body every synthetic page carries (≈110 words)."""

JUNK = (
    "Baca juga: Banjir Rendam Ribuan Rumah di Kabupaten Bandung",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Editor: Budi Santoso",
    "Foto: Dok. Humas Pemprov Jabar",
    "Berita Terkait Lainnya Di Sini",
    "Komentar",
)
"""Strings that must never reach the narration."""


@dataclass(frozen=True, slots=True)
class SitePage:
    """One portal's page: where it lives and its HTML."""

    site: str
    url: str
    html: str


def _story_html(paragraph_tag: str = "p") -> str:
    return "\n".join(f"<{paragraph_tag}>{text}</{paragraph_tag}>" for text in STORY)


def _chrome(body: str, title: str = "Jabar Siapkan Rp1,2 Triliun untuk Jalan Rusak") -> str:
    """Wrap a body container in a portal-like page: header, menu, related list, footer."""
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>{title}</title><meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2023-10-17T10:15:00+07:00">
<script>var ads = {{slot: "top"}};</script></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/bisnis">Bisnis</a></li><li><a href="/olahraga">Olahraga</a></li></ul></nav></header>
<main><h1>{title}</h1><div class="date">Selasa, 17 Okt 2023 10:15 WIB</div>
{body}
<section class="related"><h3>Berita Terkait Lainnya Di Sini</h3><ul>
<li><a href="/a">Gubernur Tinjau Jalan Rusak di Garut Selatan Bersama Warga</a></li>
<li><a href="/b">Dinas Bina Marga Kebut Perbaikan Jalan Menjelang Lebaran Tahun Depan</a></li>
</ul></section></main>
<footer><p>Copyright © 2023 Portal Berita. All rights reserved.</p></footer></body></html>"""


def _page(site: str, url: str, container_open: str, container_close: str, inside: str) -> SitePage:
    """A page whose body container holds the story with `inside` widgets between paragraphs."""
    story = _story_html().split("\n")
    body = container_open + story[0] + story[1] + inside + story[2] + story[3] + container_close
    return SitePage(site, url, _chrome(body))


_READ_ALSO = '<p class="baca-juga"><strong>Baca juga:</strong> <a href="/x">Banjir Rendam Ribuan Rumah di Kabupaten Bandung</a></p>'  # noqa: E501
_CAPTION = (
    '<figure><img src="/f.jpg"><figcaption>Foto: Dok. Humas Pemprov Jabar</figcaption></figure>'
)
_EDITOR = "<p>Editor: Budi Santoso</p>"

SITE_PAGES: tuple[SitePage, ...] = (
    _page(
        "detik",
        "https://news.detik.com/berita/d-7012345/jabar-siapkan-rp-1-2-triliun",
        '<div class="detail__body-text itp_bodycontent">',
        "</div>",
        '<div class="parallaxindetail">ADVERTISEMENT<br>SCROLL TO CONTINUE WITH CONTENT</div>'
        '<table class="linksisip"><tr><td>Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah '
        "di Kabupaten Bandung</a></td></tr></table>" + _CAPTION,
    ),
    _page(
        "kompas",
        "https://regional.kompas.com/read/2023/10/17/101500178/jabar-siapkan",
        '<div class="read__content"><div class="clearfix">',
        "</div></div>",
        '<p><strong>Baca juga: </strong><a class="inner-link-baca-juga" href="/x">Banjir Rendam '
        "Ribuan Rumah di Kabupaten Bandung</a></p>" + _CAPTION,
    ),
    _page(
        "tribunnews",
        "https://jabar.tribunnews.com/2023/10/17/jabar-siapkan-rp-12-triliun",
        '<div class="side-article txt-article multi-fontsize">',
        "</div>",
        '<p class="baca">Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah di Kabupaten '
        'Bandung</a></p><div class="ads-placeholder">ADVERTISEMENT</div>' + _EDITOR,
    ),
    _page(
        "liputan6",
        "https://www.liputan6.com/news/read/5423456/jabar-siapkan-rp12-triliun",
        '<div class="article-content-body__item-content">',
        "</div>",
        '<div class="baca-juga-collections"><div class="baca-juga"><h3>Baca Juga</h3><ul><li>'
        '<a href="/x">Banjir Rendam Ribuan Rumah di Kabupaten Bandung</a></li></ul></div></div>',
    ),
    _page(
        "cnnindonesia",
        "https://www.cnnindonesia.com/nasional/20231017101500-20-1012345/jabar",
        '<div class="detail-wrap"><div class="detail-text text-cnn_black text-sm grow min-w-0">',
        "</div></div>",
        '<table class="linksisip"><tr><td>Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah di '
        'Kabupaten Bandung</a></td></tr></table><p class="para_caption">Foto: Dok. Humas Pemprov '
        "Jabar</p>",
    ),
    _page(
        "cnbcindonesia",
        "https://www.cnbcindonesia.com/news/20231017101500-4-481234/jabar",
        '<div class="detail-text">',
        "</div>",
        '<table class="linksisip"><tr><td>Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah di '
        "Kabupaten Bandung</a></td></tr></table>",
    ),
    _page(
        "antaranews",
        "https://www.antaranews.com/berita/3776543/jabar-siapkan-rp12-triliun",
        '<div class="wrap__article-detail"><div class="wrap__article-detail-content post-content">',
        '<p class="text-muted mt-2 small">Editor: Budi Santoso<br>COPYRIGHT © ANTARA 2023</p>'
        "</div></div>",
        '<span class="baca-juga"><b>Baca juga:</b> <a href="/x">Banjir Rendam Ribuan Rumah di '
        "Kabupaten Bandung</a></span>",
    ),
    _page(
        "antara-regional",
        "https://jabar.antaranews.com/berita/512345/jabar-siapkan",
        '<div class="post-content">',
        "</div>",
        '<p class="baca-juga">Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah di Kabupaten '
        "Bandung</a></p>" + _EDITOR,
    ),
    _page(
        "tempo",
        "https://nasional.tempo.co/read/1786543/jabar-siapkan-rp12-triliun",
        '<div id="content-wrapper">',
        "</div>",
        '<div class="audio-player">Dengarkan artikel</div><p class="bacajuga">Baca juga: <a '
        'href="/x">Banjir Rendam Ribuan Rumah di Kabupaten Bandung</a></p>',
    ),
    _page(
        "kumparan",
        "https://kumparan.com/kumparannews/jabar-siapkan-rp-1-2-triliun-21abcDEF",
        '<div data-qa-id="story-content">',
        "</div>",
        '<div data-qa-id="related-story"><p>Baca juga: <a href="/x">Banjir Rendam Ribuan '
        "Rumah di Kabupaten Bandung</a></p></div>",
    ),
    _page(
        "okezone",
        "https://news.okezone.com/read/2023/10/17/525/2901234/jabar-siapkan",
        '<div id="contentx" class="read">',
        "</div>",
        '<div class="box-gnews">Dapatkan berita terbaru dari kami, ikuti Google News</div>'
        '<p class="baca-juga">Baca Juga: <a href="/x">Banjir Rendam Ribuan Rumah di Kabupaten '
        "Bandung</a></p>",
    ),
    _page(
        "suara",
        "https://www.suara.com/news/2023/10/17/101500/jabar-siapkan-rp12-triliun",
        '<article class="detail-content">',
        "</article>",
        '<div class="baca-juga-new">Baca Juga: <a href="/x">Banjir Rendam Ribuan Rumah di '
        "Kabupaten Bandung</a></div>" + _CAPTION,
    ),
    _page(
        "republika",
        "https://news.republika.co.id/berita/s2abcd123/jabar-siapkan",
        '<div class="article-content"><article>',
        "</article></div>",
        '<div class="picked-article"><p>Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah di '
        "Kabupaten Bandung</a></p></div>",
    ),
    _page(
        "merdeka",
        "https://www.merdeka.com/peristiwa/jabar-siapkan-rp12-triliun-12345.html",
        '<div class="detail-content">',
        "</div>",
        '<div class="baca-juga">Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah di '
        "Kabupaten Bandung</a></div>",
    ),
    _page(
        "sindonews",
        "https://daerah.sindonews.com/read/1234567/174/jabar-siapkan-1697512500",
        '<div class="detail-desc">',
        "</div>",
        '<div class="reco">Baca juga: <a href="/x">Banjir Rendam Ribuan Rumah di Kabupaten '
        "Bandung</a></div>",
    ),
    _page(
        "viva",
        "https://www.viva.co.id/berita/nasional/1645678-jabar-siapkan-rp12-triliun",
        '<div class="main-content-detail">',
        "</div>",
        '<div class="read-too">Baca Juga: <a href="/x">Banjir Rendam Ribuan Rumah di Kabupaten '
        "Bandung</a></div>",
    ),
    _page(
        "jpnn",
        "https://www.jpnn.com/news/jabar-siapkan-rp-12-triliun",
        '<div class="page-content">',
        "</div>",
        '<div class="baca-juga">Baca Juga: <a href="/x">Banjir Rendam Ribuan Rumah di '
        "Kabupaten Bandung</a></div>",
    ),
    _page(
        "idntimes",
        "https://www.idntimes.com/news/indonesia/budi/jabar-siapkan-rp12-triliun",
        '<div id="article-content">',
        "</div>",
        '<div class="read-also">Baca Juga: <a href="/x">Banjir Rendam Ribuan Rumah di '
        "Kabupaten Bandung</a></div>",
    ),
)
