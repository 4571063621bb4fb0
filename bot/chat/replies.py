"""Answering a reading request: from the cache by file_id when we can, otherwise fetch, speak,
upload, and remember the file_ids so the next listener gets it at once.

The status message lives in `progress`, sending the audio in `upload`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit
from telegram.error import BadRequest, TelegramError

from bot import pipeline
from bot.audio.cache import content_key
from bot.chat.progress import Progress
from bot.chat.request import Request
from bot.chat.texts import text
from bot.chat.upload import (
    Outgoing,
    SendFailed,
    is_stale_file_id,
    send_to_listener,
    upload_and_remember,
)
from bot.chat.voice import reading_engine, stored_engine
from bot.errors import CacheUnavailable, SuaraError
from bot.fetch.urls import clean_url
from bot.models import Article, Narration
from bot.ops import metrics
from bot.reading import MAX_ARTICLE_WORDS
from bot.reading import plan as plan_reading
from bot.services import Services
from bot.store.articles import ArticleRepo, CachedArticle
from bot.store.inflight import InFlightRepo
from bot.store.users import UserRepo

logger = logging.getLogger(__name__)

def listening_time(language: str, seconds: float) -> str:
    """'sekitar 4 menit' / 'kurang dari satu menit'."""
    if seconds < 60:
        return text("under_minute", language)
    return text("minutes", language, n=round(seconds / 60) or 1)


def summary_message(
    title: str, site: str, seconds: float, summary: tuple[str, ...], language: str
) -> str:
    """The text that comes with the audio: title, source, listening time, summary."""
    body = text(
        "summary",
        language,
        title=title or "-",
        site=site or "-",
        minutes=listening_time(language, seconds),
        summary="\n".join(summary),
    )
    return body[: MessageLimit.MAX_TEXT_LENGTH]


def full_text_keyboard(content_hash: str, language: str) -> InlineKeyboardMarkup:
    """The "Teks lengkap" button under a summary: the article's text as messages (braille)."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        text("button_full_text", language), callback_data=f"txt:{content_hash}")]])  # fmt: skip



# Entry points ---------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def tracked(request: Request, what: str) -> AsyncIterator[None]:
    """Record the reading on disk while it runs. A reading cut short by cancellation (shutdown)
    or a crash stays recorded, and the next start tells the listener (see `report_interrupted`)."""
    repo = InFlightRepo(request.services.db)
    reading_id = await repo.start(
        request.user.user_id, request.message.chat_id, what, request.language,
        request.services.clock(),
    )  # fmt: skip
    try:
        yield
    except asyncio.CancelledError:
        raise
    except BaseException:
        await repo.finish(reading_id)
        raise
    else:
        await repo.finish(reading_id)


async def report_interrupted(bot: Bot, services: Services) -> int:
    """At start-up: tell every listener whose reading a previous process did not finish."""
    interrupted = await InFlightRepo(services.db).take_all()
    for reading in interrupted:
        with contextlib.suppress(TelegramError):
            await bot.send_message(
                reading.chat_id, text("interrupted", reading.language, link=reading.link)
            )
    if interrupted:
        logger.warning("reported %d interrupted readings", len(interrupted))
    return len(interrupted)


async def read_link(request: Request, link: str) -> None:
    """Answer one link: from the cache when possible, else fetch, summarize and speak."""
    services, reader = request.services, request.reader
    url = clean_url(link)
    articles = ArticleRepo(services.db)
    started = time.monotonic()
    cached = await articles.find(url, services.clock())
    metrics.cache_lookup("article", hit=cached is not None)
    if cached is not None and await send_cached(request, cached):
        metrics.reading_done(
            seconds=time.monotonic() - started, mode=request.user.reading_mode, site=cached.site,
            from_cache=True,
        )  # fmt: skip
        return
    if services.queue is not None:  # queue mode: a worker makes and sends the reading
        from bot.queue.submit import submit_reading

        await submit_reading(request, url)
        return
    async with tracked(request, link):
        progress = Progress(request)
        await progress.start()
        try:
            article = await reader.shared(
                f"article:{url}", lambda: pipeline.load_article(url, services.settings)
            )
            canonical = clean_url(article.url) if article.url else url
            with reader.link(request.user.user_id, canonical) if canonical != url else (
                contextlib.nullcontext(True)
            ) as first:
                if first:
                    await answer_article(request, article, progress, aliases=[url])
                else:  # another link to the same article is being read for this listener
                    await progress.notify(text("already_reading", request.language))
        except SuaraError as exc:
            logger.info("reading failed: %s (%s)", type(exc).__name__, exc.detail)
            await progress.fail(exc.key, **getattr(exc, "values", {}))
            metrics.reading_done(seconds=time.monotonic() - started, outcome=exc.key,
                                 mode=request.user.reading_mode)  # fmt: skip
        except BaseException:
            await progress.finish()
            raise
        else:
            await progress.finish()
            metrics.reading_done(
                seconds=time.monotonic() - started, mode=request.user.reading_mode,
                site=article.site,
            )  # fmt: skip


async def read_text(request: Request, pasted: str) -> None:
    """Read pasted text aloud (no link): the same replies, without the article cache."""
    async with tracked(request, text("pasted_title", request.language)):
        progress = Progress(request)
        await progress.start()
        try:
            article = pipeline.article_from_text(
                pasted, language="id", title=text("pasted_title", request.language)
            )
            await answer_article(request, article, progress, aliases=[], remember=False)
        except SuaraError as exc:
            await progress.fail(exc.key, **getattr(exc, "values", {}))
        except BaseException:
            await progress.finish()
            raise
        else:
            await progress.finish()


# The answer ------------------------------------------------------------------------------------


async def answer_article(
    request: Request,
    article: Article,
    progress: Progress,
    aliases: list[str],
    remember: bool = True,
) -> None:
    """Summary text, then the summary voice and/or the full article in parts (by reading mode)."""
    services = request.services
    now = services.clock()
    planned = await plan_reading(
        article, services.settings.part_minutes,
        text("part_label", pipeline.speech_language(article)),
    )  # fmt: skip
    article, language, summary = planned.article, planned.language, planned.summary
    if planned.was_cut:
        await request.message.reply_text(
            text("article_cut", request.language, words=f"{MAX_ARTICLE_WORDS:,}".replace(",", "."))
        )
    articles = ArticleRepo(services.db)
    url = article.url or (aliases[0] if aliases else "")
    content_hash = content_key(article.title, article.text)
    if remember and url:
        previous_hash = await articles.content_hash(url)
        await articles.save(
            url=url, aliases=aliases, content_hash=content_hash, title=article.title,
            site=article.site, language=language, summary=summary,
            words=len(article.text.split()), now=now,
            ttl=timedelta(hours=services.settings.article_ttl_hours), body=article.text,
        )  # fmt: skip
        if previous_hash == content_hash:  # unchanged page: its stored audio still fits
            refreshed = await articles.find(url, now)
            if refreshed is not None and await send_cached(request, refreshed):
                return
    seconds = planned.seconds
    await request.message.reply_text(
        summary_message(article.title, article.site, seconds, summary, request.language),
        reply_markup=full_text_keyboard(content_hash, request.language)
        if remember and url else None,
    )
    mode = request.user.reading_mode
    if mode in ("default", "summary"):
        progress.set_stage("stage_summary_voice", article.title)
        await send_summary_voice(request, article, url if remember else "", progress, summary)
    if mode in ("default", "full"):
        await send_full_voice(request, article, url if remember else "", progress, summary)
    if remember and url:
        await UserRepo(services.db).add_history(request.user.user_id, url, article.title, now)


async def send_cached(request: Request, cached: CachedArticle) -> bool:
    """Answer entirely from stored file_ids (no fetch, synthesis or upload). False if incomplete."""
    articles = ArticleRepo(request.services.db)
    mode = request.user.reading_mode
    kinds = {"default": ["summary", "full"], "full": ["full"], "summary": ["summary"]}[mode]
    engine = stored_engine(request.user.voice, request.services.settings)
    stored = {
        kind: [
            a
            for a in await articles.audio(cached.url, kind, request.fmt, request.speed)
            if a.engine == engine
        ]
        for kind in kinds
    }
    if not all(stored[kind] and all(a.file_id for a in stored[kind]) for kind in kinds):
        return False
    seconds = sum(a.duration_s for a in stored.get("full", [])) or sum(
        a.duration_s for a in stored.get("summary", [])
    )
    await request.message.reply_text(
        summary_message(cached.title, cached.site, seconds, cached.summary, request.language),
        reply_markup=full_text_keyboard(cached.content_hash, request.language),
    )
    for kind in kinds:
        parts = stored[kind]
        for n, audio in enumerate(parts, start=1):
            caption = _caption(request, cached.title, kind, n, len(parts))
            try:
                file_id = await send_to_listener(
                    request,
                    Outgoing(audio.file_id, audio.path, audio.duration_s, caption, cached.title,
                             cached.site, request.fmt),
                    on_stale=articles.forget_file_id,
                )  # fmt: skip
            except SendFailed as exc:
                cause = exc.__cause__
                if isinstance(cause, BadRequest) and is_stale_file_id(cause):
                    # A stale file_id and no file on disk: forget it, answer the slow way.
                    await articles.forget_file_id(audio.file_id or "")
                    return False
                raise
            if file_id and file_id != audio.file_id:  # uploaded again after a stale file_id
                await articles.set_file_id(audio.audio_key, audio.part, file_id,
                                           request.services.clock())  # fmt: skip
            await articles.touch(audio.audio_key, audio.part, request.services.clock())
    await UserRepo(request.services.db).add_history(
        request.user.user_id, cached.url, cached.title, request.services.clock()
    )
    metrics.cache_lookup("file_id", hit=True)
    return True


async def send_summary_voice(
    request: Request, article: Article, url: str, progress: Progress, summary: Sequence[str]
) -> bool:
    narration = await _narrate(request, article, url, "summary", 0, progress, summary, "summary")
    if narration.fell_back:
        await progress.tell_fallback()
    caption = _caption(request, article.title, "summary", 1, 1)
    await upload_and_remember(request, narration, url, "summary", 0, caption)
    return narration.fell_back


async def send_full_voice(
    request: Request, article: Article, url: str, progress: Progress, summary: Sequence[str]
) -> bool:
    """The full article in parts of about `part_minutes`; part 1 goes out while the rest is made.

    `summary` is the whole article's (already computed), kept with every part's plan.
    """
    settings = request.services.settings
    parts = pipeline.split_parts(
        article, settings.part_minutes, text("part_label", pipeline.speech_language(article))
    )
    fell_back = False
    progress.set_stage("stage_full_voice", article.title)
    upcoming = asyncio.create_task(_narrate(request, parts[0], url, "full", 0, progress, summary))
    try:
        for index in range(len(parts)):
            narration = await upcoming
            if index + 1 < len(parts):
                upcoming = asyncio.create_task(
                    _narrate(request, parts[index + 1], url, "full", index + 1, progress, summary)
                )
            if narration.fell_back:
                await progress.tell_fallback()
            caption = _caption(request, article.title, "full", index + 1, len(parts))
            await upload_and_remember(request, narration, url, "full", index, caption)
            fell_back |= narration.fell_back
    except BaseException:
        upcoming.cancel()
        raise
    return fell_back


def _caption(request: Request, title: str, kind: str, n: int, total: int) -> str:
    if kind == "summary":
        caption = text("caption_summary", request.language, title=title)
    elif total > 1:
        caption = text("caption_part", request.language, title=title, n=n, total=total)
    else:
        caption = title
    return caption[: MessageLimit.CAPTION_LENGTH]


async def _narrate(
    request: Request,
    article: Article,
    url: str,
    kind: str,
    part: int,
    progress: Progress,
    summary: Sequence[str],
    mode: str = "full",
) -> Narration:
    """Synthesize (once for everyone asking at the same time), inside a global synthesis slot."""
    reader, settings = request.reader, request.services.settings
    engine, voice = reading_engine(request.user.voice, settings)
    key = (
        f"audio:{url or content_key(article.text)}:{kind}:{part}:{request.fmt}:{engine}:{voice}"
        f":{request.speed}"
    )

    async def make() -> Narration:
        position = reader.position()
        if position:
            await progress.tell_queue(position)
        async with reader.slot():
            try:
                narration = await pipeline.narrate(
                    article,
                    settings,
                    fmt=request.fmt,
                    mode=mode,
                    on_progress=progress.on_chunk,
                    summary=summary,
                    engine=engine,
                    voice=voice,
                    on_fallback=progress.on_fallback,
                    speed=request.speed,
                )
                return narration
            except OSError as exc:  # the cache folder is full, read-only or missing
                logger.error("audio cache not writable: %s", exc)
                raise CacheUnavailable(str(exc)) from exc

    return await reader.shared(key, make)
