"""One async function per user action. Decisions live in small pure helpers beside them."""

from __future__ import annotations

import contextlib
import logging
import re
from datetime import timedelta

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.chat import keyboards, replies
from bot.chat.reading import QueueFull, Reader
from bot.chat.request import request_from
from bot.chat.texts import text, user_language
from bot.services import Services
from bot.store.users import UserRepo, UserSettings

logger = logging.getLogger(__name__)

MAX_LINKS_PER_MESSAGE = 5
MIN_PASTED_CHARS = 200
"""Text without a link is read aloud from this length on (shorter is likely a question)."""
MAX_MESSAGE_CHARS = 20_000
_URL = re.compile(r"https?://[^\s<>\"']+", re.I)


# Pure helpers -----------------------------------------------------------------------------------


def links_in(message: Message) -> list[str]:
    """The http(s) links of a message in order, without duplicates: url and text_link entities,
    in the text or in a caption, then any bare link the entities missed."""
    found: list[str] = []
    for entities, source in (
        (message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]), message.text),
        (message.parse_caption_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]),
         message.caption),
    ):  # fmt: skip
        for entity, value in entities.items():
            link = entity.url if entity.type == MessageEntity.TEXT_LINK else value
            if link and not link.lower().startswith(("http://", "https://")):
                link = f"https://{link}"
            if link:
                found.append(link)
        for match in _URL.finditer(source or ""):
            found.append(match.group(0).rstrip(".,;:!?)"))
    return list(dict.fromkeys(link for link in found if link.lower().startswith("http")))


def addressed_to_bot(message: Message, bot_id: int, bot_username: str) -> bool:
    """In a group: only a message that mentions the bot or replies to it is meant for it."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return True
    mention = f"@{bot_username}".lower()
    for entities in (message.parse_entities([MessageEntity.MENTION]),
                     message.parse_caption_entities([MessageEntity.MENTION])):  # fmt: skip
        if any(value.lower() == mention for value in entities.values()):
            return True
    return False


def strip_mention(body: str, bot_username: str) -> str:
    return re.sub(rf"@{re.escape(bot_username)}\b", "", body, flags=re.I).strip()


# Context helpers --------------------------------------------------------------------------------


def _services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def _reader(context: ContextTypes.DEFAULT_TYPE) -> Reader:
    return context.application.bot_data["reader"]


async def _user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> UserSettings:
    """The user's stored settings, created on first contact from their Telegram language."""
    services = _services(context)
    tg_user = update.effective_user
    assert tg_user is not None and update.effective_chat is not None
    return await UserRepo(services.db).ensure(
        tg_user.id,
        update.effective_chat.id,
        user_language(tg_user.language_code),
        services.clock(),
    )


async def _language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    user = update.effective_user
    if user is None:
        return "id"
    stored = await UserRepo(_services(context).db).get(user.id)
    return stored.language if stored else user_language(user.language_code)


# Commands ---------------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does and how to use it, in two sentences."""
    user = await _user(update, context)
    await update.effective_message.reply_text(text("start", user.language))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help and /bantuan: every command with one line each."""
    await update.effective_message.reply_text(text("help", await _language(update, context)))


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pengaturan and /settings: current settings in words, and buttons to change them."""
    user = await _user(update, context)
    await update.effective_message.reply_text(
        text("settings", user.language, **keyboards.describe_settings(user, user.language)),
        reply_markup=keyboards.settings_keyboard(user, user.language),
    )


async def on_settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A settings button: save, then confirm in the message itself (a toast vanishes unread)."""
    query = update.callback_query
    await query.answer()
    _, what, value = (query.data or "::").split(":", 2)
    field = {"mode": "reading_mode", "format": "audio_format", "lang": "language"}.get(what)
    allowed = {"mode": ("default", "full", "summary"), "format": ("voice", "mp3"),
               "lang": ("id", "en")}  # fmt: skip
    user = await _user(update, context)
    if field is None or value not in allowed.get(what, ()):
        await query.edit_message_text(text("expired_button", user.language))
        return
    services = _services(context)
    await UserRepo(services.db).update(user.user_id, services.clock(), **{field: value})
    user = await _user(update, context)
    await query.edit_message_text(
        text("settings_saved", user.language, **keyboards.describe_settings(user, user.language)),
        reply_markup=keyboards.settings_keyboard(user, user.language),
    )


async def history_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/riwayat: the last 10 readings, each with a button to play it again."""
    user = await _user(update, context)
    entries = await UserRepo(_services(context).db).history(user.user_id)
    if not entries:
        await update.effective_message.reply_text(text("history_empty", user.language))
        return
    items = "\n".join(f"{n}. {e.title}" for n, e in enumerate(entries, start=1))
    await update.effective_message.reply_text(
        text("history", user.language, items=items),
        reply_markup=keyboards.history_keyboard(entries, user.language),
    )


async def on_history_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Play a reading from the history again (by file_id when it is still cached)."""
    query = update.callback_query
    await query.answer()
    user = await _user(update, context)
    entries = await UserRepo(_services(context).db).history(user.user_id)
    try:
        entry = entries[int((query.data or "").split(":", 1)[1]) - 1]
    except (IndexError, ValueError):
        await query.message.reply_text(text("expired_button", user.language))
        return
    await _read_links(query.message, [entry.article_url], user, context)


async def delete_data_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hapusdata: ask for confirmation before deleting everything stored about the user."""
    language = await _language(update, context)
    await update.effective_message.reply_text(
        text("delete_confirm", language), reply_markup=keyboards.delete_keyboard(language)
    )


async def on_delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    language = await _language(update, context)
    if query.data == "del:yes":
        await UserRepo(_services(context).db).delete_all(update.effective_user.id)
        _reader(context).forget_user(update.effective_user.id)
        await query.edit_message_text(text("deleted", language))
    else:
        await query.edit_message_text(text("delete_cancelled", language))


# Messages ---------------------------------------------------------------------------------------


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message with links (read each, up to 5) or a pasted article (read directly)."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    bot = context.bot
    if not addressed_to_bot(message, bot.id, bot.username or ""):
        return
    user = await _user(update, context)
    links = links_in(message)
    if links:
        if len(links) > MAX_LINKS_PER_MESSAGE:
            await message.reply_text(text("too_many_links", user.language))
        await _read_links(message, links[:MAX_LINKS_PER_MESSAGE], user, context)
        return
    body = strip_mention(message.text or message.caption or "", bot.username or "")
    if len(body) >= MIN_PASTED_CHARS:
        if await _allowed(message, user, context):
            with _reader(context).pending(user.user_id):
                await replies.read_text(
                    request_from(message, user, context), body[:MAX_MESSAGE_CHARS]
                )
        return
    if message.chat.type == ChatType.PRIVATE or body:
        await message.reply_text(text("no_link", user.language))


async def _allowed(
    message: Message, user: UserSettings, context: ContextTypes.DEFAULT_TYPE
) -> bool:
    """Per-user quotas: pending readings and readings per hour. Says why when refused."""
    services, reader = _services(context), _reader(context)
    settings = services.settings
    if reader.pending_count(user.user_id) >= settings.max_pending_per_user:
        await message.reply_text(text("queue_full", user.language, n=settings.max_pending_per_user))
        return False
    users = UserRepo(services.db)
    now = services.clock()
    if await users.requests_since(user.user_id, now - timedelta(hours=1)) >= settings.rate_per_hour:
        await message.reply_text(text("rate_limited", user.language, n=settings.rate_per_hour))
        return False
    await users.log_request(user.user_id, now)
    return True


async def _read_links(
    message: Message, links: list[str], user: UserSettings, context: ContextTypes.DEFAULT_TYPE
) -> None:
    for link in links:
        if not await _allowed(message, user, context):
            return
        try:
            with _reader(context).pending(user.user_id):
                await replies.read_link(request_from(message, user, context), link)
        except QueueFull:
            return


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log unexpected errors with their traceback and answer politely, without the details."""
    if isinstance(context.error, Forbidden):
        logger.info("a user blocked the bot or left the chat: %s", context.error)
        return
    logger.error("unhandled error", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        with contextlib.suppress(TelegramError):
            language = "id"
            with contextlib.suppress(Exception):
                language = await _language(update, context)
            await update.effective_message.reply_text(text("error_generic", language))
