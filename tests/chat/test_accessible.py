"""Issue 16 end to end against the fake Bot API: what the listener must know arrives as a new
message (sendMessage), whatever fails around it; every button has a typed equivalent."""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import replace

import pytest

from bot.chat import commands
from bot.chat.links import is_link_request
from tests.chat.conftest import running
from tests.chat.pages import article_html

CHAT = 7171
OTHER = 7272


def said(fake, chat_id: int = CHAT, since: int = 0) -> list[str]:
    """Texts the bot sent as new messages (sendMessage only, never edits)."""
    return [c.text for c in fake.calls_of("sendMessage", chat_id=chat_id, ok=True)[since:]]


async def wait_said(fake, fragment: str, chat_id: int = CHAT, timeout: float = 20) -> float:
    """Wait until a sendMessage holding `fragment` succeeded; its arrival time (monotonic)."""
    loop_deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for call in fake.calls_of("sendMessage", chat_id=chat_id, ok=True):
            if fragment in call.text:
                return call.time
        if asyncio.get_running_loop().time() > loop_deadline:
            raise TimeoutError(f"no message with {fragment!r}; said: {said(fake, chat_id)}")
        await asyncio.sleep(0.02)


# -- failures arrive as messages --------------------------------------------------------------


async def test_failure_is_a_new_message_within_two_seconds(
    running_bot, fake_telegram, page_server
) -> None:
    url = page_server.add("/hilang", "<html>tidak ada</html>", status=404)
    fake_telegram.user_text(CHAT, url)
    failed_at = await wait_said(fake_telegram, "halamannya tidak ada")
    [status] = fake_telegram.calls_of("sendMessage", chat_id=CHAT)[:1]
    assert failed_at - status.time < 2.0
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT)  # the status message is gone
    assert not fake_telegram.calls_of("editMessageText")


@pytest.mark.parametrize("status", [400, 403, 413, 429, 502])
async def test_failing_edits_never_hide_a_failure(
    running_bot, fake_telegram, page_server, status
) -> None:
    fake_telegram.fail("editMessageText", status=status, times=None)
    url = page_server.add("/dok.pdf", b"%PDF-1.4", "application/pdf")
    fake_telegram.user_text(CHAT, url)
    await wait_said(fake_telegram, "bukan halaman berita")


async def test_unknown_host_says_the_site_was_not_found(
    running_bot, fake_telegram, monkeypatch
) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "situs-tidak-ada.example":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    fake_telegram.user_text(CHAT, "https://situs-tidak-ada.example/berita/1")
    await wait_said(fake_telegram, "situs itu tidak ditemukan")
    assert not any("diawali http" in t for t in said(fake_telegram))


# -- settings: typed, saved before the answer -------------------------------------------------


@pytest.mark.parametrize("status", [400, 403, 413, 429, 502])
async def test_settings_button_saves_even_when_the_answer_fails(
    running_bot, fake_telegram, status
) -> None:
    fake_telegram.user_text(CHAT, "/pengaturan")
    [menu] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    fake_telegram.fail("answerCallbackQuery", status=status, times=None,
                       description="Bad Request: query is too old" if status == 400 else None)
    pressed_at = time.monotonic()  # the fake stamps calls with the same clock
    fake_telegram.user_callback(CHAT, menu.result["message_id"], "set:mode:summary")
    saved_at = await wait_said(fake_telegram, "Tersimpan. Mode baca: ringkasan saja")
    assert saved_at - pressed_at < 2.0  # not held back by a refused or throttled answer
    db = running_bot.bot_data["services"].db
    async with db.execute("SELECT reading_mode FROM users WHERE user_id = ?", (CHAT,)) as cur:
        assert (await cur.fetchone())[0] == "summary"


async def test_stale_settings_button_gets_an_alert(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "/pengaturan")
    [menu] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    fake_telegram.user_callback(CHAT, menu.result["message_id"], "set:mode:nonsense")
    [answer] = await fake_telegram.wait_for("answerCallbackQuery")
    assert answer.params["show_alert"] is True and "tidak berlaku" in answer.params["text"]


async def test_typed_settings_commands(running_bot, fake_telegram) -> None:
    for command, expected in [
        ("/mode ringkas", "Mode baca: ringkasan saja"),
        ("/mode lengkap", "Mode baca: artikel lengkap saja"),
        ("/mode keduanya", "Mode baca: ringkasan lalu artikel lengkap"),
        ("/format mp3", "Format audio: berkas MP3"),
        ("/format suara", "Format audio: pesan suara"),
        ("/kecepatan 1,25", "Kecepatan suara: 1,25 kali"),
    ]:
        fake_telegram.user_text(CHAT, command)
        await wait_said(fake_telegram, expected)
    fake_telegram.user_text(CHAT, "/kecepatan")
    await wait_said(fake_telegram, "Kecepatan suara sekarang: 1,25 kali")
    offer = fake_telegram.calls_of("sendMessage", chat_id=CHAT)[-1]
    keys = [b["text"] for row in offer.params["reply_markup"]["keyboard"] for b in row]
    assert keys == ["/kecepatan 0,8", "/kecepatan 1", "/kecepatan 1,25", "/kecepatan 1,5"]
    fake_telegram.user_text(CHAT, "/mode cepat")
    await wait_said(fake_telegram, "ketik /mode ringkas, /mode lengkap, atau /mode keduanya")
    fake_telegram.user_text(CHAT, "/bahasa en")
    await wait_said(fake_telegram, "Saved. Reading mode")
    fake_telegram.user_text(CHAT, "/pengaturan")
    await wait_said(fake_telegram, "Speed: 1.25 times")


# -- what the bot answers to other messages ---------------------------------------------------


async def test_unknown_command_and_short_text_get_one_line(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "/foo")
    await wait_said(fake_telegram, "Perintah itu tidak saya kenal. Ketik /bantuan")
    fake_telegram.user_text(CHAT, "halo, apa kabar?")
    await wait_said(fake_telegram, "tempel teks berita minimal 200 huruf")
    assert all("\n" not in t for t in said(fake_telegram))


def test_link_requests_need_a_scheme_www_or_a_path() -> None:
    assert is_link_request("https://kompas.com")
    assert is_link_request("www.kompas.com")
    assert is_link_request("kompas.com/read/2026/11/27/berita")
    assert not is_link_request("KOMPAS.com")
    assert not is_link_request("detik.com,")
    assert not is_link_request("kompas.com/")


PASTED = (
    "JAKARTA, KOMPAS.com - Pemerintah Kota Bandung meresmikan taman baca baru di kawasan "
    "Cicendo pada Senin pagi. Taman itu terbuka untuk umum setiap hari, kata pengelola kepada "
    "Tribunnews.com. Wali Kota mengatakan taman baca dibangun agar anak-anak dan warga lanjut "
    "usia punya tempat membaca yang nyaman dan dekat dari rumah."
)


async def test_pasted_news_naming_sites_is_read_aloud(running_bot, fake_telegram) -> None:
    assert len(PASTED) >= 200
    fake_telegram.user_text(CHAT, PASTED)  # the fake marks KOMPAS.com as a url, like Telegram
    voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
    assert voices[1].text == "Teks yang Anda kirim"
    assert not any("tautan" in t.lower() and "maaf" in t.lower() for t in said(fake_telegram))


async def test_short_text_naming_a_site_is_not_a_link(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "Saya baca di KOMPAS.com tadi pagi")
    await wait_said(fake_telegram, "tempel teks berita minimal 200 huruf")
    assert not fake_telegram.calls_of("sendVoice")


async def test_bare_domain_with_a_path_is_a_link(running_bot, fake_telegram, monkeypatch) -> None:
    asked: list[str] = []

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(host)  # no site is reached: the name is "not found"
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    fake_telegram.user_text(CHAT, "Baca ini kompas.com/read/2026/11/27/taman-baca ya")
    await wait_said(fake_telegram, "Sedang membaca tautan")
    await wait_said(fake_telegram, "situs itu tidak ditemukan")
    assert set(asked) == {"kompas.com"}


async def test_same_link_twice_is_read_once(
    running_bot, fake_telegram, page_server, fake_gtts
) -> None:
    url = page_server.add("/berita/2026/11/27/dua-kali", article_html("Dua Kali"), delay_s=1.0)
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    fake_telegram.user_text(CHAT, url + "?utm_source=wa")
    await wait_said(fake_telegram, "Tautan ini sedang dibacakan")
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    await asyncio.sleep(0.5)
    assert len(fake_telegram.calls_of("sendVoice", chat_id=CHAT)) == 2  # summary and article
    assert page_server.hits["/berita/2026/11/27/dua-kali"] == 1
    assert sum("sedang dibacakan" in t for t in said(fake_telegram)) == 1


# -- sending the audio ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "times", "expected"),
    [
        (400, None, "gagal dikirim ke Telegram"),
        (413, None, "terlalu besar untuk Telegram"),
        (502, None, "gagal dikirim ke Telegram"),
        (502, 1, None),  # retried once: the voice note arrives
        (429, 1, None),  # flood control waited out: the voice note arrives
    ],
)
async def test_send_voice_failures_are_named(
    bot_settings, fake_telegram, page_server, status, times, expected
) -> None:
    url = page_server.add("/berita/2026/11/27/unggah", article_html("Unggah Suara"))
    description = "Request Entity Too Large" if status == 413 else None
    async with running(replace(bot_settings, tts_engine="espeak")) as app:
        db = app.bot_data["services"].db
        await db.execute(
            "INSERT INTO users (user_id, chat_id, language, reading_mode, created_at,"
            " updated_at) VALUES (?, ?, 'id', 'summary', 'x', 'x')", (CHAT, CHAT),
        )  # fmt: skip
        fake_telegram.fail("sendVoice", status=status, times=times, description=description)
        fake_telegram.user_text(CHAT, url)
        if expected is None:
            await fake_telegram.wait_for("sendVoice", chat_id=CHAT, timeout=60)
        else:
            await wait_said(fake_telegram, expected, timeout=60)
            assert "Ringkasan: Unggah Suara" in said(fake_telegram)[-1]  # which audio failed
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=20)


async def test_blocked_chat_ends_the_reading_quietly(
    bot_settings, fake_telegram, page_server
) -> None:
    url = page_server.add("/berita/2026/11/27/blokir", article_html("Diblokir"))
    async with running(replace(bot_settings, tts_engine="espeak")):
        fake_telegram.fail("sendVoice", status=403, times=None)
        fake_telegram.user_text(CHAT, url)
        await fake_telegram.wait_for("sendVoice", chat_id=CHAT, timeout=60, ok=False)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=20)
        await asyncio.sleep(0.3)
    assert not any("Maaf, terjadi kesalahan" in t for t in said(fake_telegram))


# -- menus and help ---------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "help_command"), [("id", "/bantuan"), ("en", "/help")])
async def test_menu_matches_help(running_bot, fake_telegram, language, help_command) -> None:
    menus = await fake_telegram.wait_for("setMyCommands", 2)
    menu = next(c for c in menus if c.params.get("language_code") == (
        "en" if language == "en" else None))  # fmt: skip
    listed = [c["command"] for c in menu.params["commands"]]
    fake_telegram.user_text(CHAT, help_command, language_code=language)
    [reply] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    in_help = [line.split(":")[0].removeprefix("/") for line in reply.text.splitlines()
               if line.startswith("/")]  # fmt: skip
    assert in_help == listed == [c for c, _ in commands.menu(language)]
    registered = {name for group in running_bot.handlers.values() for h in group
                  for name in getattr(h, "commands", ())}  # fmt: skip
    assert set(listed) <= registered  # every command in the menu has a handler


async def test_backup_voice_is_said_before_the_audio_it_concerns(
    bot_settings, fake_telegram, page_server, fake_gtts
) -> None:
    fake_gtts.fail_always(503)
    url = page_server.add("/berita/2026/11/27/cadangan-dulu", article_html("Suara Cadangan"))
    async with running(replace(bot_settings, gtts_retries=0)):
        fake_telegram.user_text(CHAT, url)
        told_at = await wait_said(fake_telegram, "suara cadangan", timeout=60)
        voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=20)
    assert told_at < voices[0].time  # a new message, before the voice it concerns
    assert sum("suara cadangan" in t for t in said(fake_telegram)) == 1


async def test_history_and_delete_have_typed_equivalents(
    running_bot, fake_telegram, page_server
) -> None:
    url = page_server.add("/berita/2026/11/27/ketik", article_html("Berita Diketik"))
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    fake_telegram.user_text(CHAT, "/riwayat 1")
    voices = await fake_telegram.wait_for("sendVoice", 4, chat_id=CHAT, timeout=20)
    assert not voices[2].files and voices[3].text == "Berita Diketik"  # again, by file_id
    fake_telegram.user_text(CHAT, "/riwayat 7")
    await wait_said(fake_telegram, "Ketik /riwayat dan nomor 1 sampai 1")
    fake_telegram.user_text(CHAT, "/hapusdata ya")
    await wait_said(fake_telegram, "Semua data Anda sudah dihapus")
    db = running_bot.bot_data["services"].db
    async with db.execute("SELECT COUNT(*) FROM history WHERE user_id = ?", (CHAT,)) as cur:
        assert (await cur.fetchone())[0] == 0


async def test_two_links_to_one_canonical_article_are_read_once(
    running_bot, fake_telegram, page_server, fake_gtts
) -> None:
    fake_gtts.latency_s = 0.4  # the canonical link's reading lasts past the AMP page's fetch
    canonical = page_server.url("/berita/2026/11/27/asli")
    page = article_html("Satu Artikel").replace(
        "<head>", f'<head><link rel="canonical" href="{canonical}">'
    )
    page_server.add("/berita/2026/11/27/asli", page, delay_s=0.3)
    amp = page_server.add("/amp/berita/2026/11/27/asli", page, delay_s=0.8)
    fake_telegram.user_text(CHAT, amp)
    await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    fake_telegram.user_text(CHAT, canonical)
    await wait_said(fake_telegram, "Tautan ini sedang dibacakan", timeout=30)
    await fake_telegram.wait_for("deleteMessage", 2, chat_id=CHAT, timeout=60)
    await asyncio.sleep(0.5)
    assert len(fake_telegram.calls_of("sendVoice", chat_id=CHAT)) == 2  # one reading


async def test_expired_history_button_gets_an_alert(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "/start")
    [welcome] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    fake_telegram.user_callback(CHAT, welcome.result["message_id"], "hist:9")
    [answer] = await fake_telegram.wait_for("answerCallbackQuery")
    assert answer.params["show_alert"] is True and "tidak berlaku" in answer.params["text"]
    await asyncio.sleep(0.3)
    assert len(said(fake_telegram)) == 1  # nothing else: the alert is the whole answer


async def test_backup_voice_is_said_within_two_seconds_of_the_switch(
    bot_settings, fake_telegram, page_server, fake_gtts
) -> None:
    from tests.chat.pages import long_paragraphs

    fake_gtts.fail_always(503)
    url = page_server.add("/berita/2026/11/27/cadangan-panjang",
                          article_html("Cadangan Panjang", long_paragraphs(12)))  # fmt: skip
    async with running(replace(bot_settings, gtts_retries=0)) as app:
        db = app.bot_data["services"].db
        await db.execute(
            "INSERT INTO users (user_id, chat_id, language, reading_mode, created_at,"
            " updated_at) VALUES (?, ?, 'id', 'full', 'x', 'x')", (CHAT, CHAT),
        )  # fmt: skip
        fake_telegram.user_text(CHAT, url)
        summary_at = await wait_said(fake_telegram, "Ringkasan:", timeout=30)
        told_at = await wait_said(fake_telegram, "suara cadangan", timeout=60)
        [voice] = await fake_telegram.wait_for("sendVoice", chat_id=CHAT, timeout=90)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=20)
    # gTTS fails at once, so the switch happens right after the summary text: the note follows
    # within 2 s, while the rest of the article is still being spoken by the backup voice.
    assert told_at - summary_at < 2.0
    assert told_at < voice.time


async def test_speed_button_in_settings(running_bot, fake_telegram) -> None:
    fake_telegram.user_text(CHAT, "/pengaturan")
    [menu] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    labels = {b["text"]: b["callback_data"]
              for row in menu.params["reply_markup"]["inline_keyboard"] for b in row}  # fmt: skip
    assert labels["Kecepatan: 0,8 kali"] == "set:speed:0.8" and "Kecepatan: 1 kali" not in labels
    fake_telegram.user_callback(CHAT, menu.result["message_id"], "set:speed:0.8")
    await wait_said(fake_telegram, "Kecepatan: 0,8 kali.")
    db = running_bot.bot_data["services"].db
    async with db.execute("SELECT speed FROM users WHERE user_id = ?", (CHAT,)) as cur:
        assert (await cur.fetchone())[0] == 0.8
