"""The reading job a queue worker runs: make (or find) the audio once, then answer every request
waiting for it, message by message, recording each message Telegram confirmed.

The worker uploads the audio itself and stores the file_ids, so bot instances never need its
disk; the next listener of the same link is answered by file_id from any instance.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from telegram import Bot
from telegram.constants import MessageLimit
from telegram.error import Forbidden, TelegramError

from bot import pipeline
from bot.audio.cache import content_key
from bot.chat.replies import summary_message
from bot.chat.texts import text
from bot.chat.upload import Outgoing, send_audio
from bot.chat.voice import reading_engine, stored_engine
from bot.config import Settings
from bot.errors import SuaraError
from bot.reading import plan
from bot.services import utc_now
from bot.store.articles import ArticleRepo, StoredAudio
from bot.store.database import Database
from bot.store.readings import ReadingRequest, ReadingRequestRepo
from bot.store.users import UserRepo

logger = logging.getLogger(__name__)

KINDS = ("summary", "full")
"""A reading job makes both, so a request in any reading mode can be answered."""


@dataclass(slots=True)
class Runtime:
    """What a worker's jobs share: settings, the database, a Telegram client, counters."""

    settings: Settings
    db: Database
    bot: Bot
    clock: Callable[[], datetime] = utc_now
    syntheses: int = 0
    """Readings this worker synthesized (benchmarks count duplicates with it)."""


@dataclass(slots=True)
class Prepared:
    """A reading ready to send: its text parts and audio (file_ids filled in as they come)."""

    url: str
    title: str
    site: str
    summary: tuple[str, ...]
    audio: dict[str, list[StoredAudio]] = field(default_factory=dict)
    fell_back: bool = False


async def run_reading(
    rt: Runtime, key: str, url: str, fmt: str, last_try: bool, voice: str = "", speed: float = 1.0
) -> int:
    """Serve every open request of `key`; returns how many were answered. Errors the listener
    should hear (not an article, a site that refused…) are told and end the requests; anything
    else is raised for the queue to retry, except on the last try, when listeners are told."""
    requests = ReadingRequestRepo(rt.db)
    claimed = await requests.claim(key, rt.clock())
    if not claimed:
        return 0
    try:
        prepared = await prepare(rt, url, fmt, voice, speed)
    except SuaraError as exc:
        logger.info("reading failed: %s (%s)", type(exc).__name__, exc.detail)
        await _fail_all(rt, claimed, exc.key)
        return len(claimed)
    except Exception:
        if not last_try:
            raise
        logger.exception("reading %s failed on its last try", url)
        await _fail_all(rt, claimed, "error_generic")
        return len(claimed)
    served = 0
    while claimed:
        for request in claimed:
            try:
                await deliver(rt, prepared, request)
            except TelegramError:
                if not last_try:
                    raise  # retried: this listener resumes at the first message not sent
                logger.exception("answering request %s failed on the last try", request.id)
                await requests.finish(request.id, rt.clock(), error="telegram")
            served += 1
        claimed = await requests.claim(key, rt.clock())  # asked while we were sending
    return served


async def prepare(
    rt: Runtime, url: str, fmt: str, voice: str = "", speed: float = 1.0
) -> Prepared:
    """The stored reading when every part is there (with a file_id, or a file on this worker's
    disk); otherwise fetch, plan and speak it, and store article and audio. `voice` is the
    listener's /suara choice and `speed` their /kecepatan, as in the in-process flow."""
    articles = ArticleRepo(rt.db)
    now = rt.clock()
    engine, edge_voice = reading_engine(voice, rt.settings)
    wanted = stored_engine(voice, rt.settings)
    cached = await articles.find(url, now)
    if cached is not None:
        audio = {
            kind: [a for a in await articles.audio(cached.url, kind, fmt, speed)
                   if a.engine == wanted]
            for kind in KINDS
        }  # fmt: skip
        if all(audio[k] and all(a.file_id or Path(a.path).exists() for a in audio[k])
               for k in KINDS):  # fmt: skip
            return Prepared(cached.url, cached.title, cached.site, cached.summary, audio)
    article = await pipeline.load_article(url, rt.settings)
    language = pipeline.speech_language(article)
    reading = await plan(article, rt.settings.part_minutes, text("part_label", language))
    article = reading.article
    canonical = article.url or url
    await articles.save(
        url=canonical, aliases=[url], content_hash=content_key(article.title, article.text),
        title=article.title, site=article.site, language=language, summary=reading.summary,
        words=len(article.text.split()), now=now,
        ttl=timedelta(hours=rt.settings.article_ttl_hours),
    )  # fmt: skip
    prepared = Prepared(canonical, article.title, article.site, reading.summary)
    rt.syntheses += 1
    jobs = [("summary", 0, article, "summary")]
    jobs += [("full", n, part, "full") for n, part in enumerate(reading.parts)]
    for kind, part, source, mode in jobs:
        narration = await pipeline.narrate(
            source, rt.settings, engine=engine, fmt=fmt, mode=mode, summary=reading.summary,
            voice=edge_voice, speed=speed,
        )  # fmt: skip
        stored = StoredAudio(
            audio_key=narration.audio_key, part=part, kind=kind, format=fmt,
            path=narration.audio.path, duration_s=narration.audio.duration_s,
            size_bytes=narration.audio.size_bytes, engine=narration.engine, file_id=None,
            speed=speed,
        )  # fmt: skip
        prepared.fell_back |= narration.fell_back
        if not narration.fell_back:  # a fallback voice is not kept: gTTS gets another chance
            await articles.save_audio(canonical, stored, rt.clock())
        prepared.audio.setdefault(kind, []).append(stored)
    return prepared


MODE_KINDS = {"default": ("summary", "full"), "full": ("full",), "summary": ("summary",)}
"""The voices each reading mode gets, in order, after the summary text."""


async def deliver(rt: Runtime, prepared: Prepared, request: ReadingRequest) -> None:
    """Send one listener the summary text and the voices their mode asks for, skipping what an
    earlier (killed) run already sent; each confirmed message is recorded before the next."""
    requests = ReadingRequestRepo(rt.db)
    messages: list[tuple[str, StoredAudio | None]] = [("text", None)]
    for kind in MODE_KINDS.get(request.reading_mode, MODE_KINDS["default"]):
        messages += [(kind, audio) for audio in prepared.audio.get(kind, [])]
    if prepared.fell_back:
        messages.append(("fallback", None))
    try:
        for index, (kind, audio) in enumerate(messages):
            if index < request.steps_sent:
                continue
            await _send(rt, prepared, request, kind, audio)
            await requests.step_sent(request.id, index + 1)
    except Forbidden:  # the user blocked the bot: nothing more to send
        await requests.finish(request.id, rt.clock(), error="forbidden")
        return
    await UserRepo(rt.db).add_history(request.user_id, prepared.url, prepared.title, rt.clock())
    await requests.finish(request.id, rt.clock())
    await _remove_status(rt, request)


async def _send(
    rt: Runtime, prepared: Prepared, request: ReadingRequest, kind: str, audio: StoredAudio | None
) -> None:
    language = request.language
    if kind == "text":
        seconds = sum(a.duration_s for a in prepared.audio.get("full", []))
        await rt.bot.send_message(
            request.chat_id,
            summary_message(prepared.title, prepared.site, seconds, prepared.summary, language),
        )
        return
    if kind == "fallback" or audio is None:
        await rt.bot.send_message(request.chat_id, text("fallback_voice", language))
        return
    total = len(prepared.audio[kind])
    if kind == "summary":
        caption = text("caption_summary", language, title=prepared.title)
    elif total > 1:
        caption = text("caption_part", language, title=prepared.title, n=audio.part + 1,
                       total=total)  # fmt: skip
    else:
        caption = prepared.title
    caption = caption[: MessageLimit.CAPTION_LENGTH]
    outgoing = Outgoing(
        audio.file_id, audio.path, audio.duration_s, caption,
        title=prepared.title, performer=prepared.site, fmt=audio.format,
    )  # fmt: skip

    async def forget(stale: str) -> None:  # a stale file_id (another bot token?)
        await ArticleRepo(rt.db).forget_file_id(stale)

    # The one audio sender: file_id first, a stale one uploaded again, one retry on a 502.
    file_id = await send_audio(rt.bot, request.chat_id, outgoing, kind="reading", on_stale=forget)
    if audio.file_id is None and file_id is not None:
        index = prepared.audio[kind].index(audio)
        prepared.audio[kind][index] = replace(audio, file_id=file_id)
        await ArticleRepo(rt.db).set_file_id(audio.audio_key, audio.part, file_id, rt.clock())


async def _fail_all(rt: Runtime, claimed: list[ReadingRequest], key: str) -> None:
    requests = ReadingRequestRepo(rt.db)
    for request in claimed:
        with contextlib.suppress(TelegramError):
            await rt.bot.send_message(request.chat_id, text(key, request.language))
        await requests.finish(request.id, rt.clock(), error=key)
        await _remove_status(rt, request)


async def _remove_status(rt: Runtime, request: ReadingRequest) -> None:
    if request.status_message_id:
        with contextlib.suppress(TelegramError):
            await rt.bot.delete_message(request.chat_id, request.status_message_id)
