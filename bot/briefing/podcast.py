"""A podcast feed per region: static files any web server or object store can serve.

    DIR/REGION/feed.xml               RSS 2.0 with the iTunes and Podcasting 2.0 namespaces
    DIR/REGION/YYYY-MM-DD.mp3         64 kbps mono MP3, loudness-normalized to -16 LUFS
    DIR/REGION/YYYY-MM-DD.vtt         transcript (WebVTT)
    DIR/REGION/YYYY-MM-DD.chapters.json   Podcasting 2.0 chapters

A day's episode is written once (a second build the same day changes nothing); the feed is
written from the episodes in the folder, newest first; days older than `KEEP_DAYS` are removed.
The feed is made with feedgen (its iTunes extension, plus a small extension for the
`podcast:` namespace), not string templates.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from bot.audio.cache import write_atomic
from bot.audio.decode import FFMPEG
from bot.briefing.episode import (
    CHAPTERS_TYPE,
    TRANSCRIPT_TYPE,
    chapters_json,
    episode_description,
    episode_title,
    transcript_vtt,
)
from bot.briefing.regions import Region
from bot.chat.texts import text
from bot.errors import AudioError
from bot.store.briefings import StoredBriefing

logger = logging.getLogger(__name__)

BASE_URL_ENV = "SUARA_PODCAST_BASE_URL"
"""Named in messages; the value is `Settings.podcast_base_url`."""
KEEP_DAYS = 30
TARGET_LUFS = -16.0
LUFS_TOLERANCE = 0.4
LEVEL_ROUNDS = 5
LIMIT_DBFS = -3.0
"""The limiter's ceiling: 1.5 dB under the promised -1.5 dBFS leaves room for the MP3 encoder's
overshoot (measured at 0.2-0.6 dB on speech). ffmpeg's loudnorm was tried first: on speech it
landed 1-2 LU short of -16 (it falls back to dynamic mode when peaks would clip)."""
BITRATE_KBPS = 64
SAMPLE_RATE = 44_100
PUBLISH_AT = time(5, 0)
"""pubDate of a day's episode: 05:00 in the region's zone (stable across rebuilds)."""
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
_DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(mp3|vtt|chapters\.json)$")


# -- audio ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Loudness:
    """EBU R128 measurement of a file (ffmpeg's ebur128 filter)."""

    integrated_lufs: float
    true_peak_dbfs: float
    sample_peak_dbfs: float


def measure_loudness(path: str | os.PathLike[str], chain: str = "") -> Loudness:
    """Integrated loudness, true peak and sample peak, measured by ffmpeg's ebur128 filter (of
    the file, or of the file through the filter `chain`)."""
    filters = f"{chain}," if chain else ""
    done = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path),
         "-af", f"{filters}ebur128=peak=true+sample", "-f", "null", "-"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    summary = done.stderr[done.stderr.rfind("Summary:") :]
    values = {}
    for label, key in (("I:", "i"), ("Peak:", "peak")):
        values[key] = [float(m) for m in re.findall(rf"{label}\s+(-?[\d.]+|-inf)", summary)]
    if done.returncode != 0 or not values["i"] or len(values["peak"]) < 2:
        raise AudioError(f"loudness measurement failed: {done.stderr[-200:]}")
    # ebur128 prints the sample peak block before the true peak block.
    return Loudness(values["i"][0], values["peak"][1], values["peak"][0])


def level_chain(gain_db: float) -> str:
    """Gain, then a limiter holding peaks at `LIMIT_DBFS` (44.1 kHz, so true peaks are seen)."""
    limit = 10 ** (LIMIT_DBFS / 20)
    return (f"aresample={SAMPLE_RATE},volume={gain_db:.2f}dB,"
            f"alimiter=limit={limit:.4f}:attack=5:release=50:level=false")  # fmt: skip


def encode_episode(source: str | os.PathLike[str], target: Path) -> Loudness:
    """Voice note → podcast MP3, 64 kbps mono 44.1 kHz, at -16 LUFS with peaks held down.

    Gain and a peak limiter, the gain corrected from the measured result until the integrated
    loudness is within `LUFS_TOLERANCE` of the target (the limiter takes some loudness away).
    Returns the MP3's own measurement.
    """
    cached = Path(f"{source}.podcast-{BITRATE_KBPS}k.mp3")
    if cached.exists():  # the same voice note was leveled before (another folder, a rerun)
        write_atomic(target, cached.read_bytes())
        return measure_loudness(target)
    gain = TARGET_LUFS - measure_loudness(source).integrated_lufs
    slope, previous = 1.0, None
    for _ in range(LEVEL_ROUNDS):  # secant steps: the limiter makes loudness grow slower than gain
        measured = measure_loudness(source, level_chain(gain)).integrated_lufs
        if abs(measured - TARGET_LUFS) <= LUFS_TOLERANCE:
            break
        if previous is not None and gain != previous[0]:
            slope = min(1.0, max(0.1, (measured - previous[1]) / (gain - previous[0])))
        previous = (gain, measured)
        gain += (TARGET_LUFS - measured) / slope
    done = subprocess.run(
        [*FFMPEG, "-i", str(source), "-af", level_chain(gain), "-ar", str(SAMPLE_RATE),
         "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{BITRATE_KBPS}k", "-map_metadata", "-1",
         "-f", "mp3", "pipe:1"],
        capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0 or not done.stdout:
        raise AudioError(f"MP3 encoding failed: {done.stderr.decode(errors='replace')[-200:]}")
    write_atomic(target, done.stdout)
    write_atomic(cached, done.stdout)
    result = measure_loudness(target)
    logger.info("podcast episode %s: %.1f LUFS, true peak %.1f dBFS", target.name,
                result.integrated_lufs, result.true_peak_dbfs)  # fmt: skip
    return result


def probe_duration(path: Path) -> float:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
         str(path)], capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        return float(done.stdout.strip())
    except ValueError as exc:
        raise AudioError(f"cannot read the duration of {path.name}") from exc


# -- files ----------------------------------------------------------------------------------------


def publish(
    briefing: StoredBriefing,
    region: Region,
    folder: Path,
    url: str = "",
    image: str = "",
    keep_days: int = KEEP_DAYS,
) -> Path:
    """Write the day's episode (once), drop days past `keep_days`, write the feed. → feed.xml."""
    region_dir = folder / region.code
    region_dir.mkdir(parents=True, exist_ok=True)
    day = briefing.day.isoformat()
    mp3 = region_dir / f"{day}.mp3"
    if not briefing.empty and briefing.audio_path and not mp3.exists():
        vtt, chapters = region_dir / f"{day}.vtt", region_dir / f"{day}.chapters.json"
        write_atomic(vtt, transcript_vtt(briefing).encode())
        write_atomic(chapters, chapters_json(briefing, region.name).encode())
        encode_episode(briefing.audio_path, mp3)  # last: its presence marks the episode done
        logger.info("podcast episode %s %s written", region.code, day)
    prune(region_dir, briefing.day, keep_days)
    return write_feed(region_dir, region, url, image)


def prune(region_dir: Path, today: date, keep_days: int = KEEP_DAYS) -> list[str]:
    """Remove every day's files older than the last `keep_days` days (today included)."""
    oldest = today - timedelta(days=keep_days - 1)
    removed = []
    for path in region_dir.iterdir():
        found = _DAY_FILE.match(path.name)
        if found and date.fromisoformat(found.group(1)) < oldest:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return sorted(removed)


def episode_days(region_dir: Path) -> list[date]:
    """Days with a finished episode (its MP3), newest first."""
    days = [date.fromisoformat(p.stem) for p in region_dir.glob("*.mp3") if _DAY_FILE.match(p.name)]
    return sorted(days, reverse=True)


# -- the feed -------------------------------------------------------------------------------------


class PodcastIndexExtension(BaseExtension):
    """The `podcast:` namespace (Podcasting 2.0), and `itunes:explicit` as Apple now writes it
    ("false"; feedgen 1.0 knows only yes/no/clean)."""

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        for explicit in feed.iter(f"{{{ITUNES_NS}}}explicit"):
            explicit.text = "false"
        return feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """`podcast:transcript` and `podcast:chapters` of one item."""

    def __init__(self) -> None:
        self.links: list[tuple[str, dict[str, str]]] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def add(self, tag: str, **attributes: str) -> None:
        self.links.append((tag, attributes))

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        for tag, attributes in self.links:
            etree.SubElement(entry, f"{{{PODCAST_NS}}}{tag}", attributes)
        return entry


def write_feed(region_dir: Path, region: Region, url: str, image: str = "") -> Path:
    """feed.xml from the episodes in `region_dir` (byte-identical for the same episodes)."""
    days = episode_days(region_dir)
    title = text("briefing_podcast_title", region=region.name)
    feed = FeedGenerator()
    feed.load_extension("podcast")
    feed.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension,
                            atom=False)  # fmt: skip
    feed.title(title)
    feed.link(href=f"{url}/{region.code}/", rel="alternate")
    feed.description(text("briefing_podcast_description", region=region.name))
    feed.language("id")
    feed.generator("Suara Berita")
    feed.podcast.itunes_category("News")
    feed.podcast.itunes_explicit("no")
    feed.podcast.itunes_author("Suara Berita")
    feed.podcast.itunes_summary(text("briefing_podcast_description", region=region.name))
    if image:
        feed.image(url=image, title=title, link=f"{url}/{region.code}/")
        feed.podcast.itunes_image(image)
    published = [_published(day, region) for day in days]
    feed.lastBuildDate(published[0] if published else datetime(2026, 1, 1, tzinfo=region.zone))
    for day, moment in zip(reversed(days), reversed(published), strict=True):
        _add_item(feed, region_dir, region, url, day, moment)
    target = region_dir / "feed.xml"
    write_atomic(target, feed.rss_str(pretty=True))
    return target


def _published(day: date, region: Region) -> datetime:
    return datetime.combine(day, PUBLISH_AT, tzinfo=region.zone)


def _add_item(
    feed: FeedGenerator, region_dir: Path, region: Region, url: str, day: date, moment: datetime
) -> None:
    stem = day.isoformat()
    mp3 = region_dir / f"{stem}.mp3"
    chapters = json.loads((region_dir / f"{stem}.chapters.json").read_text("utf-8"))
    stories = [c["title"] for c in chapters["chapters"][1:-1]]
    entry = feed.add_entry()  # newest-first order comes from adding the oldest first
    entry.guid(f"suara-berita:{region.code}:{stem}", permalink=False)
    entry.title(episode_title(region.name, day))
    entry.description("\n".join(f"{n}. {t}" for n, t in enumerate(stories, start=1)) or title_of(
        chapters))  # fmt: skip
    entry.pubDate(moment)
    base = f"{url}/{region.code}/{stem}"
    entry.enclosure(f"{base}.mp3", str(mp3.stat().st_size), "audio/mpeg")
    entry.podcast.itunes_duration(round(probe_duration(mp3)))
    entry.podcastindex.add("transcript", url=f"{base}.vtt", type=TRANSCRIPT_TYPE, language="id")
    entry.podcastindex.add("chapters", url=f"{base}.chapters.json", type=CHAPTERS_TYPE)


def title_of(chapters: dict[str, object]) -> str:
    return str(chapters.get("title", ""))


__all__ = [
    "KEEP_DAYS",
    "Loudness",
    "encode_episode",
    "episode_description",
    "measure_loudness",
    "prune",
    "publish",
    "write_feed",
]
