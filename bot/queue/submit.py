"""Queue mode, bot side: record the listener's request and hand the reading to a worker."""

from __future__ import annotations

import contextlib

from telegram.error import TelegramError

from bot.chat.request import Request
from bot.chat.texts import text
from bot.queue.app import enqueue_reading
from bot.store.readings import ReadingRequestRepo


async def submit_reading(request: Request, url: str) -> None:
    """A "please wait" message, a request row and a job; a worker sends the answer.

    Refused, with a reason, when the chat already waits for this link or the user has too many
    readings pending: both decided by the database, so they hold across bot instances."""
    services = request.services
    repo, chat_id = ReadingRequestRepo(services.db), request.message.chat_id
    if await repo.is_open(chat_id, url):
        await request.message.reply_text(text("already_reading", request.language))
        return
    status = await request.message.reply_text(text("working_link", request.language))
    request_id = await repo.add(
        user_id=request.user.user_id, chat_id=chat_id, link=url,
        language=request.language, reading_mode=request.user.reading_mode, fmt=request.fmt,
        now=services.clock(), max_pending=services.settings.max_pending_per_user,
        status_message_id=status.message_id, voice=request.user.voice, speed=request.speed,
    )  # fmt: skip
    if request_id is None:  # said in a new message: screen readers do not announce edits
        n = services.settings.max_pending_per_user
        said = (text("already_reading", request.language) if await repo.is_open(chat_id, url)
                else text("queue_full", request.language, n=n))  # fmt: skip
        await request.message.reply_text(said)
        with contextlib.suppress(TelegramError):
            await status.delete()
        return
    await enqueue_reading(services.queue, url, request.fmt, request.user.voice, request.speed)
