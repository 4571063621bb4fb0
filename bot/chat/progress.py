"""The status message of a reading: the stage and percentage, edited every few seconds, with the
'recording voice' chat action kept alive meanwhile.

Screen readers announce new messages, not edits: anything the listener must know (a failure, the
queue place) is sent as a new message (`notify`), and the status message is deleted at the end."""

from __future__ import annotations

import asyncio
import contextlib
import time

from telegram import Message
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.chat.request import Request
from bot.chat.texts import text

PROGRESS_EVERY_S = 3.0
"""Telegram allows about one edit a second per chat; every 3 s is calm for screen readers."""
CHAT_ACTION_EVERY_S = 4.0
"""A chat action shows for at most 5 s."""


class Progress:
    """One status message, edited at most every few seconds with the stage and percentage."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.status: Message | None = None
        self.stage = "stage_fetch"
        self.title = ""
        self.percent = 0
        self._shown = ""
        self._last_edit = 0.0
        self._ticker: asyncio.Task[None] | None = None
        self._told_queue = False
        self._told_fallback = False
        self._notices: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._shown = text("stage_fetch", self.request.language)
        self.status = await self.request.message.reply_text(self._shown)
        self._last_edit = time.monotonic()
        self.request.reader.progress_active += 1
        self._ticker = asyncio.create_task(self._keep_alive())

    def on_chunk(self, done: int, total: int) -> None:
        self.percent = int(100 * done / max(total, 1))

    def set_stage(self, stage: str, title: str = "") -> None:
        self.stage, self.percent = stage, 0
        self.title = title or self.title

    def current_text(self) -> str:
        return text(self.stage, self.request.language, title=self.title, percent=self.percent)

    async def show(self, message: str, force: bool = False) -> None:
        now = time.monotonic()
        if self.status is None or message == self._shown:
            return
        if not force and now - self._last_edit < self.request.reader.progress_every(
            PROGRESS_EVERY_S
        ):
            return
        self._shown, self._last_edit = message, now
        with contextlib.suppress(TelegramError):
            await self.status.edit_text(message)

    async def notify(self, message: str) -> None:
        """Tell the listener something that matters, as a new message (announced when it comes)."""
        with contextlib.suppress(TelegramError):
            await self.request.message.reply_text(message)

    async def tell_queue(self, position: int) -> None:
        """The place in the synthesis queue: a new message, once per reading; shown as status."""
        message = text("queue_position", self.request.language, n=position)
        if not self._told_queue:
            self._told_queue = True
            await self.notify(message)
        await self.show(message, force=True)

    def on_fallback(self) -> None:
        """The backup voice just took over (called from inside the synthesis): say so now."""
        task = asyncio.create_task(self.tell_fallback())
        self._notices.add(task)
        task.add_done_callback(self._notices.discard)

    async def tell_fallback(self) -> None:
        """The main voice service failed and the backup voice reads: said once, before the
        audio it concerns."""
        if not self._told_fallback:
            self._told_fallback = True
            await self.notify(text("fallback_voice", self.request.language))

    async def _keep_alive(self) -> None:
        bot = self.request.message.get_bot()
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(self.request.message.chat_id, ChatAction.RECORD_VOICE)
            await self.show(self.current_text())
            await asyncio.sleep(self.request.reader.progress_every(CHAT_ACTION_EVERY_S))

    async def fail(self, key: str, **values: object) -> None:
        """Say what failed in a new message, then remove the status message."""
        self._stop()
        await self.notify(text(key, self.request.language, **values))
        await self.finish()

    async def finish(self) -> None:
        self._stop()
        if self.status is not None:
            with contextlib.suppress(TelegramError):
                await self.status.delete()

    def _stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
            self.request.reader.progress_active -= 1
