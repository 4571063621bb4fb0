"""/suara through the fake Bot API: a listener picks a voice, readings use it, stored audio of
another voice is never sent in its place."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bot.chat.voice import reading_engine, stored_engine
from tests.chat.pages import article_html
from tests.conftest import running
from tests.helpers.fake_edge_tts import FakeEdgeTts

CHAT = 7373


async def _reply_with(fake, words: str, timeout: float = 10) -> str:
    """The first message to CHAT that contains `words`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for call in fake.calls_of("sendMessage", chat_id=CHAT):
            if words in call.text:
                return call.text
        assert asyncio.get_running_loop().time() < deadline, f"no reply with {words!r}"
        await asyncio.sleep(0.02)


@pytest.fixture
def fake_edge():
    with FakeEdgeTts() as server:
        yield server


async def test_voice_choice_by_button_and_by_word(
    bot_settings, fake_telegram, fake_gtts, fake_edge, page_server
) -> None:
    settings = replace(bot_settings, edge_endpoint=fake_edge.url, part_minutes=10)
    url = page_server.add("/berita/suara", article_html("Taman Baca Baru di Bandung"))
    async with running(settings):
        fake_telegram.user_text(CHAT, "/suara")
        [menu] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
        assert "Suara pembaca sekarang: Google, suara bawaan." in menu.text
        assert "tidak resmi" in menu.text
        buttons = [b for row in menu.params["reply_markup"]["inline_keyboard"] for b in row]
        assert [b["callback_data"] for b in buttons] == ["voice:gadis", "voice:ardi"]
        assert buttons[0]["text"] == "Pilih Gadis, suara perempuan (Microsoft)"
        fake_telegram.user_callback(CHAT, menu.result["message_id"], "voice:gadis")
        [edit] = await fake_telegram.wait_for("editMessageText", chat_id=CHAT)
        assert "dibacakan dengan suara Gadis" in edit.text

        fake_telegram.user_text(CHAT, url)
        await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=10)
        assert fake_edge.requests and not fake_gtts.requests
        assert {r.voice for r in fake_edge.requests} == {"id-ID-GadisNeural"}

        # Back to Google: the stored Gadis audio is not re-sent; gTTS reads it afresh.
        fake_telegram.user_text(CHAT, "/suara Google")
        await _reply_with(fake_telegram, "dibacakan dengan suara Google")
        asked = len(fake_edge.requests)
        fake_telegram.user_text(CHAT, url)
        voices = await fake_telegram.wait_for("sendVoice", 4, chat_id=CHAT, timeout=60)
        assert all(v.files for v in voices[2:])  # uploaded, not re-sent by file_id
        assert fake_gtts.requests and len(fake_edge.requests) == asked

        fake_telegram.user_text(CHAT, "/suara siti")
        unknown = await _reply_with(fake_telegram, "tidak ada")
        assert 'suara "siti"' in unknown and "gadis, ardi, atau google" in unknown


def test_choice_to_engine(settings) -> None:
    assert reading_engine("ardi", settings) == ("edge", "ardi")
    assert reading_engine("google", settings) == ("auto", None)
    assert reading_engine("", settings) == (settings.tts_engine, None)
    assert stored_engine("gadis", settings) == "edge-gadis"
    assert stored_engine("google", settings) == "gtts"
    edge_default = replace(settings, tts_engine="edge", edge_voice="ardi")
    assert stored_engine("", edge_default) == "edge-ardi"
