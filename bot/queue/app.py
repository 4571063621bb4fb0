"""The job queue: procrastinate on the bot's own PostgreSQL (no second server to run).

- `suara.reading`: one job per link and audio format. Its queueing lock and lock are the job key,
  so requests for the same link from any bot instance share one waiting job, and two jobs of one
  key never run at once (a second one, deferred while the first was running, finds the audio
  stored and only sends). Failures are retried (READING_RETRIES), with listeners told on the
  last try.
- `suara.briefing_tick`: the briefing scheduler's minute tick as a periodic job with a lock:
  any number of workers schedule it, one runs it at a time.
- A worker that dies (kill -9) stops sending heartbeats; after SUARA_WORKER_STALLED_S the other
  workers retry its jobs, which resume each listener at the first message not yet sent.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import tempfile
import time
from pathlib import Path

from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.jobs import Job, Status
from telegram import Bot
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.queue.jobs import Runtime, run_reading
from bot.services import Services
from bot.store.db import open_db
from bot.store.readings import job_key

logger = logging.getLogger(__name__)

READINGS_QUEUE = "readings"
BRIEFINGS_QUEUE = "briefings"
READING_TASK = "suara.reading"
BRIEFING_TASK = "suara.briefing_tick"
READING_RETRIES = 2
"""Retries after a failed try (3 tries in all)."""
HEARTBEATS_PER_STALL = 5
"""Heartbeats a worker sends within `Settings.worker_stalled_s`."""


def make_app(url: str) -> App:
    """A procrastinate App on `url` with Suara Berita's tasks."""
    app = App(
        connector=PsycopgConnector(conninfo=url, min_size=1, max_size=4),
        periodic_defaults={"max_delay": 120},
    )

    @app.task(name=READING_TASK, queue=READINGS_QUEUE, pass_context=True,
              retry=RetryStrategy(max_attempts=READING_RETRIES, wait=1))  # fmt: skip
    async def reading(
        context: JobContext, key: str, url: str, fmt: str, voice: str = "", speed: float = 1.0
    ) -> int:
        runtime: Runtime = context.additional_context["runtime"]
        last_try = context.job.attempts >= READING_RETRIES
        return await run_reading(runtime, key, url, fmt, last_try=last_try, voice=voice,
                                 speed=speed)  # fmt: skip

    @app.periodic(cron="* * * * *", periodic_id="minute")
    @app.task(name=BRIEFING_TASK, queue=BRIEFINGS_QUEUE, pass_context=True,
              queueing_lock="briefing-tick", lock="briefing-tick")  # fmt: skip
    async def briefing_tick(context: JobContext, timestamp: int) -> None:
        await run_briefing_tick(context.additional_context["runtime"])

    del reading, briefing_tick  # registered on the app by name
    return app


async def enqueue_reading(
    app: App, url: str, fmt: str, voice: str = "", speed: float = 1.0
) -> bool:
    """Ask a worker for the reading of `url` in this voice and speed; False when a waiting job
    already covers it."""
    key = job_key(url, fmt, voice, speed)
    try:
        await app.configure_task(READING_TASK, queueing_lock=key, lock=key).defer_async(
            key=key, url=url, fmt=fmt, voice=voice, speed=speed
        )
    except AlreadyEnqueued:
        return False  # that job has not started: it will answer this request too
    return True


async def run_briefing_tick(runtime: Runtime) -> None:
    """One scheduler tick, waited for to the end (the job's lock keeps ticks from overlapping)."""
    from bot.briefing.schedule import Scheduler

    scheduler = Scheduler()
    services = Services(runtime.settings, runtime.db, clock=runtime.clock)
    await scheduler.tick(services, runtime.bot)
    running = [task for task in scheduler.running.values() if not task.done()]
    if running:
        await asyncio.gather(*running, return_exceptions=True)


def alive_file(name: str) -> Path:
    """Touched by a healthy worker after each stalled-job check (`suara worker --health`)."""
    return Path(tempfile.gettempdir()) / f"suara-worker-{name}.alive"


def is_alive(name: str, stalled_s: float, now: float | None = None) -> bool:
    """Whether the worker `name` on this machine checked the queue within `stalled_s`."""
    try:
        age = (now or time.time()) - alive_file(name).stat().st_mtime
    except OSError:
        return False
    return age < stalled_s


async def recover_stalled(app: App, stalled_s: float, name: str) -> None:
    """Retry the jobs of workers whose heartbeat stopped (runs in every worker)."""
    while True:
        try:
            stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_s)
            for job in stalled:
                await _take_over(app, job)
            alive_file(name).touch()
        except Exception:
            logger.exception("stalled-job check failed")
        await asyncio.sleep(stalled_s / 2)


async def _take_over(app: App, job: Job) -> None:
    """Retry a dead worker's job; if a newer job for the same link already waits (its queueing
    lock forbids a second one), end the dead one instead: the waiting job claims its requests,
    `sending` ones included, and resumes them where they stopped."""
    try:
        await app.job_manager.retry_job(job)
        logger.warning("retried job %s of a stalled worker", job.id)
    except UniqueViolation:
        await app.job_manager.finish_job(job, status=Status.FAILED, delete_job=False)
        logger.warning("job %s of a stalled worker handed to the job waiting for its link", job.id)
    except Exception:  # another worker took it over first
        logger.debug("job %s already taken over", job.id, exc_info=True)


def telegram_bot(settings: Settings) -> Bot:
    """The worker's Bot API client, held under Telegram's overall rate like the bot's own
    (per worker process; a 429 still ends in a retry that resumes where it stopped)."""
    base = settings.telegram_api.rstrip("/")
    return ExtBot(
        settings.telegram_token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot",
        rate_limiter=AIORateLimiter(overall_max_rate=settings.overall_rate, max_retries=2),
        request=HTTPXRequest(media_write_timeout=120),
    )  # fmt: skip


async def run_worker(
    settings: Settings, concurrency: int, name: str | None = None, signals: bool = True
) -> None:
    """`suara worker`: run reading and briefing jobs until SIGINT/SIGTERM (or cancelled)."""
    name = name or socket.gethostname()
    db = await open_db(settings.db_path)  # migrates, procrastinate's schema included
    app = make_app(settings.db_path)
    try:
        async with app.open_async(), telegram_bot(settings) as bot:
            runtime = Runtime(settings, db, bot)
            stalled_s = settings.worker_stalled_s
            recovery = asyncio.create_task(recover_stalled(app, stalled_s, name))
            try:
                await app.run_worker_async(
                    queues=[READINGS_QUEUE, BRIEFINGS_QUEUE], concurrency=concurrency, name=name,
                    additional_context={"runtime": runtime}, install_signal_handlers=signals,
                    update_heartbeat_interval=stalled_s / HEARTBEATS_PER_STALL,
                    stalled_worker_timeout=stalled_s,
                )  # fmt: skip
            finally:
                recovery.cancel()
    finally:
        await db.close()
