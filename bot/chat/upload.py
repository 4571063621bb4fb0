"""The one way audio reaches Telegram, for readings and briefings alike.

- By file_id first when Telegram has the file; a stale file_id (refused as a wrong file) is
  forgotten (`on_stale`) and the file uploaded instead, once.
- A gateway error or a refused connection means Telegram got nothing: tried once more. A
  time-out is not retried (the audio may have arrived; a duplicate is worse), nor is a file
  Telegram finds too large (413), a bad request or a blocked chat.
- Flood control (429) is left to the caller's `send` wrapper (the bot's rate limiter, or the
  broadcast's pacer), which sees every call.
- Every outcome is counted (`suara_deliveries_total{kind,outcome}`).

Errors leave as Telegram's own exceptions; `SendFailed` turns one into words for a listener.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

from telegram import Bot, Message, ReplyParameters
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut

from bot.audio.housekeeping import touch
from bot.chat.request import Request
from bot.chat.texts import text
from bot.errors import SuaraError
from bot.models import Narration
from bot.ops import metrics
from bot.store.articles import ArticleRepo, StoredAudio

logger = logging.getLogger(__name__)

UPLOAD_ATTEMPTS = 2
RETRY_PAUSE_S = 1.0

Call = Callable[[], Awaitable[Message]]
Send = Callable[[Call], Awaitable[object]]
"""Runs one Bot API call (pacing, flood control) and returns its message."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One voice note or audio file to send: by file_id when Telegram has it, else from `path`."""

    file_id: str | None
    path: str | None
    duration_s: float
    caption: str
    title: str = ""
    performer: str = ""
    """The site, shown as the artist in music players (MP3 format)."""
    fmt: str = "ogg"
    """"ogg": a voice note; "mp3": an audio file for the music player."""
    reply_markup: object | None = None
    """Buttons under the audio (a briefing's "Putar lagi" / "Teks lengkap" / ...)."""
    extra: tuple[tuple[str, object], ...] = ()
    """Further Bot API parameters, e.g. (("allow_paid_broadcast", True),)."""


class SendFailed(SuaraError):
    """Audio could not be sent to Telegram: says which audio, in the listener's words."""

    key = "error_upload"

    def __init__(self, what: str, too_large: bool = False, detail: str = "") -> None:
        super().__init__(detail or what)
        self.values = {"what": what}
        if too_large:
            self.key = "error_upload_too_large"


def is_stale_file_id(exc: BadRequest) -> bool:
    """Telegram refused the file reference itself (wrong, expired or another bot's file_id)."""
    return "file" in exc.message.lower()


def is_too_large(exc: TelegramError) -> bool:
    message = exc.message.lower()
    return "too large" in message or "413" in message


async def send_audio(
    bot: Bot,
    chat_id: int,
    audio: Outgoing,
    *,
    kind: str = "reading",
    reply_to: int | None = None,
    send: Send | None = None,
    on_stale: Callable[[str], Awaitable[None]] | None = None,
) -> str | None:
    """Send `audio` to `chat_id`; the file_id Telegram now knows it by.

    Raises Telegram's exception when it could not be sent (after the retries above).
    """
    started = time.monotonic()
    try:
        if audio.file_id:
            try:
                message = await _attempts(lambda: _once(bot, chat_id, audio, audio.file_id,
                                                        reply_to), send, kind)  # fmt: skip
                metrics.delivery_done(kind=kind, seconds=time.monotonic() - started)
                return _file_id(message) or audio.file_id
            except BadRequest as exc:
                if not is_stale_file_id(exc) or not audio.path or not Path(audio.path).exists():
                    raise
                logger.warning("stored file_id refused (%s): uploading the file", exc.message)
                if on_stale is not None:
                    await on_stale(audio.file_id)
        if not audio.path:
            raise BadRequest("no file to upload")
        touch(audio.path)  # recently used: the cache's size cap removes older files first
        message = await _attempts(lambda: _upload(bot, chat_id, audio, reply_to), send, kind)
        metrics.delivery_done(kind=kind, seconds=time.monotonic() - started)
        return _file_id(message)
    except Forbidden:
        metrics.delivery_done(kind=kind, outcome="blocked")
        raise
    except TelegramError:
        metrics.delivery_done(kind=kind, outcome="failed", seconds=time.monotonic() - started)
        raise


async def send_shared(
    bot: Bot,
    chat_id: int,
    audio: Outgoing,
    *,
    known: Callable[[], Awaitable[str | None]],
    remember: Callable[[str], Awaitable[None]],
    lock: asyncio.Lock,
    kind: str = "briefing",
    send: Send | None = None,
) -> bool:
    """Send audio that many chats get (a briefing, one of its stories) by its stored file_id.

    The first sender to find no file_id, or a stale one, uploads `audio.path` under `lock` and
    `remember`s the new file_id; the others wait, then send that. True when this call uploaded.
    """
    file_id = await known()
    if file_id is not None:
        try:
            await send_audio(bot, chat_id, replace(audio, file_id=file_id, path=None),
                             kind=kind, send=send)  # fmt: skip
            return False
        except BadRequest as exc:
            if not is_stale_file_id(exc):
                raise
            logger.warning("stored file_id refused (%s): uploading again", exc.message)
    async with lock:
        fresh = await known()
        if fresh is not None and fresh != file_id:  # another sender uploaded meanwhile
            await send_audio(bot, chat_id, replace(audio, file_id=fresh, path=None),
                             kind=kind, send=send)  # fmt: skip
            return False
        uploaded = await send_audio(bot, chat_id, replace(audio, file_id=None), kind=kind,
                                    send=send)  # fmt: skip
        if uploaded is not None:
            await remember(uploaded)
        return True


async def _attempts(call: Call, send: Send | None, kind: str) -> Message:
    for attempt in range(UPLOAD_ATTEMPTS):
        try:
            result = await (send(call) if send is not None else call())
        except (BadRequest, TimedOut):
            raise
        except NetworkError as exc:
            if is_too_large(exc) or attempt + 1 >= UPLOAD_ATTEMPTS:
                raise
            logger.warning("audio send failed (%s); trying once more", exc)
            metrics.delivery_done(kind=kind, outcome="retried")
            await asyncio.sleep(RETRY_PAUSE_S)
            continue
        return result  # type: ignore[return-value]
    raise NetworkError("unreachable")


async def _upload(bot: Bot, chat_id: int, audio: Outgoing, reply_to: int | None) -> Message:
    assert audio.path is not None
    with Path(audio.path).open("rb") as handle:
        return await _once(bot, chat_id, audio, handle, reply_to)


async def _once(
    bot: Bot, chat_id: int, audio: Outgoing, media: object, reply_to: int | None
) -> Message:
    duration = max(1, round(audio.duration_s))
    caption = audio.caption or None
    reply = (
        ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    )
    more = {"reply_markup": audio.reply_markup, **dict(audio.extra)}
    if audio.fmt == "mp3":
        return await bot.send_audio(
            chat_id, audio=media, duration=duration, title=audio.title[:64] or None,  # type: ignore[arg-type]
            performer=audio.performer or None, caption=caption, reply_parameters=reply, **more,
        )  # fmt: skip
    return await bot.send_voice(
        chat_id, voice=media, duration=duration, caption=caption, reply_parameters=reply,  # type: ignore[arg-type]
        **more,
    )  # fmt: skip


def _file_id(message: object) -> str | None:
    media = getattr(message, "voice", None) or getattr(message, "audio", None)
    return media.file_id if media is not None else None


# The reading flow ----------------------------------------------------------------------------


async def send_to_listener(
    request: Request,
    audio: Outgoing,
    on_stale: Callable[[str], Awaitable[None]] | None = None,
) -> str | None:
    """Send a reading's audio to the listener who asked; the file_id, or None when uncertain.

    A time-out tells the listener at once (the audio may or may not have arrived); any other
    failure but a blocked chat becomes `SendFailed`, naming the audio that did not arrive.
    """
    message = request.message
    try:
        return await send_audio(
            message.get_bot(), message.chat_id, audio, kind="reading",
            reply_to=message.message_id, on_stale=on_stale,
        )  # fmt: skip
    except Forbidden:
        raise
    except TimedOut:
        logger.warning("audio upload timed out; not retried to avoid a duplicate")
        with contextlib.suppress(TelegramError):
            await message.reply_text(text("upload_uncertain", request.language))
        return None
    except TelegramError as exc:
        logger.warning("audio could not be sent: %s", exc)
        what = f"\u201c{audio.caption or audio.title}\u201d"
        raise SendFailed(what, too_large=is_too_large(exc), detail=str(exc)) from exc


async def upload_and_remember(
    request: Request, narration: Narration, url: str, kind: str, part: int, caption: str
) -> None:
    """Upload a fresh narration and store its file_id with the article's audio (not fallbacks)."""
    article = narration.article
    file_id = await send_to_listener(
        request,
        Outgoing(None, narration.audio.path, narration.audio.duration_s, caption, article.title,
                 article.site, request.fmt),
    )  # fmt: skip
    if not url or narration.fell_back:
        return  # a fallback voice is not worth keeping: next time gTTS gets another chance
    await ArticleRepo(request.services.db).save_audio(
        url,
        StoredAudio(
            audio_key=narration.audio_key, part=part, kind=kind, format=narration.audio.format,
            path=narration.audio.path, duration_s=narration.audio.duration_s,
            size_bytes=narration.audio.size_bytes, engine=narration.engine, file_id=file_id,
            speed=request.speed,
        ),
        request.services.clock(),
    )  # fmt: skip
