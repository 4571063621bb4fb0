"""One async function per user action. Decisions live in small pure helpers beside them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import re
import time
from pathlib import Path

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import pipeline
from bot.chat.texts import text, user_language
from bot.config import Settings
from bot.errors import SuaraError
from bot.models import Article, Narration

logger = logging.getLogger(__name__)

MAX_LINKS_PER_MESSAGE = 5
PROGRESS_EVERY_S = 3.0
"""Telegram allows about one edit a second per chat; every 3 s is calm for screen readers."""
CHAT_ACTION_EVERY_S = 4.0
"""A chat action shows for at most 5 s."""
_URL = re.compile(r"https?://[^\s<>\"']+", re.I)


def links_in(message: Message) -> list[str]:
    """The http(s) links of a message in order, without duplicates: url and text_link entities,
    in the text or in a caption, then any bare link the entities missed."""
    found: list[str] = []
    for entities, source in (
        (message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]), message.text),
        (
            message.parse_caption_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]),
            message.caption,
        ),
    ):
        for entity, value in entities.items():
            link = entity.url if entity.type == MessageEntity.TEXT_LINK else value
            if link and not link.lower().startswith(("http://", "https://")):
                link = f"https://{link}"
            if link:
                found.append(link)
        for match in _URL.finditer(source or ""):
            found.append(match.group(0).rstrip(".,;:!?)"))
    return list(dict.fromkeys(link for link in found if link.lower().startswith("http")))


def listening_time(language: str, seconds: float) -> str:
    """'sekitar 4 menit' / 'kurang dari satu menit'."""
    if seconds < 60:
        return text("under_minute", language)
    return text("minutes", language, n=math.ceil(seconds / 60))


def summary_message(article: Article, narration: Narration, language: str) -> str:
    """The text that goes with the voice note: title, source, listening time, summary."""
    body = text(
        "summary",
        language,
        title=article.title or "-",
        site=article.site or "-",
        minutes=listening_time(language, narration.audio.duration_s),
        summary="\n".join(narration.plan.summary),
    )
    if narration.fell_back:
        body += "\n\n" + text("fallback_voice", language)
    return body[: MessageLimit.MAX_TEXT_LENGTH]


def _settings(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.application.bot_data["settings"]


def _language(update: Update) -> str:
    user = update.effective_user
    return user_language(user.language_code if user else None)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does, in two sentences."""
    await update.effective_message.reply_text(text("start", _language(update)))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help and /bantuan: every command with one line each."""
    await update.effective_message.reply_text(text("help", _language(update)))


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message in a private chat: read each link in it aloud."""
    message = update.effective_message
    language = _language(update)
    links = links_in(message)
    if not links:
        await message.reply_text(text("no_link", language))
        return
    for link in links[:MAX_LINKS_PER_MESSAGE]:
        await read_link(message, link, language, context)


class Progress:
    """One status message, edited at most every few seconds while a reading is made."""

    def __init__(self, status: Message, language: str) -> None:
        self.status = status
        self.language = language
        self.title = ""
        self.percent = 0
        self._shown = ""
        self._last_edit = 0.0

    def update(self, done: int, total: int) -> None:
        self.percent = int(100 * done / max(total, 1))

    async def show(self, message: str, force: bool = False) -> None:
        now = time.monotonic()
        if message == self._shown or (not force and now - self._last_edit < PROGRESS_EVERY_S):
            return
        self._shown, self._last_edit = message, now
        with contextlib.suppress(TelegramError):
            await self.status.edit_text(message)

    async def keep_alive(self, chat_id: int, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Refresh the 'recording voice' action and the percentage until cancelled."""
        while True:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.RECORD_VOICE)
            if self.title and self.percent:
                await self.show(
                    text("progress", self.language, title=self.title, percent=self.percent)
                )
            await asyncio.sleep(CHAT_ACTION_EVERY_S)


async def read_link(
    message: Message, link: str, language: str, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """Fetch, narrate and send one link: the summary text, then the voice note."""
    settings = _settings(context)
    status = await message.reply_text(text("working_link", language))
    progress = Progress(status, language)
    ticker = asyncio.create_task(progress.keep_alive(message.chat_id, context))
    try:
        article = await pipeline.load_article(link, settings)
        progress.title = article.title or link
        await progress.show(text("working", language, title=progress.title), force=True)
        narration = await pipeline.narrate(article, settings, on_progress=progress.update)
    except SuaraError as exc:
        logger.info("reading failed: %s (%s)", type(exc).__name__, exc.detail)
        ticker.cancel()
        await progress.show(text(exc.key, language), force=True)
        return
    except Exception:
        ticker.cancel()
        with contextlib.suppress(TelegramError):
            await status.delete()
        raise
    ticker.cancel()
    await message.reply_text(summary_message(article, narration, language))
    await send_voice(message, narration)
    with contextlib.suppress(TelegramError):
        await status.delete()
    logger.info(
        "reading sent: %d chunks, %.1f s audio, engine %s, cached %s",
        len(narration.plan.chunks),
        narration.audio.duration_s,
        narration.engine,
        narration.from_cache,
    )


async def send_voice(message: Message, narration: Narration) -> Message:
    """Upload the voice note with its duration and the title as caption."""
    caption = (narration.article.title or "")[: MessageLimit.CAPTION_LENGTH]
    with Path(narration.audio.path).open("rb") as audio:
        return await message.reply_voice(
            voice=audio,
            duration=max(1, round(narration.audio.duration_s)),
            caption=caption or None,
        )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log unexpected errors with their traceback and answer politely, without the details."""
    logger.error("unhandled error", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        with contextlib.suppress(TelegramError):
            await update.effective_message.reply_text(text("error_generic", _language(update)))
