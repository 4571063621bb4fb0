"""Lines and fragments never spoken, and ordinary sentences that must survive the filter."""

from __future__ import annotations

import pytest

from bot.extract.blocks import LINK_END, LINK_START
from bot.extract.boilerplate import clean_paragraphs, is_boilerplate, strip_inline

DROPPED = [
    # "Baca juga" family
    "Baca juga: Dear Milenial Yuk Mulai Bisnis, Begini Lho Tipsnya",
    "Baca Juga",
    "BACA JUGA: Menguntungkan, Simak Cara Memulai Bisnis Lewat Instagram",
    "Lihat juga: Video Banjir di Kampung Melayu",
    "Simak juga video 'Detik-detik Banjir Bandang'",
    'Simak Video "Jokowi Resmikan Tol Baru"',
    "Cek berita lainnya di Google News",
    "Berita Terkait",
    "Artikel Terkait:",
    "Jangan Lewatkan",
    "Simak Lifestyle Populer Lainnya",
    # advertising and scroll prompts
    "ADVERTISEMENT",
    "Advertisement",
    "SCROLL TO CONTINUE WITH CONTENT",
    "SCROLL TO RESUME CONTENT",
    "[Gambas:Video CNN]",
    # credits and bylines
    "Editor: Ade Marboen",
    "Editor : Aloysius Gonsaga AE",
    "Penulis: Nabilla Tashandra",
    "Reporter: Dwi Andayani",
    "Redaktur : Aloysius Widiyatmaka",
    "| Redaktur | : | Mohamad Amin Madani |",
    "Pewarta: Nur Imansyah",
    "Sumber: Antara",
    "Foto : Pemkot Tangerang",
    "Fotografer: Pradita Utama",
    "Laporan Wartawan Tribunnews.com, Reza Deni",
    "Penulis",
    ": Ferril Dennys",
    "(fyk/ash)",
    "(kpl/pur/tch)",
    "(Cas/Isk)",
    # copyright
    "COPYRIGHT © ANTARA 2015",
    "Copyright © 2023 Koran Jakarta. All rights reserved.",
    "Hak cipta dilindungi undang-undang.",
    # promos
    "Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com. Mari bergabung di Grup Telegram",  # noqa: E501
    "Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran favoritmu",
    "Ikuti kami di Instagram dan Twitter",
    "Ikuti perkembangan berita ini dalam topik:",
    "Download aplikasi Kompas.com untuk akses berita lebih mudah",
    "Artikel ini telah tayang di Tribunjatim.com dengan judul Banjir Rendam Surabaya",
    # navigation, tags, comments, widgets, dates
    "Halaman 2",
    "Halaman 2 dari 3",
    "Selanjutnya",
    "Halaman selanjutnya",
    "1 2 3 »",
    "Tag: banjir, jakarta, bmkg",
    "Tags: APBN 2024",
    "Kata kunci: pemilu",
    "Komentar",
    "0 Komentar",
    "Bagikan",
    "Tweet",
    "A A A Pengaturan Font",
    "Dengarkan artikel",
    "Tampilkan ringkasan artikel",
    "Kami menggunakan cookie untuk meningkatkan pengalaman Anda di situs ini.",
    "Selasa, 23/02/2016 15:32 WIB",
    "Kamis, 05 November 2015 | 11:13 WIB",
    "Diperbarui 17 Okt 2023, 10:00 WIB",
    "Dian Sastro saat masih 13 tahun © instagram.com/therealdisastr",
]

KEPT = [
    "Editor senior majalah itu mengundurkan diri setelah 20 tahun bekerja di sana.",
    "Menurut sumber di kepolisian, tersangka sudah ditahan sejak Senin malam.",
    "Ia bekerja sebagai reporter lepas sebelum menjadi penulis novel laris.",
    "Berita lain menyebutkan bahwa harga beras akan turun bulan depan.",
    "Foto-foto itu diambil oleh warga yang berada di lokasi kejadian.",
    "Simak penjelasan lengkap menteri tentang alasan kenaikan harga BBM yang diumumkan kemarin.",
    "Ikuti aturan lalu lintas agar perjalanan mudik tetap aman, kata Kapolda.",
    "Selanjutnya, hasil pembelajaran dapat dimanfaatkan seluruh peserta.",
    "Halaman sekolah itu terendam banjir setinggi 50 sentimeter sejak pagi.",
    "Komentar warganet di media sosial beragam, sebagian besar mendukung kebijakan itu.",
    "The editor said the newspaper would appeal the ruling.",
    "Tingkatkan Mutu",
    "2194",
    "Pada 17 Oktober 2023 presiden meresmikan jembatan itu.",
]


@pytest.mark.parametrize("line", DROPPED)
def test_boilerplate_line_is_dropped(line: str) -> None:
    assert is_boilerplate(strip_inline(line)) or not strip_inline(line)
    assert clean_paragraphs([line]) == []


@pytest.mark.parametrize("line", KEPT)
def test_ordinary_sentence_is_kept(line: str) -> None:
    assert not is_boilerplate(line)
    assert clean_paragraphs([line]) == [line]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Harga cabai naik tajam. (Baca juga: Harga Beras Turun di Pasar) Pedagang mengeluh.",
            "Harga cabai naik tajam. Pedagang mengeluh.",
        ),
        (
            "Harga cabai naik tajam. [Baca Juga: Harga Beras Turun] Pedagang mengeluh.",
            "Harga cabai naik tajam. Pedagang mengeluh.",
        ),
        (
            "Polisi menutup jalan ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT selama dua jam.",
            "Polisi menutup jalan selama dua jam.",
        ),
        (
            "Pemain itu cedera saat latihan.Baca juga: Persib Rekrut Striker Baru",
            "Pemain itu cedera saat latihan.",
        ),
        (
            "Pemerintah akan mengevaluasi kebijakan itu, kata dia. (fbn)",
            "Pemerintah akan mengevaluasi kebijakan itu, kata dia.",
        ),
        ("Gempa terasa hingga Bandung. [Gambas:Video CNN]", "Gempa terasa hingga Bandung."),
    ],
)
def test_inline_boilerplate_is_cut_out(paragraph: str, expected: str) -> None:
    assert clean_paragraphs([paragraph]) == [expected]


def test_lines_of_one_paragraph_are_judged_one_by_one() -> None:
    paragraph = "Warga mulai kembali ke rumah.\nBaca juga: Banjir Rendam Jakarta\nAir sudah surut."
    assert clean_paragraphs([paragraph]) == ["Warga mulai kembali ke rumah. Air sudah surut."]


def test_link_only_lines_are_teasers() -> None:
    teaser = (
        f"{LINK_START}'HEART BEAT' Bukan Hanya Sekedar Cerita Tentang Karir Girlgroup{LINK_END}"
    )
    prose = f"Ia datang ke kantor {LINK_START}KapanLagi.com{LINK_END} di Tebet, Rabu (4/11)."
    assert clean_paragraphs([teaser, prose]) == [
        "Ia datang ke kantor KapanLagi.com di Tebet, Rabu (4/11)."
    ]


def test_repeated_long_paragraphs_are_read_once_but_short_cells_may_repeat() -> None:
    long = "Ketua DPR mengetuk palu setelah seluruh fraksi menyampaikan pandangan akhir."
    assert clean_paragraphs([long, "5040", long, "5040"]) == [long, "5040", "5040"]


def test_a_subheading_line_becomes_its_own_paragraph() -> None:
    paragraph = "Pengaruh Media Sosial\nTak dipungkiri lagi, media sosial membuat orang malas."
    assert clean_paragraphs([paragraph]) == [
        "Pengaruh Media Sosial",
        "Tak dipungkiri lagi, media sosial membuat orang malas.",
    ]
    wrapped = "Veteran actress Kate Henshaw, who in 2008 won the\nAfrica Movie Academy Award."
    assert clean_paragraphs([wrapped]) == [wrapped.replace("\n", " ")]


@pytest.mark.parametrize(
    "line",
    [
        "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
        "Have a tip? Amy Kuperinsky may be reached at akuperinsky@example.com.",
        "Follow NBC Latino on Facebook, Twitter and Instagram.",
        "Copyright 2019 Hawaii News Now. All rights reserved.",
    ],
)
def test_english_promos_and_contact_lines_are_dropped(line: str) -> None:
    assert clean_paragraphs([line]) == []


# --- issue 15: kinds heard on pages the rules were not written for -------------------------

ISSUE_15_DROPPED = [
    "Bagikan: Facebook Twitter WhatsApp Salin Link",
    "Share: Facebook, Twitter, WhatsApp",
    "Facebook Twitter WhatsApp Telegram Salin",
    "Bagikan:",
    "(H-4)",
    "(mdk/yan)",
    "(RO/OL-09)",
    "Artikel ini telah naik di Kompas.com dengan judul Banjir di Kemang",
    "Cek Video di Bawah Ini",
    "Tonton videonya berikut ini:",
    "TOPIK TERKAIT Banjir Jakarta Anies Baswedan Kemang",
    "Home > Berita > Nasional",
    "Beranda / Megapolitan",
    "Mensagens » Mensagens de Autoestima » Só quem se Ama…",
    "Berita › Daerah › Banjir Rendam Dayeuhkolot",
    "Anda mungkin juga suka",
    "You may also like",
    "pic.twitter.com/AbCdEf123",
    "Senin, 13 Maret 2017 | 10:15 WIB",
]

ISSUE_15_KEPT = [
    "Warga membagikan video banjir itu di Facebook, Twitter dan WhatsApp sejak pagi.",
    "Topik terkait anggaran pendidikan dibahas panjang dalam rapat kerja kemarin.",
    "Cek video lengkap rapat itu sudah diunggah ke kanal resmi DPR, kata juru bicara.",
    "Artikel ini ditulis ulang oleh redaksi karena terdapat kesalahan data.",
    "Home industry di desa itu menyerap ratusan pekerja perempuan.",
    "Kendaraan golongan H-4 tidak boleh melintas, kata polisi.",
    "Anda mungkin suka cara ini: tanam cabai di pot bekas cat, kata penyuluh pertanian.",
    "Harga cabai naik » turun » naik lagi dalam sepekan, keluh pedagang di Pasar Induk.",
]


@pytest.mark.parametrize("line", ISSUE_15_DROPPED)
def test_issue_15_boilerplate_kinds_are_dropped(line: str) -> None:
    assert clean_paragraphs([line]) == []


@pytest.mark.parametrize("line", ISSUE_15_KEPT)
def test_issue_15_ordinary_sentences_with_those_words_stay(line: str) -> None:
    assert clean_paragraphs([line]) == [line]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Hujan turun sejak pagi di Bogor. (H-4)", "Hujan turun sejak pagi di Bogor."),
        ("Polisi masih menyelidiki kasus itu. (mdk/yan)", "Polisi masih menyelidiki kasus itu."),
        (
            "Jalan tol ditutup sementara. pic.twitter.com/Xy12Ab — TMC Polda (@TMCPoldaMetro) "
            "March 3, 2020",
            "Jalan tol ditutup sementara.",
        ),
    ],
)
def test_issue_15_tail_codes_and_embed_links_are_cut(paragraph: str, expected: str) -> None:
    assert clean_paragraphs([paragraph]) == [expected]
