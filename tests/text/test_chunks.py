"""Packing sentences into gTTS-sized chunks."""

from hypothesis import given
from hypothesis import strategies as st

from bot.text.chunks import (
    PAUSE_CLAUSE_MS,
    PAUSE_PARAGRAPH_MS,
    PAUSE_SENTENCE_MS,
    make_chunks,
    split_long,
    spoken_text,
)


def test_short_sentences_are_packed_together() -> None:
    chunks = make_chunks([["Satu dua tiga.", "Empat lima.", "Enam tujuh delapan."]])
    assert [c.text for c in chunks] == ["Satu dua tiga. Empat lima. Enam tujuh delapan."]
    assert chunks[0].pause_after_ms == PAUSE_PARAGRAPH_MS


def test_chunks_never_span_paragraphs() -> None:
    chunks = make_chunks([["Paragraf pertama."], ["Paragraf kedua."]])
    assert [c.text for c in chunks] == ["Paragraf pertama.", "Paragraf kedua."]
    assert [c.index for c in chunks] == [0, 1]


def test_long_sentence_is_cut_at_a_comma_not_inside_a_word() -> None:
    sentence = (
        "Kepala Badan Pengembangan Sumber Daya Manusia Daerah Provinsi Banten, Untung Saritomo, "
        "di Tangerang pada hari Selasa mengatakan, kegiatan pelatihan dilaksanakan tiga hari."
    )
    pieces = split_long(sentence, 100)
    assert all(len(p) <= 100 for p in pieces)
    assert pieces[0].endswith(",")
    assert " ".join(pieces) == sentence


def test_sentence_and_clause_pauses() -> None:
    long_sentence = "kata " * 30 + "akhir."
    chunks = make_chunks([[long_sentence.strip(), "Kalimat berikutnya di sini."]], max_chars=100)
    assert chunks[0].pause_after_ms == PAUSE_CLAUSE_MS
    assert chunks[-1].pause_after_ms == PAUSE_PARAGRAPH_MS
    two = make_chunks([["A" * 60 + ".", "B" * 60 + "."]])
    assert two[0].pause_after_ms == PAUSE_SENTENCE_MS


def test_a_word_longer_than_the_limit_is_the_only_thing_cut() -> None:
    word = "x" * 250
    pieces = split_long(f"awal {word} akhir", 100)
    assert all(len(p) <= 100 for p in pieces)
    assert "".join(pieces).replace(" ", "") == f"awal{word}akhir"


words = st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=30)
sentences = st.lists(words, min_size=1, max_size=40).map(" ".join)


@given(st.lists(st.lists(sentences, min_size=1, max_size=5), min_size=1, max_size=5))
def test_chunks_keep_every_word_in_order_and_respect_the_limit(paragraphs) -> None:
    chunks = make_chunks(paragraphs, max_chars=100)
    assert all(0 < len(c.text) <= 100 for c in chunks)
    spoken = " ".join(c.text for c in chunks).split()
    written = " ".join(" ".join(p) for p in paragraphs).split()
    if all(len(w) <= 100 for w in written):
        assert spoken == written


def test_spoken_text_keeps_paragraphs_apart_with_a_blank_line() -> None:
    chunks = make_chunks([["Subjudul"], ["Kalimat satu.", "Kalimat dua."], ["Akhir."]])
    assert spoken_text(chunks) == "Subjudul\n\nKalimat satu. Kalimat dua.\n\nAkhir."
    long = make_chunks([["kata " * 40 + "akhir."], ["Lain."]], max_chars=50)
    first, second = spoken_text(long).split("\n\n")
    assert first.split() == ("kata " * 40 + "akhir.").split() and second == "Lain."
