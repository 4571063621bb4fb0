"""The pure text stages on random, huge and malformed text: no crash, no hang, no lost words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text.chunks import make_chunks
from bot.text.normalize import normalize_text
from bot.text.sentences import restore_lost_spaces, split_sentences
from bot.text.summarize import summarize
from tests.fuzz import time_limit
from tests.fuzz.strategies import huge_texts, news_text, texts

QUICK = settings(max_examples=120, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])
HUGE = settings(max_examples=12, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])


def _letters(text: str) -> str:
    return "".join(text.split())


@QUICK
@given(text=texts, language=st.sampled_from(["id", "en", "id-ID", "", "xx"]))
def test_normalize_text_always_answers(text: str, language: str) -> None:
    with time_limit(5):
        spoken = normalize_text(text, language)
    assert isinstance(spoken, str)
    assert spoken == spoken.strip()
    assert not text.split() or spoken or not _letters(text).isalnum()


@HUGE
@given(text=huge_texts)
def test_normalize_text_on_huge_input(text: str) -> None:
    with time_limit(20):
        spoken = normalize_text(text)
    assert isinstance(spoken, str)


@QUICK
@given(text=texts)
def test_split_sentences_keeps_every_word(text: str) -> None:
    with time_limit(5):
        sentences = split_sentences(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    # every word kept; only a space lost after a sentence end ("0.Aaa") may be put back
    assert " ".join(sentences).split() == restore_lost_spaces(text).split()
    assert "".join(" ".join(sentences).split()) == "".join(text.split())


@HUGE
@given(text=huge_texts)
def test_split_sentences_on_huge_input(text: str) -> None:
    with time_limit(20):
        sentences = split_sentences(text)
    assert " ".join(sentences).split() == restore_lost_spaces(text).split()


paragraphs = st.lists(st.lists(texts, max_size=8), max_size=8)


@QUICK
@given(paragraphs=paragraphs, max_chars=st.integers(1, 300))
def test_make_chunks_respects_the_limit_and_keeps_every_letter(paragraphs, max_chars) -> None:  # type: ignore[no-untyped-def]
    with time_limit(5):
        chunks = make_chunks(paragraphs, max_chars=max_chars)
    assert [chunk.index for chunk in chunks] == list(range(len(chunks)))
    assert all(0 < len(chunk.text) <= max_chars for chunk in chunks)
    assert all(chunk.pause_after_ms >= 0 for chunk in chunks)
    spoken = "".join(_letters(chunk.text) for chunk in chunks)
    assert spoken == "".join(_letters(s) for sentences in paragraphs for s in sentences)


@HUGE
@given(text=huge_texts, max_chars=st.sampled_from([100, 200]))
def test_make_chunks_on_huge_input(text: str, max_chars: int) -> None:
    with time_limit(20):
        chunks = make_chunks([[text]], max_chars=max_chars)
    assert all(len(chunk.text) <= max_chars for chunk in chunks)


@QUICK
@given(
    paragraphs=st.lists(st.one_of(texts, news_text(max_words=200)), max_size=15),
    title=texts,
    language=st.sampled_from(["id", "en", "xx"]),
    max_chars=st.integers(0, 1_000),
)
def test_summarize_picks_sentences_of_the_article(paragraphs, title, language, max_chars) -> None:  # type: ignore[no-untyped-def]
    with time_limit(5):
        summary = summarize(paragraphs, title=title, language=language, max_chars=max_chars)
    assert isinstance(summary, tuple)
    assert len(summary) <= 4
    # Sentences are split after lost spaces are put back ("Aa.Aaa" -> "Aa. Aaa").
    body = " ".join(" ".join(restore_lost_spaces(p) for p in paragraphs).split())
    for sentence in summary:
        assert sentence.strip() and " ".join(sentence.split()) in body


@HUGE
@given(text=huge_texts)
def test_summarize_on_huge_input(text: str) -> None:
    with time_limit(20):
        summary = summarize([text] * 3, title=text[:200])
    assert len(summary) <= 4
