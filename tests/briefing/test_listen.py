"""Briefings people can skip through: chapters measured from the audio, /cerita N, /ringkasan on
demand (20 at once: one build, one upload), lengths, freshness, the buttons. Real
python-telegram-bot application against the fake Bot API; fake gTTS where the voice matters."""

from __future__ import annotations

import asyncio
import re
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import numpy as np
import pytest

from bot.briefing import build as build_module
from bot.briefing.build import build_briefing
from bot.briefing.regions import catalogue
from bot.services import Services
from bot.store.briefings import BriefingRepo
from bot.store.subscriptions import SubscriptionRepo
from bot.store.users import UserRepo
from tests.briefing.conftest import briefing_app

FRIDAY = date(2026, 11, 27)
BUILD_AT = datetime(2026, 11, 26, 22, 35, tzinfo=UTC)  # Friday 05:35 WIB
EXTRA = [  # twelve more Banten stories, each on its own subject
    ("Harga cabai rawit di Pasar Rau Serang naik dua kali lipat",
     "Pedagang mengeluhkan pasokan cabai dari Jawa Tengah berkurang akibat cuaca buruk."),
    ("Ribuan guru honorer Pandeglang ikut seleksi PPPK",
     "Sebanyak 2.400 guru honorer mengikuti ujian berbasis komputer selama tiga hari."),
    ("Kapal nelayan tenggelam di perairan Binuangeun, dua awak hilang",
     "Tim SAR gabungan menyisir laut selatan mencari dua awak yang belum ditemukan."),
    ("RSUD Cilegon buka layanan cuci darah baru",
     "Pasien gagal ginjal kini tidak perlu lagi antre hingga ke Jakarta untuk hemodialisis."),
    ("Bandara Soekarno-Hatta tambah rute penerbangan ke Labuan Bajo",
     "Maskapai membuka penerbangan harian mulai bulan depan dengan pesawat berbadan sempit."),
    ("Persita Tangerang menang tipis atas tamu dari Bandung",
     "Gol tunggal pada menit akhir memastikan tiga poin bagi tuan rumah di Stadion Indomilk."),
    ("Museum Multatuli catat lonjakan pengunjung pelajar",
     "Kunjungan rombongan sekolah naik tajam setelah museum membuka ruang sejarah baru."),
    ("Kejari Serang tahan mantan kepala desa kasus dana desa",
     "Penyidik menemukan kerugian negara ratusan juta rupiah dari proyek fiktif."),
    ("Petani Lebak panen raya padi varietas baru",
     "Varietas unggul tahan wereng menghasilkan tujuh ton gabah per hektare."),
    ("Kereta commuter Rangkasbitung tambah perjalanan malam",
     "Penumpang pekerja kini punya jadwal pulang terakhir pukul sebelas malam."),
    ("Gempa magnitudo 5,1 guncang selatan Banten, tak berpotensi tsunami",
     "Getaran terasa hingga Sukabumi, warga sempat berhamburan keluar rumah."),
    ("Mahasiswa Untirta ciptakan alat penjernih air tenaga surya",
     "Alat sederhana itu diuji di kampung pesisir yang kesulitan air bersih."),
]


def rss(items: list[tuple[str, str, str, datetime]]) -> bytes:
    """An RSS feed of (title, description, link, published)."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{d}</description></item>"
        for t, d, link, when in items
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Radar Banten</title><link>https://radarbanten.example/</link>"
            f"<description>x</description>{body}</channel></rss>").encode()  # fmt: skip


@pytest.fixture
def many_stories(feed_server):
    """Kabar Banten's feed replaced by twelve more stories: twenty in all, enough for panjang."""
    when = BUILD_AT - timedelta(hours=3)
    items = [(t, d, f"{feed_server.base}/site/radar/{n}", when - timedelta(minutes=10 * n))
             for n, (t, d) in enumerate(EXTRA)]  # fmt: skip
    feed_server.add("/rss/kabar-banten.xml", rss(items), content_type="application/rss+xml")
    return feed_server


@pytest.fixture
def gtts_services(services, fake_gtts) -> Services:
    """The briefing voiced by gTTS's own client against the fake endpoint."""
    settings = replace(services.settings, gtts_endpoint=fake_gtts.url, tts_engine="gtts")
    return replace(services, settings=settings)


@pytest.fixture
async def app(services, fake_telegram):
    async with briefing_app(services, fake_telegram, concurrent=True) as application:
        yield application


def pcm(path: str) -> np.ndarray:
    command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", path, "-ac", "1", "-ar", "8000",
               "-f", "f32le", "-"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, check=True)
    return np.frombuffer(done.stdout, dtype=np.float32)


def best_match(piece: np.ndarray, track: np.ndarray, at_s: float, slack_s: float = 0.05) -> float:
    """Highest normalized correlation of `piece` with `track` starting within `slack_s` of
    `at_s` (8 kHz samples)."""
    best = 0.0
    start = int(at_s * 8000)
    for offset in range(max(0, start - int(slack_s * 8000)), start + int(slack_s * 8000), 4):
        window = track[offset : offset + len(piece)]
        if len(window) < len(piece):
            break
        score = float(np.dot(piece, window) / (np.linalg.norm(piece) * np.linalg.norm(window)))
        best = max(best, score)
    return best


def silence_ends(path: str) -> list[float]:
    """Where each pause of 0.8 s or more ends, measured by ffmpeg's silencedetect."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-i", path, "-af",
                           "silencedetect=noise=-45dB:d=0.8", "-f", "null", "-"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return [float(v) for v in re.findall(r"silence_end: ([\d.]+)", done.stderr)]


async def test_chapter_times_match_the_audio(
    banten_on_loopback, gtts_services, clock, fake_gtts
) -> None:
    clock.set(BUILD_AT)
    banten = catalogue(str(banten_on_loopback)).get("banten")
    result = await build_briefing(banten, FRIDAY, gtts_services)
    briefing = result.briefing
    assert fake_gtts.requests and len(briefing.chapters) >= 5
    # Independently of our own bookkeeping: the pauses ffmpeg hears in the track.
    ends = silence_ends(briefing.audio_path)
    for chapter in briefing.chapters:
        nearest = min(abs(end - chapter.start_s) for end in ends)
        assert nearest <= 1.0, (chapter.number, chapter.start_s, ends)
    # The story's own voice note is the track from its start time.
    track = pcm(briefing.audio_path)
    second, third = briefing.chapters[1], briefing.chapters[2]
    piece = pcm(second.audio_path)
    assert abs(len(piece) / 8000 - second.duration_s) < 0.1
    assert best_match(piece, track, second.start_s) > 0.9
    assert best_match(piece, track, third.start_s) < 0.5  # and not another story
    # The text lists each story with its start time.
    for chapter in briefing.chapters:
        minutes, seconds = divmod(int(chapter.start_s), 60)
        assert f"{chapter.number}. {minutes:02d}:{seconds:02d} <a href=" in briefing.text_html


async def test_cerita_2_sends_story_two_and_the_buttons_work(
    banten_on_loopback, app, services, clock, fake_telegram
) -> None:
    clock.set(BUILD_AT)
    chat = 4242
    mark = fake_telegram.mark()
    fake_telegram.user_text(chat, "/ringkasan banten")
    [voice] = await fake_telegram.wait_for("sendVoice", chat_id=chat, since=mark, timeout=120)
    labels = [b["text"] for row in voice.params["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Putar lagi", "Teks lengkap", "Berhenti langganan"]
    status, listing = await fake_telegram.wait_for("sendMessage", 2, chat_id=chat, since=mark)
    assert status.text.startswith("Sedang menyiapkan ringkasan berita Banten")
    briefing = await BriefingRepo(services.db).get("banten", FRIDAY)
    keys = [b["text"] for row in listing.params["reply_markup"]["keyboard"] for b in row]
    assert keys == [f"Cerita {n}" for n in range(1, len(briefing.chapters) + 1)]
    assert "/cerita" in listing.text

    for request in ("/cerita 2", "Cerita 2"):  # typed command, then the keyboard's text
        mark = fake_telegram.mark()
        fake_telegram.user_text(chat, request)
        [story] = await fake_telegram.wait_for("sendVoice", chat_id=chat, since=mark)
        second = briefing.chapters[1]
        assert story.text.startswith(f"Cerita 2 dari {len(briefing.chapters)}: {second.title}")
        if story.files:
            [(_name, _type, data)] = story.files.values()
            assert data == open(second.audio_path, "rb").read()  # noqa: SIM115
        else:
            assert story.params["voice"] == await BriefingRepo(services.db).story_file_id(
                briefing, 2)  # fmt: skip
    stories = fake_telegram.calls_of("sendVoice", chat_id=chat)[1:]
    assert [bool(c.files) for c in stories] == [True, False]  # uploaded once, then by file_id

    mark = fake_telegram.mark()
    fake_telegram.user_text(chat, "/cerita 40")
    [reply] = await fake_telegram.wait_for("sendMessage", chat_id=chat, since=mark)
    assert reply.text.startswith("Cerita nomor 40 tidak ada.")

    message_id = voice.result["message_id"]
    mark = fake_telegram.mark()
    fake_telegram.user_callback(chat, message_id, voice.params["reply_markup"][
        "inline_keyboard"][0][1]["callback_data"])  # fmt: skip
    [full] = await fake_telegram.wait_for("sendMessage", chat_id=chat, since=mark)
    assert full.text.startswith("Anda mendengarkan Suara Berita.")

    await UserRepo(services.db).ensure(chat, chat, "id", clock())
    await SubscriptionRepo(services.db).subscribe(chat, chat, "banten", "06:00", "Asia/Jakarta",
                                                  clock())  # fmt: skip
    mark = fake_telegram.mark()
    fake_telegram.user_callback(chat, message_id, "brf:s:banten")
    [stopped] = await fake_telegram.wait_for("sendMessage", chat_id=chat, since=mark)
    assert stopped.text == "Langganan ringkasan berita Banten dihentikan."
    assert not await SubscriptionRepo(services.db).for_user(chat)


async def test_twenty_asking_at_once_share_one_build_and_one_upload(
    banten_on_loopback, app, clock, fake_telegram, monkeypatch
) -> None:
    builds: list[str] = []
    real = build_module.render_briefing

    async def counted(*args, **kwargs):
        builds.append("render")
        return await real(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_briefing", counted)
    clock.set(BUILD_AT)
    chats = range(7000, 7020)
    for chat in chats:
        fake_telegram.user_text(chat, "/ringkasan banten", user_id=chat)
    voices = await fake_telegram.wait_for("sendVoice", 20, timeout=180)
    assert sorted(int(c.chat_id) for c in voices) == list(chats)
    assert len(builds) == 1
    assert len([c for c in voices if c.files]) == 1
    file_ids = {c.params["voice"] for c in voices if not c.files}
    assert len(file_ids) == 1  # everyone else got the uploaded file's id


async def test_lengths_differ_as_promised_and_each_is_built_once(
    banten_on_loopback, many_stories, services, clock, monkeypatch
) -> None:
    clock.set(BUILD_AT)
    banten = catalogue(str(banten_on_loopback)).get("banten")
    from bot.briefing.schedule import Scheduler

    scheduler = Scheduler()
    counts = {}
    for length in ("pendek", "sedang", "panjang"):
        editions = await asyncio.gather(*(
            scheduler.edition(banten, FRIDAY, length, services) for _ in range(3)))  # fmt: skip
        assert len({e.created_at for e in editions}) == 1
        counts[length] = len(editions[0].chapters)
        assert editions[0].script.count("\n\nBerita ") == counts[length]
    assert counts["pendek"] == 3 and 5 <= counts["sedang"] <= 8 and counts["panjang"] == 12
    assert scheduler.builds == 3
    durations = [(await BriefingRepo(services.db).get("banten", FRIDAY, n)).duration_s
                 for n in ("pendek", "sedang", "panjang")]  # fmt: skip
    assert durations == sorted(durations)


async def test_a_story_told_yesterday_is_left_out(
    banten_on_loopback, feed_server, services, clock
) -> None:
    banten = catalogue(str(banten_on_loopback)).get("banten")
    clock.set(BUILD_AT)
    friday = (await build_briefing(banten, FRIDAY, services, engine="espeak")).briefing
    told = {c.title for c in friday.chapters}
    assert "Banjir rendam 350 rumah di Kabupaten Lebak" in told

    saturday_at = BUILD_AT + timedelta(days=1)
    fresh = saturday_at - timedelta(hours=2)
    repeat = next(c for c in friday.chapters if c.title.startswith("Banjir rendam"))
    items = [  # the flood story again, syndicated under another address
        (repeat.title, "Lebak (ANTARA) - Banjir akibat hujan deras merendam sekitar 350 rumah "
         "warga di tiga kecamatan di Kabupaten Lebak, Banten. BPBD Lebak mengerahkan perahu "
         "karet untuk mengevakuasi warga.", f"{feed_server.base}/site/radar/banjir", fresh),
    ]  # fmt: skip
    items += [(t, d, f"{feed_server.base}/site/radar/{n}", fresh - timedelta(minutes=n))
              for n, (t, d) in enumerate(EXTRA[:6])]  # fmt: skip
    for path in ("/rss/antara-banten.xml", "/rss/tribun-banten.xml", "/rss/detik-banten.xml"):
        feed_server.add(path, rss([]), content_type="application/rss+xml")
    feed_server.add("/rss/kabar-banten.xml", rss(items), content_type="application/rss+xml")
    clock.set(saturday_at)
    saturday = (await build_briefing(banten, FRIDAY + timedelta(days=1), services,
                                     engine="espeak")).briefing  # fmt: skip
    titles = [c.title for c in saturday.chapters]
    assert repeat.title not in titles
    assert titles and set(titles) <= {t for t, _ in EXTRA[:6]}


async def test_subscribers_get_the_length_they_chose(
    banten_on_loopback, many_stories, app, services, bot, clock, fake_telegram
) -> None:
    from bot.briefing.delivery import ChatPacer
    from bot.briefing.schedule import JOB_NAME, Scheduler

    for job in app.job_queue.get_jobs_by_name(JOB_NAME):  # this test runs the scheduler itself
        job.schedule_removal()
    mark = fake_telegram.mark()
    fake_telegram.user_text(8001, "/langganan banten 06:00 pendek", user_id=8001)
    [reply] = await fake_telegram.wait_for("sendMessage", chat_id=8001, since=mark)
    assert reply.text == ("Anda berlangganan ringkasan berita Banten, versi pendek (3 berita). "
                          "Setiap hari pukul 06.00 WIB.")  # fmt: skip
    repo = SubscriptionRepo(services.db)
    for chat, length in ((8002, None), (8003, "panjang")):
        await UserRepo(services.db).ensure(chat, chat, "id", clock())
        await repo.subscribe(chat, chat, "banten", "06:00", "Asia/Jakarta", clock(), length=length)
    assert [s.length for s in await repo.for_user(8001)] == ["pendek"]
    clock.set(datetime(2026, 11, 26, 23, 0, tzinfo=UTC))  # 06:00 WIB
    scheduler = Scheduler(pacer=ChatPacer(0.05))
    await scheduler.tick(services, bot)
    await scheduler.wait_idle()
    stories = {}
    for chat in (8001, 8002, 8003):
        listing = fake_telegram.calls_of("sendMessage", chat_id=chat)[-1]
        stories[chat] = len([b for row in listing.params["reply_markup"]["keyboard"] for b in row])
    assert stories[8001] == 3 and 5 <= stories[8002] <= 8 and stories[8003] == 12
    assert scheduler.builds == 3


async def test_audio_the_cache_let_go_gets_a_polite_answer(
    app, services, clock, fake_telegram, tmp_path
) -> None:
    from bot.store.briefings import Chapter, StoredBriefing

    gone = str(tmp_path / "gone.ogg")
    stored = StoredBriefing("banten", FRIDAY, "Halo.", "<b>x</b>", gone, 5.0, None, clock(),
                            chapters=(Chapter(1, "Judul", "https://x.example/1", 1.0, 3.0,
                                              gone),))  # fmt: skip
    repo = BriefingRepo(services.db)
    await repo.save(stored)
    await repo.set_last(4343, stored)
    for request in ("/cerita 1", "/putarlagi"):
        mark = fake_telegram.mark()
        fake_telegram.user_text(4343, request)
        [reply] = await fake_telegram.wait_for("sendMessage", chat_id=4343, since=mark)
        assert reply.text.startswith("Maaf, suara ringkasan itu sudah tidak tersimpan.")
    assert not fake_telegram.calls_of("sendVoice")
