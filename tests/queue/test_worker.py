"""Queue mode end to end: a bot instance hands readings to workers through procrastinate on a
real PostgreSQL; workers synthesize once per link, upload once, answer every listener once, and
a worker killed with SIGKILL mid-job is replaced without anything lost or sent twice."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.queue.app import is_alive, run_worker
from bot.store.articles import ArticleRepo
from bot.store.db import open_db
from tests.chat.pages import article_html, long_paragraphs
from tests.conftest import ROOT, running

MARKET = (
    "Pemerintah kota membuka pasar baru di pusat kota pada Kamis pagi bersama ratusan pedagang. "
    "Peresmian dihadiri warga dari berbagai kecamatan yang ingin melihat bangunan itu.",
    "Pedagang yang dulu berjualan di trotoar kini mendapat kios dengan sewa yang terjangkau. "
    "Mereka berharap pembeli segera terbiasa dengan tempat yang baru.",
    "Pengunjung memuji lorong yang lebar, lantai yang tidak licin, dan papan petunjuk yang jelas. "
    "Pengelola menyiapkan kursi roda dan jalur landai bagi warga lanjut usia.",
    "Dinas perdagangan akan menilai pasar itu setelah tiga bulan berjalan sebelum membangun "
    "pasar serupa di kecamatan lain.",
)
USERS = (501, 502, 503)
OTHER = 504


@pytest.fixture
def queue_settings(bot_settings, postgres, tmp_path: Path):
    return replace(
        bot_settings, db_path=postgres.new_database(), queue="postgres", tts_engine="gtts",
        worker_stalled_s=3.0, cache_dir=str(tmp_path / "bot-cache"),
    )  # fmt: skip


async def _statuses(url: str) -> dict[str, int]:
    """Requests per status, plus "failed:<error>" entries naming why any failed."""
    db = await open_db(url, migrate_schema=False)
    try:
        async with db.execute(
            "SELECT status || COALESCE(':' || error, ''), COUNT(*) FROM reading_requests"
            " GROUP BY 1"
        ) as cursor:
            return {row[0]: int(row[1]) async for row in cursor}
    finally:
        await db.close()


async def _wait(predicate, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.05)


def _uploads(fake_telegram) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for call in fake_telegram.calls_of("sendVoice") if call.files)


async def test_one_job_per_link_shared_by_every_listener(
    queue_settings, fake_telegram, fake_gtts, page_server, tmp_path: Path
) -> None:
    shared = page_server.add("/berita/2026/12/04/warga-menanam-pohon", article_html("Pohon"))
    other = page_server.add("/berita/2026/12/04/pasar-baru-dibuka",
                            article_html("Pasar Baru", MARKET))  # fmt: skip
    worker_settings = replace(queue_settings, cache_dir=str(tmp_path / "worker-cache"))
    async with running(queue_settings):
        for chat in USERS:
            fake_telegram.user_text(chat, shared)
        fake_telegram.user_text(OTHER, other)
        await _wait(lambda: _count(queue_settings.db_path, 4), timeout=20)
        assert fake_telegram.calls_of("sendVoice") == []  # the bot process synthesizes nothing
        worker = asyncio.create_task(run_worker(worker_settings, 2, "w1", signals=False))
        try:
            for chat in (*USERS, OTHER):
                await fake_telegram.wait_for("deleteMessage", chat_id=chat, timeout=90)
            assert is_alive("w1", worker_settings.worker_stalled_s)  # `suara worker --health`
            assert not is_alive("w-unknown", worker_settings.worker_stalled_s)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
    assert await _statuses(queue_settings.db_path) == {"done": 4}
    for chat in (*USERS, OTHER):
        voices = fake_telegram.calls_of("sendVoice", chat_id=chat)
        assert len(voices) == 2  # the summary, then the article (default mode)
        texts = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=chat)]
        assert sum("Ringkasan" in t for t in texts) == 1
    assert _uploads(fake_telegram) == 4  # two voices per link, uploaded once each
    assert len(fake_gtts.texts) == len(set(fake_gtts.texts))  # every chunk spoken once
    assert not Path(queue_settings.cache_dir).exists()  # nothing was written on the bot's disk
    # `suara read` gives the same reading (summary, spoken title) as the worker did.
    db = await open_db(queue_settings.db_path, migrate_schema=False)
    try:
        stored = await ArticleRepo(db).find(shared, datetime.now(UTC))
    finally:
        await db.close()
    env = {"SUARA_ALLOW_PRIVATE_HOSTS": "1", "SUARA_TTS_ENGINE": "espeak",
           "SUARA_CACHE_DIR": str(tmp_path / "cli-cache"), "SUARA_DB": str(tmp_path / "x.db")}
    result = await asyncio.to_thread(
        CliRunner().invoke, cli, ["read", shared, "--json"], env=env, catch_exceptions=False
    )  # fmt: skip
    read = json.loads(result.output)
    assert stored is not None and tuple(read["summary"]) == stored.summary
    assert read["title"] == stored.title


async def _count(url: str, n: int) -> bool:
    return sum((await _statuses(url)).values()) >= n


def _worker(settings, name: str, cache: Path) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "SUARA_DB": settings.db_path, "SUARA_QUEUE": "postgres",
        "TELEGRAM_BOT_TOKEN": settings.telegram_token, "SUARA_TELEGRAM_API": settings.telegram_api,
        "SUARA_GTTS_ENDPOINT": settings.gtts_endpoint, "SUARA_TTS_ENGINE": "gtts",
        "SUARA_ALLOW_PRIVATE_HOSTS": "1", "SUARA_CACHE_DIR": str(cache),
        "SUARA_WORKER_STALLED_S": str(settings.worker_stalled_s), "SUARA_PART_MINUTES": "0.4",
        "SUARA_METRICS_PORT": "0", "NO_PROXY": "*",
    }  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "worker", "--name", name, "--concurrency", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


@pytest.fixture
def slow_gtts():
    from tests.helpers.fake_gtts import FakeGtts

    with FakeGtts(latency_s=0.15) as server:
        yield server


async def test_a_worker_killed_mid_job_is_replaced_without_loss_or_duplicates(
    queue_settings, fake_telegram, slow_gtts, page_server, tmp_path: Path
) -> None:
    settings = replace(queue_settings, gtts_endpoint=slow_gtts.url, part_minutes=0.4)
    url = page_server.add("/berita/2026/12/04/laporan-panjang-jalan-desa",
                          article_html("Laporan Panjang", long_paragraphs(6)))  # fmt: skip
    chat = USERS[0]
    first = _worker(settings, "doomed", tmp_path / "cache-a")
    second = None
    try:
        async with running(settings):
            fake_telegram.user_text(chat, url)
            # The job is running on the first worker: its request is claimed, speech under way.
            await _wait(lambda: _has(settings.db_path, "sending"), timeout=30)
            await _wait(lambda: _some_speech(slow_gtts), timeout=30)
            assert fake_telegram.calls_of("sendVoice", chat_id=chat) == []
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            second = _worker(settings, "rescuer", tmp_path / "cache-b")
            await fake_telegram.wait_for("deleteMessage", chat_id=chat, timeout=120)
            await asyncio.sleep(1.0)  # anything sent twice would arrive now
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
    voices = fake_telegram.calls_of("sendVoice", chat_id=chat)
    captions = [v.text for v in voices]
    assert len(captions) >= 3 and len(captions) == len(set(captions)), captions
    assert captions[0].startswith("Ringkasan")
    parts = len(captions) - 1
    assert captions[-1].endswith(f"Bagian {parts} dari {parts}")
    texts = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=chat)]
    assert sum("Ringkasan:" in t for t in texts) == 1
    assert await _statuses(settings.db_path) == {"done": 1}
    db = await open_db(settings.db_path, migrate_schema=False)
    try:
        async with db.execute(
            "SELECT status, attempts FROM procrastinate_jobs WHERE task_name = 'suara.reading'"
        ) as cursor:
            jobs = [tuple(row) async for row in cursor]
    finally:
        await db.close()
    assert len(jobs) == 1 and jobs[0][0] == "succeeded" and jobs[0][1] >= 1, jobs


async def _has(url: str, status: str) -> bool:
    return (await _statuses(url)).get(status, 0) > 0


async def _some_speech(fake) -> bool:  # type: ignore[no-untyped-def]
    return len(fake.texts) >= 2


async def test_a_full_queue_is_said_in_a_new_message(
    queue_settings, fake_telegram, page_server
) -> None:
    """Above the pending limit the listener hears why, as a new message (not an edit of
    "please wait", which screen readers do not announce), and the status message goes."""
    settings = replace(queue_settings, max_pending_per_user=1)
    first = page_server.add("/berita/2026/12/04/warga-menanam-pohon", article_html("Pohon"))
    second = page_server.add("/berita/2026/12/04/pasar-baru-dibuka",
                             article_html("Pasar Baru", MARKET))  # fmt: skip
    async with running(settings):
        fake_telegram.user_text(OTHER, first)
        await _wait(lambda: _count(settings.db_path, 1), timeout=20)
        mark = fake_telegram.mark()
        fake_telegram.user_text(OTHER, second)
        sent = await fake_telegram.wait_for("sendMessage", n=2, chat_id=OTHER, since=mark,
                                            timeout=20)  # fmt: skip
        await fake_telegram.wait_for("deleteMessage", chat_id=OTHER, since=mark, timeout=20)
    said = [c.text for c in sent]
    assert any("sudah punya 1 bacaan" in t for t in said), said
    edits = [c.text for c in fake_telegram.calls_of("editMessageText", chat_id=OTHER)]
    assert not any("sudah punya" in (t or "") for t in edits)


async def test_a_worker_reads_at_the_listeners_speed(
    queue_settings, fake_telegram, fake_gtts, page_server, tmp_path: Path
) -> None:
    """Queue mode honours /kecepatan as the in-process flow does: a listener at 1.5x gets audio
    two thirds as long as a listener at 1x, from a job of its own (the speed is in the key)."""
    from bot.store.users import UserRepo

    link = page_server.add("/berita/2026/12/04/pasar-baru-dibuka",
                           article_html("Pasar Baru", MARKET))  # fmt: skip
    fast, normal = 601, 602
    db = await open_db(queue_settings.db_path)
    try:
        users = UserRepo(db)
        for chat in (fast, normal):
            await users.ensure(chat, chat, "id", datetime.now(UTC))
        await users.update(fast, datetime.now(UTC), speed=1.5)
    finally:
        await db.close()
    worker_settings = replace(queue_settings, cache_dir=str(tmp_path / "worker-cache"))
    async with running(queue_settings):
        fake_telegram.user_text(fast, link)
        fake_telegram.user_text(normal, link)
        await _wait(lambda: _count(queue_settings.db_path, 2), timeout=20)
        worker = asyncio.create_task(run_worker(worker_settings, 2, "w-speed", signals=False))
        try:
            for chat in (fast, normal):
                await fake_telegram.wait_for("deleteMessage", chat_id=chat, timeout=90)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
    assert await _statuses(queue_settings.db_path) == {"done": 2}
    [_, full_fast] = fake_telegram.calls_of("sendVoice", chat_id=fast)
    [_, full_normal] = fake_telegram.calls_of("sendVoice", chat_id=normal)
    ratio = float(full_normal.params["duration"]) / float(full_fast.params["duration"])
    assert abs(ratio - 1.5) <= 1.5 * 0.1, ratio  # whole seconds: a 10 % margin
    assert full_fast.files and full_normal.files  # two readings, each uploaded once


async def test_the_same_link_twice_is_read_once_across_two_bot_instances(
    queue_settings, fake_telegram, page_server
) -> None:
    """Two bot instances (webhook replicas) share nothing but the database: the second copy of
    a link, sent to the other instance while the first waits for a worker, is answered "Tautan
    ini sedang dibacakan"; at the same moment on both, the unique index lets one through."""
    from telegram import Update

    from bot.chat.app import build_application

    first_link = page_server.add("/berita/2026/12/04/warga-menanam-pohon", article_html("Pohon"))
    second_link = page_server.add("/berita/2026/12/04/pasar-baru-dibuka",
                                  article_html("Pasar Baru", MARKET))  # fmt: skip
    one, two = build_application(queue_settings), build_application(queue_settings)

    async def send(app, link: str) -> None:  # type: ignore[no-untyped-def]
        await app.process_update(Update.de_json(fake_telegram.user_text(OTHER, link), app.bot))

    async with one, two:
        await one.post_init(one)
        await two.post_init(two)
        try:
            await send(one, first_link)
            await send(two, first_link)
            await asyncio.gather(send(one, second_link), send(two, second_link))
        finally:
            await one.post_shutdown(one)
            await two.post_shutdown(two)
    assert await _statuses(queue_settings.db_path) == {"waiting": 2}
    said = [c.text for c in fake_telegram.calls_of("sendMessage", chat_id=OTHER)]
    assert sum("sedang dibacakan" in t for t in said) == 2, said
    # Every "please wait" left standing belongs to a request a worker will answer.
    deleted = len(fake_telegram.calls_of("deleteMessage", chat_id=OTHER))
    assert sum(t.startswith("Sedang membaca tautan") for t in said) - deleted == 2, said
