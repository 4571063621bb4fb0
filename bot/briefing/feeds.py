"""Region → feed items: read each feed through the guarded fetcher, with conditional GET, safely.

Safety: the fetcher checks every address and redirect, times out and caps the size (here at
`FEED_MAX_BYTES`). A feed that declares XML entities is refused before parsing (no real news feed
does; it is how "billion laughs" bombs work). feedparser is given bytes, never a URL (it would fetch
it), and by itself also drops nested entity declarations and turns off external entities
(`feature_external_ges`), so this is defence in depth. At most `MAX_ITEMS` entries a feed are kept.
"""

from __future__ import annotations

import asyncio
import calendar
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx

from bot.briefing.regions import Feed, Region
from bot.briefing.stories import FeedItem, strip_html
from bot.config import Settings
from bot.errors import FetchError
from bot.fetch.http import fetch_bytes, make_client
from bot.store.feeds import FeedState, FeedStateRepo

logger = logging.getLogger(__name__)

FEED_MAX_BYTES = 2_000_000
"""Regional RSS feeds are 20-300 KB; 2 MB leaves room and still stops a runaway body."""
MAX_ITEMS = 100
FEED_CONCURRENCY = 4
DESCRIPTION_MAX_CHARS = 1_000
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedError(FetchError):
    """The answer is not a feed we can read (not XML/RSS/Atom, or unsafe)."""

    key = "error_fetch"


@dataclass(frozen=True, slots=True)
class FeedReport:
    """How reading one feed went."""

    feed: Feed
    status: str
    """"ok", "not-modified" (304: the stored items were reused) or "error"."""
    detail: str = ""
    items: int = 0
    newest: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status != "error"


def parse_feed(data: bytes, region: str = "", source: str = "") -> list[FeedItem]:
    """RSS or Atom bytes → items (newest first, at most MAX_ITEMS). Raises FeedError."""
    if _ENTITY_DECLARATION.search(data):
        raise FeedError("feed declares XML entities; refused")
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries:
        if not parsed.get("version"):
            reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
            raise FeedError(f"not a feed: {reason!s:.100}")
        return []
    items = [_item(entry, region, source) for entry in parsed.entries[:MAX_ITEMS]]
    items = [item for item in items if item.title and item.url]
    return sorted(items, key=lambda i: i.published or datetime.min.replace(tzinfo=UTC),
                  reverse=True)  # fmt: skip


def _item(entry: Any, region: str, source: str) -> FeedItem:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
    description = strip_html(entry.get("summary") or entry.get("description") or "")
    return FeedItem(
        region=region,
        url=(entry.get("link") or "").strip(),
        title=strip_html(entry.get("title") or ""),
        published=published,
        source=source,
        description=description[:DESCRIPTION_MAX_CHARS],
        categories=tuple(
            strip_html(tag.get("term") or "") for tag in entry.get("tags") or () if tag.get("term")
        ),
    )


def item_to_dict(item: FeedItem) -> dict[str, Any]:
    """An item as stored with the feed state (region and source are the reader's)."""
    return {
        "url": item.url,
        "title": item.title,
        "published": item.published.isoformat() if item.published else None,
        "description": item.description,
        "categories": list(item.categories),
    }


def item_from_dict(data: dict[str, Any], region: str, source: str) -> FeedItem:
    published = data.get("published")
    return FeedItem(
        region=region,
        url=data["url"],
        title=data["title"],
        published=datetime.fromisoformat(published) if published else None,
        source=source,
        description=data.get("description", ""),
        categories=tuple(data.get("categories", ())),
    )


def mentions(item: FeedItem, keywords: Iterable[str]) -> bool:
    """Whether the title or description names one of the keywords (whole words, any case)."""
    haystack = f"{item.title} {item.description}"
    return any(
        re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack, re.IGNORECASE) for word in keywords
    )


def feed_settings(settings: Settings) -> Settings:
    return replace(settings, fetch_max_bytes=min(settings.fetch_max_bytes, FEED_MAX_BYTES))


async def read_feed(
    feed: Feed,
    region: str,
    settings: Settings,
    states: FeedStateRepo | None = None,
    client: httpx.AsyncClient | None = None,
    now: datetime | None = None,
) -> tuple[list[FeedItem], FeedReport]:
    """Read one feed. With `states`, send If-None-Match/If-Modified-Since and reuse the stored
    items on 304; a failing feed falls back to its last stored items (old ones are dropped later
    by the 24-hour window). Never raises for feed problems: the report says what happened."""
    now = now or datetime.now(UTC)
    state = await states.get(feed.url) if states else None
    headers = {"Accept": ACCEPT}
    if state and state.etag:
        headers["If-None-Match"] = state.etag
    if state and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    stored = [item_from_dict(d, region, feed.outlet) for d in (state.items if state else ())]
    try:
        response = await fetch_bytes(feed.url, feed_settings(settings), client, headers=headers)
        if response.status == 304 and state is not None:
            items, status = stored, "not-modified"
        else:
            items, status = parse_feed(response.body, region, feed.outlet), "ok"
    except FetchError as exc:
        detail = exc.detail or type(exc).__name__
        logger.warning("feed %s failed: %s", feed.url, detail)
        if states:
            await states.save(
                FeedState(
                    feed.url,
                    state.etag if state else None,
                    state.last_modified if state else None,
                    state.items if state else (),
                    f"error: {detail}"[:200],
                    now,
                    state.ok_at if state else None,
                )
            )
        return stored, FeedReport(feed, "error", detail, len(stored), _newest(stored))
    if states:
        if status == "ok":
            etag = response.headers.get("etag")
            modified = response.headers.get("last-modified")
            kept = tuple(item_to_dict(i) for i in items)
        else:
            etag, modified, kept = state.etag, state.last_modified, state.items
        await states.save(FeedState(feed.url, etag, modified, kept, status, now, now))
    return items, FeedReport(feed, status, "", len(items), _newest(items))


def _newest(items: Sequence[FeedItem]) -> datetime | None:
    dated = [i.published for i in items if i.published]
    return max(dated) if dated else None


async def collect_items(
    region: Region,
    settings: Settings,
    states: FeedStateRepo | None = None,
    now: datetime | None = None,
) -> tuple[list[FeedItem], list[FeedReport]]:
    """All items of a region's feeds (filtered feeds keep only items naming the region)."""
    semaphore = asyncio.Semaphore(FEED_CONCURRENCY)
    async with make_client(settings) as client:

        async def one(feed: Feed) -> tuple[list[FeedItem], FeedReport]:
            async with semaphore:
                return await read_feed(feed, region.code, settings, states, client, now)

        results = await asyncio.gather(*(one(feed) for feed in region.feeds))
    items: list[FeedItem] = []
    for feed, (found, _report) in zip(region.feeds, results, strict=True):
        if feed.filtered:
            found = [item for item in found if mentions(item, region.keywords)]
        items.extend(found)
    return items, [report for _, report in results]


async def check_feeds(
    feeds: Iterable[Feed], settings: Settings, concurrency: int = 8
) -> list[FeedReport]:
    """Fetch each distinct feed once, unconditionally, and report whether it answers a feed."""
    unique = list({feed.url: feed for feed in feeds}.values())
    semaphore = asyncio.Semaphore(concurrency)
    async with make_client(settings) as client:

        async def one(feed: Feed) -> FeedReport:
            async with semaphore:
                _items, report = await read_feed(feed, "", settings, None, client)
                return report

        return list(await asyncio.gather(*(one(feed) for feed in unique)))


__all__ = [
    "FeedError",
    "FeedReport",
    "check_feeds",
    "collect_items",
    "mentions",
    "parse_feed",
    "read_feed",
]
