"""Sending a reading's audio to Telegram: by file_id when Telegram has it, else uploaded (retried
once when nothing arrived), and the new file_ids remembered for the next listener."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut

from bot.audio.housekeeping import touch
from bot.chat.request import Request
from bot.chat.texts import text
from bot.models import Narration
from bot.ops import metrics
from bot.store.articles import ArticleRepo, StoredAudio

logger = logging.getLogger(__name__)

UPLOAD_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One voice note or audio file to send: by file_id when Telegram has it, else from `path`."""

    file_id: str | None
    path: str | None
    duration_s: float
    caption: str
    title: str
    performer: str
    """The site, shown as the artist in music players (MP3 format)."""


async def upload_and_remember(
    request: Request, narration: Narration, url: str, kind: str, part: int, caption: str
) -> None:
    """Upload a fresh narration and store its file_id with the article's audio (not fallbacks)."""
    article = narration.article
    file_id = await send_audio(
        request,
        Outgoing(None, narration.audio.path, narration.audio.duration_s, caption, article.title,
                 article.site),
    )  # fmt: skip
    if not url or narration.fell_back:
        return  # a fallback voice is not worth keeping: next time gTTS gets another chance
    await ArticleRepo(request.services.db).save_audio(
        url,
        StoredAudio(
            audio_key=narration.audio_key, part=part, kind=kind, format=narration.audio.format,
            path=narration.audio.path, duration_s=narration.audio.duration_s,
            size_bytes=narration.audio.size_bytes, engine=narration.engine, file_id=file_id,
        ),
        request.services.clock(),
    )  # fmt: skip


async def send_audio(request: Request, audio: Outgoing) -> str | None:
    """Send by file_id or upload the file; voice note (OGG/Opus) or MP3 audio. Returns file_id.

    A refused connection or a gateway error means Telegram got nothing, so it is tried once more.
    A time-out is not retried: the audio may have arrived, and a duplicate is worse than a note
    asking the listener to send the link again.
    """
    started = time.monotonic()
    for attempt in range(UPLOAD_ATTEMPTS):
        try:
            sent = await _send_audio_once(request, audio)
            metrics.delivery_done(kind="reading", seconds=time.monotonic() - started)
            return sent
        except Forbidden:
            metrics.delivery_done(kind="reading", outcome="blocked")
            raise
        except TimedOut:
            metrics.delivery_done(kind="reading", outcome="failed")
            logger.warning("audio upload timed out; not retried to avoid a duplicate")
            with contextlib.suppress(TelegramError):
                await request.message.reply_text(text("upload_uncertain", request.language))
            return None
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or attempt + 1 >= UPLOAD_ATTEMPTS:
                raise
            logger.warning("audio upload failed (%s); trying once more", exc)
            await asyncio.sleep(1.0)
    return None


async def _send_audio_once(request: Request, audio: Outgoing) -> str | None:
    message = request.message
    duration = max(1, round(audio.duration_s))
    caption = audio.caption or None
    handle = None
    try:
        if audio.file_id:
            media: object = audio.file_id
        else:
            assert audio.path is not None
            touch(audio.path)  # recently used: the cache's size cap removes older files first
            handle = Path(audio.path).open("rb")  # noqa: SIM115 - closed below
            media = handle
        if request.fmt == "mp3":
            sent = await message.reply_audio(
                audio=media, duration=duration, title=audio.title[:64] or None,
                performer=audio.performer or None, caption=caption,
            )  # fmt: skip
            return sent.audio.file_id if sent.audio else audio.file_id
        sent = await message.reply_voice(voice=media, duration=duration, caption=caption)
        return sent.voice.file_id if sent.voice else audio.file_id
    finally:
        if handle is not None:
            handle.close()
