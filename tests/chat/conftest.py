"""The bot under test: the real Application against the fake Bot API, gTTS and page servers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.chat.app import build_application
from bot.config import Settings


@pytest.fixture
def fake_telegram():
    from tests.helpers.fake_telegram import FakeTelegram

    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot_settings(settings, fake_telegram, fake_gtts) -> Settings:
    return replace(
        settings,
        telegram_token="123456:TEST-TOKEN",
        telegram_api=fake_telegram.base,
        gtts_endpoint=fake_gtts.url,
        tts_engine="auto",
    )


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator:
    """Start the bot as run_polling would (post_init included) and stop it cleanly."""
    application = build_application(settings)
    async with application:
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)


@pytest.fixture
async def running_bot(bot_settings):
    async with running(bot_settings) as application:
        yield application
