"""The complete bot through the fake Bot API: commands, modes, formats, sharing, limits, groups."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from bot import pipeline, reading
from bot.store.db import open_db
from bot.text.summarize import summarize
from tests.chat.conftest import running
from tests.chat.pages import article_html, long_paragraphs
from tests.helpers.audio import probe

CHAT = 5151
OTHER = 6262


def _probe_upload(call, field: str) -> dict:
    import tempfile

    _name, _type, data = call.files[field]
    with tempfile.NamedTemporaryFile() as handle:
        handle.write(data)
        handle.flush()
        return probe(handle.name)


async def _press(fake, chat_id: int, data: str, *, message_id: int | None = None, **kw):
    if message_id is None:
        last = [
            c for c in fake.calls_of("sendMessage", chat_id=chat_id) if c.params.get("reply_markup")
        ]
        message_id = last[-1].result["message_id"]
    fake.user_callback(chat_id, message_id, data, **kw)


async def test_settings_buttons_change_mode_and_confirm_in_words(
    running_bot, fake_telegram
) -> None:
    fake_telegram.user_text(CHAT, "/pengaturan")
    [menu] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    assert "Mode baca: ringkasan lalu artikel lengkap" in menu.text
    labels = [b["text"] for row in menu.params["reply_markup"]["inline_keyboard"] for b in row]
    assert all(any(ch.isalpha() for ch in label) for label in labels)
    await _press(fake_telegram, CHAT, "set:mode:summary", message_id=menu.result["message_id"])
    saved = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT)
    assert "Tersimpan" in saved[1].text and "ringkasan saja" in saved[1].text
    await fake_telegram.wait_for("answerCallbackQuery")


async def test_default_mode_sends_summary_text_summary_voice_and_full_voice(
    running_bot, fake_telegram, page_server
) -> None:
    url = page_server.add("/berita/taman-baca", article_html("Taman Baca Baru di Bandung"))
    fake_telegram.user_text(CHAT, url)
    voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
    assert voices[0].text.startswith("Ringkasan: Taman Baca")
    assert voices[1].text == "Taman Baca Baru di Bandung"
    summary = next(
        c for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT) if "Ringkasan" in c.text
    )
    assert "Sumber: Warta Uji" in summary.text
    full = _probe_upload(voices[1], "voice")
    short = _probe_upload(voices[0], "voice")
    assert full["codec_name"] == "opus" and full["channels"] == 1
    assert full["duration_s"] > short["duration_s"]
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=10)


@pytest.mark.parametrize(("mode", "caption_start"), [("full", "Taman"), ("summary", "Ringkasan")])
async def test_single_voice_modes(bot_settings, fake_telegram, page_server, mode, caption_start):
    url = page_server.add("/berita/a", article_html("Taman Baca Baru"))
    async with running(bot_settings) as app:
        db = app.bot_data["services"].db
        await db.execute(
            "INSERT INTO users (user_id, chat_id, language, reading_mode, created_at,"
            " updated_at) VALUES (?, ?, 'id', ?, 'x', 'x')",
            (CHAT, CHAT, mode),
        )
        fake_telegram.user_text(CHAT, url)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    voices = fake_telegram.calls_of("sendVoice", chat_id=CHAT)
    assert len(voices) == 1 and voices[0].text.startswith(caption_start)


async def test_mp3_format_sends_audio_with_title_and_performer(
    running_bot, fake_telegram, page_server
) -> None:
    url = page_server.add("/berita/b", article_html("Taman Baca Baru"))
    fake_telegram.user_text(CHAT, "/pengaturan")
    [menu] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    await _press(fake_telegram, CHAT, "set:format:mp3", message_id=menu.result["message_id"])
    await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT)
    fake_telegram.user_text(CHAT, url)
    audios = await fake_telegram.wait_for("sendAudio", 2, chat_id=CHAT, timeout=60)
    assert audios[1].params["title"] == "Taman Baca Baru"
    assert audios[1].params["performer"] == "Warta Uji"
    assert _probe_upload(audios[1], "audio")["codec_name"] == "mp3"


async def test_second_user_gets_file_ids_without_upload(
    running_bot, fake_telegram, page_server, fake_gtts
) -> None:
    url = page_server.add("/berita/c", article_html("Taman Baca Baru"))
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    pages, asked = page_server.hits["/berita/c"], len(fake_gtts.requests)
    started = asyncio.get_running_loop().time()
    fake_telegram.user_text(OTHER, url + "?utm_source=whatsapp&fbclid=abc")
    voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=OTHER, timeout=10)
    elapsed = asyncio.get_running_loop().time() - started
    assert all(not v.files for v in voices)  # re-sent by file_id, nothing uploaded
    first = fake_telegram.calls_of("sendVoice", chat_id=CHAT)
    assert [v.params["voice"] for v in voices] == [c.result["voice"]["file_id"] for c in first]
    assert page_server.hits["/berita/c"] == pages and len(fake_gtts.requests) == asked
    assert elapsed < 3


async def test_two_simultaneous_requests_share_one_synthesis(
    running_bot, fake_telegram, page_server, fake_gtts
) -> None:
    fake_gtts.latency_s = 0.05
    url = page_server.add("/berita/d", article_html("Taman Baca Baru"), delay_s=0.3)
    fake_telegram.user_text(CHAT, url)
    fake_telegram.user_text(OTHER, url)
    await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
    await fake_telegram.wait_for("sendVoice", 2, chat_id=OTHER, timeout=60)
    reader = running_bot.bot_data["reader"]
    assert reader.work_started == 3  # one fetch, one summary voice, one full voice
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=10)
    await fake_telegram.wait_for("deleteMessage", chat_id=OTHER, timeout=10)
    assert reader.progress_active == 0  # both status messages stopped counting
    assert page_server.hits["/berita/d"] == 1
    texts = [r.text for r in fake_gtts.requests]
    assert len(texts) == len(set(texts))  # no chunk was asked for twice


async def test_several_links_text_link_and_forwarded_post(
    running_bot, fake_telegram, page_server
) -> None:
    first = page_server.add(
        "/berita/2026/11/27/a1-warga-menyambut-taman-baca", article_html("Berita Pertama")
    )
    second = page_server.add(
        "/berita/2026/11/27/a2-warga-menyambut-taman-baca", article_html("Berita Kedua")
    )
    shown = "baca berita ini"
    fake_telegram.user_text(
        CHAT, f"Dua berita: {first} dan {shown}",
        entities=[{"type": "url", "offset": 12, "length": len(first)},
                  {"type": "text_link", "offset": 12 + len(first) + 5, "length": len(shown),
                   "url": second}],
        forward_origin={"type": "hidden_user", "sender_user_name": "Kanal Berita", "date": 1},
    )  # fmt: skip
    voices = await fake_telegram.wait_for("sendVoice", 4, chat_id=CHAT, timeout=90)
    captions = [v.text for v in voices]
    assert "Berita Pertama" in captions and "Berita Kedua" in captions


async def test_pasted_text_is_read_aloud(running_bot, fake_telegram) -> None:
    pasted = "\n\n".join(long_paragraphs(2))
    fake_telegram.user_text(CHAT, pasted)
    voices = await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
    assert voices[1].text == "Teks yang Anda kirim"


async def test_group_answers_only_when_mentioned_or_replied_to(
    running_bot, fake_telegram, page_server
) -> None:
    group = -100123
    url = page_server.add(
        "/berita/2026/11/27/g-warga-menyambut-taman-baca", article_html("Berita Grup")
    )
    fake_telegram.user_text(group, f"lihat ini {url}", chat_type="supergroup")
    fake_telegram.user_text(group, "halo semua", chat_type="supergroup")
    await asyncio.sleep(1.0)
    assert fake_telegram.sent_to(group) == []
    fake_telegram.user_text(group, f"@SuaraBeritaBot {url}", chat_type="supergroup")
    await fake_telegram.wait_for("sendVoice", 2, chat_id=group, timeout=60)


async def test_queue_and_rate_limit_messages(bot_settings, fake_telegram, page_server) -> None:
    settings = replace(bot_settings, max_pending_per_user=1, rate_per_hour=2)
    slow = page_server.add(
        "/berita/2026/11/27/slow-warga-menyambut-taman-baca", article_html("Lambat"), delay_s=1.5
    )
    async with running(settings):
        fake_telegram.user_text(CHAT, slow)
        await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
        fake_telegram.user_text(
            CHAT,
            page_server.add(
                "/berita/2026/11/27/x-warga-menyambut-taman-baca", article_html("Lain")
            ),
        )
        replies = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT)
        assert "sudah punya 1 bacaan" in replies[1].text
        await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=10)
        await asyncio.sleep(0.2)  # the first reading leaves the pending count after its last reply
        mark = fake_telegram.mark()
        fake_telegram.user_text(
            CHAT,
            page_server.add(
                "/berita/2026/11/27/y-warga-menyambut-taman-baca", article_html("Lagi")
            ),
        )
        await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60, since=mark)
        await fake_telegram.wait_for("deleteMessage", 2, chat_id=CHAT, timeout=10)
        fake_telegram.user_text(
            CHAT, page_server.add("/berita/2026/11/27/z-lagi", article_html("Lagi lagi"))
        )
        await asyncio.sleep(0.5)
        limited = [
            c.text
            for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)
            if "dalam satu jam" in c.text
        ]
        assert limited  # the third reading within the hour is refused politely


@pytest.mark.parametrize(
    ("path", "body", "content_type", "status", "expected"),
    [
        ("/hilang", "<html>tidak ada</html>", "text/html", 404, "halamannya tidak ada"),
        ("/dok.pdf", b"%PDF-1.4", "application/pdf", 200, "bukan halaman berita"),
        (
            "/beranda",
            "<html><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>",
            "text/html",
            200,
            "tidak menemukan artikel",
        ),
    ],
)
async def test_failures_get_a_clear_message(
    running_bot, fake_telegram, page_server, path, body, content_type, status, expected
) -> None:
    url = page_server.add(path, body, content_type, status=status)
    fake_telegram.user_text(CHAT, url)
    said = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT, timeout=20)
    assert expected in said[1].text  # a new message, not an edit of the status message
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT)
    assert not fake_telegram.calls_of("sendVoice")
    assert not fake_telegram.calls_of("editMessageText")


async def test_gallery_and_paywall_pages_get_their_own_message(
    running_bot, fake_telegram, page_server
) -> None:
    from tests.test_pipeline import FIXTURES, PAYWALL_PAGE

    photos = (FIXTURES / "gallery_detik_foto.html").read_text(encoding="utf-8")
    photos = re.sub(r'<p class="detail__media-caption">.*?</p>', "", photos)  # no captions
    gallery = page_server.add("/foto/2023/galeri-banjir", photos)
    paywall = page_server.add("/analisis/2027/ekonomi-melambat", PAYWALL_PAGE)
    fake_telegram.user_text(CHAT, gallery)
    await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT, timeout=20)
    fake_telegram.user_text(CHAT, paywall)
    said = await fake_telegram.wait_for("sendMessage", 4, chat_id=CHAT, timeout=20)
    assert "berisi foto atau video" in said[1].text
    assert "hanya untuk pelanggan" in said[3].text


async def test_busy_speech_service_falls_back_and_says_so(
    bot_settings, fake_telegram, page_server, fake_gtts
) -> None:
    fake_gtts.fail_always(503)
    url = page_server.add("/berita/2026/11/27/cadangan", article_html("Suara Cadangan"))
    async with running(replace(bot_settings, gtts_retries=0)):
        fake_telegram.user_text(CHAT, url)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    assert len(fake_telegram.calls_of("sendVoice", chat_id=CHAT)) == 2
    notes = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)]
    assert any("suara cadangan" in n for n in notes)


async def test_slow_site_timeout_message(bot_settings, fake_telegram, page_server) -> None:
    url = page_server.add(
        "/berita/2026/11/27/lambat-warga-menyambut-taman-baca", article_html("Lambat"), delay_s=3
    )
    async with running(replace(bot_settings, fetch_timeout_s=0.5)):
        fake_telegram.user_text(CHAT, url)
        said = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT, timeout=20)
    assert "terlalu lama" in said[1].text


async def test_history_replays_and_delete_data_leaves_no_rows(
    running_bot, fake_telegram, page_server, bot_settings
) -> None:
    url = page_server.add(
        "/berita/2026/11/27/h-warga-menyambut-taman-baca", article_html("Berita Riwayat")
    )
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=10)
    fake_telegram.user_text(CHAT, "/riwayat")
    listing = await fake_telegram.wait_for(
        "sendMessage", chat_id=CHAT, since=fake_telegram.mark() - 1
    )
    history = [
        c
        for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)
        if "Bacaan terakhir" in c.text
    ]
    assert history and "1. Berita Riwayat" in history[-1].text
    assert listing
    await _press(fake_telegram, CHAT, "hist:1", message_id=history[-1].result["message_id"])
    await fake_telegram.wait_for("sendVoice", 4, chat_id=CHAT, timeout=20)

    fake_telegram.user_text(CHAT, "/hapusdata")
    await asyncio.sleep(0.5)
    confirm = [
        c
        for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)
        if "Hapus semua data" in c.text
    ][-1]
    mark = fake_telegram.mark()
    await _press(fake_telegram, CHAT, "del:yes", message_id=confirm.result["message_id"])
    said = await fake_telegram.wait_for("sendMessage", chat_id=CHAT, timeout=10, since=mark)
    assert "sudah dihapus" in said[0].text
    db = running_bot.bot_data["services"].db
    for table in ("users", "history", "requests", "subscriptions"):
        async with db.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (CHAT,)) as cur:
            assert (await cur.fetchone())[0] == 0, table


async def test_english_interface(running_bot, fake_telegram, page_server) -> None:
    url = page_server.add(
        "/berita/2026/11/27/en-warga-menyambut-taman-baca", article_html("Taman Baca Baru")
    )
    fake_telegram.user_text(CHAT, "/help", language_code="en-US")
    [help_message] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
    assert help_message.text.startswith("How to use")
    fake_telegram.user_text(CHAT, url, language_code="en-US")
    await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
    texts = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT)]
    assert any(t.startswith("Reading the link") for t in texts)
    assert any("Summary:" in t and "Source: Warta Uji" in t for t in texts)


async def test_long_article_is_sent_in_parts(
    bot_settings, fake_telegram, page_server, monkeypatch
) -> None:
    settings = replace(bot_settings, part_minutes=0.4, tts_engine="espeak")
    summaries: list[int] = []

    def counted_summarize(*args, **kwargs):
        summaries.append(1)
        return summarize(*args, **kwargs)

    monkeypatch.setattr(reading, "summarize", counted_summarize)
    monkeypatch.setattr(pipeline, "summarize", counted_summarize)
    url = page_server.add(
        "/berita/2026/11/27/panjang-warga-menyambut-taman-baca",
        article_html("Laporan Panjang", long_paragraphs(8)),
    )
    async with running(settings) as app:
        db = app.bot_data["services"].db
        await db.execute(
            "INSERT INTO users (user_id, chat_id, language, reading_mode, created_at,"
            " updated_at) VALUES (?, ?, 'id', 'full', 'x', 'x')",
            (CHAT, CHAT),
        )
        fake_telegram.user_text(CHAT, url)
        await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=90)
    captions = [v.text for v in fake_telegram.calls_of("sendVoice", chat_id=CHAT)]
    assert len(captions) >= 2
    assert captions[0] == f"Laporan Panjang. Bagian 1 dari {len(captions)}"
    assert captions[-1].endswith(f"Bagian {len(captions)} dari {len(captions)}")
    assert len(summaries) == 1  # once per reading, not again for every part


async def test_database_survives_restart(bot_settings) -> None:
    db = await open_db(bot_settings.db_path)
    await db.close()
    db = await open_db(bot_settings.db_path)
    async with db.execute("SELECT COUNT(*) FROM schema_migrations") as cursor:
        assert (await cursor.fetchone())[0] >= 1
    await db.close()


async def test_busy_bot_tells_the_queue_position(bot_settings, fake_telegram, page_server) -> None:
    settings = replace(bot_settings, max_syntheses=1, tts_engine="espeak")
    first = page_server.add("/berita/2026/11/27/antre-satu", article_html("Antre Satu"))
    second = page_server.add("/berita/2026/11/27/antre-dua", article_html("Antre Dua"))
    async with running(settings):
        fake_telegram.user_text(CHAT, first)
        fake_telegram.user_text(OTHER, second)
        await fake_telegram.wait_for("sendVoice", 2, chat_id=CHAT, timeout=60)
        await fake_telegram.wait_for("sendVoice", 2, chat_id=OTHER, timeout=60)
    said = [c.text for c in fake_telegram.calls_of("sendMessage")]
    assert any("antrean nomor 1" in e for e in said)  # a new message, not only an edit


async def test_cached_article_expires_and_is_fetched_again(
    running_bot, fake_telegram, page_server
) -> None:
    url = page_server.add("/berita/2026/11/27/kedaluwarsa", article_html("Berita Lama"))
    fake_telegram.user_text(CHAT, url)
    await fake_telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=60)
    services = running_bot.bot_data["services"]
    later = services.clock() + timedelta(hours=25)
    services.clock = lambda: later
    fake_telegram.user_text(OTHER, url)
    await fake_telegram.wait_for("sendVoice", 2, chat_id=OTHER, timeout=60)
    assert page_server.hits["/berita/2026/11/27/kedaluwarsa"] == 2
    # Same content: the stored file_ids are still good, so nothing is uploaded again.
    assert all(not v.files for v in fake_telegram.calls_of("sendVoice", chat_id=OTHER))


def test_very_long_articles_are_cut_at_a_paragraph() -> None:
    from bot.models import Article
    from bot.reading import cut_to_words

    article = Article(url="", title="t", paragraphs=("a b c", "d e f", "g h i"))
    assert cut_to_words(article, 7) == (
        Article(url="", title="t", paragraphs=("a b c", "d e f")),
        True,
    )
    assert cut_to_words(article, 9) == (article, False)
    giant = Article(url="", title="t", paragraphs=("kata " * 50,))
    cut, was_cut = cut_to_words(giant, 10)
    assert was_cut and len(cut.paragraphs[0].split()) == 10
