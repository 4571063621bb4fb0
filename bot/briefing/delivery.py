"""Send one built briefing to many chats: exactly once each, within Telegram's limits.

- The first voice note is uploaded; everyone else gets it by `file_id` (kept with the briefing).
- At most one message a second per chat (`ChatPacer`); the overall rate (≈30 messages a second)
  is the bot's `AIORateLimiter`. `RetryAfter` is waited out and the same message retried.
- `Forbidden` (blocked bot, deleted account) deactivates that chat's subscriptions.
- Each chat is claimed in the `deliveries` table before anything is sent, and each message is
  recorded as soon as Telegram accepts it (see `bot.store.deliveries`). Cancelling a run lets the
  messages in flight finish and be recorded, so a restarted run sends every chat exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import time
import warnings
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot, LinkPreviewOptions
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.briefing.compose import date_words
from bot.briefing.keyboards import briefing_buttons, story_keyboard, story_list
from bot.chat.texts import text
from bot.chat.upload import Outgoing, send_shared
from bot.config import DEFAULT_RATE, PAID_RATE, Settings
from bot.store.briefings import BriefingRepo, StoredBriefing
from bot.store.database import Database
from bot.store.deliveries import MAX_ATTEMPTS, Claim, DeliveryRepo
from bot.store.subscriptions import Recipient, SubscriptionRepo

logger = logging.getLogger(__name__)

PER_CHAT_INTERVAL_S = 1.0
STALE_CLAIM = timedelta(minutes=2)
"""A claim this old belongs to a run that died (one chat's two messages take seconds)."""
RETRY_AFTER_TRIES = 5
RETRY_AFTER_MAX_S = 600.0


def workers_for(rate: float) -> int:
    """Chats served at once: each takes about a second for its two messages, so a little more
    than rate / 2 keeps the overall limiter, not the workers, the bottleneck."""
    return max(4, min(256, math.ceil(rate * 0.6) + 2))


class ChatPacer:
    """At most one message per `interval_s` to each chat, across every delivery of the process.

    The interval runs from the moment Telegram answered the previous message, so a delay in the
    overall rate limiter can never squeeze two messages to one chat closer together.
    """

    def __init__(self, interval_s: float = PER_CHAT_INTERVAL_S) -> None:
        self.interval_s = interval_s
        self._next: dict[int, float] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    @contextlib.asynccontextmanager
    async def slot(self, chat_id: int) -> AsyncIterator[None]:
        """Hold the chat's turn: wait for its interval, send inside the block."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            delay = self._next.get(chat_id, 0.0) - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                yield
            finally:
                self._next[chat_id] = time.monotonic() + self.interval_s
        if len(self._locks) > 50_000:
            self._prune()

    def _prune(self) -> None:
        now = time.monotonic()
        for chat_id in [c for c, t in self._next.items() if t < now]:
            lock = self._locks.get(chat_id)
            if lock is None or not lock.locked():
                self._locks.pop(chat_id, None)
                self._next.pop(chat_id, None)


@dataclass(frozen=True, slots=True)
class LateNote:
    """The delivery is late: it was due at this local time."""

    time_text: str
    """"06.00"."""
    zone: str
    """"WIB"."""


@dataclass(slots=True)
class DeliveryStats:
    """What a run did."""

    sent: int = 0
    resumed: int = 0
    """Chats whose voice note an earlier run sent: only the text went now."""
    failed: int = 0
    deactivated: int = 0
    released: int = 0
    skipped: int = 0
    uploads: int = 0
    retry_after_waits: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float = 0.0

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started


class _Released(Exception):
    """The chat's claim was given back (nothing more sent); the next run tries again."""


class Broadcast:
    """Deliver one stored briefing to recipients.

    Args:
        empty_policy: for a day without news, "note" sends the short text, "skip" sends nothing.
    """

    def __init__(
        self,
        bot: Bot,
        db: Database,
        briefing: StoredBriefing,
        region_name: str,
        *,
        clock: Callable[[], datetime],
        pacer: ChatPacer | None = None,
        workers: int | None = None,
        empty_policy: str = "note",
        paid: bool = False,
        rate: float | None = None,
    ) -> None:
        self.bot = bot
        self.briefing = briefing
        self.region_name = region_name
        self.clock = clock
        self.pacer = pacer or ChatPacer()
        self.paid = paid
        self.workers = workers or workers_for(rate or (PAID_RATE if paid else DEFAULT_RATE))
        self.empty_policy = empty_policy
        self.extra: dict[str, object] = {"allow_paid_broadcast": True} if self.paid else {}
        self.buttons = briefing_buttons(briefing) if not briefing.empty else None
        self.stories = story_keyboard(briefing)
        self.deliveries = DeliveryRepo(db)
        self.subscriptions = SubscriptionRepo(db)
        self.briefings = BriefingRepo(db)
        self.file_id = briefing.file_id
        self.stats = DeliveryStats()
        self._upload_lock = asyncio.Lock()
        self._stopping = False
        weekday, day_text = date_words(briefing.day)
        self.caption = text("briefing_caption", region=region_name, weekday=weekday,
                            date=day_text)[: MessageLimit.CAPTION_LENGTH]  # fmt: skip

    # -- the run ----------------------------------------------------------------------------------

    async def run(
        self, recipients: Sequence[Recipient], late: LateNote | None = None
    ) -> DeliveryStats:
        """Deliver to each recipient not yet served today; safe to cancel at any point."""
        day = self.briefing.day.isoformat()
        if self.briefing.empty and self.empty_policy == "skip":
            for recipient in recipients:
                claim = await self._claim(recipient, day, late)
                if claim is not None:
                    await self.deliveries.failed(claim, self.clock(), "skipped: no news")
                    self.stats.skipped += 1
            return self._done()
        queue: list[Recipient] = list(recipients)
        needs_upload = not self.briefing.empty and self.file_id is None
        while needs_upload and queue and self.file_id is None:  # one upload, then file_ids
            await self._shielded(queue.pop(0), day, late)
        pending: asyncio.Queue[Recipient] = asyncio.Queue()
        for recipient in queue:
            pending.put_nowait(recipient)

        async def worker() -> None:
            while not pending.empty():
                await self._shielded(pending.get_nowait(), day, late)

        tasks = [asyncio.create_task(worker()) for _ in range(min(self.workers, len(queue)))]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            self._stopping = True
            for task in tasks:  # gather cancelled them if we were cancelled; else stop them now
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return self._done()

    def _done(self) -> DeliveryStats:
        self.stats.finished = time.monotonic()
        logger.info(
            "briefing %s %s: %d sent, %d resumed, %d failed, %d deactivated, %d released, "
            "%d skipped in %.1f s",
            self.briefing.region, self.briefing.day, self.stats.sent, self.stats.resumed,
            self.stats.failed, self.stats.deactivated, self.stats.released, self.stats.skipped,
            self.stats.seconds,
        )  # fmt: skip
        return self.stats

    async def _shielded(self, recipient: Recipient, day: str, late: LateNote | None) -> None:
        """Serve one chat; a cancellation waits until its message in flight is recorded."""
        unit = asyncio.ensure_future(self._serve(recipient, day, late))
        try:
            await asyncio.shield(unit)
        except asyncio.CancelledError:
            self._stopping = True
            while not unit.done():  # a second cancellation must not cut the unit short either
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.shield(unit)
            raise

    async def _claim(self, recipient: Recipient, day: str, late: LateNote | None) -> Claim | None:
        now = self.clock()
        return await self.deliveries.claim(
            self.briefing.region,
            day,
            recipient.chat_id,
            now,
            stale_before=now - STALE_CLAIM,
            late=late is not None,
            max_attempts=MAX_ATTEMPTS,
        )

    async def _serve(self, recipient: Recipient, day: str, late: LateNote | None) -> None:
        if self._stopping:
            return
        claim = await self._claim(recipient, day, late)
        if claim is None:
            return
        chat_id = recipient.chat_id
        try:
            if claim.send_voice and not self.briefing.empty:
                await self._send_voice(chat_id)
                await self.deliveries.voice_sent(claim, self.clock())
            if self._stopping:
                raise _Released("stopping")
            await self._send(lambda: self.bot.send_message(
                chat_id,
                self._message_text(recipient.language, late),
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=self.stories, **self.extra,
            ), chat_id)  # fmt: skip
            await self.deliveries.sent(claim, self.clock())
            if not self.briefing.empty:
                await self.briefings.set_last(chat_id, self.briefing)
            if claim.send_voice:
                self.stats.sent += 1
            else:
                self.stats.resumed += 1
        except Forbidden as exc:
            await self.deliveries.failed(claim, self.clock(), f"forbidden: {exc.message}")
            stopped = await self.subscriptions.deactivate_chat(chat_id)
            self.stats.failed += 1
            self.stats.deactivated += 1
            logger.info("chat %s blocked the bot: %d subscriptions stopped", chat_id, stopped)
        except BadRequest as exc:
            await self.deliveries.failed(claim, self.clock(), f"bad request: {exc.message}")
            self.stats.failed += 1
            logger.warning("briefing to chat %s refused: %s", chat_id, exc.message)
        except (_Released, NetworkError, RetryAfter) as exc:
            # Nothing of this step reached the chat: give the claim back for the next run.
            await self.deliveries.release(claim)
            self.stats.released += 1
            if not isinstance(exc, _Released):
                logger.warning("briefing to chat %s postponed: %s", chat_id, exc)
        except Exception:
            await self.deliveries.release(claim)
            self.stats.released += 1
            logger.exception("briefing to chat %s failed unexpectedly", chat_id)

    async def _send_voice(self, chat_id: int) -> None:
        """The briefing's voice note through the one audio sender: by file_id once an upload
        gave one. A stale file_id is uploaded again once, under a lock, whatever the number of
        workers that met it; the others then use the new file_id."""
        async def known() -> str | None:
            return self.file_id

        async def remember(file_id: str) -> None:
            self.file_id = file_id
            await self.briefings.set_file_id(self.briefing.region, self.briefing.day,
                                             file_id, self.briefing.length)  # fmt: skip

        audio = Outgoing(
            None, self.briefing.audio_path, self.briefing.duration_s or 0, self.caption,
            reply_markup=self.buttons, extra=tuple(self.extra.items()),
        )  # fmt: skip
        uploaded = await send_shared(
            self.bot, chat_id, audio, known=known, remember=remember, lock=self._upload_lock,
            send=functools.partial(self._send, chat_id=chat_id),
        )  # fmt: skip
        self.stats.uploads += uploaded

    async def _send(self, call: Callable[[], object], chat_id: int) -> object:
        """One message: paced per chat; RetryAfter waited out and retried a few times."""
        for attempt in range(RETRY_AFTER_TRIES):
            try:
                async with self.pacer.slot(chat_id):
                    if self._stopping:  # nothing sent yet: leave it to the next run
                        raise _Released("stopping")
                    return await call()  # type: ignore[misc]
            except RetryAfter as exc:
                delay = retry_after_seconds(exc)
                if attempt == RETRY_AFTER_TRIES - 1 or delay > RETRY_AFTER_MAX_S:
                    raise
                self.stats.retry_after_waits += 1
                logger.info("flood control: waiting %.1f s before chat %s", delay, chat_id)
                await asyncio.sleep(delay)
        raise TelegramError("unreachable")

    def _message_text(self, language: str, late: LateNote | None) -> str:
        note = ""
        if late is not None:
            note = text("briefing_late", language, time=late.time_text, zone=late.zone)
        return story_list(self.briefing, language, note)


def make_bot(settings: Settings, rate: float | None = None) -> ExtBot[None]:
    """A bot for sending outside `suara serve` (CLI, benchmark): the configured overall rate
    through AIORateLimiter, RetryAfter left to `Broadcast`, a connection pool for the workers."""
    rate = rate or settings.overall_rate
    base = settings.telegram_api.rstrip("/")
    return ExtBot(
        settings.telegram_token,
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
        request=HTTPXRequest(connection_pool_size=workers_for(rate) + 8, media_write_timeout=60),
        rate_limiter=AIORateLimiter(overall_max_rate=rate, overall_time_period=1, max_retries=0),
    )


def retry_after_seconds(exc: RetryAfter) -> float:
    """`RetryAfter.retry_after` in seconds (PTB 22 gives an int with a deprecation warning, or a
    timedelta when PTB_TIMEDELTA is set)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        delay = exc.retry_after
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)


__all__ = [
    "Broadcast",
    "ChatPacer",
    "DeliveryStats",
    "LateNote",
    "make_bot",
    "retry_after_seconds",
    "workers_for",
]
