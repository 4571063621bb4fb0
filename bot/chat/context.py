"""What every handler needs from an update: the services, the reader, the user's stored settings
and the one language helper (the language chosen in /pengaturan, else Telegram's)."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.chat.reading import Reader
from bot.chat.texts import user_language
from bot.services import Services
from bot.store.users import UserRepo, UserSettings


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def reader_of(context: ContextTypes.DEFAULT_TYPE) -> Reader:
    return context.application.bot_data["reader"]


async def ensure_user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> UserSettings:
    """The user's stored settings, created on first contact from their Telegram language."""
    services = services_of(context)
    tg_user = update.effective_user
    assert tg_user is not None and update.effective_chat is not None
    return await UserRepo(services.db).ensure(
        tg_user.id,
        update.effective_chat.id,
        user_language(tg_user.language_code),
        services.clock(),
    )


async def language_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The interface language: as chosen in /pengaturan, else from Telegram ("id" by default)."""
    user = update.effective_user
    if user is None:
        return "id"
    stored = await UserRepo(services_of(context).db).get(user.id)
    return stored.language if stored else user_language(user.language_code)


async def answer_query(update: Update, alert: str | None = None) -> None:
    """Answer a button press. `alert` (a popup screen readers read) when no message follows.

    A stale query ("query is too old") or any other refusal is ignored: the choice was saved
    before, and what the listener must know comes as a message.
    """
    query = update.callback_query
    if query is None:
        return
    with contextlib.suppress(TelegramError):
        if alert:
            await query.answer(alert, show_alert=True)
        else:
            await query.answer()


def acknowledge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press that a message follows, without waiting: the message goes out at once
    even when the answer is refused or held back by flood control."""
    context.application.create_task(answer_query(update), update=update)
