"""Queue mode, bot side: record the listener's request and hand the reading to a worker."""

from __future__ import annotations

import contextlib

from telegram.error import TelegramError

from bot.chat.request import Request
from bot.chat.texts import text
from bot.queue.app import enqueue_reading
from bot.store.readings import ReadingRequestRepo


async def submit_reading(request: Request, url: str) -> None:
    """A "please wait" message, a request row (refused above the user's pending limit, counted
    in the database across instances) and a job; a worker sends the answer."""
    services = request.services
    status = await request.message.reply_text(text("working_link", request.language))
    request_id = await ReadingRequestRepo(services.db).add(
        user_id=request.user.user_id, chat_id=request.message.chat_id, link=url,
        language=request.language, reading_mode=request.user.reading_mode, fmt=request.fmt,
        now=services.clock(), max_pending=services.settings.max_pending_per_user,
        status_message_id=status.message_id, voice=request.user.voice, speed=request.speed,
    )  # fmt: skip
    if request_id is None:  # said in a new message: screen readers do not announce edits
        n = services.settings.max_pending_per_user
        await request.message.reply_text(text("queue_full", request.language, n=n))
        with contextlib.suppress(TelegramError):
            await status.delete()
        return
    await enqueue_reading(services.queue, url, request.fmt, request.user.voice, request.speed)
