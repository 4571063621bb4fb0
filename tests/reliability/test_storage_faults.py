"""Storage failing under the bot: an unwritable cache folder, a locked database."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import aiosqlite

from bot.store.db import open_db
from tests.chat.pages import article_html
from tests.conftest import running

CHAT = 9191


async def test_unwritable_cache_still_gives_text_and_cached_answers(
    bot_settings, fake_telegram, page_server, tmp_path
) -> None:
    cached = page_server.add("/berita/2026/11/27/tersimpan", article_html("Sudah Tersimpan"))
    fresh = page_server.add("/berita/2026/11/27/baru", article_html("Berita Baru"))
    async with running(bot_settings):
        fake_telegram.user_text(CHAT, cached)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("the cache folder path is a file")
    mark = fake_telegram.mark()
    async with running(replace(bot_settings, cache_dir=str(blocked))):
        fake_telegram.user_text(CHAT, fresh)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60, since=mark)
        await asyncio.sleep(0.3)
        said = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)]
        assert "penyimpanan suara sedang bermasalah" in said[-1]  # a new message
        texts = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)[-3:]]
        assert any("Berita Baru" in t and "Ringkasan" in t for t in texts)
        again = fake_telegram.mark()
        fake_telegram.user_text(CHAT, cached)  # served by file_id: no disk needed
        voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, since=again)
        assert all(not v.files for v in voices)


async def test_a_locked_database_is_waited_for(tmp_path) -> None:
    path = str(tmp_path / "suara.db")
    db = await open_db(path)
    other = await aiosqlite.connect(path, isolation_level=None)
    await other.execute("BEGIN IMMEDIATE")  # another writer holds the lock

    async def release_later() -> None:
        await asyncio.sleep(0.5)
        await other.execute("COMMIT")

    releaser = asyncio.create_task(release_later())
    await db.execute(
        "INSERT INTO users (user_id, chat_id, created_at, updated_at) VALUES (1, 1, 'x', 'x')"
    )
    await releaser
    async with db.execute("SELECT COUNT(*) FROM users") as cursor:
        assert (await cursor.fetchone())[0] == 1
    await other.close()
    await db.close()


async def test_stats_for_admins_only(bot_settings, fake_telegram) -> None:
    async with running(replace(bot_settings, admins="9191, 42")):
        fake_telegram.user_text(CHAT, "/stats")
        fake_telegram.user_text(5555, "/stats")
        [admin] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
        [other] = await fake_telegram.wait_for("sendMessage", chat_id=5555)
    assert "Pengguna:" in admin.text and "Folder cache" in admin.text
    assert "khusus untuk pengelola" in other.text
