"""Crashes and hangs the fuzz suite found, each kept as its minimal input (all fixed)."""

from __future__ import annotations

import contextlib
import time

import pytest

from bot.errors import ExtractionError, InvalidLink
from bot.extract import extract_article
from bot.fetch.urls import clean_url
from bot.text.normalize import normalize_text
from tests.fuzz import time_limit

STORY = "<html><body><article>" + "".join(
    f"<p>Pemerintah Kota Bandung meresmikan taman baca ke-{n} di kawasan Cicendo pada Senin "
    f"pagi, dan taman nomor {n} itu terbuka untuk umum setiap hari.</p>"
    for n in range(1, 7)
)
"""A story on a page that does not call itself an article (so its URL is checked for /index)."""


def test_normalize_text_reads_a_very_long_number() -> None:
    assert normalize_text("9" * 4_301)


def test_normalize_text_is_linear_in_times() -> None:
    with time_limit(2):  # 4,000 times (24 KB): about 11 s today, a few ms when linear
        normalize_text("10.00 " * 4_000)


def test_extract_article_survives_control_characters() -> None:
    with pytest.raises(ExtractionError):
        extract_article('<p class="caption"></p>\x1f')


def test_clean_url_survives_an_unbalanced_ipv6_bracket() -> None:
    with contextlib.suppress(InvalidLink):  # refusing the link is fine, a ValueError is not
        clean_url("http://[::1")


@pytest.mark.parametrize(
    "url", ["\x08\x850", "\x85 https://Example.com/a?utm_source=wa\x00", "0 #", "https://a.id/b #x"]
)
def test_clean_url_is_stable_around_control_characters(url: str) -> None:
    """urlsplit drops leading control characters, str.strip() drops NEL (U+0085): the two
    together made cleaning a cleaned link change it again."""
    cleaned = clean_url(url)
    assert clean_url(cleaned) == cleaned


def test_extract_article_with_a_malformed_page_url() -> None:
    assert extract_article(STORY, "").paragraphs  # the same page reads with no URL
    with contextlib.suppress(ExtractionError):
        extract_article(STORY, "http://[::1")


def test_a_very_long_capitalized_word_is_read_in_linear_time() -> None:
    """The degree pattern had no left word boundary: every position of a 12,000-letter word
    restarted the name scan (quadratic, 5-16 s); now each word is scanned once."""
    started = time.perf_counter()
    normalize_text("Q" * 12_000)
    assert time.perf_counter() - started < 2.0
