"""Sentence splitting for bot.text.sentences: rule cases, properties and a floor on IndoSum."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import paths
from bot.text.sentences import restore_lost_spaces, split_sentences

CASES = [
    pytest.param(
        "Rapat digelar di Jl. Sudirman No. 5, Jakarta. Rapat dipimpin Prof. Dr. H. Ahmad.",
        ["Rapat digelar di Jl. Sudirman No. 5, Jakarta.", "Rapat dipimpin Prof. Dr. H. Ahmad."],
        id="address-and-titles",
    ),
    pytest.param(
        "Pasien ditangani dr. Ani dan Hj. Siti. Keduanya dokter senior.",
        ["Pasien ditangani dr. Ani dan Hj. Siti.", "Keduanya dokter senior."],
        id="dr-hj",
    ),
    pytest.param(
        "Sambutan disampaikan Budi Santoso, S.H., M.Si. Ia kemudian meninggalkan lokasi.",
        ["Sambutan disampaikan Budi Santoso, S.H., M.Si.", "Ia kemudian meninggalkan lokasi."],
        id="degree-then-starter",
    ),
    pytest.param(
        "Ketua panitia, Ahmad Yani, S.E., M.M. memberikan sambutan.",
        ["Ketua panitia, Ahmad Yani, S.E., M.M. memberikan sambutan."],
        id="degrees-mid-sentence",
    ),
    pytest.param(
        "Mereka membawa beras, gula, dll. Namun bantuan belum cukup.",
        ["Mereka membawa beras, gula, dll.", "Namun bantuan belum cukup."],
        id="dll-then-starter",
    ),
    pytest.param(
        "Bantuan berupa beras, gula, dll. dikirim ke Kab. Bogor.",
        ["Bantuan berupa beras, gula, dll. dikirim ke Kab. Bogor."],
        id="dll-mid-sentence",
    ),
    pytest.param(
        "Presiden Susilo B. Yudhoyono tiba. B.J. Habibie menyambutnya.",
        ["Presiden Susilo B. Yudhoyono tiba.", "B.J. Habibie menyambutnya."],
        id="initials",
    ),
    pytest.param(
        "Inflasi 3,5 persen. Harga naik Rp1.250.000 pada pukul 10.00 WIB. Itu rekor.",
        ["Inflasi 3,5 persen.", "Harga naik Rp1.250.000 pada pukul 10.00 WIB.", "Itu rekor."],
        id="decimals-thousands-times",
    ),
    pytest.param(
        "Rapat digelar Selasa (17/10). Hasilnya diumumkan Rabu (18/10/2023).",
        ["Rapat digelar Selasa (17/10).", "Hasilnya diumumkan Rabu (18/10/2023)."],
        id="dates-in-brackets",
    ),
    pytest.param(
        '"Kenapa tidak?" tanya Djarot. "Ayo!" seru warga. Mereka pun berangkat.',
        ['"Kenapa tidak?"', "tanya Djarot.", '"Ayo!"', "seru warga.", "Mereka pun berangkat."],
        id="speech-tag-after-quoted-question-starts-a-sentence",
    ),
    pytest.param(
        '"Kami menang," katanya. "Selesai." ujarnya.',
        ['"Kami menang," katanya.', '"Selesai."', "ujarnya."],
        id="speech-tag-after-comma-stays",
    ),
    pytest.param(
        'Lagu "Apa Kabar?" menjadi hits. Film "Awas!" yang baru tayang laris.',
        ['Lagu "Apa Kabar?" menjadi hits.', 'Film "Awas!" yang baru tayang laris.'],
        id="quoted-title-ending-in-question-mark",
    ),
    pytest.param(
        "“Kami siap. Semua sudah disiapkan,” kata Budi. Ia tersenyum.",
        ["“Kami siap.", "Semua sudah disiapkan,” kata Budi.", "Ia tersenyum."],
        id="sentences-inside-a-quote",
    ),
    pytest.param(
        'Ia berkata, "Saya pergi." Lalu ia pergi.',
        ['Ia berkata, "Saya pergi."', "Lalu ia pergi."],
        id="closing-quote-then-capital",
    ),
    pytest.param(
        "Gempa terjadi pukul 07.15. (Baca juga: Gempa susulan.) Warga mengungsi.",
        ["Gempa terjadi pukul 07.15.", "(Baca juga: Gempa susulan.)", "Warga mengungsi."],
        id="brackets",
    ),
    pytest.param(
        "Kasus itu sudah ditutup. (ant/rhm)",
        ["Kasus itu sudah ditutup.", "(ant/rhm)"],
        id="author-tag",
    ),
    pytest.param(
        "Apa yang terjadi? Tidak ada yang tahu! Polisi masih menyelidiki.",
        ["Apa yang terjadi?", "Tidak ada yang tahu!", "Polisi masih menyelidiki."],
        id="question-exclamation",
    ),
    pytest.param(
        "Kenapa harus ke sini? karena tempatnya dekat.",
        ["Kenapa harus ke sini?", "karena tempatnya dekat."],
        id="missing-capital",
    ),
    pytest.param(
        "Ia menunggu... lalu pergi. Saya… Saya tidak tahu. Tunggu dulu.... Kembali dari sana.",
        [
            "Ia menunggu... lalu pergi.",
            "Saya… Saya tidak tahu.",
            "Tunggu dulu....",
            "Kembali dari sana.",
        ],
        id="ellipsis-three-dots-continue-four-end",
    ),
    pytest.param(
        "Menurut dia, “[…] GrabPay masih bisa dipakai.” Ia pergi.",
        ["Menurut dia, “[…] GrabPay masih bisa dipakai.”", "Ia pergi."],
        id="words-left-out-of-a-quote",
    ),
    pytest.param(
        "Koleksi terbaru dari Si. Se. Sa dirilis. Busana Si. Se. Sa. Selain itu, ada tas.",
        ["Koleksi terbaru dari Si. Se. Sa dirilis.", "Busana Si. Se. Sa.", "Selain itu, ada tas."],
        id="chain-of-short-dotted-names",
    ),
    pytest.param(
        "Warga menunggu (lihat hlm. 5) bantuan. Krisis itu belum usai. (Uu. G005)",
        ["Warga menunggu (lihat hlm. 5) bantuan.", "Krisis itu belum usai.", "(Uu. G005)"],
        id="nothing-ends-inside-a-short-bracket",
    ),
    pytest.param(
        "Ke RS. Di sana ia dirawat.",
        ["Ke RS.", "Di sana ia dirawat."],
        id="two-capitals-are-not-a-name-chain",
    ),
    pytest.param(
        "Indonesia menang\natas Malaysia. Skor\n2-1.",
        ["Indonesia menang atas Malaysia.", "Skor 2-1."],
        id="newlines-are-spaces",
    ),
    pytest.param(
        "Sahamnya naik pada 2017. 50 persen investor untung.",
        ["Sahamnya naik pada 2017.", "50 persen investor untung."],
        id="sentence-starting-with-a-number",
    ),
    pytest.param(
        "PT Bank Central Asia Tbk. (BBCA) mencatat laba. Laba naik.",
        ["PT Bank Central Asia Tbk. (BBCA) mencatat laba.", "Laba naik."],
        id="tbk",
    ),
    pytest.param(
        "Mr. Smith met Dr. Jones in the U.S. yesterday. The talks went well.",
        ["Mr. Smith met Dr. Jones in the U.S. yesterday.", "The talks went well."],
        id="english",
    ),
    pytest.param(
        "He moved to the U.S. The company followed.",
        ["He moved to the U.S.", "The company followed."],
        id="english-abbreviation-at-end",
    ),
    pytest.param(
        "Situs Kompas.com melaporkan hal itu. Detik.com juga.",
        ["Situs Kompas.com melaporkan hal itu.", "Detik.com juga."],
        id="domains",
    ),
    pytest.param(
        "Skor akhir 3-0 di GOR Dimyati, Selasa (5/12).Pada babak semifinal, mereka menang di "
        "Asean.Melanjutkan laga, angka 811.Angka itu naik.",
        [
            "Skor akhir 3-0 di GOR Dimyati, Selasa (5/12).",
            "Pada babak semifinal, mereka menang di Asean.",
            "Melanjutkan laga, angka 811.",
            "Angka itu naik.",
        ],
        id="space-lost-after-a-sentence-end",
    ),
    pytest.param(
        "Menurut Kompas.com dan Detik.Com, gelar Ph.D milik PT.LEN sah. Ia ke dr.Ani.",
        ["Menurut Kompas.com dan Detik.Com, gelar Ph.D milik PT.LEN sah.", "Ia ke dr. Ani."],
        id="domains-and-abbreviations-keep-their-dots",
    ),
    pytest.param("Tanpa tanda baca di akhir", ["Tanpa tanda baca di akhir"], id="no-final-stop"),
    pytest.param("", [], id="empty"),
    pytest.param("   \n ", [], id="blank"),
]


@pytest.mark.parametrize(("paragraph", "expected"), CASES)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


TRICKY_WORDS = [
    ".", "?", "!", "...", "Jl.", "No.", "dr.", "Dr.", "S.H.", "dll.", "H.", '"', "“", "”", "(",
    ")", "3,5", "10.00", "1.250.000", "(17/10).", "Namun", "ia", "Ia", '?"', "U.S.",
]  # fmt: skip
paragraph_words = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1),
        st.sampled_from(TRICKY_WORDS),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(paragraph_words, st.sampled_from([" ", "\n", "  "]))
def test_sentences_keep_every_word_in_order(words: list[str], separator: str) -> None:
    text = separator.join(words)
    sentences = split_sentences(text)
    assert " ".join(sentences).split() == restore_lost_spaces(text).split()
    assert all(s and s == s.strip() for s in sentences)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    assert " ".join(split_sentences(text)).split() == restore_lost_spaces(text).split()
    assert restore_lost_spaces(text).replace(" ", "") == text.replace(" ", "")  # only spaces added


INDOSUM = paths.INDOSUM_DEV
BENCH = Path(__file__).resolve().parents[2] / "bench" / "sentences.py"


def _bench_module():
    """bench/sentences.py loaded as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_sentences", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look their module up there
    spec.loader.exec_module(bench)
    return bench


def test_indosum_boundary_f1_meets_the_target() -> None:
    """The issue's target on all of IndoSum dev.01: boundary F1 >= 0.99 between words (~1 s).

    Measured 0.9904 (precision 0.9865, recall 0.9943); the exact-token F1 is 0.9867.
    """
    result = _bench_module().evaluate(INDOSUM)
    assert result.paragraphs > 7000
    assert result.between_words.f1 >= 0.99
    assert result.exact.f1 >= 0.98


def test_word_gaps_move_glued_boundaries_to_the_gap_a_listener_hears() -> None:
    """A gold boundary before a glued closing quote moves forward; one behind an opening quote,
    back to the gap before it; one with no word after it is dropped."""
    bench = _bench_module()
    tokens = ["Kata", "dia", ".", "”", "Hari", "ini", ".", "“", "Ya", ".", "."]
    text, offsets = bench.detokenize(tokens)
    assert text == "Kata dia.” Hari ini. “Ya.."
    gaps = bench.word_gaps(tokens, text, offsets)
    assert bench.at_word_gaps({3, 4}, gaps) == {4}
    assert bench.at_word_gaps({7, 8}, gaps) == {7}
    assert bench.at_word_gaps({10}, gaps) == set()
