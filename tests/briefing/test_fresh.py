"""Freshness, pure: what was told in the last days is not told again unless it brings news."""

from __future__ import annotations

from datetime import date, timedelta

from bot.briefing.fresh import NEW_INFORMATION, ToldStory, novelty, repeat_filter, since
from bot.briefing.stories import SIMILAR, FeedItem, _vectors, select_stories, similarity
from tests.briefing.conftest import NOW

YESTERDAY = date(2026, 11, 26)
TOLD = ToldStory(
    YESTERDAY,
    "Banjir rendam 350 rumah di Kabupaten Lebak",
    "Banjir akibat hujan deras merendam sekitar 350 rumah warga di tiga kecamatan di Kabupaten "
    "Lebak, Banten. BPBD Lebak mengerahkan perahu karet untuk mengevakuasi warga.",
    "https://banten.antaranews.com/berita/100002",
)


def item(title: str, description: str, url: str) -> FeedItem:
    return FeedItem("banten", url, title, NOW - timedelta(hours=1), "Radar Banten", description)


REPEAT = item("Banjir rendam ratusan rumah di Kabupaten Lebak",
              "Hujan deras membuat banjir merendam sekitar 350 rumah warga di Kabupaten Lebak. "
              "BPBD Lebak mengerahkan perahu karet.", "https://radar.example/1")  # fmt: skip
FOLLOW_UP = item("Banjir Lebak meluas, dua ribu warga mengungsi dan jembatan Cibeureum putus",
                 "Status tanggap darurat ditetapkan bupati; dapur umum dan posko kesehatan "
                 "dibuka, sekolah diliburkan sepekan.", "https://radar.example/2")  # fmt: skip
OTHER = item("Harga cabai rawit di Pasar Rau Serang naik dua kali lipat",
             "Pedagang mengeluhkan pasokan berkurang.", "https://radar.example/3")  # fmt: skip
DEVELOPMENT = item("Banjir rendam 350 rumah di Kabupaten Lebak, dua ribu warga kini mengungsi",
                   "Bupati menetapkan status tanggap darurat, dapur umum dibuka, sekolah "
                   "diliburkan sepekan, kerugian ditaksir miliaran rupiah.",
                   "https://radar.example/4")  # fmt: skip
SAME_URL = item("Judul diperbarui", "Isi lain sama sekali.", TOLD.url + "/")


def titles(stories) -> list[str]:
    return [s.lead.title for s in stories]


def test_a_repeat_is_left_out_news_and_other_stories_stay() -> None:
    items = [REPEAT, FOLLOW_UP, OTHER, SAME_URL]
    chosen = select_stories(items, NOW, leave_out=repeat_filter(items, [TOLD]))
    assert REPEAT.title not in titles(chosen) and SAME_URL.title not in titles(chosen)
    assert FOLLOW_UP.title in titles(chosen) and OTHER.title in titles(chosen)


def test_the_same_story_with_substantial_news_is_told_again() -> None:
    told = FeedItem("", TOLD.url, TOLD.title, None, "", TOLD.description)
    items = [REPEAT, DEVELOPMENT, OTHER]
    vectors = _vectors([*items, told])
    # Both are the same story by the merge rule; only the development brings new information.
    assert similarity(vectors[0], vectors[3]) >= SIMILAR
    assert similarity(vectors[1], vectors[3]) >= SIMILAR
    assert novelty(vectors[0], vectors[3]) < NEW_INFORMATION <= novelty(vectors[1], vectors[3])
    chosen = titles(select_stories(items, NOW, leave_out=repeat_filter(items, [TOLD])))
    assert DEVELOPMENT.title in chosen and REPEAT.title not in chosen


def test_nothing_told_leaves_everything_in() -> None:
    items = [REPEAT, FOLLOW_UP, OTHER]
    assert len(select_stories(items, NOW, leave_out=repeat_filter(items, []))) == 3


def test_three_days_back() -> None:
    assert since(date(2026, 11, 27)) == date(2026, 11, 24)
