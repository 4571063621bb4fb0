"""Issue 15: pages no rule was written for. Each failure kind heard on such pages, as a small
page of its own, plus every site rule facing a layout it does not know."""

from __future__ import annotations

import logging

import pytest

from bot.errors import NoArticle, TextTooShort
from bot.extract import extract_article
from bot.extract.rules import load_rules, parse_rules
from tests.extract.sitepages import SITE_PAGES, STORY, _chrome, _story_html

URL = "https://www.contoh-berita.id/read/2026/01/05/banjir-bandung"


def _page(body: str, head: str = '<meta property="og:type" content="article">') -> str:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Banjir di Bandung</title>{head}</head><body>
<header><nav><a href="/">Beranda</a> <a href="/news">Berita</a> <a href="/bola">Bola</a></nav>
</header><main><h1>Banjir di Bandung</h1>{body}</main>
<footer><p>Tentang kami</p><p>Kontak redaksi</p></footer></body></html>"""


def _story() -> str:
    return _story_html()


def test_share_rows_at_top_and_end_are_not_read() -> None:
    share = (
        '<div class="bagikan-artikel"><span>Bagikan:</span> <a href="#fb">Facebook</a> '
        '<a href="#tw">Twitter</a> <a href="#wa">WhatsApp</a> <button>Salin Link</button></div>'
    )
    plain_row = "<p>Bagikan: Facebook Twitter WhatsApp Salin Link</p>"
    article = extract_article(_page(share + plain_row + _story() + plain_row + share), URL)
    assert list(article.paragraphs) == list(STORY)


def test_a_drop_selector_that_eats_the_body_falls_back_to_the_generic_path(caplog) -> None:
    rules = parse_rules(
        """
[[site]]
name = "Contoh"
domains = ["contoh-berita.id"]
body = ["div.isi-berita"]
drop = [".isi-berita p"]
"""
    )
    html = _page(f'<div class="konten"><div class="isi-berita">{_story()}</div></div>')
    with caplog.at_level(logging.INFO, logger="bot.extract.body"):
        article = extract_article(html, URL, rules=rules)
    assert list(article.paragraphs) == list(STORY)
    assert "rule fallback" in article.extractor
    assert "generic body" in caplog.text


def test_a_rule_that_matches_a_teaser_box_gives_way_to_the_generic_body() -> None:
    rules = parse_rules(
        """
[[site]]
name = "Contoh"
domains = ["contoh-berita.id"]
body = ["div.lead"]
"""
    )
    lead = (
        '<div class="lead"><p>Pemerintah Provinsi Jawa Barat menyiapkan anggaran untuk jalan '
        "rusak, menurut keterangan resmi yang diterima redaksi pada Selasa pagi ini.</p></div>"
    )
    article = extract_article(_page(lead + f"<div>{_story()}</div>"), URL, rules=rules)
    assert article.paragraphs[-1] == STORY[-1]


FLASH = (
    "Gempa bermagnitudo 5,1 mengguncang Kabupaten Garut, Jawa Barat, Senin (5/1) pukul 10.12 "
    "WIB. BMKG menyatakan gempa tidak berpotensi tsunami dan tidak merusak bangunan."
)


def test_a_23_word_news_flash_is_read() -> None:
    assert len(FLASH.split()) == 23
    article = extract_article(_page(f"<article><p>{FLASH}</p></article>"), URL)
    assert article.paragraphs == (FLASH,)


def test_a_news_flash_without_metadata_is_read_as_one_block_of_prose() -> None:
    article = extract_article(_page(f"<article><p>{FLASH}</p></article>", head=""), URL)
    assert article.paragraphs == (FLASH,)


def test_a_short_page_without_article_signals_is_still_refused() -> None:
    html = _page("<ul><li>Garut</li><li>Gempa 5,1</li><li>Senin</li></ul>", head="")
    with pytest.raises((TextTooShort, NoArticle)):
        extract_article(html, URL)


def test_hidden_in_page_sections_of_the_story_are_all_read() -> None:
    hiding = ["", " hidden", ' aria-hidden="true"', ' style="display: none"']
    sections = "".join(
        f'<section class="story-page"{hide}><p>{text}</p></section>'
        for hide, text in zip(hiding, STORY, strict=True)
    )
    menu = (
        '<div class="menu-mobile" hidden><p>Beranda Berita Bola Ekonomi Gaya Hidup Otomotif '
        "Teknologi Kesehatan Pendidikan Wisata Kuliner Properti Hukum Politik Internasional "
        "Hiburan Musik Film Sains Lingkungan</p></div>"
    )
    article = extract_article(_page(menu + f"<article>{sections}</article>"), URL)
    assert list(article.paragraphs) == list(STORY)


def test_a_story_streamed_into_a_hidden_segment_is_read() -> None:
    # React streaming server rendering (Next.js): the story arrives last, in <div hidden
    # id="S:1">, and a script moves it into <template id="B:1">; no script runs here.
    menu = '<div hidden id="menu"><p>Beranda Berita Bola Ekonomi Gaya Hidup Otomotif</p></div>'
    streamed = f'<div hidden id="S:1"><article>{_story()}</article></div>'
    html = _page('<template id="B:1"></template><p>Memuat…</p>').replace(
        "</body>", menu + streamed + "</body>"
    )
    article = extract_article(html, URL)
    assert list(article.paragraphs)[-len(STORY) :] == list(STORY)
    assert "Beranda Berita" not in article.text


def test_the_titles_of_a_headline_box_between_paragraphs_are_not_read() -> None:
    story = _story().split("\n")
    box = (
        '<div class="box-headline"><h4>Headline</h4><ul>'
        '<li><a href="/a">Harga Beras Naik Lagi di Pasar Induk Cipinang</a>'
        "<p>Pedagang mengeluh pasokan.</p></li>"
        '<li><a href="/b">Timnas Menang Tipis atas Vietnam di Hanoi</a>'
        "<p>Gol tunggal di menit akhir.</p></li>"
        '<li><a href="/c">KPK Periksa Dua Pejabat Dinas Pekerjaan Umum</a></li></ul></div>'
    )
    html = _page("<article>" + "".join(story[:2]) + box + "".join(story[2:]) + "</article>")
    article = extract_article(html, URL)
    for never in ("Headline", "Harga Beras", "Timnas Menang", "KPK Periksa"):
        assert never not in article.text
    # nor the short unlinked leads under each linked headline
    assert list(article.paragraphs) == list(STORY)


def test_editor_codes_syndication_notes_and_video_prompts_are_not_read() -> None:
    story = list(STORY)
    body = "".join(f"<p>{text}</p>" for text in story[:-1])
    body += f"<p>{story[-1]} (H-4)</p><p>(mdk/yan)</p>"
    body += "<p>Cek Video di Bawah Ini</p>"
    body += "<p>Artikel ini telah naik di Kompas.com dengan judul Jalan Rusak di Jabar</p>"
    body += "<p>TOPIK TERKAIT Jalan Rusak Jawa Barat Banjir Bina Marga</p>"
    article = extract_article(_page(f"<article>{body}</article>"), URL)
    assert list(article.paragraphs) == story


def test_an_embedded_tweet_leaves_no_link_or_handle_behind() -> None:
    tweet = (
        '<blockquote class="twitter-tweet"><p>Ruas jalan provinsi di Garut mulai diperbaiki '
        'hari ini. <a href="https://t.co/x1">pic.twitter.com/AbC123</a></p>— Humas Jabar '
        '(@humasjabar) <a href="https://twitter.com/x">October 17, 2023</a></blockquote>'
    )
    story = _story().split("\n")
    html = _page("<article>" + "".join(story[:2]) + tweet + "".join(story[2:]) + "</article>")
    text = extract_article(html, URL).text
    assert "pic.twitter" not in text and "@humasjabar" not in text and "t.co" not in text
    for paragraph in STORY:
        assert paragraph in text


def test_breadcrumbs_and_the_timestamp_line_are_not_read() -> None:
    crumbs = (
        '<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/berita">Berita</a></div>'
        "<p>Home &gt; Berita &gt; Daerah</p><p>Senin, 13 Maret 2017 | 10:15 WIB</p>"
    )
    article = extract_article(_page(crumbs + f"<article>{_story()}</article>"), URL)
    assert list(article.paragraphs) == list(STORY)


# --- every site rule, facing a layout it was not written for --------------------------------

_NEUTRAL = '<div class="post-entry-2031"><div class="entry-inner">{story}</div></div>'


RULES = load_rules().sites


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_a_new_layout_on_a_ruled_domain_still_reads(rule) -> None:
    url = f"https://www.{rule.domains[0]}/read/2026/01/05/101500/jalan-rusak-di-jabar"
    assert load_rules().rule_for(url) is rule
    html = _chrome(_NEUTRAL.format(story=_story()))
    article = extract_article(html, url)
    assert list(article.paragraphs) == list(STORY)
    assert article.extractor != "site-rule"


def test_the_packaged_pages_of_each_rule_still_use_the_rule() -> None:
    """The other half: on the layout a rule was written for, the rule is what reads."""
    for page in SITE_PAGES:
        assert extract_article(page.html, page.url).extractor == "site-rule", page.site


def _post(number: int, word: str) -> str:
    paragraphs = "".join(
        f"<p>Kisah {word} bagian {k}: warga desa bergotong royong membangun jembatan bambu, "
        "menanam padi bersama, dan menggelar pengajian setiap malam Jumat, sementara anak-anak "
        "belajar mengaji di surau yang dibangun kembali setelah gempa, kata kepala desa.</p>"
        for k in range(3)
    )
    title = f'<h2><a href="/p{number}">Cerita {word} dari Desa</a></h2>'
    return f'<article class="post-{number} post">{title}{paragraphs}</article>'


def test_a_blog_post_is_read_without_the_longer_related_posts_nested_in_it() -> None:
    # readability prefers the three long related posts inside the post's own <article>
    story = " ".join(STORY[:2])
    related = _post(2, "pertama") + _post(3, "kedua") + _post(4, "ketiga")
    html = f"""<html><head><title>Jalan Rusak di Jawa Barat</title></head><body><div id="primary">
<article class="post-1 post"><h1>Jalan Rusak di Jawa Barat</h1><p>{story}</p>
<h3>Anda mungkin juga suka</h3>{related}</article></div><footer><p>Hak cipta</p></footer>
</body></html>"""
    article = extract_article(html, "https://blog.contoh.id/jalan-rusak-di-jawa-barat")
    assert list(article.paragraphs) == [story]
