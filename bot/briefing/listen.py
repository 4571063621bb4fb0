"""Listening on demand: /ringkasan, /cerita N ("Cerita 2"), /putarlagi, /tekslengkap, and the
buttons under a delivered briefing.

`/ringkasan [kode] [pendek|sedang|panjang]` sends today's edition now. One not built yet is built
now, once: everyone asking meanwhile (and the scheduler) waits for that same build
(`Scheduler.edition`). Each file is uploaded once; later askers get it by file_id (`Sender`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, LinkPreviewOptions, Update
from telegram.constants import MessageLimit, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.briefing.compose import DEFAULT_LENGTH, LENGTHS
from bot.briefing.keyboards import (
    PREFIX,
    STORY_TEXT,
    briefing_buttons,
    parse_edition_key,
    story_keyboard,
    story_list,
)
from bot.briefing.regions import Region, catalogue
from bot.briefing.schedule import scheduler_of
from bot.chat.texts import text, user_language
from bot.chat.upload import Outgoing, send_shared
from bot.services import Services
from bot.store.briefings import BriefingRepo, StoredBriefing
from bot.store.database import Database
from bot.store.subscriptions import SubscriptionRepo

logger = logging.getLogger(__name__)

class Sender:
    """Sends editions and single stories to chats; each file is uploaded once.

    `locks` is shared by every sender of the process: the first to send a file uploads it while
    the others wait, then they send its file_id.
    """

    def __init__(
        self, bot: Bot, db: Database, locks: dict[str, asyncio.Lock], regions_file: str = ""
    ):
        self.bot = bot
        self.regions_file = regions_file
        self.repo = BriefingRepo(db)
        self.locks = locks

    async def _once(
        self,
        chat_id: int,
        key: str,
        known: Callable[[], Awaitable[str | None]],
        audio: Outgoing,
        remember: Callable[[str], Awaitable[None]],
    ) -> None:
        """Send `audio` by its stored file_id, or upload it once (under `key`'s lock)."""
        await send_shared(self.bot, chat_id, audio, known=known, remember=remember,
                          lock=self.locks.setdefault(key, asyncio.Lock()))  # fmt: skip

    async def edition(self, chat_id: int, briefing: StoredBriefing, language: str) -> None:
        """The voice note with its buttons, then the story list (with the "Cerita N" keyboard)."""
        if not briefing.empty and briefing.audio_path:
            key = f"{briefing.region}:{briefing.day}:{briefing.length}"

            async def known() -> str | None:
                stored = await self.repo.get(briefing.region, briefing.day, briefing.length)
                return stored.file_id if stored else None

            audio = Outgoing(None, briefing.audio_path, briefing.duration_s or 0,
                             caption(briefing, self.regions_file),
                             reply_markup=briefing_buttons(briefing, language))  # fmt: skip

            async def remember(file_id: str) -> None:
                await self.repo.set_file_id(briefing.region, briefing.day, file_id, briefing.length)

            await self._once(chat_id, key, known, audio, remember)
        await self.bot.send_message(
            chat_id, story_list(briefing, language), parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            reply_markup=story_keyboard(briefing, language),
        )  # fmt: skip
        await self.repo.set_last(chat_id, briefing)

    async def story(
        self, chat_id: int, briefing: StoredBriefing, number: int, language: str
    ) -> bool:
        """Story `number` alone as a voice note; False when there is no such story."""
        chapters = {c.number: c for c in briefing.chapters}
        chapter = chapters.get(number)
        if chapter is None or not chapter.audio_path:
            return False
        key = f"{briefing.region}:{briefing.day}:{briefing.length}:{number}"
        label = text("story_caption", language, number=number, total=len(chapters),
                     title=chapter.title)[: MessageLimit.CAPTION_LENGTH]  # fmt: skip

        async def known() -> str | None:
            return await self.repo.story_file_id(briefing, number)

        async def remember(file_id: str) -> None:
            await self.repo.set_story_file_id(briefing, number, file_id)

        audio = Outgoing(None, chapter.audio_path, chapter.duration_s, label)
        await self._once(chat_id, key, known, audio, remember)
        return True


def caption(briefing: StoredBriefing, regions_file: str = "") -> str:
    from bot.briefing.compose import date_words

    weekday, day_text = date_words(briefing.day)
    region = _region_name(briefing.region, regions_file)
    return text("briefing_caption", region=region, weekday=weekday,
                date=day_text)[: MessageLimit.CAPTION_LENGTH]  # fmt: skip


def _region_name(code: str, regions_file: str) -> str:
    try:
        return catalogue(regions_file).get(code).name
    except KeyError:
        return code


def _services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def _language(update: Update) -> str:
    user = update.effective_user
    return user_language(user.language_code if user else None)


def sender_of(context: ContextTypes.DEFAULT_TYPE) -> Sender:
    scheduler = scheduler_of(context.application)
    services = _services(context)
    return Sender(context.bot, services.db, scheduler.upload_locks, services.settings.regions_file)


def parse_ondemand_args(args: list[str]) -> tuple[str, str | None]:
    """["jawa", "barat", "pendek"] → ("jawa barat", "pendek")."""
    words = list(args)
    length = words.pop().lower() if words and words[-1].lower() in LENGTHS else None
    return " ".join(words).strip(), length


async def _chosen_region(
    update: Update, context: ContextTypes.DEFAULT_TYPE, query: str
) -> tuple[Region | None, str | None]:
    """The region asked for (or the user's first subscription) and that subscription's length."""
    subscriptions = await SubscriptionRepo(_services(context).db).for_user(update.effective_user.id)
    regions = catalogue(_services(context).settings.regions_file)
    if query:
        region = regions.find(query)
        length = next((s.length for s in subscriptions if region and s.region == region.code),
                      None)  # fmt: skip
        return region, length
    for subscription in subscriptions:
        with contextlib.suppress(KeyError):
            return regions.get(subscription.region), subscription.length
    return None, None


async def ondemand_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ringkasan [kode] [pendek|sedang|panjang]: today's briefing, now."""
    message, language = update.effective_message, _language(update)
    query, length = parse_ondemand_args(context.args or [])
    region, subscribed_length = await _chosen_region(update, context, query)
    if region is None:
        key = "subscribe_unknown_region" if query else "ondemand_which_region"
        await message.reply_text(text(key, language, query=query))
        return
    length = length or subscribed_length or DEFAULT_LENGTH
    services = _services(context)
    day = services.clock().astimezone(region.zone).date()
    status = None
    if await BriefingRepo(services.db).get(region.code, day, length) is None:
        status = await message.reply_text(text("ondemand_building", language, region=region.name))
    try:
        briefing = await scheduler_of(context.application).edition(region, day, length, services)
    except Exception:
        logger.exception("on-demand briefing %s %s %s failed", region.code, day, length)
        await message.reply_text(text("ondemand_failed", language, region=region.name))
        return
    finally:
        if status is not None:
            with contextlib.suppress(TelegramError):
                await status.delete()
    await sender_of(context).edition(update.effective_chat.id, briefing, language)


async def _last(update: Update, context: ContextTypes.DEFAULT_TYPE) -> StoredBriefing | None:
    briefing = await BriefingRepo(_services(context).db).last(update.effective_chat.id)
    if briefing is None:
        await update.effective_message.reply_text(text("no_briefing_yet", _language(update)))
    return briefing


async def _send_story(update: Update, context: ContextTypes.DEFAULT_TYPE, raw: str) -> None:
    language = _language(update)
    try:
        number = int(raw)
    except ValueError:
        await update.effective_message.reply_text(text("story_usage", language))
        return
    briefing = await _last(update, context)
    if briefing is None:
        return
    try:
        found = await sender_of(context).story(update.effective_chat.id, briefing, number, language)
    except FileNotFoundError:  # the audio cache let it go and Telegram never had it
        await update.effective_message.reply_text(text("audio_gone", language))
        return
    if not found:
        await update.effective_message.reply_text(
            text("story_not_found", language, number=number, total=len(briefing.chapters))
        )


async def story_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cerita N: story N of the last briefing, alone."""
    if not context.args:
        await update.effective_message.reply_text(text("story_usage", _language(update)))
        return
    await _send_story(update, context, context.args[0])


async def on_story_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"Cerita 2" from the reply keyboard (or typed)."""
    found = STORY_TEXT.match(update.effective_message.text or "")
    if found is None:
        return
    await _send_story(update, context, found.group(1))
    raise ApplicationHandlerStop


async def replay_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/putarlagi: the last briefing again."""
    briefing = await _last(update, context)
    if briefing is not None:
        await _replay(update, context, briefing)


async def _replay(
    update: Update, context: ContextTypes.DEFAULT_TYPE, briefing: StoredBriefing
) -> None:
    language = _language(update)
    try:
        await sender_of(context).edition(update.effective_chat.id, briefing, language)
    except FileNotFoundError:  # the audio cache let it go and Telegram never had it
        await context.bot.send_message(update.effective_chat.id, text("audio_gone", language))


async def full_text_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tekslengkap: everything the last briefing said, as text."""
    briefing = await _last(update, context)
    if briefing is not None:
        await send_full_text(context.bot, update.effective_chat.id, briefing)


async def send_full_text(bot: Bot, chat_id: int, briefing: StoredBriefing) -> None:
    """The spoken script as plain messages, cut at paragraphs to Telegram's length."""
    if briefing.empty:
        await bot.send_message(chat_id, briefing.text_html, parse_mode=ParseMode.HTML)
        return
    for piece in split_message(briefing.script):
        await bot.send_message(chat_id, piece)


def split_message(value: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Paragraphs packed into messages of at most `limit` characters."""
    pieces: list[str] = []
    for paragraph in value.split("\n\n"):
        while len(paragraph) > limit:
            cut = paragraph.rfind(" ", 0, limit) if " " in paragraph[:limit] else limit
            pieces.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        if pieces and len(pieces[-1]) + 2 + len(paragraph) <= limit:
            pieces[-1] = f"{pieces[-1]}\n\n{paragraph}"
        elif paragraph:
            pieces.append(paragraph)
    return pieces


async def on_briefing_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"Putar lagi", "Teks lengkap", "Berhenti langganan" under a delivered briefing."""
    query, language = update.callback_query, _language(update)
    await query.answer()
    parts = (query.data or "").removeprefix(PREFIX).split(":")
    chat_id = update.effective_chat.id
    services = _services(context)
    try:
        if parts[0] == "s":
            region = catalogue(services.settings.regions_file).get(parts[1])
            stopped = await SubscriptionRepo(services.db).unsubscribe(
                update.effective_user.id, region.code
            )
            key = "unsubscribed_one" if stopped else "unsubscribe_not_found"
            await context.bot.send_message(chat_id, text(key, language, region=region.name))
            return
        region_code, day, length = parse_edition_key(parts[1:])
        briefing = await BriefingRepo(services.db).get(region_code, day, length)
        if briefing is None:
            raise KeyError(query.data)
        if parts[0] == "a":
            await _replay(update, context, briefing)
        elif parts[0] == "t":
            await send_full_text(context.bot, chat_id, briefing)
        else:
            raise ValueError(query.data)
    except (IndexError, KeyError, ValueError):
        logger.info("stale or unknown briefing button %r", query.data)
        await context.bot.send_message(chat_id, text("button_expired", language))


def register(application: Application) -> None:
    """Add the listening commands, the buttons and the "Cerita N" catcher (group -1)."""
    application.add_handler(CommandHandler(["ringkasan", "briefing"], ondemand_command))
    application.add_handler(CommandHandler(["cerita", "story"], story_command))
    application.add_handler(CommandHandler(["putarlagi", "replay"], replay_command))
    application.add_handler(
        CommandHandler(["tekslengkap", "teks", "fulltext"], full_text_command)
    )
    application.add_handler(CallbackQueryHandler(on_briefing_button, pattern=f"^{PREFIX}"))
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.Regex(STORY_TEXT), on_story_text),
        group=-1,
    )


__all__ = ["Sender", "parse_ondemand_args", "register", "split_message"]
