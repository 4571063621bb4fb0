"""Self-tests of the network fakes: each fake is driven by the real client the product uses."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import gtts
import gtts.tts
import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from tests.helpers.audio import make_tone, probe, probe_bytes
from tests.helpers.fake_gtts import TONE_SECONDS_PER_CHAR, FakeGtts, decode_request, render_mp3
from tests.helpers.fake_telegram import FakeTelegram, detect_entities
from tests.helpers.page_server import PageServer

TOKEN = "123456:TEST-token"
SENTENCE = "Presiden meresmikan jalan tol baru di Jawa Tengah pada hari Senin pagi."


@pytest.fixture(scope="module")
def http():
    """One HTTP client for the module (a new httpx client costs ~50 ms of TLS set-up)."""
    with httpx.Client(timeout=10) as client:
        yield client


# -- fake gTTS ------------------------------------------------------------------------------


@pytest.fixture
def gtts_fake(monkeypatch: pytest.MonkeyPatch):
    """A FakeGtts with gTTS pointed at it exactly as the product's adapter does."""
    with FakeGtts() as fake:
        monkeypatch.setattr(gtts.tts, "_translate_url", lambda tld="com", path="": fake.url)
        monkeypatch.setattr(urllib.request, "getproxies", dict)  # never via a proxy
        yield fake


def speak(text: str, path: Path, *, slow: bool = False) -> dict:
    gtts.gTTS(text, lang="id", slow=slow).save(str(path))
    return probe(path)


def test_gtts_writes_playable_mp3_through_the_fake(gtts_fake: FakeGtts, tmp_path: Path) -> None:
    info = speak(SENTENCE, tmp_path / "out.mp3")

    assert (info["codec_name"], info["channels"], info["sample_rate"]) == ("mp3", 1, 24_000)
    assert info["format_name"] == "mp3"
    assert 2.0 < info["duration_s"] < 15.0
    assert gtts_fake.requests == [(SENTENCE, "id", False)]
    assert gtts_fake.url.endswith("/_/TranslateWebserverUi/data/batchexecute")


def test_duration_grows_with_the_text(gtts_fake: FakeGtts, tmp_path: Path) -> None:
    short = speak("Halo.", tmp_path / "short.mp3")["duration_s"]
    long = speak(SENTENCE, tmp_path / "long.mp3")["duration_s"]
    slow = speak(SENTENCE, tmp_path / "slow.mp3", slow=True)["duration_s"]

    assert long > 3 * short
    assert slow > 1.2 * long
    assert gtts_fake.requests[-1] == (SENTENCE, "id", True)


def test_long_text_parts_concatenate_into_one_playable_mp3(
    gtts_fake: FakeGtts, tmp_path: Path
) -> None:
    text = " ".join([SENTENCE] * 4)  # > 100 chars: gTTS sends one request per sentence
    total = speak(text, tmp_path / "all.mp3")["duration_s"]
    part = speak(SENTENCE, tmp_path / "one.mp3")["duration_s"]

    assert len(gtts_fake.requests) == 5
    assert total == pytest.approx(4 * part, rel=0.05)


def test_429_surfaces_as_gtts_error_then_recovers(gtts_fake: FakeGtts, tmp_path: Path) -> None:
    gtts_fake.fail_next(2, status=429)
    for _ in range(2):
        with pytest.raises(gtts.tts.gTTSError) as caught:
            gtts.gTTS("Halo.", lang="id").save(str(tmp_path / "x.mp3"))
        assert caught.value.rsp is not None
        assert caught.value.rsp.status_code == 429

    assert speak("Halo.", tmp_path / "ok.mp3")["duration_s"] > 0
    assert len(gtts_fake.requests) == 3


def test_garbage_answers(gtts_fake: FakeGtts, tmp_path: Path) -> None:
    gtts_fake.garbage_next(1)
    with pytest.raises(gtts.tts.gTTSError) as caught:
        gtts.gTTS("Halo.", lang="id").save(str(tmp_path / "x.mp3"))
    assert caught.value.rsp.status_code == 200

    gtts_fake.garbage_next(1, kind="empty")
    gtts.gTTS("Halo.", lang="id").save(str(tmp_path / "empty.mp3"))
    assert (tmp_path / "empty.mp3").stat().st_size == 0


def test_fail_always_until_cleared(gtts_fake: FakeGtts, tmp_path: Path) -> None:
    gtts_fake.fail_always(503)
    for _ in range(2):
        with pytest.raises(gtts.tts.gTTSError, match="Upstream API error"):
            gtts.gTTS("Halo.", lang="id").save(str(tmp_path / "x.mp3"))
    gtts_fake.fail_always(None)
    assert speak("Halo.", tmp_path / "ok.mp3")["codec_name"] == "mp3"


def test_max_in_flight_counts_concurrent_requests(gtts_fake: FakeGtts, tmp_path: Path) -> None:
    speak("Satu.", tmp_path / "1.mp3")
    speak("Dua.", tmp_path / "2.mp3")
    assert gtts_fake.max_in_flight == 1

    gtts_fake.reset()
    gtts_fake.latency_s = 0.5  # long enough for all three threads to overlap
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda i: speak(f"Kalimat {i}.", tmp_path / f"c{i}.mp3"), range(3)))
    assert gtts_fake.max_in_flight == 3
    assert sorted(gtts_fake.texts) == ["Kalimat 0.", "Kalimat 1.", "Kalimat 2."]


def test_fallback_audio_keeps_durations_proportional(monkeypatch: pytest.MonkeyPatch) -> None:
    found = {name: shutil.which(name) for name in ("ffmpeg", "espeak-ng")}
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "espeak-ng" else found[name])
    tone = probe_bytes(render_mp3(SENTENCE), ".mp3")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    silence = probe_bytes(render_mp3(SENTENCE, slow=True), ".mp3")

    expected = len(SENTENCE) * TONE_SECONDS_PER_CHAR
    assert (tone["codec_name"], tone["channels"], tone["sample_rate"]) == ("mp3", 1, 24_000)
    assert tone["duration_s"] == pytest.approx(expected, abs=0.1)
    assert (silence["codec_name"], silence["sample_rate"]) == ("mp3", 24_000)
    assert silence["duration_s"] == pytest.approx(1.5 * expected, abs=0.1)


def test_rejects_wrong_path_and_undecodable_body(http: httpx.Client, gtts_fake: FakeGtts) -> None:
    base = gtts_fake.url.rsplit("/_/", 1)[0]
    assert http.post(base + "/other", content=b"f.req=x").status_code == 404
    assert http.post(gtts_fake.url, content=b"nonsense").status_code == 400
    body = gtts.gTTS("Halo", lang="id").get_bodies()[0]
    assert decode_request(body.encode()) == ("Halo", "id", False)


def test_serves_a_subprocess(gtts_fake: FakeGtts, tmp_path: Path) -> None:
    out = tmp_path / "sub.mp3"
    script = (
        "import sys, gtts.tts\n"
        "gtts.tts._translate_url = lambda tld='com', path='': sys.argv[1]\n"
        "gtts.gTTS('Halo dari proses lain.', lang='id').save(sys.argv[2])\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, gtts_fake.url, str(out)],
        check=True, timeout=30, env={"NO_PROXY": "*", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert probe(out)["duration_s"] > 0.5
    assert gtts_fake.requests == [("Halo dari proses lain.", "id", False)]


# -- page server ----------------------------------------------------------------------------


@pytest.fixture
def pages():
    with PageServer() as server:
        yield server


def test_serves_pages_and_counts_hits(http: httpx.Client, pages: PageServer) -> None:
    url = pages.add("/berita/1", "<html><body><p>Jakarta hujan.</p></body></html>")
    first = http.get(url)
    http.get(url)
    missing = http.get(pages.url("/tidak-ada"))

    assert first.status_code == 200
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    assert "Jakarta hujan." in first.text
    assert missing.status_code == 404
    assert pages.hits == {"/berita/1": 2, "/tidak-ada": 1}


def test_status_headers_query_and_head(http: httpx.Client, pages: PageServer) -> None:
    pages.add("/hilang", "gone", status=410, headers={"X-Cache": "miss"})
    pages.add("/cari", "semua")
    pages.add("/cari?page=2", "halaman dua")

    gone = http.get(pages.url("/hilang"))
    assert (gone.status_code, gone.headers["x-cache"]) == (410, "miss")
    assert http.get(pages.url("/cari?page=2")).text == "halaman dua"
    assert http.get(pages.url("/cari?page=3")).text == "semua"
    head = http.head(pages.url("/cari"))
    assert (head.status_code, head.headers["content-length"], head.content) == (200, "5", b"")


def test_redirects_relative_and_absolute(http: httpx.Client, pages: PageServer) -> None:
    pages.add("/akhir", "sampai")
    pages.redirect("/pendek", "/tengah")
    pages.redirect("/tengah", pages.url("/akhir"), status=301)

    response = http.get(pages.url("/pendek"), follow_redirects=True)

    assert response.text == "sampai"
    assert str(response.url) == pages.url("/akhir")
    assert [r.status_code for r in response.history] == [302, 301]
    assert http.get(pages.url("/pendek")).headers["location"] == "/tengah"


def test_files_gzipped_pages_served_decompressed(
    http: httpx.Client, pages: PageServer, tmp_path: Path
) -> None:
    html = "<html><head><title>Banjir</title></head><body><p>Jakarta banjir.</p></body></html>"
    saved = tmp_path / "0a1b.html.gz"  # how saved pages are stored in shared/data/aeb
    saved.write_bytes(gzip.compress(html.encode("utf-8")))
    feed = tmp_path / "jakarta.xml"
    feed.write_text("<rss version='2.0'><channel/></rss>", encoding="utf-8")

    page = http.get(pages.add_file("/aeb", saved))
    rss = http.get(pages.add_file("/rss/jakarta", feed))

    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.text == html
    assert rss.headers["content-type"] == "application/xml; charset=utf-8"
    assert rss.content == feed.read_bytes()


def test_etag_and_if_none_match(http: httpx.Client, pages: PageServer) -> None:
    url = pages.add("/rss", "<rss>v1</rss>", content_type="application/rss+xml", etag=True)
    first = http.get(url)
    tag = first.headers["etag"]

    again = http.get(url, headers={"If-None-Match": tag})
    assert (again.status_code, again.content) == (304, b"")

    pages.add("/rss", "<rss>v2</rss>", content_type="application/rss+xml", etag=True)
    changed = http.get(url, headers={"If-None-Match": tag})
    assert (changed.status_code, changed.text) == (200, "<rss>v2</rss>")
    assert changed.headers["etag"] != tag
    assert [r.status for r in pages.requests] == [200, 304, 200]


def test_last_modified_and_if_modified_since(http: httpx.Client, pages: PageServer) -> None:
    stamp = datetime(2024, 8, 17, 7, 0, tzinfo=UTC)
    url = pages.add("/feed", "<rss/>", last_modified=stamp)

    assert http.get(url).headers["last-modified"] == "Sat, 17 Aug 2024 07:00:00 GMT"
    same = http.get(url, headers={"If-Modified-Since": format_datetime(stamp, usegmt=True)})
    older = format_datetime(stamp - timedelta(hours=1), usegmt=True)
    assert same.status_code == 304
    assert http.get(url, headers={"If-Modified-Since": older}).status_code == 200


def test_latency_chunked_and_compressed(http: httpx.Client, pages: PageServer) -> None:
    body = "<p>" + "kata " * 10_000 + "</p>"
    pages.add("/besar", body, chunked=True)
    pages.add("/zip", body, compress=True)

    chunked = http.get(pages.url("/besar"))
    assert "content-length" not in chunked.headers
    assert chunked.text == body
    zipped = http.get(pages.url("/zip"))
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.text == body

    pages.latency_s = 0.2
    started = time.monotonic()
    http.get(pages.url("/zip"))
    assert time.monotonic() - started >= 0.2


# -- fake Telegram --------------------------------------------------------------------------


@pytest.fixture
def telegram():
    with FakeTelegram() as fake:
        yield fake


def seconds(obj: object, attribute: str) -> float:
    """A PTB 22 duration attribute in seconds, whether it is an int or a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 deprecates the int form
        value = getattr(obj, attribute)
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def make_bot(fake: FakeTelegram) -> Bot:
    return Bot(TOKEN, base_url=fake.bot_url, base_file_url=fake.file_url)


def build_app(fake: FakeTelegram) -> Application:
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.bot_url)
        .base_file_url(fake.file_url)
        .build()
    )


async def test_ptb_polls_and_replies_to_start(telegram: FakeTelegram) -> None:
    seen: list[Update] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update)
        await update.message.reply_text("Selamat datang!")

    app = build_app(telegram)
    app.add_handler(CommandHandler("start", start))
    started = time.monotonic()
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0)
        telegram.user_text(42, "/start", first_name="Sari")
        [reply] = await telegram.wait_for("sendMessage", chat_id=42, timeout=5)
        await app.updater.stop()
        await app.stop()

    assert time.monotonic() - started < 3
    assert reply.params == {"chat_id": 42, "text": "Selamat datang!"}
    assert reply.result["message_id"] == 2  # the user's /start was message 1
    assert seen[0].effective_user.first_name == "Sari"
    assert seen[0].effective_user.language_code == "id"
    assert app.bot.username == "SuaraBeritaBot"
    assert telegram.token == TOKEN
    assert telegram.pending_updates == []  # PTB confirmed the update with its offset


async def test_callback_button_answer_and_edit(telegram: FakeTelegram) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ringkas", callback_data="m:s")]])
        await update.message.reply_text("Pilih mode", reply_markup=keyboard)

    async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(f"Mode: {update.callback_query.data}")

    app = build_app(telegram)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(chosen))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0)
        telegram.user_text(7, "/start")
        [menu] = await telegram.wait_for("sendMessage", chat_id=7, timeout=5)
        keyboard = menu.params["reply_markup"]["inline_keyboard"]
        telegram.user_callback(7, menu.result["message_id"], keyboard[0][0]["callback_data"])
        await telegram.wait_for("editMessageText", chat_id=7, timeout=5)
        await app.updater.stop()
        await app.stop()

    assert len(telegram.calls_of("answerCallbackQuery", ok=True)) == 1
    bot_message = telegram.messages(7)[-1]
    assert bot_message["text"] == "Mode: m:s"
    assert "reply_markup" not in bot_message  # editing text without a markup drops the keyboard


async def test_voice_upload_resend_and_download(telegram: FakeTelegram, tmp_path: Path) -> None:
    voice_path = make_tone(tmp_path / "v.ogg", seconds=1.0)
    data = voice_path.read_bytes()
    async with make_bot(telegram) as bot:
        with voice_path.open("rb") as handle:
            sent = await bot.send_voice(5, voice=handle, caption="Ringkasan berita")
        again = await bot.send_voice(5, voice=sent.voice.file_id)
        downloaded = await (await bot.get_file(sent.voice.file_id)).download_as_bytearray()
        with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
            await bot.send_voice(5, voice="VOICE_99999_unknown")

    upload, resend = telegram.calls_of("sendVoice")[:2]
    name, _content_type, uploaded = upload.files["voice"]
    assert uploaded == data and name
    assert resend.files == {}
    assert telegram.uploads[sent.voice.file_id] == data
    assert bytes(downloaded) == data
    assert seconds(sent.voice, "duration") == 1  # probed: send_voice got no duration
    assert (sent.voice.mime_type, sent.voice.file_size) == ("audio/ogg", len(data))
    assert again.voice.file_unique_id == sent.voice.file_unique_id
    assert sent.caption == "Ringkasan berita"
    info = probe_bytes(telegram.uploads[sent.voice.file_id], ".ogg")
    assert (info["codec_name"], info["channels"], info["format_name"]) == ("opus", 1, "ogg")
    assert [c.method for c in telegram.sent_to(5)] == ["sendVoice", "sendVoice"]


async def test_429_injection_raises_retry_after(telegram: FakeTelegram) -> None:
    telegram.fail("sendMessage", chat_id=9, retry_after=2)
    async with make_bot(telegram) as bot:
        await bot.send_message(8, "chat lain tidak terpengaruh")
        with pytest.raises(RetryAfter) as caught, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            await bot.send_message(9, "Halo")
        await bot.send_message(9, "Halo lagi")

    assert seconds(caught.value, "retry_after") == 2
    assert [c.status for c in telegram.calls_of("sendMessage", chat_id=9)] == [429, 200]
    assert [c.text for c in telegram.sent_to(9)] == ["Halo lagi"]


async def test_rate_limiter_retries_after_injected_429(telegram: FakeTelegram) -> None:
    telegram.fail("sendVoice", chat_id=21)  # retry_after=1
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(telegram.bot_url)
        .rate_limiter(AIORateLimiter(max_retries=1))
        .build()
    )
    async with app:
        upload = await app.bot.send_voice(20, voice=b"OggS fake voice bytes", duration=3)
        started = time.monotonic()
        await app.bot.send_voice(21, voice=upload.voice.file_id)
        waited = time.monotonic() - started

    assert 1.0 <= waited < 3.0
    assert [c.status for c in telegram.calls_of("sendVoice", chat_id=21)] == [429, 200]
    assert seconds(upload.voice, "duration") == 3


async def test_blocked_user_forbidden_until_cleared(telegram: FakeTelegram) -> None:
    telegram.fail("*", chat_id=11, status=403, times=None)
    async with make_bot(telegram) as bot:
        for _ in range(2):
            with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
                await bot.send_chat_action(11, "record_voice")
        telegram.clear_failures()
        assert await bot.send_chat_action(11, "record_voice")


async def test_real_api_rules_surface_as_bad_request(telegram: FakeTelegram) -> None:
    async with make_bot(telegram) as bot:
        status = await bot.send_message(3, "Sedang membaca…")
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await bot.edit_message_text("Sedang membaca…", chat_id=3, message_id=status.message_id)
        edited = await bot.edit_message_text(
            "<b>Selesai</b>", chat_id=3, message_id=status.message_id, parse_mode="HTML"
        )
        with pytest.raises(BadRequest, match=r"(?i)too long"):
            await bot.send_message(3, "a" * 4097)
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await bot.delete_message(3, 999)
        assert await bot.delete_message(3, status.message_id)
        await bot.set_my_commands([("baca", "Bacakan tautan"), ("bantuan", "Cara pakai")])
        commands = await bot.get_my_commands()

    assert edited.text == "Selesai" and edited.edit_date is not None
    assert telegram.messages(3) == []
    assert [c.command for c in commands] == ["baca", "bantuan"]


async def test_group_forward_reply_and_other_media(telegram: FakeTelegram) -> None:
    origin = {"type": "channel", "chat": {"id": -1009, "type": "channel", "title": "Kompas"},
              "message_id": 3, "date": 1_700_000_000}  # fmt: skip
    telegram.user_text(-100555, "/baca@SuaraBeritaBot", chat_type="supergroup", user_id=5)
    telegram.user_text(5, "Halo")
    telegram.user_text(5, "https://kompas.com/x", forward_origin=origin, reply_to=1)
    async with make_bot(telegram) as bot:
        group, first, forwarded = await bot.get_updates()
        audio = await bot.send_audio(5, b"ID3 fake mp3", title="Berita", duration=2)
        document = await bot.send_document(5, b"halo", filename="catatan.txt")
        with pytest.raises(BadRequest, match=r"(?i)can't use file of type"):
            await bot.send_voice(5, document.document.file_id)
        await bot.set_webhook("https://example.invalid/hook")
        with pytest.raises(Conflict):
            await bot.get_updates()

    assert (group.effective_chat.type, group.effective_user.id) == ("supergroup", 5)
    assert forwarded.message.forward_origin.chat.title == "Kompas"
    assert forwarded.message.reply_to_message.text == first.message.text == "Halo"
    assert forwarded.message.parse_entities(["url"]) == {
        forwarded.message.entities[0]: "https://kompas.com/x"
    }
    assert (audio.audio.title, audio.audio.mime_type, audio.message_id) == (
        "Berita",
        "audio/mpeg",
        3,  # after the user's two messages in chat 5
    )
    assert (document.document.file_name, document.document.file_size) == ("catatan.txt", 4)


def test_entities_use_utf16_offsets() -> None:
    text = "/baca@SuaraBeritaBot 😀 https://kompas.com/a/b. juga detik.com/berita/1"
    message = Message.de_json(
        {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": text,
         "entities": detect_entities(text)},
        bot=None,
    )  # fmt: skip
    parsed = sorted(message.parse_entities().items(), key=lambda item: item[0].offset)

    assert [(e.type, value) for e, value in parsed] == [
        ("bot_command", "/baca@SuaraBeritaBot"),
        ("url", "https://kompas.com/a/b"),
        ("url", "detik.com/berita/1"),
    ]
    assert detect_entities("tidak ada tautan di sini, Rp1.500") == []


def test_long_poll_waits_wakes_and_honours_offset(
    http: httpx.Client, telegram: FakeTelegram
) -> None:
    url = f"{telegram.bot_url}{TOKEN}/getUpdates"
    started = time.monotonic()
    assert http.post(url, data={"timeout": "1"}, timeout=5).json() == {"ok": True, "result": []}
    assert time.monotonic() - started >= 0.9

    timer = threading.Timer(0.2, telegram.user_text, args=(1, "halo"))
    timer.start()
    started = time.monotonic()
    woke = http.post(url, data={"timeout": "5"}, timeout=10).json()["result"]
    assert time.monotonic() - started < 2
    assert [u["message"]["text"] for u in woke] == ["halo"]

    telegram.user_text(1, "kedua")
    first_id = woke[0]["update_id"]
    again = http.post(url, data={"offset": str(first_id + 1)}).json()["result"]
    assert [u["message"]["text"] for u in again] == ["kedua"]
    assert [u["message"]["text"] for u in telegram.pending_updates] == ["kedua"]


def test_second_poller_gets_conflict(http: httpx.Client, telegram: FakeTelegram) -> None:
    url = f"{telegram.bot_url}{TOKEN}/getUpdates"
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(http.post, url, data={"timeout": "5"}, timeout=10)
        time.sleep(0.2)
        second = pool.submit(http.post, url, data={"timeout": "0"}, timeout=10)
        assert first.result().status_code == 409
        assert second.result().json() == {"ok": True, "result": []}


def test_unknown_method_and_wait_timeout_message(
    http: httpx.Client, telegram: FakeTelegram
) -> None:
    response = http.get(f"{telegram.bot_url}{TOKEN}/sendPigeon", params={"chat_id": "1"})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    http.post(f"{telegram.bot_url}{TOKEN}/sendMessage", data={"chat_id": "4", "text": "hai"})

    with pytest.raises(TimeoutError) as caught:
        telegram.wait_for_sync("sendVoice", chat_id=4, timeout=0.2)
    assert "sendPigeon" in str(caught.value)
    assert "sendMessage chat=4 'hai'" in str(caught.value)


def test_bot_in_a_subprocess(telegram: FakeTelegram) -> None:
    script = (
        "import asyncio, sys\n"
        "from telegram import Bot\n"
        "async def main():\n"
        "    async with Bot(sys.argv[2], base_url=sys.argv[1] + '/bot') as bot:\n"
        "        await bot.send_message(77, 'dari subprocess')\n"
        "asyncio.run(main())\n"
    )
    telegram.user_text(77, "/start")
    subprocess.run([sys.executable, "-c", script, telegram.base, TOKEN], check=True, timeout=30)

    [call] = telegram.wait_for_sync("sendMessage", chat_id=77, timeout=5)
    assert call.result["message_id"] == 2
    assert json.loads(json.dumps(call.result))["chat"] == {
        "id": 77, "type": "private", "first_name": "Uji",
    }  # fmt: skip
