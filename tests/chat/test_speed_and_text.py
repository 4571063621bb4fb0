"""Speech speed (ffmpeg atempo, stored per user, file_ids per speed) and the full text as messages
(/teks and the "Teks lengkap" button), end to end against the fake Bot API."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.chat import fulltext
from bot.chat.fulltext import split_message
from bot.store.articles import ArticleRepo
from bot.store.users import UserRepo
from tests.chat.conftest import running
from tests.chat.pages import article_html, long_paragraphs
from tests.helpers.audio import probe

CHAT = 8181
OTHER = 8282
THIRD = 8383


def _duration(call) -> float:
    """Seconds of an uploaded voice note, measured by ffprobe."""
    _name, _type, data = call.files["voice"]
    with tempfile.NamedTemporaryFile(suffix=".ogg") as handle:
        handle.write(data)
        handle.flush()
        return probe(handle.name)["duration_s"]


async def _user(db, chat: int, speed: float) -> None:
    await db.execute(
        "INSERT INTO users (user_id, chat_id, language, reading_mode, speed, created_at,"
        " updated_at) VALUES (?, ?, 'id', 'full', ?, 'x', 'x')", (chat, chat, speed),
    )  # fmt: skip


async def test_speed_changes_the_audio_and_keeps_file_ids_per_speed(
    bot_settings, fake_telegram, page_server
) -> None:
    url = page_server.add("/berita/2026/11/27/cepat", article_html("Kecepatan Suara"))
    async with running(replace(bot_settings, tts_engine="espeak")) as app:
        db = app.bot_data["services"].db
        durations: dict[float, float] = {}
        for chat, speed in ((CHAT, 1.0), (OTHER, 1.5), (THIRD, 0.8)):
            await _user(db, chat, speed)
            fake_telegram.user_text(chat, url)
            [voice] = await fake_telegram.wait_for("sendVoice", chat_id=chat, timeout=60)
            assert voice.files  # the first listener at this speed: uploaded
            durations[speed] = _duration(voice)
            await fake_telegram.wait_for("deleteMessage", chat_id=chat, timeout=20)
        for speed in (1.5, 0.8):
            ratio = durations[1.0] / durations[speed]
            assert abs(ratio - speed) / speed <= 0.05, (speed, durations)
        # A later listener at 1.5x gets the 1.5x file_id: no synthesis, no upload.
        fourth = 8484
        await _user(db, fourth, 1.5)
        fake_telegram.user_text(fourth, url)
        [again] = await fake_telegram.wait_for("sendVoice", chat_id=fourth, timeout=20)
    first_fast = fake_telegram.calls_of("sendVoice", chat_id=OTHER)[0]
    assert not again.files and again.params["voice"] == first_fast.result["voice"]["file_id"]


def test_split_message_keeps_paragraphs_whole() -> None:
    paragraphs = [f"Paragraf {n}. " + "Kalimat berita yang cukup panjang. " * (5 + n % 40)
                  for n in range(120)]  # fmt: skip
    body = "\n\n".join(paragraphs)
    assert len(body) >= 20_000
    parts = split_message(body)
    assert all(len(p) <= 4096 for p in parts) and len(parts) >= len(body) // 4096
    # Every message is whole paragraphs, in order: nothing lost, nothing cut.
    assert [p for part in parts for p in part.split("\n\n")] == [p.strip() for p in paragraphs]


def test_split_message_cuts_a_giant_paragraph_at_sentences() -> None:
    giant = "Satu kalimat panjang di sini. " * 400  # 12,000 characters, no paragraph break
    parts = split_message(giant)
    assert all(len(p) <= 4096 for p in parts) and len(parts) == 3
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts).split() == giant.split()


async def test_teks_sends_a_20000_character_article_in_paced_messages(
    running_bot, fake_telegram, monkeypatch
) -> None:
    monkeypatch.setattr(fulltext, "SEND_EVERY_S", 0.2)
    services = running_bot.bot_data["services"]
    paragraphs = long_paragraphs(90)
    body = "\n\n".join(paragraphs)
    assert len(body) >= 20_000
    now = services.clock()
    await ArticleRepo(services.db).save(
        url="https://contoh.id/panjang", aliases=[], content_hash="h" * 32, title="Berita Panjang",
        site="Contoh", language="id", summary=("a",), words=len(body.split()), now=now,
        ttl=timedelta(hours=1), body=body,
    )  # fmt: skip
    users = UserRepo(services.db)
    await users.ensure(CHAT, CHAT, "id", now)
    await users.add_history(CHAT, "https://contoh.id/panjang", "Berita Panjang", now)
    fake_telegram.user_text(CHAT, "/teks")
    expected = len(split_message(f"Berita Panjang\n\n{body}"))
    sent = await fake_telegram.wait_for("sendMessage", expected, chat_id=CHAT, timeout=30)
    await asyncio.sleep(0.5)
    assert len(fake_telegram.calls_of("sendMessage", chat_id=CHAT)) == expected >= 5
    assert all(len(c.text) <= 4096 for c in sent)
    assert sent[0].text.startswith("Berita Panjang\n\n")
    assert "\n\n".join(c.text for c in sent) == f"Berita Panjang\n\n{body}"
    gaps = [b.time - a.time for a, b in itertools.pairwise(sent)]
    assert min(gaps) >= 0.18  # paced, within Telegram's one message a second per chat


async def test_full_text_button_under_the_summary(
    bot_settings, fake_telegram, page_server
) -> None:
    url = page_server.add("/berita/2026/11/27/teks", article_html("Teks Lengkap Uji"))
    async with running(replace(bot_settings, tts_engine="espeak")):
        fake_telegram.user_text(CHAT, url)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
        summary = next(c for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)
                       if c.params.get("reply_markup"))  # fmt: skip
        [[button]] = summary.params["reply_markup"]["inline_keyboard"]
        assert button["text"] == "Teks lengkap"
        mark = fake_telegram.mark()
        fake_telegram.user_callback(CHAT, summary.result["message_id"], button["callback_data"])
        [full] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT, since=mark)
        await fake_telegram.wait_for("answerCallbackQuery", since=mark)
    assert full.text.startswith("Teks Lengkap Uji\n\nPemerintah Kota Bandung")
    assert "huruf besar" in full.text


@pytest.mark.parametrize("command", ["/teks", "/text"])
async def test_teks_without_a_reading_says_so(running_bot, fake_telegram, command) -> None:
    fake_telegram.user_text(CHAT, command)
    [reply] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    assert "Belum ada bacaan" in reply.text
