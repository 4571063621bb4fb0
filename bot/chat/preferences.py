"""Settings, by buttons or typed: /pengaturan, /mode, /format, /bahasa, /kecepatan.

Every button has a typed equivalent (inline buttons cannot be activated with some screen readers).
A choice is saved first, then confirmed in a new message (screen readers announce new messages,
not edits or toasts); a stale button press still saves what was chosen."""

from __future__ import annotations

import contextlib
import logging

from telegram import KeyboardButton, ReplyKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.chat import keyboards
from bot.chat.context import acknowledge, answer_query, ensure_user, services_of
from bot.chat.texts import text
from bot.store.users import SPEEDS, UserRepo, UserSettings

logger = logging.getLogger(__name__)

CHOICES: dict[str, dict[str, str]] = {
    "reading_mode": {
        "ringkas": "summary", "ringkasan": "summary", "summary": "summary",
        "lengkap": "full", "full": "full",
        "keduanya": "default", "both": "default", "default": "default",
    },
    "audio_format": {
        "suara": "voice", "voice": "voice", "pesan": "voice", "ogg": "voice", "mp3": "mp3",
    },
    "language": {
        "id": "id", "indonesia": "id", "indonesian": "id", "en": "en", "english": "en",
        "inggris": "en",
    },
}  # fmt: skip
"""Typed words → stored values, Indonesian and English alike."""
USAGE = {"reading_mode": "mode_usage", "audio_format": "format_usage", "language": "language_usage"}
CALLBACK_FIELDS = {"mode": "reading_mode", "format": "audio_format", "lang": "language",
                   "speed": "speed"}  # fmt: skip


def parse_choice(field: str, words: list[str]) -> str | None:
    """The stored value a typed word names ("ringkas" → "summary"), or None."""
    return CHOICES[field].get(" ".join(words).strip().lower()) if words else None


def parse_speed(words: list[str]) -> float | None:
    """"1,25", "1.25x", "1.25 kali" → 1.25 when it is one of SPEEDS, else None."""
    if not words:
        return None
    raw = words[0].lower().replace(",", ".").rstrip("x×")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value in SPEEDS else None


speed_words = keyboards.speed_label


def describe(user: UserSettings) -> dict[str, str]:
    return {**keyboards.describe_settings(user, user.language),
            "speed": speed_words(user.speed, user.language)}  # fmt: skip


def speed_keyboard(language: str) -> ReplyKeyboardMarkup:
    """A reply keyboard: each button sends a typed command a screen reader can read."""
    command = "/kecepatan" if language == "id" else "/speed"
    labels = [f"{command} {f'{s:g}'.replace('.', ',') if language == 'id' else f'{s:g}'}"
              for s in SPEEDS]  # fmt: skip
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label)] for label in labels], one_time_keyboard=True,
        resize_keyboard=True,
    )  # fmt: skip


async def _save(
    update: Update, context: ContextTypes.DEFAULT_TYPE, **values: str | float
) -> UserSettings:
    """Store the changed settings (creating the user if needed); the settings now."""
    services = services_of(context)
    user = await ensure_user(update, context)
    await UserRepo(services.db).update(user.user_id, services.clock(), **values)
    return await ensure_user(update, context)


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pengaturan and /settings: current settings in words, and buttons to change them."""
    user = await ensure_user(update, context)
    await update.effective_message.reply_text(
        text("settings", user.language, **describe(user)),
        reply_markup=keyboards.settings_keyboard(user, user.language),
    )


async def _typed(update: Update, context: ContextTypes.DEFAULT_TYPE, field: str) -> None:
    user = await ensure_user(update, context)
    value = parse_choice(field, list(context.args or []))
    if value is None:
        await update.effective_message.reply_text(text(USAGE[field], user.language,
                                                       **describe(user)))  # fmt: skip
        return
    user = await _save(update, context, **{field: value})
    await update.effective_message.reply_text(
        text("settings_saved", user.language, **describe(user))
    )


async def mode_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mode ringkas|lengkap|keduanya."""
    await _typed(update, context, "reading_mode")


async def format_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/format suara|mp3."""
    await _typed(update, context, "audio_format")


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/bahasa id|en."""
    await _typed(update, context, "language")


async def speed_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kecepatan [0,8|1|1,25|1,5]: without a valid value, the choices as a reply keyboard."""
    user = await ensure_user(update, context)
    speed = parse_speed(list(context.args or []))
    if speed is None:
        await update.effective_message.reply_text(
            text("speed_usage", user.language, speed=speed_words(user.speed, user.language)),
            reply_markup=speed_keyboard(user.language),
        )
        return
    user = await _save(update, context, speed=speed)
    await update.effective_message.reply_text(
        text("speed_saved", user.language, speed=speed_words(user.speed, user.language)),
        reply_markup=keyboards.remove_reply_keyboard(),
    )


async def on_settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A settings button: save first (a stale press keeps the choice), answer, then confirm in a
    new message; the buttons are refreshed quietly."""
    query = update.callback_query
    _, what, value = ((query.data or "") + "::").split(":")[:3]
    field = CALLBACK_FIELDS.get(what)
    allowed = {"reading_mode": ("default", "full", "summary"), "audio_format": ("voice", "mp3"),
               "language": ("id", "en"), "speed": tuple(f"{s:g}" for s in SPEEDS)}  # fmt: skip
    if field is None or value not in allowed[field]:
        user = await ensure_user(update, context)
        await answer_query(update, alert=text("expired_button", user.language))
        return
    chosen: str | float = float(value) if field == "speed" else value
    user = await _save(update, context, **{field: chosen})
    acknowledge(update, context)
    await query.message.reply_text(text("settings_saved", user.language, **describe(user)))
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(keyboards.settings_keyboard(user, user.language))
