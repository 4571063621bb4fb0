"""Summaries: cleaning rules, length limits, short texts, the packaged model, a quality floor."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from bench import paths
from bot.text import summarize as sz
from bot.text.summarize import select_sentences, summarize, summarize_sentences
from bot.text.summary_candidates import collect_candidates, is_boilerplate, strip_dateline
from bot.text.summary_features import FEATURE_NAMES, sentence_features

REPO = Path(__file__).resolve().parents[2]
INDOSUM = paths.INDOSUM_DEV

LEAD = (
    "Presiden Joko Widodo meresmikan jalan tol Trans Sumatera ruas Bakauheni-Terbanggi Besar di "
    "Lampung Selatan, Jumat (8/3)."
)
BODY = (
    "Jalan tol sepanjang 140 kilometer itu memangkas waktu tempuh dari Bakauheni ke Terbanggi "
    "Besar dari enam jam menjadi dua jam.",
    "Pembangunan ruas ini menelan biaya Rp16,7 triliun dan dikerjakan oleh PT Hutama Karya sejak "
    "2015.",
    "Menteri PUPR Basuki Hadimuljono mengatakan tarif tol akan diumumkan setelah masa uji coba "
    "gratis selama dua pekan.",
    "Warga Lampung menyambut baik peresmian itu karena perjalanan ke Palembang lebih cepat.",
    "Pemerintah menargetkan seluruh ruas tol Trans Sumatera tersambung dari Lampung hingga Aceh "
    "pada 2024.",
)
TITLE = "Jokowi Resmikan Tol Trans Sumatera Bakauheni-Terbanggi Besar"


def article(*paragraphs: str) -> list[str]:
    return list(paragraphs)


def joined_length(sentences: tuple[str, ...]) -> int:
    return len(" ".join(sentences))


# -- datelines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Jakarta, CNN Indonesia -- Polisi menangkap dua orang.", "Polisi menangkap dua orang."),
        (
            "Wamena (ANTARA News) - Pemerintah mendatangkan arkeolog.",
            "Pemerintah mendatangkan arkeolog.",
        ),
        ("JAKARTA, KOMPAS.com - Presiden Joko Widodo tiba.", "Presiden Joko Widodo tiba."),
        (
            "Suara.com - Cerita sekuel terbaru James Bond bocor.",
            "Cerita sekuel terbaru James Bond bocor.",
        ),
        ("JUARA.NET, TOKYO - Pasangan ganda putra menang.", "Pasangan ganda putra menang."),
        ("JAKARTA (Pos Kota) –Presiden mengingatkan menteri.", "Presiden mengingatkan menteri."),
        ("WASHINGTON (Reuters) - The Senate voted on Friday.", "The Senate voted on Friday."),
        ("Jakarta, CNN Indonesia --", ""),
        # Not datelines: hyphenated words, a score line, a sentence with a dash in it.
        ("Covid-19 menyebar ke 30 provinsi.", "Covid-19 menyebar ke 30 provinsi."),
        ("Real Madrid - Barcelona berakhir imbang.", "Real Madrid - Barcelona berakhir imbang."),
        ("Harga cabai naik - dan warga mengeluh.", "Harga cabai naik - dan warga mengeluh."),
    ],
)
def test_strip_dateline(sentence: str, expected: str) -> None:
    assert strip_dateline(sentence) == expected


# -- boilerplate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Baca juga: Setya Novanto: Jangan Sampai Kisruh Taksi Online Jadi Besar", True),
        ("Baca_Juga", True),
        ("[Baca juga: Harga Cabai Naik]", True),
        ("Simak video berikut ini.", True),
        ("Sumber: Google.", True),
        ("Foto: Dok. Humas Pemkot Bandung", True),
        ("ANTARA FOTO/Wahyu Putro A", True),
        ("(rsa)", True),
        ("[ PageSix.com ]", True),
        ("Read more: Senate passes the bill", True),
        ("Presiden Joko Widodo meresmikan jalan tol di Lampung.", False),
        ("Sumber daya alam Indonesia melimpah di Kalimantan.", False),
        ("Foto-foto itu beredar luas di media sosial sejak Senin.", False),
    ],
)
def test_is_boilerplate(line: str, expected: bool) -> None:
    assert is_boilerplate(line) is expected


def test_summary_never_reads_boilerplate_dateline_credit_or_question() -> None:
    paragraphs = article(
        "Jakarta, CNN Indonesia --",
        "Apa yang Anda ketahui tentang jalan tol terpanjang di Sumatera?",
        LEAD + " (Foto: Dok. Kementerian PUPR)",
        "Baca juga: Tarif Tol Trans Sumatera Diumumkan Pekan Depan",
        *BODY,
        "ANTARA FOTO/Ardiansyah",
        "(rsa)",
    )
    summary = summarize(paragraphs, title=TITLE)
    assert len(summary) >= 2
    text = " ".join(summary)
    for unwanted in ("CNN Indonesia", "?", "Baca juga", "Foto:", "ANTARA FOTO", "(rsa)"):
        assert unwanted not in text
    assert LEAD in summary  # cleaned of its credit, the lead is still the best sentence


def test_dateline_is_stripped_from_the_first_sentence() -> None:
    summary = summarize(["Jakarta, CNN Indonesia -- " + LEAD, *BODY], title=TITLE)
    assert summary[0] == LEAD


def test_sentence_opening_mid_thought_never_comes_first() -> None:
    orphan = "Dia juga mengatakan bahwa tarif tol akan diumumkan setelah masa uji coba selesai."
    paragraphs = article("Baca juga: Tol Baru di Lampung", orphan, LEAD, *BODY)
    summary = summarize(paragraphs, title=TITLE)
    assert not summary[0].startswith("Dia")


def test_question_is_used_only_when_nothing_else_is_left() -> None:
    question = "Bagaimana nasib pedagang di jalur lama setelah tol ini dibuka?"
    assert summarize([question, LEAD]) == (question, LEAD)  # two sentences: LEAD-k
    assert summarize([question, LEAD, *BODY]).count(question) == 0


def test_repeated_paragraph_is_not_read_twice() -> None:
    summary = summarize([LEAD, LEAD, *BODY], title=TITLE)
    assert summary.count(LEAD) == 1


# -- length and order ---------------------------------------------------------------------------


@pytest.mark.parametrize("max_chars", [150, 250, 400, 600, 1000])
def test_length_limits_and_article_order(max_chars: int) -> None:
    paragraphs = [LEAD, *BODY]
    summary = summarize(paragraphs, title=TITLE, max_chars=max_chars)
    assert 1 <= len(summary) <= sz.MAX_SENTENCES
    if len(summary) > 1:
        assert joined_length(summary) <= max_chars
    positions = [paragraphs.index(sentence) for sentence in summary]
    assert positions == sorted(positions)


def test_default_summary_has_two_to_four_sentences_within_600_chars() -> None:
    summary = summarize([LEAD, *BODY], title=TITLE)
    assert 2 <= len(summary) <= 4
    assert joined_length(summary) <= 600


def test_one_sentence_longer_than_the_limit_comes_alone() -> None:
    long_sentences = [LEAD + " " + b.rstrip(".") + "." for b in BODY]
    long_sentences = [s.replace(". ", ", ") for s in long_sentences]
    summary = summarize(long_sentences, max_chars=100)
    assert len(summary) == 1
    assert summary[0] in long_sentences


# -- short texts and other languages -------------------------------------------------------------


def test_short_texts_degrade_to_lead() -> None:
    assert summarize([]) == ()
    assert summarize(["", "   "]) == ()
    assert summarize([LEAD]) == (LEAD,)
    assert summarize([LEAD, BODY[0]]) == (LEAD, BODY[0])
    assert summarize_sentences([[LEAD, BODY[0]]]) == (LEAD, BODY[0])


def test_english_article() -> None:
    paragraphs = [
        "WASHINGTON (Reuters) - The U.S. Senate on Friday passed a $1.2 trillion spending bill "
        "that averts a partial government shutdown.",
        "He said the vote would be close.",
        "Read more: Senate passes the bill",
        "The measure now goes to the House of Representatives, which is expected to vote on it "
        "next week.",
        "Lawmakers from both parties praised the compromise on border security funding.",
        "The White House said the president would sign the bill once it reached his desk.",
    ]
    summary = summarize(paragraphs, title="Senate passes spending bill", language="en")
    assert 2 <= len(summary) <= 4
    assert summary[0].startswith("The U.S. Senate")
    assert not any(s.startswith(("Read more", "WASHINGTON")) for s in summary)


def test_same_input_gives_same_summary() -> None:
    paragraphs = [LEAD, *BODY]
    assert summarize(paragraphs, title=TITLE) == summarize(paragraphs, title=TITLE)


# -- selection and the packaged model -----------------------------------------------------------


def test_selection_follows_scores_not_position() -> None:
    candidates = collect_candidates([[LEAD, *BODY]])
    scores = [0.0] * len(candidates)
    scores[3], scores[5] = 2.0, 1.0
    chosen = select_sentences(candidates, scores, max_chars=600, target_chars=200, redundancy=0.6)
    assert chosen == [3, 5]


def test_packaged_model_matches_the_feature_list() -> None:
    model = sz.load_model()
    assert len(model.trees) > 0
    assert 0 < model.target_chars <= 600
    candidates = collect_candidates([[LEAD, *BODY]])
    rows = sentence_features(candidates, TITLE)
    assert all(len(row) == len(FEATURE_NAMES) for row in rows)


def test_model_trained_on_other_features_is_refused() -> None:
    text = (REPO / "bot" / "text" / sz.MODEL_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    data["features"] = [*data["features"], "something_new"]
    with pytest.raises(ValueError, match="other features"):
        sz.SentenceScorer.from_dict(data)


# -- quality floor on held-out IndoSum documents ------------------------------------------------


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_summary", REPO / "bench" / "summary.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_beats_lead3_on_held_out_indosum_sample() -> None:
    bench = _load_bench()
    documents = bench.load_documents()[bench.TRAIN_DOCS : bench.TRAIN_DOCS + 60]  # never trained on
    lead3 = bench.rouge_table([doc.sentences[:3] for doc in documents], documents)
    ours = bench.rouge_table(
        [list(summarize_sentences(doc.paragraphs, title=doc.title)) for doc in documents],
        documents,
    )
    r1, r2, rl = ours[:3]
    assert r1 >= lead3[0] + 1.5
    assert r2 >= lead3[1]
    assert rl >= lead3[2]


def test_first_summary_sentence_is_clean_on_indosum_sample() -> None:
    bench = _load_bench()
    for doc in bench.load_documents()[bench.TRAIN_DOCS : bench.TRAIN_DOCS + 100]:
        candidates = collect_candidates(doc.paragraphs)
        summary = summarize_sentences(doc.paragraphs, title=doc.title)
        first = next(c for c in candidates if c.text == summary[0])
        has_clean_choice = any(not (c.opens_mid_thought or c.is_question) for c in candidates)
        if has_clean_choice:
            assert not first.opens_mid_thought
            assert not first.is_question
        assert all(not is_boilerplate(s) for s in summary)


# -- page furniture and quotes (issue 17) --------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Senin, 27 Maret 2017 | 10:15 WIB",
        "Kamis 02 Nov 2017, 22:50 WIB",
        "Diperbarui 5 menit yang lalu",
        "12/03/2017 14:05",
        "Published: March 3, 2017 08:00",
        "Home > Berita > Nasional",
        "Bola » Liga Inggris » Manchester United",
        "Oleh: Andi Saputra",
        "Penulis: Rina Marlina | Editor: Budi Santoso",
        "By John Doe and Jane Roe",
        "Klik di sini untuk berita lainnya",
        "Bagikan artikel ini",
        "Tags: banjir, Jakarta, BPBD",
        "Berita Terkait",
        "Ikuti kami di Instagram",
    ],
)
def test_timestamps_breadcrumbs_bylines_and_navigation_are_never_read(line: str) -> None:
    assert is_boilerplate(line)
    summary = summarize([line, LEAD, *BODY], title=TITLE)
    assert line not in " ".join(summary) and summary[0] == LEAD


@pytest.mark.parametrize(
    "sentence",
    [
        "Gempa dilaporkan terjadi pukul 06.23 WIB.",
        "Oleh karena itu, ia yakin usulan itu tidak akan mendapat dukungan dari parlemen.",
        "Oleh CIES, penyerang Barcelona itu diperkirakan berharga 210,7 juta euro.",
        "Klik kanan pada ikon aplikasi lalu pilih menu pengaturan untuk mengubah bahasa antarmuka"
        " ponsel Anda ke bahasa Indonesia agar lebih mudah dipahami oleh orang tua.",
        "Ikuti jejak ayahnya, ia kini memimpin perusahaan keluarga di Surabaya.",
        "Senin (27/3) pagi, ribuan warga memadati Lapangan Merdeka di Medan.",
    ],
)
def test_real_sentences_with_times_or_cue_words_stay(sentence: str) -> None:
    assert not is_boilerplate(sentence)


QUOTE_OPENS = '"Kami sudah menyiapkan 1.609 personel gabungan untuk menjaga jalur mudik.'
QUOTE_MIDDLE = "Semua pos akan dijaga selama 24 jam sampai arus balik selesai."
QUOTE_CLOSES = 'Masyarakat diminta tetap berhati-hati," kata Kapolda Lampung kepada wartawan.'


def test_a_sentence_inside_a_quote_is_read_only_after_the_one_that_opened_it() -> None:
    paragraphs = [LEAD, f"{QUOTE_OPENS} {QUOTE_MIDDLE} {QUOTE_CLOSES}", *BODY]
    candidates = collect_candidates([[LEAD], [QUOTE_OPENS, QUOTE_MIDDLE, QUOTE_CLOSES]])
    assert [c.quote_opener for c in candidates] == [None, None, 1, 1]
    # Scores that rank the middle and closing sentences first: they wait for the opener, and
    # once it is chosen the best of them comes next.
    scores = [0.0, -5.0, 9.0, 8.0]
    chosen = select_sentences(candidates, scores, max_chars=600, target_chars=250, redundancy=0.9)
    assert chosen == [0, 1, 2]
    # Without room for the opener, no part of the quote is read.
    tight = select_sentences(candidates, scores, max_chars=190, target_chars=190, redundancy=0.9)
    assert tight == [0]
    for summary in (summarize(paragraphs, title=TITLE), summarize(paragraphs[1:], title=TITLE)):
        for part in (QUOTE_MIDDLE, QUOTE_CLOSES):
            if part in summary:
                assert QUOTE_OPENS in summary


def test_a_quote_opened_before_the_paragraph_is_never_read_from_its_middle() -> None:
    candidates = collect_candidates([[LEAD], [QUOTE_CLOSES], [BODY[0]]])
    assert [c.quote_opener for c in candidates] == [None, -1, None]
    assert QUOTE_CLOSES not in summarize([LEAD, QUOTE_CLOSES, *BODY], title=TITLE)
    # Curly quotes say which way they face.
    curly = collect_candidates([["“Kami siap menjaga jalur.", "Semua pos dijaga,” kata dia."]])
    assert [c.quote_opener for c in curly] == [None, 0]
