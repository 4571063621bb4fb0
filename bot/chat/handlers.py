"""One async function per user action. Decisions live in small pure helpers beside them."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.chat import commands, keyboards, replies
from bot.chat.context import (
    acknowledge,
    answer_query,
    ensure_user,
    language_of,
    reader_of,
    services_of,
)
from bot.chat.links import addressed_to_bot, links_in, strip_mention
from bot.chat.reading import QueueFull
from bot.chat.request import request_from
from bot.chat.texts import text
from bot.fetch.urls import clean_url
from bot.store.users import UserRepo, UserSettings

logger = logging.getLogger(__name__)

MAX_LINKS_PER_MESSAGE = 5
MIN_PASTED_CHARS = 200
"""Text without a link is read aloud from this length on (shorter is likely a question)."""
MAX_MESSAGE_CHARS = 20_000


# Commands ---------------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does and how to use it, in two sentences."""
    user = await ensure_user(update, context)
    await update.effective_message.reply_text(text("start", user.language))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help and /bantuan: every command of the menu, one line each (from the same table)."""
    await update.effective_message.reply_text(
        commands.help_text(await language_of(update, context))
    )


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not know: one line pointing to /bantuan (in private chats)."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    await message.reply_text(text("unknown_command", await language_of(update, context)))


async def history_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/riwayat: the last 10 readings, each with a button to play it again; /riwayat N plays
    reading N (the button's typed equivalent)."""
    user = await ensure_user(update, context)
    entries = await UserRepo(services_of(context).db).history(user.user_id)
    if not entries:
        await update.effective_message.reply_text(text("history_empty", user.language))
        return
    if context.args:
        try:
            entry = entries[int(context.args[0]) - 1]
        except (IndexError, ValueError):
            await update.effective_message.reply_text(
                text("history_no_such", user.language, n=len(entries))
            )
            return
        await _read_links(update.effective_message, [entry.article_url], user, context)
        return
    items = "\n".join(f"{n}. {e.title}" for n, e in enumerate(entries, start=1))
    await update.effective_message.reply_text(
        text("history", user.language, items=items),
        reply_markup=keyboards.history_keyboard(entries, user.language),
    )


async def on_history_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Play a reading from the history again (by file_id when it is still cached)."""
    query = update.callback_query
    user = await ensure_user(update, context)
    entries = await UserRepo(services_of(context).db).history(user.user_id)
    try:
        entry = entries[int((query.data or "").split(":", 1)[1]) - 1]
    except (IndexError, ValueError):
        await answer_query(update, alert=text("expired_button", user.language))
        return
    acknowledge(update, context)
    await _read_links(query.message, [entry.article_url], user, context)


async def delete_data_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hapusdata: ask for confirmation before deleting everything stored about the user;
    /hapusdata ya (yes) is the button's typed equivalent."""
    language = await language_of(update, context)
    if [a.lower() for a in context.args or []] in (["ya"], ["yes"]):
        await UserRepo(services_of(context).db).delete_all(update.effective_user.id)
        reader_of(context).forget_user(update.effective_user.id)
        await update.effective_message.reply_text(text("deleted", language))
        return
    await update.effective_message.reply_text(
        text("delete_confirm", language), reply_markup=keyboards.delete_keyboard(language)
    )


async def on_delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete (or not) first, answer, then say so in a new message; the buttons are removed."""
    query = update.callback_query
    language = await language_of(update, context)
    if query.data == "del:yes":
        await UserRepo(services_of(context).db).delete_all(update.effective_user.id)
        reader_of(context).forget_user(update.effective_user.id)
        said = text("deleted", language)
    else:
        said = text("delete_cancelled", language)
    acknowledge(update, context)
    await query.message.reply_text(said)
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(None)


# Messages ---------------------------------------------------------------------------------------


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message with links (read each, up to 5) or a pasted article (read directly)."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    bot = context.bot
    if not addressed_to_bot(message, bot.id, bot.username or ""):
        return
    user = await ensure_user(update, context)
    links = links_in(message)
    if links:
        if len(links) > MAX_LINKS_PER_MESSAGE:
            await message.reply_text(text("too_many_links", user.language))
        await _read_links(message, links[:MAX_LINKS_PER_MESSAGE], user, context)
        return
    body = strip_mention(message.text or message.caption or "", bot.username or "")
    if len(body) >= MIN_PASTED_CHARS:
        if await _allowed(message, user, context):
            with reader_of(context).pending(user.user_id):
                await replies.read_text(
                    request_from(message, user, context), body[:MAX_MESSAGE_CHARS]
                )
        return
    if message.chat.type == ChatType.PRIVATE or body:
        await message.reply_text(text("no_link", user.language))  # one line: what to send


async def _allowed(
    message: Message, user: UserSettings, context: ContextTypes.DEFAULT_TYPE
) -> bool:
    """Per-user quotas: pending readings and readings per hour. Says why when refused."""
    services, reader = services_of(context), reader_of(context)
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
        with reader_of(context).link(user.user_id, clean_url(link)) as first:
            if not first:  # the same link again while it is read: one reading, one note
                await message.reply_text(text("already_reading", user.language))
                continue
            if not await _allowed(message, user, context):
                return
            try:
                with reader_of(context).pending(user.user_id):
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
                language = await language_of(update, context)
            await update.effective_message.reply_text(text("error_generic", language))
