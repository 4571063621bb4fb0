"""Answering a reading request: from the cache by file_id when we can, otherwise fetch, speak,
upload, and remember the file_ids so the next listener gets it at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from telegram import Bot, Message
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut
from telegram.ext import ContextTypes

from bot import pipeline
from bot.audio.cache import content_key
from bot.audio.housekeeping import touch
from bot.chat.reading import Reader
from bot.chat.texts import text
from bot.errors import CacheUnavailable, SuaraError
from bot.fetch.urls import clean_url
from bot.models import Article, Narration
from bot.ops import metrics
from bot.services import Services
from bot.store.articles import ArticleRepo, CachedArticle, StoredAudio
from bot.store.inflight import InFlightRepo
from bot.store.users import UserRepo, UserSettings
from bot.text.summarize import summarize

logger = logging.getLogger(__name__)

PROGRESS_EVERY_S = 3.0
"""Telegram allows about one edit a second per chat; every 3 s is calm for screen readers."""
CHAT_ACTION_EVERY_S = 4.0
"""A chat action shows for at most 5 s."""
UPLOAD_ATTEMPTS = 2
MAX_ARTICLE_WORDS = 15_000
"""About 2 hours of speech: longer texts (books, dumps) are cut, and the listener is told."""


@dataclass(slots=True)
class Request:
    """One reading asked for by one user, with what answering it needs."""

    message: Message
    user: UserSettings
    services: Services
    reader: Reader

    @property
    def language(self) -> str:
        return self.user.language

    @property
    def fmt(self) -> str:
        return "mp3" if self.user.audio_format == "mp3" else "ogg"


def request_from(
    message: Message, user: UserSettings, context: ContextTypes.DEFAULT_TYPE
) -> Request:
    data = context.application.bot_data
    return Request(message, user, data["services"], data["reader"])


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

    async def _keep_alive(self) -> None:
        bot = self.request.message.get_bot()
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(self.request.message.chat_id, ChatAction.RECORD_VOICE)
            await self.show(self.current_text())
            await asyncio.sleep(self.request.reader.progress_every(CHAT_ACTION_EVERY_S))

    async def fail(self, key: str) -> None:
        """Turn the status message into the error message (an ordinary message, never a toast)."""
        self._stop()
        message = text(key, self.request.language)
        if self.status is None:
            await self.request.message.reply_text(message)
        else:
            await self.show(message, force=True)

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


def cut_to_words(article: Article, max_words: int) -> tuple[Article, bool]:
    """Keep whole paragraphs up to `max_words` words; say whether anything was cut."""
    kept: list[str] = []
    words = 0
    for paragraph in article.paragraphs:
        count = len(paragraph.split())
        if words + count > max_words:
            if not kept:  # one giant paragraph: keep its first max_words words
                kept.append(" ".join(paragraph.split()[:max_words]))
            return replace(article, paragraphs=tuple(kept)), True
        kept.append(paragraph)
        words += count
    return article, False


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
    async with tracked(request, link):
        progress = Progress(request)
        await progress.start()
        try:
            article = await reader.shared(
                f"article:{url}", lambda: pipeline.load_article(url, services.settings)
            )
            await answer_article(request, article, progress, aliases=[url])
        except SuaraError as exc:
            logger.info("reading failed: %s (%s)", type(exc).__name__, exc.detail)
            await progress.fail(exc.key)
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
            await progress.fail(exc.key)
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
    article, was_cut = cut_to_words(article, MAX_ARTICLE_WORDS)
    if was_cut:
        await request.message.reply_text(
            text("article_cut", request.language, words=f"{MAX_ARTICLE_WORDS:,}".replace(",", "."))
        )
    language = pipeline.speech_language(article)
    summary = await asyncio.to_thread(summarize, list(article.paragraphs), article.title, language)
    articles = ArticleRepo(services.db)
    url = article.url or (aliases[0] if aliases else "")
    content_hash = content_key(article.title, article.text)
    if remember and url:
        previous_hash = await articles.content_hash(url)
        await articles.save(
            url=url, aliases=aliases, content_hash=content_hash, title=article.title,
            site=article.site, language=language, summary=summary,
            words=len(article.text.split()), now=now,
            ttl=timedelta(hours=services.settings.article_ttl_hours),
        )  # fmt: skip
        if previous_hash == content_hash:  # unchanged page: its stored audio still fits
            refreshed = await articles.find(url, now)
            if refreshed is not None and await send_cached(request, refreshed):
                return
    seconds = pipeline.estimate_seconds(article.title + " " + article.text)
    await request.message.reply_text(
        summary_message(article.title, article.site, seconds, summary, request.language)
    )
    mode = request.user.reading_mode
    fell_back = False
    if mode in ("default", "summary"):
        progress.set_stage("stage_summary_voice", article.title)
        fell_back |= await send_summary_voice(
            request, article, url if remember else "", progress, summary
        )
    if mode in ("default", "full"):
        fell_back |= await send_full_voice(
            request, article, url if remember else "", progress, summary
        )
    if fell_back:
        await request.message.reply_text(text("fallback_voice", request.language))
    if remember and url:
        await UserRepo(services.db).add_history(request.user.user_id, url, article.title, now)


async def send_cached(request: Request, cached: CachedArticle) -> bool:
    """Answer entirely from stored file_ids (no fetch, synthesis or upload). False if incomplete."""
    articles = ArticleRepo(request.services.db)
    mode = request.user.reading_mode
    kinds = {"default": ["summary", "full"], "full": ["full"], "summary": ["summary"]}[mode]
    stored = {kind: await articles.audio(cached.url, kind, request.fmt) for kind in kinds}
    if not all(stored[kind] and all(a.file_id for a in stored[kind]) for kind in kinds):
        return False
    seconds = sum(a.duration_s for a in stored.get("full", [])) or sum(
        a.duration_s for a in stored.get("summary", [])
    )
    await request.message.reply_text(
        summary_message(cached.title, cached.site, seconds, cached.summary, request.language)
    )
    for kind in kinds:
        parts = stored[kind]
        for n, audio in enumerate(parts, start=1):
            caption = _caption(request, cached.title, kind, n, len(parts))
            try:
                await _send_audio(
                    request,
                    Outgoing(audio.file_id, None, audio.duration_s, caption, cached.title,
                             cached.site),
                )  # fmt: skip
            except BadRequest:
                # A stale file_id (another bot token?): forget it and answer the slow way.
                await articles.forget_file_id(audio.file_id or "")
                return False
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
    caption = _caption(request, article.title, "summary", 1, 1)
    await _upload_and_remember(request, narration, url, "summary", 0, caption)
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
            caption = _caption(request, article.title, "full", index + 1, len(parts))
            await _upload_and_remember(request, narration, url, "full", index, caption)
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
    key = f"audio:{url or content_key(article.text)}:{kind}:{part}:{request.fmt}"

    async def make() -> Narration:
        position = reader.position()
        if position:
            await progress.show(text("queue_position", request.language, n=position), force=True)
        async with reader.slot():
            try:
                return await pipeline.narrate(
                    article,
                    settings,
                    fmt=request.fmt,
                    mode=mode,
                    on_progress=progress.on_chunk,
                    summary=summary,
                )
            except OSError as exc:  # the cache folder is full, read-only or missing
                logger.error("audio cache not writable: %s", exc)
                raise CacheUnavailable(str(exc)) from exc

    return await reader.shared(key, make)


async def _upload_and_remember(
    request: Request, narration: Narration, url: str, kind: str, part: int, caption: str
) -> None:
    article = narration.article
    file_id = await _send_audio(
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


async def _send_audio(request: Request, audio: Outgoing) -> str | None:
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
