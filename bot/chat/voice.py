"""/suara: each listener picks the reading voice (Gadis, Ardi or Google), kept in their settings.

Self-contained (its own texts and buttons, `register` adds it), so the chat layer only calls
`register`, and readings ask `reading_engine` which engine and voice a user's choice means.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import pipeline
from bot.chat.texts import user_language
from bot.config import EDGE_VOICES, Settings
from bot.services import Services
from bot.store.users import UserRepo, UserSettings

CHOICES = (*EDGE_VOICES, "google")
"""What a user may pick: the neural voices (edge-tts) and Google's (gTTS)."""
CALLBACK_PREFIX = "voice:"

TEXTS: dict[str, dict[str, str]] = {
    "name_gadis": {
        "id": "Gadis, suara perempuan (Microsoft)",
        "en": "Gadis, a female voice (Microsoft)",
    },
    "name_ardi": {
        "id": "Ardi, suara laki-laki (Microsoft)",
        "en": "Ardi, a male voice (Microsoft)",
    },
    "name_google": {"id": "Google, suara bawaan", "en": "Google, the default voice"},
    "current": {
        "id": "Suara pembaca sekarang: {voice}.\n\nPilih suara lain dengan tombol di bawah, atau"
        " ketik /suara gadis, /suara ardi, atau /suara google. Suara Gadis dan Ardi memakai layanan"
        " tidak resmi: bila layanan itu tidak menjawab, suara Google membaca sebagai gantinya.",
        "en": "Reading voice now: {voice}.\n\nChoose another voice with the buttons below, or type"
        " /suara gadis, /suara ardi or /suara google. Gadis and Ardi use an unofficial service:"
        " when it does not answer, the Google voice reads instead.",
    },
    "saved": {
        "id": "Baik. Mulai sekarang berita dibacakan dengan suara {voice}.",
        "en": "Done. From now on articles are read with the voice {voice}.",
    },
    "unknown": {
        "id": 'Maaf, suara "{name}" tidak ada. Pilihannya: gadis, ardi, atau google.',
        "en": 'Sorry, there is no voice "{name}". The choices are: gadis, ardi or google.',
    },
    "button": {"id": "Pilih {voice}", "en": "Choose {voice}"},
}


def voice_text(key: str, language: str, **values: str) -> str:
    """A message of this module in `language` (Indonesian when missing)."""
    entry = TEXTS[key]
    return (entry.get(language) or entry["id"]).format(**values)


def reading_engine(choice: str, settings: Settings) -> tuple[str, str | None]:
    """The engine and voice a user's choice means: "gadis"/"ardi" → edge with that voice, "google"
    → gTTS with espeak-ng behind it, anything else → the bot's configured engine."""
    if choice in EDGE_VOICES:
        return "edge", choice
    if choice == "google":
        return "auto", None
    return settings.tts_engine, None


def stored_engine(choice: str, settings: Settings) -> str:
    """The `engine` recorded with audio made for this choice (readings that fell back are never
    stored), so a listener is never sent another voice's stored file."""
    engine, voice = reading_engine(choice, settings)
    return pipeline.finished_voice(pipeline.engine_label(engine, settings, voice))


def current_choice(user: UserSettings, settings: Settings) -> str:
    """The choice in effect for a user who picked none: the configured engine's voice."""
    if user.voice in CHOICES:
        return user.voice
    return settings.edge_voice if settings.tts_engine == "edge" else "google"


def voice_keyboard(current: str, language: str) -> InlineKeyboardMarkup:
    """One button per other voice, labelled in words."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(
            voice_text("button", language, voice=voice_text(f"name_{choice}", language)),
            callback_data=f"{CALLBACK_PREFIX}{choice}")]
        for choice in CHOICES if choice != current
    ])  # fmt: skip


async def _user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> UserSettings:
    services: Services = context.application.bot_data["services"]
    tg_user, chat = update.effective_user, update.effective_chat
    assert tg_user is not None and chat is not None
    return await UserRepo(services.db).ensure(
        tg_user.id, chat.id, user_language(tg_user.language_code), services.clock()
    )


async def _save(context: ContextTypes.DEFAULT_TYPE, user: UserSettings, choice: str) -> None:
    services: Services = context.application.bot_data["services"]
    await UserRepo(services.db).update(user.user_id, services.clock(), voice=choice)


async def voice_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/suara: the current voice and buttons; /suara NAME sets it at once."""
    message = update.effective_message
    assert message is not None
    user = await _user(update, context)
    settings: Settings = context.application.bot_data["settings"]
    language = user.language
    if context.args:
        name = " ".join(context.args).strip().lower()
        if name not in CHOICES:
            await message.reply_text(voice_text("unknown", language, name=name[:40]))
            return
        await _save(context, user, name)
        await message.reply_text(
            voice_text("saved", language, voice=voice_text(f"name_{name}", language))
        )
        return
    current = current_choice(user, settings)
    await message.reply_text(
        voice_text("current", language, voice=voice_text(f"name_{current}", language)),
        reply_markup=voice_keyboard(current, language),
    )


async def on_voice_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A voice button: save, then confirm in the message itself (a toast vanishes unread)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await _user(update, context)
    choice = (query.data or "").removeprefix(CALLBACK_PREFIX)
    if choice not in CHOICES:
        await query.edit_message_text(voice_text("unknown", user.language, name=choice[:40]))
        return
    await _save(context, user, choice)
    await query.edit_message_text(
        voice_text("saved", user.language, voice=voice_text(f"name_{choice}", user.language)),
        reply_markup=voice_keyboard(choice, user.language),
    )


def register(application: Application) -> None:
    """Add /suara (also /voice) and its buttons."""
    application.add_handler(CommandHandler(["suara", "voice"], voice_command))
    application.add_handler(CallbackQueryHandler(on_voice_button, pattern=f"^{CALLBACK_PREFIX}"))
