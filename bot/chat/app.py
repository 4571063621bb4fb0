"""Build the python-telegram-bot Application: builder, rate limiter, handlers, commands."""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.chat import handlers
from bot.chat.texts import text
from bot.config import Settings

logger = logging.getLogger(__name__)

COMMANDS = {
    "id": [("start", "Salam pembuka"), ("bantuan", "Daftar perintah")],
    "en": [("start", "Welcome"), ("help", "List of commands")],
}


async def _post_init(application: Application) -> None:
    """Register the command menu in Indonesian (default) and English."""
    bot = application.bot
    await bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS["id"]])
    await bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS["en"]], language_code="en")
    await bot.set_my_short_description(text("start", "id")[:120])


def build_application(settings: Settings) -> Application:
    """The bot: every handler, the error handler, and our services in bot_data."""
    base = settings.telegram_api.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=2))
        .concurrent_updates(True)
        .media_write_timeout(60)
        .post_init(_post_init)
        .build()
    )
    application.bot_data["settings"] = settings
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler(["help", "bantuan"], handlers.help_command))
    application.add_handler(
        MessageHandler(
            private & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, handlers.on_message
        )
    )
    application.add_error_handler(handlers.on_error)
    return application


def run_polling(settings: Settings) -> None:
    """Run the bot with long polling until interrupted (SIGINT/SIGTERM stop it cleanly)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its URLs contain the token
    application = build_application(settings)
    logger.info("Suara Berita is listening")
    application.run_polling(allowed_updates=Update.ALL_TYPES)
