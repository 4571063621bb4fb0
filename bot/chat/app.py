"""Build the python-telegram-bot Application: builder, rate limiter, handlers, commands."""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.audio.housekeeping import evict_lru
from bot.briefing import handlers as briefing_handlers
from bot.chat import admin, commands, fulltext, handlers, preferences, replies, voice
from bot.chat.reading import Reader
from bot.chat.texts import DESCRIPTION, SHORT_DESCRIPTION
from bot.config import Settings
from bot.services import Services
from bot.store.db import open_db

logger = logging.getLogger(__name__)

CACHE_EVICTION_EVERY_S = 600

async def _post_init(application: Application) -> None:
    """Open the database, register the command menu and descriptions, start the schedules."""
    if "services" not in application.bot_data:
        settings: Settings = application.bot_data["settings"]
        application.bot_data["services"] = Services(settings, await open_db(settings.db_path))
    services: Services = application.bot_data["services"]
    if services.settings.queue and services.queue is None:
        from bot.queue.app import make_app  # queue mode: readings go to `suara worker`

        services.queue = make_app(services.settings.db_path)
        await services.queue.open_async()
    bot = application.bot
    await replies.report_interrupted(bot, application.bot_data["services"])
    await bot.set_my_commands([BotCommand(c, d) for c, d in commands.menu("id")])
    await bot.set_my_commands(
        [BotCommand(c, d) for c, d in commands.menu("en")], language_code="en"
    )
    await bot.set_my_description(DESCRIPTION["id"])
    await bot.set_my_description(DESCRIPTION["en"], language_code="en")
    await bot.set_my_short_description(SHORT_DESCRIPTION["id"])
    await bot.set_my_short_description(SHORT_DESCRIPTION["en"], language_code="en")
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _evict_cache, interval=CACHE_EVICTION_EVERY_S, first=30, name="cache-eviction"
        )
    if not services.settings.queue:  # in queue mode the workers run the briefing ticks
        await briefing_handlers.on_startup(application)


async def _evict_cache(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the audio cache folder under SUARA_CACHE_MAX_MB (least recently used first)."""
    settings: Settings = context.application.bot_data["settings"]
    await asyncio.to_thread(evict_lru, settings.cache_dir, settings.cache_max_mb * 1_000_000)


async def _post_shutdown(application: Application) -> None:
    await briefing_handlers.on_shutdown(application)
    services: Services | None = application.bot_data.get("services")
    if services is not None:
        if services.queue is not None:
            await services.queue.close_async()
        await services.db.close()


def build_application(settings: Settings, services: Services | None = None) -> Application:
    """The bot: every handler, the error handler, and our services in bot_data."""
    base = settings.telegram_api.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        # Bulk briefings stay under Telegram's ~30 messages a second (SUARA_BROADCAST_RATE).
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.overall_rate, max_retries=2))
        .concurrent_updates(True)
        .media_write_timeout(120)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data["settings"] = settings
    application.bot_data["reader"] = Reader(settings.max_syntheses, settings.max_pending_per_user)
    if services is not None:
        application.bot_data["services"] = services

    add = application.add_handler
    add(CommandHandler("start", handlers.start))
    add(CommandHandler(["help", "bantuan"], handlers.help_command))
    add(CommandHandler(["pengaturan", "settings"], preferences.settings_command))
    add(CommandHandler("mode", preferences.mode_command))
    add(CommandHandler("format", preferences.format_command))
    add(CommandHandler(["bahasa", "language"], preferences.language_command))
    add(CommandHandler(["kecepatan", "speed"], preferences.speed_command))
    add(CommandHandler(["teks", "text"], fulltext.text_command))
    add(CommandHandler(["riwayat", "history"], handlers.history_command))
    add(CommandHandler(["hapusdata", "deletedata"], handlers.delete_data_command))
    add(CommandHandler("stats", admin.stats_command))
    add(CallbackQueryHandler(preferences.on_settings_button, pattern=r"^set:"))
    add(CallbackQueryHandler(handlers.on_history_button, pattern=r"^hist:"))
    add(CallbackQueryHandler(handlers.on_delete_button, pattern=r"^del:"))
    add(CallbackQueryHandler(fulltext.on_full_text_button, pattern=r"^txt:"))
    briefing_handlers.register(application)
    voice.register(application)
    add(MessageHandler((filters.TEXT | filters.CAPTION) & ~filters.COMMAND, handlers.on_message))
    add(MessageHandler(filters.COMMAND, handlers.unknown_command))  # after every command
    application.add_error_handler(handlers.on_error)
    return application


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until interrupted (SIGINT/SIGTERM stop it cleanly)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its URLs contain the token
    application = build_application(settings)
    logger.info("Suara Berita is listening")
    application.run_polling(allowed_updates=Update.ALL_TYPES)
