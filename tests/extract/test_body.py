"""extract_article on saved pages: what must be spoken, what must not, and clear refusals."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from bench import paths
from bot.errors import GalleryPage, NoArticle, TextTooShort
from bot.extract import extract_article
from bot.extract.body import MIN_BODY_WORDS
from tests.extract.sitepages import JUNK, SITE_PAGES, STORY, SitePage

FIXTURES = Path(__file__).parent / "fixtures"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- saved real pages (2015-2017 markup, bench/data/indonesian-pages) ----------------------

SAVED = [
    # file, what the narration must contain, what it must never contain
    (
        "antara-singlepage.html",
        ["Mataram, NTB – Sebanyak 29 penerbangan"],
        ["Editor", "COPYRIGHT", "ANTARA News"],
    ),
    (
        "antara-singlepage2.html",
        ["Bandarlampung, Lampung – Petugas Polda Lampung"],
        ["Editor", "COPYRIGHT"],
    ),
    ("detik-singlepage.html", ["Jakarta – Galaxy S6 Edge"], ["(fyk/ash)", "Baca juga"]),
    (
        "kapanlagi-singlepage.html",
        ["Brandon Nicholas Salim", "nonton HEART BEAT mulai 12 November"],
        ["©KapanLagi", "Jangan Lewatkan", "Terjebak Cinta Segitiga", "(kpl/pur/tch)"],
    ),
    (
        "kapanlagi-singlepage2.html",
        ["Pesona kecantikan yang dimiliki Dian Sastrowardoyo"],
        ["© instagram", "Simak Lifestyle", "Armand Maulana", "(kpl/sry)"],
    ),
    (
        "kompas-singlepage.html",
        ["Lhokseumawe – Penyidik Polres Lhokseumawe"],
        ["KOMPAS.com –", "Penulis", "Editor"],
    ),
    (
        "kompas-singlepage2.html",
        ["Jakarta – Menteri Pendayagunaan Aparatur Negara"],
        ["KOMPAS.com", "Penulis", "Editor"],
    ),
    (
        "kompas-singlepage4.html",
        ["Kuta – Penyerang anyar Persib Bandung"],
        [
            "Berita Terkait",
            "Dua Mantan Pemain Arema",
            "Penulis",
            "Ferril Dennys",
            "Ikuti perkembangan",
        ],
    ),
    ("liputan6-singlepage.html", ["Indonesia memasuki fase dinamis"], ["Baca Juga", "(Cas/Isk)"]),
    ("okezone-singlepage.html", ["DEPRESI jadi satu momok"], ["Baca Juga"]),
    (
        "republika-singlepage.html",
        ["Jakarta – Aktris dan sutradara Marcella Zalianty"],
        ["REPUBLIKA.CO.ID", "Redaktur"],
    ),
    (
        "republika-singlepage2.html",
        ["Jakarta – Kasubdit Kasasi"],
        ["REPUBLIKA.CO.ID", "FOTO TERKAIT"],
    ),
    (
        "tempo-singlepage.html",
        ["Jakarta – Organisasi Kesehatan Dunia (WHO)"],
        ["TEMPO.CO", "Kamis, 05 November 2015"],
    ),
    (
        "viva-singlepage.html",
        ["Pianis cilik Indonesia, Joey Alexander"],
        ["VIVA.co.id", "Tweet", "Velove Vexia", "Barongsai", "February 16, 2016"],
    ),
]


def _sources() -> dict[str, str]:
    lines = paths.read_text(paths.INDONESIAN_PAGES / "SOURCES.tsv").splitlines()
    return {row["file"]: row["url"] for row in csv.DictReader(lines, delimiter="\t")}


@pytest.mark.parametrize(("name", "spoken", "never"), SAVED, ids=[row[0] for row in SAVED])
def test_saved_portal_page(name: str, spoken: list[str], never: list[str]) -> None:
    html = paths.read_text(paths.indonesian_pages()[name])
    article = extract_article(html, _sources()[name])
    text = article.text
    assert article.extractor == "site-rule"
    for phrase in spoken:
        assert phrase in text
    for phrase in never:
        assert phrase not in text
    assert article.title and article.title not in article.paragraphs
    assert article.language == "id"
    truth = paths.read_json(paths.INDONESIAN_PAGES / "ground-truth.json.gz")[name]
    story = re.sub(r"\s*\([\w/]+\)\s*$", "", truth["articleBody"])  # reporter initials go
    last_words = re.findall(r"\w+", story)[-8:-2]
    assert " ".join(last_words) in " ".join(re.findall(r"\w+", text))  # read to its end


def test_saved_photo_gallery_is_read_by_its_captions() -> None:
    html = paths.read_text(paths.indonesian_pages()["liputan6-singlepage3.html"])
    article = extract_article(html, _sources()["liputan6-singlepage3.html"])
    assert article.extractor.endswith("+captions")
    assert article.paragraphs[0].startswith("Penyanyi Taylor Swift (kanan) memeluk Selena Gomez")
    assert "Telah dibaca" not in article.text  # captions of the "popular" teasers are not
    assert "Rihanna" not in article.text


# --- current markup, one page per site rule (synthetic, see sitepages.py) ------------------


@pytest.mark.parametrize("page", SITE_PAGES, ids=[page.site for page in SITE_PAGES])
def test_site_rule_reads_the_body_only(page: SitePage) -> None:
    article = extract_article(page.html, page.url)
    assert article.extractor == "site-rule"
    assert list(article.paragraphs) == list(STORY)
    for junk in JUNK:
        assert junk.casefold() not in article.text.casefold()


# --- the Koran Jakarta page the end-to-end tests serve from loopback ------------------------

KORAN_BODY_START = "Tangerang – Program pengentasan kemiskinan ekstrem dan reformasi birokrasi"
KORAN_BODY_END = 'agar masyarakat bisa terlayani dengan lebih baik," ucapnya.'
KORAN_NEVER = [
    "Nasional Mondial Ekonomi",
    "Megapolitan",
    "Edisi Weekend",
    "Infografis",  # menu
    "Pengaturan Font",  # font widget
    "Foto : Pemkot Tangerang",
    "berfoto bersama",  # photo credit and caption
    "Redaktur",
    "Aloysius Widiyatmaka",
    "Penulis",  # editor line
    "Komentar",
    "Tulis komentar",
    "SARA",  # comments
    "ADVERTISEMENT",
    "Berita Terkait",
    "Targetkan Nol Kemiskinan",
    "Terpopuler",
    "Car Free Day",
    "Tags",
    "Bagikan",
    "WhatsApp",
    "Dapatkan update",
    "Copyright",
    "Top",
    "Visitasi Eselon",
    "Rabu, 18 Okt 2023",
]


@pytest.mark.parametrize(
    "url",
    [
        "https://koran-jakarta.com/kota-tangerang-jadi-benchmark",  # site rule
        "http://127.0.0.1:8080/kota-tangerang.html",  # loopback: rule found via the canonical link
        "",
    ],
)
def test_koran_jakarta_page_reads_the_body_only(url: str) -> None:
    article = extract_article(_fixture("koran_jakarta_seed.html"), url)
    text = article.text
    assert text.startswith(KORAN_BODY_START)
    assert text.endswith(KORAN_BODY_END)
    assert "Tingkatkan Mutu" in article.paragraphs
    assert len(article.paragraphs) == 11
    for phrase in KORAN_NEVER:
        assert phrase not in text, phrase
    assert article.title == 'Kota Tangerang Jadi "Benchmark"'
    assert article.site == "Koran Jakarta"
    assert (
        article.published is not None
        and article.published.isoformat() == "2023-10-18T06:05:00+07:00"
    )


def test_koran_jakarta_page_without_any_site_rule_uses_the_generic_cascade() -> None:
    html = _fixture("koran_jakarta_seed.html").replace("koran-jakarta.com", "contoh-berita.id")
    article = extract_article(html, "http://127.0.0.1:8080/kota-tangerang.html")
    assert article.extractor in {
        "readability",
        "trafilatura",
        "readability+trafilatura",
        "classifier",
    }
    assert article.text.startswith(KORAN_BODY_START)
    assert article.text.endswith(KORAN_BODY_END)
    for phrase in KORAN_NEVER:
        assert phrase not in article.text, phrase


# --- refusals: galleries, front pages, short and empty pages --------------------------------


def test_photo_page_is_read_by_its_captions_and_refused_without_them() -> None:
    html = _fixture("gallery_detik_foto.html")
    url = "https://news.detik.com/foto-news/d-7012399/potret-banjir-rendam-permukiman-di-kampung-melayu"
    article = extract_article(html, url)
    assert article.paragraphs[0].startswith("Banjir merendam permukiman warga di Kampung Melayu")
    assert "perahu karet" in article.text and "Pradita" not in article.text
    photos_only = re.sub(r'<p class="detail__media-caption">.*?</p>', "", html)
    with pytest.raises(GalleryPage, match="gallery") as refused:
        extract_article(photos_only, url)
    assert refused.value.key == "error_gallery"


def test_video_page_is_recognised_by_its_og_type() -> None:
    html = (
        '<html lang="id"><head><meta property="og:type" content="video.other"></head><body>'
        "<h1>Detik-detik Banjir Bandang</h1><div class='player'><video src='/v.mp4'></video></div>"
        "<p>Banjir bandang menerjang permukiman warga di Garut, Selasa (17/10).</p></body></html>"
    )
    with pytest.raises(GalleryPage):
        extract_article(html, "https://www.contoh-berita.id/watch/12345")


@pytest.mark.parametrize(
    "url", ["https://www.wartanusantara.id/", "https://www.wartanusantara.id/nasional", ""]
)
def test_front_page_is_not_an_article(url: str) -> None:
    with pytest.raises(NoArticle):
        extract_article(_fixture("front_page.html"), url)


def test_short_body_is_reported_not_padded() -> None:
    html = (
        '<html lang="id"><head><meta property="og:type" content="article"></head><body><article>'
        "<h1>Gempa Guncang Garut</h1><p>Gempa magnitudo 4,8 mengguncang Garut, Jawa Barat, Selasa "
        "pagi. BMKG menyatakan gempa tidak berpotensi tsunami.</p></article></body></html>"
    )
    with pytest.raises(TextTooShort, match="words"):
        extract_article(html, "https://www.contoh-berita.id/read/2023/10/17/gempa-guncang-garut")
    article = extract_article(
        html, "https://www.contoh-berita.id/read/2023/10/17/gempa-guncang-garut", min_words=10
    )
    assert article.paragraphs[0].startswith("Gempa magnitudo 4,8")
    assert len(article.text.split()) < MIN_BODY_WORDS


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html><body></body></html>", "<html><body><script>x()</script></body></html>"],
)
def test_empty_pages_have_no_article(html: str) -> None:
    with pytest.raises(NoArticle):
        extract_article(html, "https://www.contoh-berita.id/read/1")
