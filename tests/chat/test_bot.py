"""The bot end to end: the real python-telegram-bot client against the fake Bot API server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.chat.conftest import running
from tests.helpers.audio import probe

SEED_PAGE = Path(__file__).parents[1] / "extract" / "fixtures" / "koran_jakarta_seed.html"
CHAT = 4242


async def test_start_and_help_answer_in_indonesian(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "/start")
    [welcome] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    assert "Suara Berita" in welcome.text and "tautan" in welcome.text
    fake_telegram.user_text(CHAT, "/bantuan")
    messages = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT)
    assert "/start" in messages[1].text


async def test_commands_are_registered_in_both_languages(running_bot, fake_telegram) -> None:
    calls = await fake_telegram.wait_for("setMyCommands", 2)
    languages = {call.params.get("language_code") for call in calls}
    assert languages == {None, "en"}


async def test_english_user_gets_english(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "/start", language_code="en")
    [welcome] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    assert welcome.text.startswith("Welcome")


async def test_link_gets_summary_and_voice_note(running_bot, fake_telegram, page_server) -> None:
    url = page_server.add_file("/berita/tangerang", SEED_PAGE)
    fake_telegram.user_text(CHAT, f"Tolong bacakan ini {url}")
    [voice] = await fake_telegram.wait_for("sendVoice", chat_id=CHAT, timeout=60)
    texts = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)]
    assert texts[0].startswith("Sedang membaca tautan")
    summary = next(t for t in texts if "Ringkasan" in t)
    assert "Kota Tangerang" in summary and "menit" in summary
    # The summary comes before the voice note.
    methods = [c.method for c in fake_telegram.sent_to(CHAT)]
    assert methods.index("sendVoice") > methods.index("sendMessage")
    _filename, _content_type, data = voice.files["voice"]
    info = probe_bytes(data)
    assert info["codec_name"] == "opus" and info["channels"] == 1
    assert abs(int(voice.params["duration"]) - info["duration_s"]) <= 1
    assert voice.text  # caption with the title
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT)


async def test_message_without_link_gets_usage(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "halo")
    [reply] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    assert "tautan" in reply.text


async def test_blocked_address_gets_a_polite_message(bot_settings, fake_telegram) -> None:
    async with running(replace(bot_settings, allow_private_hosts=False)):
        fake_telegram.user_text(CHAT, "http://127.0.0.1:8080/admin")
        said = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT)
    assert "tidak diizinkan" in said[1].text  # a new message, announced by screen readers
    assert not fake_telegram.calls_of("sendVoice")


def probe_bytes(data: bytes) -> dict:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".ogg") as handle:
        handle.write(data)
        handle.flush()
        return probe(handle.name)
