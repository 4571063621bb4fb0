"""Reading feeds: parsing several outlets' RSS/Atom, safety, conditional GET, dead feeds."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.briefing.feeds import FeedError, collect_items, mentions, parse_feed, read_feed
from bot.briefing.regions import Feed, Region, catalogue
from bot.store.feeds import FeedStateRepo
from tests.briefing.conftest import FEEDS, FIXTURES, NOW, local_feed


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_rss_from_several_outlets_and_atom_parse_to_items() -> None:
    for name, outlet in FEEDS.values():
        items = parse_feed(fixture(name), "banten", outlet)
        assert items, name
        for item in items:
            assert item.title and item.url.startswith("https://")
            assert item.published is not None and item.published.tzinfo is not None
            assert "<" not in item.description and "&amp;" not in item.description
            assert item.source == outlet and item.region == "banten"
        assert items == sorted(items, key=lambda i: i.published, reverse=True)
    antara = parse_feed(fixture("antara_banten.xml"), "banten", "Antara Banten")
    toll = next(i for i in antara if "Panimbang" in i.title)
    assert toll.published == datetime(2026, 11, 26, 8, 10, tzinfo=UTC)  # 15:10 +0700
    assert toll.description.startswith("Lebak (ANTARA) - Presiden meresmikan")
    assert toll.categories == ("Ekonomi",)
    atom = parse_feed(fixture("kabar_banten_atom.xml"), "banten", "Kabar Banten")
    assert atom[0].description.startswith("Banjir merendam ratusan rumah")


def test_entity_declarations_are_refused_before_parsing() -> None:
    started = time.perf_counter()
    with pytest.raises(FeedError, match="entities"):
        parse_feed(fixture("entity_bomb.xml"))
    assert time.perf_counter() - started < 1.0


def test_html_page_is_not_a_feed_but_an_empty_feed_is_fine() -> None:
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b"<html><body><p>Bukan RSS</p></body></html>")
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    assert parse_feed(empty) == []


def test_keyword_filter_matches_whole_words_in_any_case() -> None:
    [item] = parse_feed(fixture("tribun_banten.xml"), "banten", "T")[:1]
    assert mentions(item, ["tangerang"])
    assert not mentions(item, ["Tange"])
    assert not mentions(item, ["Mamuju"])


def feed_at(url: str, outlet: str = "Antara Banten") -> Feed:
    return Feed(url=url, outlet=outlet, inferred=False)


async def test_conditional_get_reuses_stored_items_on_304(feed_server, db, briefing_settings):
    url = feed_server.url("/rss/antara-banten.xml")
    states = FeedStateRepo(db)
    first, report = await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    assert report.status == "ok" and len(first) == 6
    second, report = await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    assert report.status == "not-modified"
    assert second == first
    sent = [r for r in feed_server.requests if r.path == "/rss/antara-banten.xml"]
    assert "If-None-Match" not in sent[0].headers
    assert sent[1].headers["If-None-Match"] == sent[0 + 1].headers["If-None-Match"]
    assert [r.status for r in sent] == [200, 304]
    state = await states.get(url)
    assert state.etag and state.status == "not-modified" and len(state.items) == 6


async def test_last_modified_is_sent_back(page_server, db, briefing_settings) -> None:
    url = page_server.add("/rss/lm.xml", local_feed("detik_banten.xml", page_server.base),
                          content_type="application/rss+xml",
                          last_modified=datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # fmt: skip
    states = FeedStateRepo(db)
    await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    items, report = await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    assert report.status == "not-modified" and len(items) == 3
    assert page_server.requests[-1].headers["If-Modified-Since"].endswith("GMT")


async def test_changed_feed_is_read_again(feed_server, db, briefing_settings) -> None:
    url = feed_server.url("/rss/antara-banten.xml")
    states = FeedStateRepo(db)
    await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    feed_server.add("/rss/antara-banten.xml", local_feed("detik_banten.xml", feed_server.base),
                    content_type="application/rss+xml", etag=True)  # fmt: skip
    items, report = await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    assert report.status == "ok" and len(items) == 3


async def test_dead_feed_is_reported_and_falls_back_to_stored_items(
    feed_server, db, briefing_settings
) -> None:
    url = feed_server.url("/rss/antara-banten.xml")
    states = FeedStateRepo(db)
    await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    feed_server.add("/rss/antara-banten.xml", "Server error", content_type="text/plain",
                    status=503)  # fmt: skip
    items, report = await read_feed(feed_at(url), "banten", briefing_settings, states, now=NOW)
    assert report.status == "error" and "503" in report.detail
    assert len(items) == 6  # yesterday's answer; the 24-hour window drops what is too old
    assert (await states.get(url)).status.startswith("error")


async def test_unreachable_and_missing_feeds_do_not_stop_the_others(
    feed_server, briefing_settings
) -> None:
    feeds = (
        feed_at(feed_server.url("/rss/antara-banten.xml")),
        feed_at(feed_server.url("/rss/hilang.xml"), "Hilang"),
        feed_at("http://127.0.0.1:9/rss.xml", "Mati"),
    )
    region = replace(catalogue().get("banten"), feeds=feeds)
    items, reports = await collect_items(region, briefing_settings, None, NOW)
    assert [r.status for r in reports] == ["ok", "error", "error"]
    assert len(items) == 6 and "404" in reports[1].detail


async def test_oversized_feed_is_refused(page_server, briefing_settings) -> None:
    url = page_server.add("/rss/besar.xml", b"<rss>" + b" " * 3_000_000 + b"</rss>",
                          content_type="application/rss+xml")  # fmt: skip
    items, report = await read_feed(feed_at(url), "banten", briefing_settings)
    assert items == [] and report.status == "error" and "3000011 bytes" in report.detail


async def test_filtered_feed_keeps_only_items_naming_the_region(feed_server, briefing_settings):
    shared = Feed(feed_server.url("/rss/tribun-banten.xml"), "Tribun Banten", False, True)
    region = Region("serang", "ID-BT", "Kota Serang", ("Serang",), "city", "banten", "Jawa",
                    "Asia/Jakarta", ("Serang",), (shared,))  # fmt: skip
    items, _ = await collect_items(region, briefing_settings, None, NOW)
    assert items and all("serang" in f"{i.title} {i.description}".lower() for i in items)
    assert len(items) < 5
