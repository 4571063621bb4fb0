"""Pure composition: merging near-duplicates, ranking, variety, the Indonesian script and text."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest

from bot.briefing.compose import (
    TEXT_MAX_CHARS,
    compose_briefing,
    fallback_summary,
    join_names,
    spoken_outlet,
    visible_length,
)
from bot.briefing.feeds import parse_feed
from bot.briefing.stories import (
    MAX_STORIES,
    FeedItem,
    merge_duplicates,
    recent_items,
    select_stories,
    strip_html,
)
from tests.briefing.conftest import FEEDS, FIXTURES, NOW

DAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def items() -> list[FeedItem]:
    found: list[FeedItem] = []
    for name, outlet in FEEDS.values():
        found += parse_feed((FIXTURES / name).read_bytes(), "banten", outlet)
    return found


def item(title: str, hours_ago: float, source: str = "Antara Banten", description: str = "",
         url: str | None = None) -> FeedItem:  # fmt: skip
    return FeedItem(
        region="banten",
        url=url or f"https://example.com/{abs(hash((title, source)))}",
        title=title,
        published=NOW - timedelta(hours=hours_ago),
        source=source,
        description=description,
    )


def test_same_story_from_different_outlets_is_merged(items) -> None:
    groups = merge_duplicates(recent_items(items, NOW))
    by_word = {
        word: next(g for g in groups if any(word in i.title.lower() for i in g))
        for word in ("panimbang", "banjir")
    }
    toll = {i.source for i in by_word["panimbang"]}
    flood = {i.source for i in by_word["banjir"]}
    assert toll == {"Antara Banten", "Tribun Banten", "detikBanten"}
    assert flood == {"Antara Banten", "Tribun Banten", "Kabar Banten"}
    singles = [g for g in groups if g not in by_word.values()]
    assert all(len(g) == 1 for g in singles)  # nothing else merged by accident
    assert len(groups) == len(recent_items(items, NOW)) - 4


def test_old_items_are_dropped_and_repeats_removed(items) -> None:
    recent = recent_items(items, NOW)
    assert all(NOW - i.published <= timedelta(hours=24) for i in recent)
    assert not any("Gempa" in i.title for i in recent)
    doubled = recent_items([*recent, recent[0]], NOW)
    assert len(doubled) == len(recent)


def test_stories_in_more_outlets_rank_first(items) -> None:
    stories = select_stories(items, NOW)
    assert 5 <= len(stories) <= MAX_STORIES
    assert {len(s.sources) for s in stories[:2]} == {3}
    assert all(len(s.sources) == 1 for s in stories[2:])


def test_recency_orders_single_outlet_stories() -> None:
    stories = select_stories(
        [item("Harga beras naik di Serang", 20), item("Festival kuliner dibuka di Cilegon", 2),
         item("Sekolah baru diresmikan di Pandeglang", 10)], NOW
    )  # fmt: skip
    assert [s.lead.title.split()[0] for s in stories] == ["Festival", "Sekolah", "Harga"]


def test_topic_variety_beats_a_fourth_story_of_the_same_topic() -> None:
    crime = [
        item("Polisi tangkap pencuri motor di Serang", 1.0),
        item("Polres Lebak ungkap kasus narkoba", 1.5),
        item("Kejati Banten tetapkan tersangka korupsi", 2.0),
        item("Sidang pembunuhan di Pengadilan Tangerang ditunda", 2.5),
    ]
    weather = item("BMKG: hujan deras dan angin kencang esok hari", 4.0)
    stories = select_stories([*crime, weather], NOW, limit=4)
    assert weather.title in [s.lead.title for s in stories]
    assert select_stories([*crime, weather], NOW)[0].topic == "hukum"


def test_script_opens_with_greeting_and_date_and_numbers_stories(items) -> None:
    briefing = compose_briefing("banten", "Banten", DAY, items, NOW)
    script = briefing.script
    assert script[0] == (
        "Anda mendengarkan Suara Berita. "
        "Inilah ringkasan berita Banten hari Jumat, 27 November 2026."
    )
    assert script[1].startswith("Berita pertama, dari Antara Banten, Kabar Banten, dan Tribun")
    assert script[2].startswith("Berita kedua, dari ")
    assert "detik Banten" in script[2]  # camel-case outlet names are spoken as two words
    assert script[-1].startswith("Itulah ringkasan berita Banten hari ini.")
    assert len(script) == len(briefing.stories) + 2
    assert 5 <= len(briefing.stories) <= 8
    assert "(ANTARA)" not in " ".join(script) and "TRIBUNBANTEN.COM" not in " ".join(script)


def test_greeting_names_no_time_of_day(items) -> None:
    """One audio serves the 06:00 and the 19:00 subscriber: no "Selamat pagi" for either."""
    greeting = compose_briefing("banten", "Banten", DAY, items, NOW).script[0]
    assert "Selamat" not in greeting and "Suara Berita" in greeting


def test_article_summary_is_used_when_fetched(items) -> None:
    stories = select_stories(items, NOW)
    summary = "Ringkasan dari halaman artikel yang dibaca utuh."
    briefing = compose_briefing("banten", "Banten", DAY, items, NOW,
                                summaries={stories[0].lead.url: summary})  # fmt: skip
    assert summary in briefing.script[1]
    assert html.escape(summary) in briefing.text_html


def test_text_version_links_headlines_and_names_sources(items) -> None:
    briefing = compose_briefing("banten", "Banten", DAY, items, NOW)
    text = briefing.text_html
    assert text.startswith("<b>Ringkasan berita Banten</b>\nJumat, 27 November 2026")
    for number, story in enumerate(briefing.stories, start=1):
        assert f'{number}. <a href="{html.escape(story.lead.url, quote=True)}">' in text
    assert "Sumber: Antara Banten, Kabar Banten, Tribun Banten" in text
    assert visible_length(text) <= TEXT_MAX_CHARS
    assert briefing.caption == "Ringkasan berita Banten, Jumat, 27 November 2026"


def test_text_version_drops_summaries_to_fit_telegram() -> None:
    long = "Kalimat panjang tentang banyak hal di daerah. " * 40
    many = [item(f"Berita nomor {n} tentang topik {n}", n, description=long) for n in range(8)]
    briefing = compose_briefing("banten", "Banten", DAY, many, NOW,
                                summaries={i.url: long[:299] for i in many})  # fmt: skip
    assert visible_length(briefing.text_html) <= TEXT_MAX_CHARS
    assert all(f'">{s.lead.title}</a>' in briefing.text_html for s in briefing.stories)


def test_script_stays_short_enough_for_one_voice_note() -> None:
    places = ("sawah", "pasar", "jembatan", "sekolah", "pelabuhan", "hutan", "pantai", "stadion",
              "terminal", "masjid")  # fmt: skip
    many = [item(f"Kabar {place} hari ini", n / 2) for n, place in enumerate(places)]
    summaries = {
        i.url: f"Warga membicarakan {p} yang baru dengan sangat rinci dan panjang lebar. " * 4
        for i, p in zip(many, places, strict=True)
    }
    briefing = compose_briefing("banten", "Banten", DAY, many, NOW, summaries=summaries)
    assert len(briefing.stories) >= 5
    assert len(briefing.stories) < len(many)
    assert sum(len(p) for p in briefing.script) < 3_600


def test_html_in_titles_is_escaped() -> None:
    briefing = compose_briefing("banten", "Banten", DAY, [item("A < B & C", 1)], NOW)
    assert "A &lt; B &amp; C" in briefing.text_html


def test_empty_day_gives_a_note_and_no_script() -> None:
    briefing = compose_briefing("banten", "Banten", DAY, [item("Berita lama", 48)], NOW)
    assert briefing.empty and briefing.script == ()
    assert "belum ada berita baru" in briefing.text_html and "Jumat, 27 November 2026" in (
        briefing.text_html
    )


def test_helpers() -> None:
    assert strip_html("<p>Harga &amp; pasokan</p>  <br/>naik") == "Harga & pasokan naik"
    assert join_names(["A"]) == "A" and join_names(["A", "B"]) == "A dan B"
    assert join_names(["A", "B", "C"]) == "A, B, dan C"
    assert spoken_outlet("detikJabar") == "detik Jabar"
    described = item("Judul", 1, description="Judul. Kalimat satu. Kalimat dua. Kalimat tiga.")
    assert fallback_summary(described) == "Kalimat satu. Kalimat dua."
