"""The briefing scheduler: each minute, build what is due soon and send what is due.

One job (PTB JobQueue) runs every minute. It reads the active subscriptions grouped by region, time
and zone, so schedules survive restarts and follow changes at once. Per region and day:

1. Build each length once, `BUILD_LEAD` before its earliest delivery (`bot.briefing.build`):
   feeds → fresh stories → summaries → script → one synthesis → the edition's row. A build is
   shared: `/ringkasan` asking while it runs waits for the same one (`Scheduler.edition`).
2. Deliver each group when its time comes (`bot.briefing.delivery.Broadcast`); a group whose time
   passed while the bot was down is served late the same day, with a note saying so.
3. A day built without stories (feeds down, or no news yet) is built again `BUILD_LEAD` before a
   later group, if that is at least `EMPTY_REBUILD_AFTER` after the empty build: the 18:00
   subscriber hears the news that came after the 05:30 build found none.

One task per region at a time; a region's build failing is retried after `BUILD_RETRY`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.ext import Application, ContextTypes

from bot.briefing.build import BuildResult, after_build, build_briefing
from bot.briefing.compose import DEFAULT_LENGTH
from bot.briefing.delivery import STALE_CLAIM, Broadcast, ChatPacer, DeliveryStats, LateNote
from bot.briefing.regions import Region, catalogue, zone_name
from bot.services import Services
from bot.store.briefings import BriefingRepo, StoredBriefing
from bot.store.deliveries import MAX_ATTEMPTS
from bot.store.subscriptions import ScheduleGroup, SubscriptionRepo

logger = logging.getLogger(__name__)

JOB_NAME = "briefings"
SCHEDULER_KEY = "briefing_scheduler"
BUILD_LEAD = timedelta(minutes=30)
"""Build this long before the earliest delivery: feeds, summaries and synthesis take minutes."""
LATE_AFTER = timedelta(minutes=10)
"""A delivery starting later than this after its time says it is late."""
BUILD_RETRY = timedelta(minutes=5)
EMPTY_REBUILD_AFTER = timedelta(hours=1)
"""A day built empty is built again for a group due at least this long after the empty build."""
# -- pure timing helpers --------------------------------------------------------------------------


def due_instant(deliver_at: str, time_zone: str, now: datetime) -> datetime:
    """Today's delivery moment for a local "HH:MM" in `time_zone` (today in that zone)."""
    zone = ZoneInfo(time_zone)
    hours, minutes = (int(part) for part in deliver_at.split(":"))
    return datetime.combine(now.astimezone(zone).date(), time(hours, minutes), tzinfo=zone)


def region_day(instant: datetime, region: Region) -> date:
    """The briefing day of a delivery: the date in the region's own zone at that moment."""
    return instant.astimezone(region.zone).date()


def clock_text(deliver_at: str) -> str:
    """"06:00" → "06.00" (the Indonesian way of writing a time)."""
    return deliver_at.replace(":", ".")


@dataclass(frozen=True, slots=True)
class DueGroup:
    """A schedule group with today's delivery moment."""

    group: ScheduleGroup
    due_at: datetime
    day: date

    def late(self, now: datetime) -> LateNote | None:
        if now - self.due_at <= LATE_AFTER:
            return None
        return LateNote(clock_text(self.group.deliver_at), zone_name(self.group.time_zone))


def plan_day(groups: Sequence[ScheduleGroup], region: Region, now: datetime) -> list[DueGroup]:
    """Today's groups of one region with their moments, earliest first."""
    planned = []
    for group in groups:
        due_at = due_instant(group.deliver_at, group.time_zone, now)
        planned.append(DueGroup(group, due_at, region_day(due_at, region)))
    return sorted(planned, key=lambda g: g.due_at)


# -- the minute job ------------------------------------------------------------------------------


@dataclass(slots=True)
class Scheduler:
    """State kept between ticks: running region tasks, build failures, the per-chat pacer."""

    pacer: ChatPacer = field(default_factory=ChatPacer)
    running: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    failed_builds: dict[tuple[str, date], datetime] = field(default_factory=dict)
    building: dict[tuple[str, date, str], asyncio.Future[BuildResult]] = field(
        default_factory=dict
    )
    upload_locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    """One per file being uploaded (on-demand sends): later senders wait, then use its file_id."""
    builds: int = 0
    """Briefings built by this process (tests and logs)."""
    last_stats: dict[str, DeliveryStats] = field(default_factory=dict)

    async def tick(self, services: Services, bot: Bot) -> None:
        """Start a task for every region with something to build or send now."""
        now = services.clock()
        groups = await SubscriptionRepo(services.db).schedule_groups()
        by_region: dict[str, list[ScheduleGroup]] = {}
        for group in groups:
            by_region.setdefault(group.region, []).append(group)
        regions = catalogue(services.settings.regions_file)
        for code, region_groups in by_region.items():
            task = self.running.get(code)
            if task is not None and not task.done():
                continue
            try:
                region = regions.get(code)
            except KeyError:
                logger.warning("subscriptions to unknown region %s ignored", code)
                continue
            planned = plan_day(region_groups, region, now)
            if not any(now >= g.due_at - BUILD_LEAD for g in planned):
                continue
            self.running[code] = asyncio.create_task(
                self._run_region(region, planned, services, bot), name=f"briefing-{code}"
            )

    async def _run_region(
        self, region: Region, planned: list[DueGroup], services: Services, bot: Bot
    ) -> None:
        try:
            now = services.clock()
            repo = BriefingRepo(services.db)
            for day in dict.fromkeys(g.day for g in planned):
                todays = [g for g in planned if g.day == day]
                for length in dict.fromkeys(g.group.length for g in todays):
                    groups = [g for g in todays if g.group.length == length]
                    if not any(now >= g.due_at - BUILD_LEAD for g in groups):
                        continue
                    await self._run_edition(region, day, length, groups, services, bot, repo)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("briefing run for %s failed", region.code)

    async def _run_edition(
        self,
        region: Region,
        day: date,
        length: str,
        groups: list[DueGroup],
        services: Services,
        bot: Bot,
        repo: BriefingRepo,
    ) -> None:
        briefing = await repo.get(region.code, day, length)
        if briefing is None:
            briefing = await self._build(region, day, length, services)
        if briefing is None:
            return
        for due in groups:
            if briefing.empty and _worth_rebuilding(briefing, due, services.clock()):
                briefing = await self._build(region, day, length, services) or briefing
            if services.clock() < due.due_at:
                continue
            await self._deliver(region, briefing, due, services, bot)
            briefing = await repo.get(region.code, day, length) or briefing  # file_id now known

    async def _build(
        self, region: Region, day: date, length: str, services: Services
    ) -> StoredBriefing | None:
        failed_at = self.failed_builds.get((region.code, day))
        if failed_at is not None and services.clock() - failed_at < BUILD_RETRY:
            return None
        try:
            result = await self.shared_build(region, day, length, services)
        except Exception:
            logger.exception("building the %s briefing for %s failed", region.code, day)
            self.failed_builds[(region.code, day)] = services.clock()
            return None
        return result.briefing

    async def shared_build(
        self, region: Region, day: date, length: str, services: Services
    ) -> BuildResult:
        """Build the edition; callers asking while it is being built share that one build."""
        key = (region.code, day, length)
        task = self.building.get(key)
        if task is None or task.done():
            task = asyncio.ensure_future(self._build_now(region, day, length, services))
            self.building[key] = task
        return await asyncio.shield(task)

    async def edition(
        self, region: Region, day: date, length: str, services: Services
    ) -> StoredBriefing:
        """The day's edition: stored, or built now (once, shared with everyone asking)."""
        stored = await BriefingRepo(services.db).get(region.code, day, length)
        if stored is not None:
            return stored
        return (await self.shared_build(region, day, length, services)).briefing

    async def _build_now(
        self, region: Region, day: date, length: str, services: Services
    ) -> BuildResult:
        result = await build_briefing(region, day, services, length=length)
        self.builds += 1
        if length == DEFAULT_LENGTH:
            await after_build(result.briefing, region, services)
        return result

    async def _deliver(
        self, region: Region, briefing: StoredBriefing, due: DueGroup, services: Services, bot: Bot
    ) -> None:
        now = services.clock()
        recipients = await SubscriptionRepo(services.db).pending_recipients(
            region.code,
            due.day.isoformat(),
            stale_before=now - STALE_CLAIM,
            max_attempts=MAX_ATTEMPTS,
            deliver_at=due.group.deliver_at,
            time_zone=due.group.time_zone,
            length=due.group.length,
        )
        if not recipients:
            return
        broadcast = Broadcast(
            bot, services.db, briefing, region.name, clock=services.clock, pacer=self.pacer,
            empty_policy=services.settings.briefing_empty, paid=services.settings.paid_broadcast,
            rate=services.settings.overall_rate,
        )  # fmt: skip
        self.last_stats[region.code] = await broadcast.run(recipients, due.late(now))

    async def wait_idle(self) -> None:
        """Wait for the region tasks started so far (tests, shutdown)."""
        tasks = [t for t in self.running.values() if not t.done()]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    async def stop(self) -> None:
        """Cancel the region tasks; each lets its messages in flight finish and be recorded."""
        tasks = [t for t in self.running.values() if not t.done()]
        for task in tasks:
            task.cancel()
        with contextlib.suppress(BaseException):
            await asyncio.gather(*tasks, return_exceptions=True)


def _worth_rebuilding(briefing: StoredBriefing, due: DueGroup, now: datetime) -> bool:
    """Whether an empty briefing should be built again for `due` (its build moment has come and
    falls well after the empty build)."""
    build_at = due.due_at - BUILD_LEAD
    return now >= build_at and build_at - briefing.created_at >= EMPTY_REBUILD_AFTER


def scheduler_of(application: Application) -> Scheduler:
    return application.bot_data.setdefault(SCHEDULER_KEY, Scheduler())


async def on_minute(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue callback: one scheduler tick."""
    services: Services = context.application.bot_data["services"]
    await scheduler_of(context.application).tick(services, context.bot)


def start_job(application: Application, interval_s: float = 60.0) -> None:
    """Register the minute job (replacing one of the same name), first run a few seconds in."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    for job in queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    queue.run_repeating(on_minute, interval=interval_s, first=5.0, name=JOB_NAME)


__all__ = [
    "BUILD_LEAD",
    "LATE_AFTER",
    "Scheduler",
    "build_briefing",
    "due_instant",
    "on_minute",
    "plan_day",
    "region_day",
    "start_job",
]
