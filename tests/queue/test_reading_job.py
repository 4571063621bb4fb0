"""The reading job on its own (no procrastinate): failures end requests instead of losing them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.queue.jobs import Runtime, run_reading
from bot.store.db import open_db
from bot.store.readings import ReadingRequestRepo, job_key
from bot.store.users import UserRepo
from tests.chat.pages import article_html

NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
async def runtime(bot_settings, postgres, fake_telegram):
    settings = replace(bot_settings, db_path=postgres.new_database(), tts_engine="espeak")
    db = await open_db(settings.db_path)
    bot = ExtBot(settings.telegram_token, base_url=f"{fake_telegram.base}/bot",
                 base_file_url=f"{fake_telegram.base}/file/bot")  # fmt: skip
    async with bot:
        yield Runtime(settings, db, bot, clock=lambda: NOW)
    await db.close()


async def _request(runtime: Runtime, chat: int, link: str) -> str:
    await UserRepo(runtime.db).ensure(chat, chat, "id", NOW)
    await ReadingRequestRepo(runtime.db).add(
        user_id=chat, chat_id=chat, link=link, language="id", reading_mode="summary", fmt="ogg",
        now=NOW, max_pending=3,
    )  # fmt: skip
    return job_key(link, "ogg")


async def test_telegram_failing_is_retried_then_ends_the_request(
    runtime, page_server, fake_telegram
) -> None:
    link = page_server.add("/berita/2026/12/04/sumur-baru", article_html("Sumur Baru"))
    key = await _request(runtime, 601, link)
    fake_telegram.fail("sendVoice", status=500, times=None)
    with pytest.raises(TelegramError):  # not the last try: the queue retries the job
        await run_reading(runtime, key, link, "ogg", last_try=False)
    assert await ReadingRequestRepo(runtime.db).pending(601) == 1  # kept for the retry
    assert await run_reading(runtime, key, link, "ogg", last_try=True) == 1
    assert await ReadingRequestRepo(runtime.db).counts() == {"failed": 1}
    assert await ReadingRequestRepo(runtime.db).pending(601) == 0  # the user may ask again
    assert runtime.syntheses == 1  # the retry found the audio stored


async def test_a_page_that_is_not_an_article_is_told_politely(runtime, page_server,
                                                              fake_telegram) -> None:
    link = page_server.add("/kosong", "<html><body><p>Halo.</p></body></html>")
    key = await _request(runtime, 602, link)
    assert await run_reading(runtime, key, link, "ogg", last_try=False) == 1
    [message] = fake_telegram.calls_of("sendMessage", chat_id=602)
    assert "Traceback" not in message.text and message.text
    assert (await ReadingRequestRepo(runtime.db).counts()).keys() == {"failed"}
