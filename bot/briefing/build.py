"""Building a region's briefing edition: feeds → fresh stories → summaries → script → audio.

One edition per region, day and length. Stories told by the same length of briefing in the last
days are left out (`fresh`); the audio is rendered part by part (`render`) so the chapters are
measured from it; the text version lists each story with its start time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot import pipeline
from bot.briefing.compose import (
    DEFAULT_LENGTH,
    LENGTHS,
    TEXT_MAX_CHARS,
    briefing_from_stories,
    compose_text,
    story_summary,
)
from bot.briefing.feeds import FeedReport, collect_items
from bot.briefing.fresh import ToldStory, repeat_filter, since
from bot.briefing.regions import Region
from bot.briefing.render import render_briefing
from bot.briefing.stories import Story, select_stories
from bot.config import Settings
from bot.services import Services
from bot.store.briefings import BriefingRepo, Chapter, StoredBriefing
from bot.store.feeds import FeedStateRepo
from bot.text.summarize import summarize

logger = logging.getLogger(__name__)

FOOTER_ROOM = 400
"""Characters kept free in the text version for a late note and the "/cerita" footer."""
SUMMARY_CONCURRENCY = 4
SUMMARY_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class BuildResult:
    briefing: StoredBriefing
    stories: tuple[Story, ...]
    reports: tuple[FeedReport, ...]
    from_cache: bool = False


async def story_summaries(stories: Sequence[Story], settings: Settings) -> dict[str, str]:
    """URL → the article's summary (1-2 sentences, ≤300 characters); stories whose page cannot be
    read are left out (the feed description stands in)."""
    semaphore = asyncio.Semaphore(SUMMARY_CONCURRENCY)

    async def one(story: Story) -> tuple[str, str]:
        url = story.lead.url
        async with semaphore:
            try:
                article = await asyncio.wait_for(
                    pipeline.load_article(url, settings), timeout=settings.fetch_timeout_s * 2
                )
                sentences = await asyncio.to_thread(
                    summarize,
                    list(article.paragraphs),
                    title=article.title or story.lead.title,
                    max_chars=SUMMARY_MAX_CHARS,
                )
            except Exception as exc:  # optional stage: the feed description stands in
                logger.info("no summary for %s: %s", url, exc)
                return url, ""
        return url, " ".join(sentences[:2])

    results = await asyncio.gather(*(one(story) for story in stories))
    return {url: summary for url, summary in results if summary}


async def told_stories(repo: BriefingRepo, region: str, day: date, length: str) -> list[ToldStory]:
    """Stories this length of the region's briefing told in the last `REPEAT_DAYS` days."""
    told = []
    for briefing in await repo.recent(region, length, since(day), day):
        told += [ToldStory(briefing.day, c.title, c.description, c.url) for c in briefing.chapters]
    return told


async def build_briefing(
    region: Region,
    day: date,
    services: Services,
    engine: str | None = None,
    length: str = DEFAULT_LENGTH,
) -> BuildResult:
    """Read the feeds, choose fresh stories, summarize them, synthesize once and store the
    briefing (one edition per region, day and length)."""
    settings, now = services.settings, services.clock()
    repo = BriefingRepo(services.db)
    items, reports = await collect_items(region, settings, FeedStateRepo(services.db), now)
    told = await told_stories(repo, region.code, day, length)
    stories = select_stories(items, now, limit=LENGTHS[length].max_stories,
                             leave_out=repeat_filter(items, told))  # fmt: skip
    summaries = await story_summaries(stories, settings)
    composed = briefing_from_stories(region.code, region.name, day, stories, summaries, length)
    audio_path, duration, chapters, text_html = None, None, (), composed.text_html
    if not composed.empty:
        rendered = await render_briefing(composed.script, settings, engine)
        audio_path, duration = rendered.audio.path, rendered.audio.duration_s
        story_parts = rendered.parts[1 : 1 + len(composed.stories)]
        chapters = tuple(
            Chapter(number, story.lead.title, story.lead.url, part.start_s, part.duration_s,
                    part.path, story_summary(story, summaries), story.sources)
            for number, (story, part) in enumerate(zip(composed.stories, story_parts,
                                                       strict=True), start=1)
        )  # fmt: skip
        text_html = compose_text(region.name, day, composed.stories, summaries,
                                 max_chars=TEXT_MAX_CHARS - FOOTER_ROOM,
                                 starts=[c.start_s for c in chapters])  # fmt: skip
    stored = StoredBriefing(
        region=region.code,
        day=day,
        script="\n\n".join(composed.script),
        text_html=text_html,
        audio_path=audio_path,
        duration_s=duration,
        file_id=None,
        created_at=now,
        length=length,
        chapters=chapters,
    )
    await repo.save(stored)
    failing = sum(1 for r in reports if not r.ok)
    logger.info(
        "built briefing %s %s: %d items, %d stories, %d/%d feeds failing, audio %s",
        region.code, day, len(items), len(composed.stories), failing, len(reports), audio_path,
    )  # fmt: skip
    return BuildResult(stored, composed.stories, tuple(reports))



async def after_build(briefing: StoredBriefing, region: Region, services: Services) -> None:
    """Write the podcast episode when `SUARA_PODCAST_DIR` is set (a failure is only logged)."""
    from bot.briefing import podcast

    settings = services.settings
    if not settings.podcast_dir or briefing.empty:
        return
    if not settings.podcast_base_url:
        logger.warning("SUARA_PODCAST_DIR is set but SUARA_PODCAST_BASE_URL is not: the feed's "
                       "links are relative")  # fmt: skip
    try:
        await asyncio.to_thread(podcast.publish, briefing, region, Path(settings.podcast_dir),
                                settings.podcast_base_url, settings.podcast_image)  # fmt: skip
    except Exception:
        logger.exception("podcast episode for %s %s failed", region.code, briefing.day)
