"""Operator commands for briefings, as click objects for the `suara` group.

    cli.add_command(regions_command)     # suara regions
    cli.add_command(feeds_group)         # suara feeds check [REGION...]
    cli.add_command(briefing_group)      # suara briefing build REGION [-o OUT] | send REGION
    cli.add_command(podcast_group)       # suara podcast build REGION --out DIR
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import click

from bot.briefing import podcast
from bot.briefing.compose import DEFAULT_LENGTH, LENGTHS, clock
from bot.briefing.delivery import STALE_CLAIM, Broadcast, make_bot
from bot.briefing.feeds import check_feeds
from bot.briefing.regions import Catalogue, CatalogueError, Region, catalogue
from bot.briefing.schedule import build_briefing
from bot.config import ENGINES, Settings
from bot.errors import SuaraError
from bot.services import Services
from bot.store.briefings import BriefingRepo
from bot.store.db import open_db
from bot.store.deliveries import MAX_ATTEMPTS
from bot.store.subscriptions import SubscriptionRepo

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


def _catalogue() -> Catalogue:
    try:
        return catalogue(_settings().regions_file)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc


def _region(code: str) -> Region:
    regions = _catalogue()
    region = regions.find(code)
    if region is None:
        guess = regions.suggest(code)
        hint = f" (did you mean {guess.code}?)" if guess else " (see `suara regions`)"
        raise click.ClickException(f"unknown region {code!r}{hint}")
    return region


def _moment(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO 8601 time: {value}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _with_services(
    settings: Settings, now: datetime, work: Callable[[Services], Awaitable[T]]
) -> T:
    db = await open_db(settings.db_path)
    try:
        return await work(Services(settings, db, clock=lambda: now))
    finally:
        await db.close()


def _run(coroutine: Awaitable[T]) -> T:
    try:
        return asyncio.run(coroutine)  # type: ignore[arg-type]
    except SuaraError as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc.detail or exc.key}") from exc


@click.command("regions")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one region per line.")
def regions_command(as_json: bool) -> None:
    """List the briefing regions: code, name, island, time zone and feeds.

    Example: suara regions --json | jq -r .code
    """
    for island, members in _catalogue().by_island():
        for region in members:
            inferred = sum(1 for feed in region.feeds if feed.inferred)
            if as_json:
                record = {
                    "code": region.code, "iso": region.iso, "name": region.name,
                    "kind": region.kind, "island": island, "time_zone": region.time_zone,
                    "zone": region.zone_name, "feeds": [f.url for f in region.feeds],
                    "inferred_feeds": inferred,
                }  # fmt: skip
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                click.echo(
                    f"{region.code:<10} {region.name:<28} {island:<24} {region.zone_name:<5}"
                    f" {len(region.feeds)} feeds ({inferred} inferred)"
                )


@click.group("feeds")
def feeds_group() -> None:
    """The regions' news feeds."""


@feeds_group.command("check")
@click.argument("regions", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one feed per line.")
def feeds_check(regions: tuple[str, ...], as_json: bool) -> None:
    """Fetch every feed (of REGIONS, default all) once and report which answer.

    Inferred URLs (guessed from a sibling pattern) are marked, so you can confirm or replace them
    with SUARA_REGIONS_FILE. Exits 1 when no feed answered.

    Example: suara feeds check banten jabar
    """
    settings = _settings()
    chosen = [_region(code) for code in regions] if regions else list(_catalogue())
    owners: dict[str, list[str]] = {}
    for region in chosen:
        for feed in region.feeds:
            owners.setdefault(feed.url, []).append(region.code)
    feeds = [feed for region in chosen for feed in region.feeds]
    reports = _run(check_feeds(feeds, settings))
    now = datetime.now(UTC)
    for report in reports:
        feed = report.feed
        age = f"{(now - report.newest).total_seconds() / 3600:.0f} h" if report.newest else "-"
        if as_json:
            click.echo(json.dumps({
                "url": feed.url, "outlet": feed.outlet, "regions": owners[feed.url],
                "inferred": feed.inferred, "ok": report.ok, "status": report.status,
                "detail": report.detail, "items": report.items,
                "newest": report.newest.isoformat() if report.newest else None,
            }, ensure_ascii=False))  # fmt: skip
        else:
            mark = "inferred" if feed.inferred else "seen"
            state = f"ok, {report.items} items, newest {age}" if report.ok else report.detail
            click.echo(f"{'OK  ' if report.ok else 'FAIL'} {mark:<8} {feed.url}  {state}")
    answered = sum(1 for r in reports if r.ok)
    inferred = [r for r in reports if r.feed.inferred]
    click.echo(
        f"{answered}/{len(reports)} feeds answered; inferred: "
        f"{sum(1 for r in inferred if r.ok)}/{len(inferred)}",
        err=as_json,
    )
    if reports and not answered:
        raise SystemExit(1)


@click.group("briefing")
def briefing_group() -> None:
    """Build and send the daily regional briefings."""


def _day(region: Region, value: str | None, now: datetime) -> date:
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise click.BadParameter(f"not a date (YYYY-MM-DD): {value}") from exc
    return now.astimezone(region.zone).date()


@briefing_group.command("build")
@click.argument("region")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Audio file to write; "
              "the script and text version go beside it as OUT.txt.")  # fmt: skip
@click.option("--day", help="Briefing day, YYYY-MM-DD (default: today in the region's zone).")
@click.option("--at", "at", help="Build as of this moment (ISO 8601), e.g. to replay saved feeds.")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help="Speech engine.")
@click.option("--length", type=click.Choice(list(LENGTHS)), default=DEFAULT_LENGTH,
              show_default=True, help="pendek: 3 stories, sedang: 5-8, panjang: 12.")  # fmt: skip
def briefing_build(
    region: str,
    output: str | None,
    day: str | None,
    at: str | None,
    engine: str | None,
    length: str,
) -> None:
    """Build REGION's briefing now (feeds, stories, one synthesis) and store it for the day.

    Example: suara briefing build banten -o banten.ogg
    """
    settings, place, now = _settings(), _region(region), _moment(at)
    briefing_day = _day(place, day, now)
    result = _run(_with_services(
        settings, now, lambda s: build_briefing(place, briefing_day, s, engine=engine,
                                                length=length)
    ))  # fmt: skip
    stored = result.briefing
    failing = [r for r in result.reports if not r.ok]
    answered = len(result.reports) - len(failing)
    click.echo(
        f"{place.name} ({place.code}), {briefing_day}: {len(result.stories)} stories; "
        f"{answered}/{len(result.reports)} feeds answered"
    )
    for report in failing:
        click.echo(f"  feed failed: {report.feed.url}: {report.detail}", err=True)
    for chapter in stored.chapters:
        click.echo(f"{chapter.number}. {clock(chapter.start_s)} {chapter.title} "
                   f"({', '.join(chapter.sources)})")  # fmt: skip
    if stored.empty:
        click.echo("No news today: subscribers get the short note (or nothing, if configured).")
    if output:
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        if stored.audio_path:
            shutil.copyfile(stored.audio_path, target)
            click.echo(f"Audio: {target} ({stored.duration_s or 0:.0f} s)")
        script = target.with_name(target.name + ".txt")
        script.write_text(f"{stored.script}\n\n---\n\n{stored.text_html}\n", "utf-8")
        click.echo(f"Script: {script}")
    elif stored.audio_path:
        click.echo(f"Audio: {stored.audio_path} ({stored.duration_s or 0:.0f} s)")


@briefing_group.command("send")
@click.argument("region")
@click.option("--rebuild", is_flag=True, help="Build again even if today's briefing exists.")
@click.option("--at", "at", help="Act as of this moment (ISO 8601), e.g. to replay saved feeds.")
def briefing_send(region: str, rebuild: bool, at: str | None) -> None:
    """Send REGION's briefing now to its subscribers not yet served today (build it if needed).

    Example: suara briefing send banten
    """
    settings, place, now = _settings(), _region(region), _moment(at)
    if not settings.telegram_token:
        raise click.ClickException("TELEGRAM_BOT_TOKEN is not set")
    day = now.astimezone(place.zone).date()

    async def send(services: Services) -> str:
        lines = []
        for length in LENGTHS:  # each length has its own edition and its own subscribers
            recipients = await SubscriptionRepo(services.db).pending_recipients(
                place.code, day.isoformat(), stale_before=now - STALE_CLAIM,
                max_attempts=MAX_ATTEMPTS, length=length,
            )  # fmt: skip
            if not recipients and (length != DEFAULT_LENGTH or lines):
                continue
            briefing = None if rebuild else await BriefingRepo(services.db).get(
                place.code, day, length)  # fmt: skip
            if briefing is None:
                briefing = (await build_briefing(place, day, services, length=length)).briefing
            bot = make_bot(settings)
            async with bot:
                broadcast = Broadcast(bot, services.db, briefing, place.name,
                                      clock=services.clock,
                                      empty_policy=settings.briefing_empty,
                                      paid=settings.paid_broadcast,
                                      rate=settings.overall_rate)  # fmt: skip
                stats = await broadcast.run(recipients)
            lines.append(
                f"{place.code} {day} {length}: {stats.sent} sent, {stats.resumed} resumed, "
                f"{stats.failed} failed ({stats.deactivated} deactivated), {stats.released} "
                f"postponed, {stats.skipped} skipped, {len(recipients)} due, in "
                f"{stats.seconds:.1f} s"
            )
        return "\n".join(lines)

    click.echo(_run(_with_services(settings, now, send)))


@click.group("podcast")
def podcast_group() -> None:
    """The podcast feed of each region (static files)."""


@podcast_group.command("build")
@click.argument("region")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write REGION/feed.xml and the day's files into.")  # fmt: skip
@click.option("--base-url", default=None, help="Public URL of the folder "
              f"(default ${podcast.BASE_URL_ENV}).")  # fmt: skip
@click.option("--image", default=None, help="Cover image URL (default $SUARA_PODCAST_IMAGE).")
@click.option("--day", help="Briefing day, YYYY-MM-DD (default: today in the region's zone).")
@click.option("--at", "at", help="Act as of this moment (ISO 8601), e.g. to replay saved feeds.")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help="Speech engine.")
def podcast_build(
    region: str,
    out: str,
    base_url: str | None,
    image: str | None,
    day: str | None,
    at: str | None,
    engine: str | None,
) -> None:
    """Write REGION's episode for the day (building the briefing if needed) and its feed.

    The day's files are written once; days older than 30 are removed.

    Example: suara podcast build banten --out /srv/podcast --base-url https://example.org/podcast
    """
    settings, place, now = _settings(), _region(region), _moment(at)
    url = (base_url if base_url is not None else settings.podcast_base_url).rstrip("/")
    image = image if image is not None else settings.podcast_image
    if not url:
        raise click.ClickException(
            f"the public URL is missing: set {podcast.BASE_URL_ENV} or pass --base-url"
        )
    briefing_day = _day(place, day, now)

    async def work(services: Services) -> Path:
        stored = await BriefingRepo(services.db).get(place.code, briefing_day)
        if stored is None:
            stored = (await build_briefing(place, briefing_day, services, engine=engine)).briefing
        if stored.empty:
            raise click.ClickException(f"{place.code} {briefing_day}: no news, no episode")
        return await asyncio.to_thread(podcast.publish, stored, place, Path(out), url, image)

    feed = _run(_with_services(settings, now, work))
    episodes = podcast.episode_days(feed.parent)
    click.echo(f"{feed} ({len(episodes)} episodes, newest {episodes[0] if episodes else '-'})")


__all__ = ["briefing_group", "feeds_group", "podcast_group", "regions_command"]
