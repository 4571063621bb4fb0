"""Telegram failing under the bot: throttling, gateway errors, blocked users, time-outs."""

from __future__ import annotations

from telegram.error import TimedOut

from bot.chat import upload
from bot.chat.request import Request
from tests.chat.pages import article_html

CHAT = 8181


async def test_retry_after_on_upload_is_waited_out_once(running_bot, fake_telegram, page_server):
    url = page_server.add("/berita/2026/11/27/retry-after", article_html("Tunggu Sebentar"))
    fake_telegram.fail("sendVoice", chat_id=CHAT, status=429, retry_after=1)
    fake_telegram.user_text(CHAT, url)
    voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
    assert len(fake_telegram.calls_of("sendVoice", chat_id=CHAT, ok=False)) == 1
    assert voices[0].text.startswith("Ringkasan")


async def test_gateway_error_on_upload_is_retried_without_duplicates(
    running_bot, fake_telegram, page_server
):
    url = page_server.add("/berita/2026/11/27/bad-gateway", article_html("Gerbang Rusak"))
    fake_telegram.fail("sendVoice", chat_id=CHAT, status=502, description="Bad Gateway")
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    assert len(fake_telegram.calls_of("sendVoice", chat_id=CHAT, ok=True)) == 2
    assert len(fake_telegram.calls_of("sendVoice", chat_id=CHAT, ok=False)) == 1
    summaries = [
        c for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT) if "Ringkasan" in c.text
    ]
    assert len(summaries) == 1


async def test_blocked_user_does_not_stop_the_bot(running_bot, fake_telegram, page_server):
    url = page_server.add("/berita/2026/11/27/diblokir", article_html("Diblokir"))
    fake_telegram.fail("sendVoice", chat_id=CHAT, status=403, times=None)
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("sendVoice", chat_id=CHAT, ok=False, timeout=60)
    other = 8282
    fake_telegram.user_text(other, "/start")
    [welcome] = await fake_telegram.wait_for("sendMessage", chat_id=other, timeout=10)
    assert "Suara Berita" in welcome.text


async def test_timed_out_upload_is_not_resent_and_the_listener_is_told(monkeypatch):
    sent: list[str] = []
    attempts = 0

    async def times_out(*args, **kwargs):
        nonlocal attempts
        attempts += 1
        raise TimedOut("upload timed out")

    class Message:
        chat_id = message_id = 1

        def get_bot(self):
            return None

        async def reply_text(self, body):
            sent.append(body)

    class User:
        language = "id"

    monkeypatch.setattr(upload, "_upload", times_out)
    monkeypatch.setattr(upload, "touch", lambda path: None)
    request = Request(Message(), User(), services=None, reader=None)  # type: ignore[arg-type]
    outgoing = upload.Outgoing(None, "/x.ogg", 3.0, "judul", "judul", "situs")
    result = await upload.send_to_listener(request, outgoing)
    assert result is None and attempts == 1
    assert sent and "kirim tautannya lagi" in sent[0]


async def test_stale_file_id_is_forgotten_and_the_audio_sent_again(
    running_bot, fake_telegram, page_server
):
    url = page_server.add("/berita/2026/11/27/file-id-basi", article_html("Berkas Lama"))
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    db = running_bot.bot_data["services"].db
    await db.execute("UPDATE audio SET file_id = 'stale-id-from-another-bot'")
    other = 8383
    fake_telegram.user_text(other, url)
    voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=other, timeout=60)
    refused = fake_telegram.calls_of("sendVoice", chat_id=other, ok=False)
    assert refused and refused[0].params["voice"] == "stale-id-from-another-bot"
    assert all(v.files for v in voices)  # uploaded again
    async with db.execute("SELECT COUNT(*) FROM audio WHERE file_id LIKE 'stale%'") as cursor:
        assert (await cursor.fetchone())[0] == 0
