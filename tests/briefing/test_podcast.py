"""The podcast feed per region, end to end: build the briefing (loopback feeds, espeak-ng), write
the static files, serve them from a loopback web server and read them as a podcast app would."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import httpx
import jsonschema
import pytest
import webvtt
from click.testing import CliRunner
from lxml import etree

from bot.briefing import podcast
from bot.briefing.build import build_briefing
from bot.briefing.cli import podcast_group
from bot.briefing.delivery import ChatPacer
from bot.briefing.regions import catalogue
from bot.briefing.schedule import Scheduler
from bot.config import Settings
from bot.store.subscriptions import SubscriptionRepo
from bot.store.users import UserRepo
from tests.helpers.audio import probe

FRIDAY = date(2026, 11, 27)
BUILD_AT = datetime(2026, 11, 26, 22, 35, tzinfo=UTC)  # 05:35 WIB
IMAGE = "https://example.org/suara-berita-banten.jpg"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
CHAPTERS_SCHEMA = {
    # The Podcasting 2.0 JSON chapters format (podcastindex-org/podcast-namespace, chapters/
    # jsonChapters.md): version and chapters required; each chapter needs startTime.
    "type": "object",
    "required": ["version", "chapters"],
    "properties": {
        "version": {"type": "string"},
        "author": {"type": "string"},
        "title": {"type": "string"},
        "podcastName": {"type": "string"},
        "description": {"type": "string"},
        "fileName": {"type": "string"},
        "chapters": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["startTime"],
                "properties": {
                    "startTime": {"type": "number", "minimum": 0},
                    "endTime": {"type": "number", "minimum": 0},
                    "title": {"type": "string"},
                    "img": {"type": "string"},
                    "url": {"type": "string"},
                    "toc": {"type": "boolean"},
                    "location": {"type": "object"},
                },
                "additionalProperties": False,
            },
        },
    },
}


@pytest.fixture
def static_server(tmp_path) -> Iterator[tuple[str, Path]]:
    """A plain static web server on 127.0.0.1 over a folder, as any host of the feed would be."""
    root = tmp_path / "podcast"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(ConnectionResetError):
            super().handle()


def seconds(timestamp: str) -> float:
    """"00:03:07.670" → 187.67 (webvtt-py's *_in_seconds drop the milliseconds)."""
    hours, minutes, rest = timestamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


@pytest.fixture
async def briefing(banten_on_loopback, services, clock):
    clock.set(BUILD_AT)
    banten = catalogue(str(banten_on_loopback)).get("banten")
    result = await build_briefing(banten, FRIDAY, services, engine="espeak")
    assert not result.briefing.empty and len(result.briefing.chapters) >= 5
    return result.briefing


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}  # fmt: skip


def channel(feed_file: Path) -> etree._Element:
    return etree.fromstring(feed_file.read_bytes()).find("channel")


async def test_feed_parses_and_has_every_required_tag(briefing, static_server) -> None:
    base, root = static_server
    feed_file = podcast.publish(briefing, catalogue().get("banten"), root, base, IMAGE)
    assert feed_file == root / "banten" / "feed.xml"
    response = httpx.get(f"{base}/banten/feed.xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Suara Berita – Banten"
    assert parsed.feed.language == "id" and parsed.feed.image.href == IMAGE
    assert [t.term for t in parsed.feed.tags] == ["News"]
    assert parsed.feed.summary.startswith("Ringkasan berita harian Banten")
    [item] = parsed.entries
    assert item.id == "suara-berita:banten:2026-11-27" and item.guidislink is False
    assert item.published_parsed[:3] == (2026, 11, 26)  # 05:00 WIB is 22:00 UTC the day before
    assert item.title == "Ringkasan berita Banten, Jumat, 27 November 2026"
    [enclosure] = item.enclosures
    assert enclosure.type == "audio/mpeg" and enclosure.href == f"{base}/banten/2026-11-27.mp3"
    assert abs(int(item.itunes_duration) - briefing.duration_s) <= 2
    # Apple's required channel tags, checked in the XML itself.
    xml = channel(feed_file)
    for tag in ("title", "description", "language", f"{ITUNES}image", f"{ITUNES}category",
                f"{ITUNES}explicit"):  # fmt: skip
        assert xml.find(tag) is not None, tag
    assert xml.find(f"{ITUNES}explicit").text == "false"
    assert xml.find(f"{ITUNES}category").get("text") == "News"
    entry = xml.find("item")
    transcript, chapters = entry.find(f"{PODCAST}transcript"), entry.find(f"{PODCAST}chapters")
    assert transcript.get("type") == "text/vtt" and transcript.get("language") == "id"
    assert transcript.get("url") == f"{base}/banten/2026-11-27.vtt"
    assert chapters.get("type") == "application/json+chapters"
    assert chapters.get("url") == f"{base}/banten/2026-11-27.chapters.json"
    assert entry.find(f"{ITUNES}duration") is not None and entry.find("guid") is not None


async def test_enclosure_transcript_and_chapters_are_served_as_stated(
    briefing, static_server
) -> None:
    base, root = static_server
    feed_file = podcast.publish(briefing, catalogue().get("banten"), root, base, IMAGE)
    entry = channel(feed_file).find("item")
    enclosure = entry.find("enclosure")
    audio = httpx.get(enclosure.get("url"))
    assert audio.status_code == 200 and len(audio.content) == int(enclosure.get("length"))
    assert (root / "banten" / "2026-11-27.mp3").stat().st_size == int(enclosure.get("length"))
    for tag in ("transcript", "chapters"):
        assert httpx.get(entry.find(f"{PODCAST}{tag}").get("url")).status_code == 200


async def test_mp3_is_64_kbps_mono_at_minus_16_lufs(briefing, tmp_path) -> None:
    root = tmp_path / "out"
    podcast.publish(briefing, catalogue().get("banten"), root, "https://example.org/p")
    mp3 = root / "banten" / "2026-11-27.mp3"
    info = probe(mp3)
    assert info["codec_name"] == "mp3" and info["channels"] == 1
    assert abs(info["size_bytes"] * 8 / info["duration_s"] / 1000 - 64) < 3  # kbps
    assert abs(info["duration_s"] - briefing.duration_s) < 1.0
    loudness = podcast.measure_loudness(mp3)  # ffmpeg's ebur128 filter
    assert -17.0 <= loudness.integrated_lufs <= -15.0, loudness
    assert loudness.true_peak_dbfs <= -1.5 and loudness.sample_peak_dbfs <= -1.5, loudness


async def test_transcript_is_valid_webvtt_spanning_the_audio(briefing, tmp_path) -> None:
    root = tmp_path / "out"
    podcast.publish(briefing, catalogue().get("banten"), root, "https://example.org/p")
    captions = webvtt.read(str(root / "banten" / "2026-11-27.vtt")).captions
    assert len(captions) > len(briefing.chapters)
    starts = [seconds(c.start) for c in captions]
    assert starts == sorted(starts) and starts[0] == 0
    assert all(seconds(c.end) > seconds(c.start) for c in captions)
    assert abs(seconds(captions[-1].end) - briefing.duration_s) < 0.01
    spoken = " ".join(c.text for c in captions)
    assert spoken.startswith("Anda mendengarkan Suara Berita.")
    for chapter in briefing.chapters:
        first = next(c for c in captions if seconds(c.start) >= chapter.start_s - 0.01)
        assert abs(seconds(first.start) - chapter.start_s) < 0.01  # a story opens a cue


async def test_chapters_follow_the_podcast_namespace_format(briefing, tmp_path) -> None:
    root = tmp_path / "out"
    podcast.publish(briefing, catalogue().get("banten"), root, "https://example.org/p")
    document = json.loads((root / "banten" / "2026-11-27.chapters.json").read_text("utf-8"))
    jsonschema.validate(document, CHAPTERS_SCHEMA)
    assert document["version"] == "1.2.0"
    chapters = document["chapters"]
    assert [c["title"] for c in chapters[1:-1]] == [c.title for c in briefing.chapters]
    assert [c["startTime"] for c in chapters[1:-1]] == [round(c.start_s, 2)
                                                        for c in briefing.chapters]  # fmt: skip
    times = [c["startTime"] for c in chapters]
    assert times[0] == 0 and times == sorted(times) and len(set(times)) == len(times)
    assert chapters[0]["title"] == "Pembuka" and chapters[-1]["title"] == "Penutup"
    assert times[-1] < briefing.duration_s


async def test_a_second_build_the_same_day_changes_nothing(briefing, static_server) -> None:
    base, root = static_server
    region = catalogue().get("banten")
    podcast.publish(briefing, region, root, base, IMAGE)
    before = folder_digest(root / "banten")
    guids = [e.id for e in feedparser.parse(httpx.get(f"{base}/banten/feed.xml").content).entries]
    podcast.publish(briefing, region, root, base, IMAGE)
    assert folder_digest(root / "banten") == before
    again = feedparser.parse(httpx.get(f"{base}/banten/feed.xml").content).entries
    assert [e.id for e in again] == guids == ["suara-berita:banten:2026-11-27"]


async def test_thirty_days_are_kept_and_day_31_is_removed(briefing, tmp_path) -> None:
    root = tmp_path / "out"
    region = catalogue().get("banten")
    podcast.publish(briefing, region, root, "https://example.org/p")
    folder = root / "banten"
    for back in range(1, 31):  # the thirty days before, as earlier runs left them
        day = (FRIDAY - timedelta(days=back)).isoformat()
        for suffix in (".mp3", ".vtt", ".chapters.json"):
            shutil.copyfile(folder / f"2026-11-27{suffix}", folder / f"{day}{suffix}")
    feed_file = podcast.publish(briefing, region, root, "https://example.org/p")
    days = sorted(p.name[:10] for p in folder.glob("*.mp3"))
    assert len(days) == 30 and days[0] == "2026-10-29" and days[-1] == "2026-11-27"
    assert not list(folder.glob("2026-10-28*"))  # day 31 is gone, all three files
    items = channel(feed_file).findall("item")
    assert len(items) == 30
    assert items[0].find("guid").text == "suara-berita:banten:2026-11-27"  # newest first
    assert items[-1].find("guid").text == "suara-berita:banten:2026-10-29"


async def test_scheduled_job_writes_the_episode_when_configured(
    banten_on_loopback, services, bot, clock, tmp_path
) -> None:
    root = tmp_path / "scheduled"
    configured = Settings.from_env({"SUARA_PODCAST_DIR": str(root),
                                    "SUARA_PODCAST_BASE_URL": "https://example.org/podcast/"})
    services.settings = replace(services.settings, podcast_dir=configured.podcast_dir,
                                podcast_base_url=configured.podcast_base_url)  # fmt: skip
    repo = SubscriptionRepo(services.db)
    await UserRepo(services.db).ensure(5, 5, "id", clock())
    await repo.subscribe(5, 5, "banten", "06:00", "Asia/Jakarta", clock())
    clock.set(BUILD_AT)
    scheduler = Scheduler(pacer=ChatPacer(0.05))
    await scheduler.tick(services, bot)
    await scheduler.wait_idle()
    feed = feedparser.parse((root / "banten" / "feed.xml").read_bytes())
    [item] = feed.entries
    assert item.enclosures[0].href == "https://example.org/podcast/banten/2026-11-27.mp3"


def test_cli_builds_the_feed(banten_on_loopback, shared_audio_cache, tmp_path) -> None:
    env = {
        "SUARA_DB": str(tmp_path / "cli.db"),
        "SUARA_CACHE_DIR": str(shared_audio_cache),
        "SUARA_TTS_ENGINE": "espeak",
        "SUARA_ALLOW_PRIVATE_HOSTS": "1",
        "SUARA_FETCH_TIMEOUT": "2",
        "SUARA_REGIONS_FILE": str(banten_on_loopback),
        podcast.BASE_URL_ENV: "",
    }
    out = tmp_path / "site"
    args = ["build", "banten", "--out", str(out), "--at", BUILD_AT.isoformat()]
    refused = CliRunner().invoke(podcast_group, args, env=env)
    assert refused.exit_code != 0 and podcast.BASE_URL_ENV in refused.output
    result = CliRunner().invoke(podcast_group, [*args, "--base-url", "https://e.org/p"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 episodes, newest 2026-11-27" in result.output
    assert {p.name for p in (out / "banten").iterdir()} == {
        "feed.xml", "2026-11-27.mp3", "2026-11-27.vtt", "2026-11-27.chapters.json"}  # fmt: skip
