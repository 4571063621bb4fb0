"""The reading-side repositories, run on SQLite and on a real PostgreSQL (no mocks)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.store.articles import ArticleRepo, StoredAudio
from bot.store.db import open_db
from bot.store.feeds import FeedState, FeedStateRepo
from bot.store.inflight import InFlightRepo
from bot.store.readings import ReadingRequestRepo, job_key
from bot.store.state import UserStateRepo
from bot.store.users import HISTORY_SIZE, UserRepo

NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
BIG_ID = 7_300_000_000  # Telegram ids outgrow 32 bits


@pytest.fixture
async def db(db_target: str):
    connection = await open_db(db_target)
    yield connection
    await connection.close()


async def _article(repo: ArticleRepo, content_hash: str = "h1", now: datetime = NOW) -> None:
    await repo.save(
        url="https://a.id/berita", aliases=["https://a.id/berita?amp=1", "https://a.id/berita"],
        content_hash=content_hash, title="Judul", site="A", language="id",
        summary=("Satu.", "Dua."), words=120, now=now, ttl=timedelta(hours=24),
    )  # fmt: skip


def _audio(part: int, file_id: str | None = None) -> StoredAudio:
    return StoredAudio("key1", part, "full", "ogg", f"/c/{part}.ogg", 61.5, 1000, "gtts", file_id)


async def test_articles_by_url_and_alias_until_they_expire(db) -> None:
    repo = ArticleRepo(db)
    await _article(repo)
    for link in ("https://a.id/berita", "https://a.id/berita?amp=1"):
        found = await repo.find(link, NOW)
        assert found is not None and found.summary == ("Satu.", "Dua.") and found.words == 120
    assert await repo.find("https://a.id/berita", NOW + timedelta(hours=25)) is None
    assert await repo.content_hash("https://a.id/berita") == "h1"


async def test_audio_file_ids_and_a_changed_article_drops_old_audio(db) -> None:
    repo = ArticleRepo(db)
    await _article(repo)
    for part in (1, 0):
        await repo.save_audio("https://a.id/berita", _audio(part), NOW)
    await repo.set_file_id("key1", 0, "F0", NOW)
    await repo.save_audio("https://a.id/berita", _audio(0), NOW)  # no file_id: keeps F0
    parts = await repo.audio("https://a.id/berita", "full", "ogg")
    assert [(a.part, a.file_id, a.duration_s) for a in parts] == [(0, "F0", 61.5), (1, None, 61.5)]
    await repo.forget_file_id("F0")
    assert (await repo.audio("https://a.id/berita", "full", "ogg"))[0].file_id is None
    await _article(repo, content_hash="h1")  # unchanged: audio kept
    assert len(await repo.audio("https://a.id/berita", "full", "ogg")) == 2
    await _article(repo, content_hash="h2")  # changed: the audio no longer fits
    assert await repo.audio("https://a.id/berita", "full", "ogg") == []


async def test_users_settings_history_requests_and_deletion(db) -> None:
    users = UserRepo(db)
    first = await users.ensure(BIG_ID, BIG_ID, "en", NOW)
    assert (first.language, first.reading_mode) == ("en", "default")
    assert (await users.ensure(BIG_ID, BIG_ID, "id", NOW)).language == "en"  # kept
    await users.update(BIG_ID, NOW, reading_mode="full", audio_format="mp3")
    assert (await users.get(BIG_ID)).audio_format == "mp3"
    with pytest.raises(ValueError):
        await users.update(BIG_ID, NOW, nickname="x")
    for n in range(HISTORY_SIZE + 3):
        await users.add_history(BIG_ID, f"https://a.id/{n}", f"T{n}", NOW + timedelta(minutes=n))
    await users.add_history(BIG_ID, "https://a.id/5", "T5", NOW + timedelta(hours=1))
    history = await users.history(BIG_ID)
    assert len(history) == HISTORY_SIZE and history[0].title == "T5"
    assert len({h.article_url for h in history}) == HISTORY_SIZE
    for minutes in (0, 10, 150):
        await users.log_request(BIG_ID, NOW + timedelta(minutes=minutes))
    assert await users.requests_since(BIG_ID, NOW + timedelta(minutes=90)) == 1
    await users.delete_all(BIG_ID)
    assert await users.get(BIG_ID) is None and await users.history(BIG_ID) == []


async def test_readings_in_flight_are_taken_once(db) -> None:
    await UserRepo(db).ensure(1, 1, "id", NOW)
    repo = InFlightRepo(db)
    first = await repo.start(1, 1, "https://a.id/1", "id", NOW)
    second = await repo.start(1, 1, "https://a.id/2", "id", NOW)
    assert second > first
    await repo.finish(first)
    assert [r.link for r in await repo.take_all()] == ["https://a.id/2"]
    assert await repo.take_all() == []


async def test_feed_state_round_trips(db) -> None:
    repo = FeedStateRepo(db)
    state = FeedState("https://f.id/rss", '"e1"', None, ({"title": "Berita é"},), "ok", NOW, NOW)
    await repo.save(state)
    await repo.save(state)
    assert await repo.get("https://f.id/rss") == state
    assert await repo.get("https://f.id/other") is None


async def test_concurrent_writers_do_not_lose_rows(db) -> None:
    """Many handlers writing at once through one `Database` (a pool on PostgreSQL)."""
    users = UserRepo(db)
    await asyncio.gather(*(users.ensure(n, n, "id", NOW) for n in range(40)))
    await asyncio.gather(*(users.log_request(n % 4, NOW) for n in range(40)))
    async with db.execute("SELECT COUNT(*) FROM users") as cursor:
        assert (await cursor.fetchone())[0] == 40
    assert [await users.requests_since(n, NOW) for n in range(4)] == [10, 10, 10, 10]


async def test_reading_requests_limit_claim_and_resume(db) -> None:
    await UserRepo(db).ensure(BIG_ID, BIG_ID, "id", NOW)
    repo = ReadingRequestRepo(db)
    add = dict(user_id=BIG_ID, chat_id=BIG_ID, language="id", reading_mode="default", fmt="ogg",
               now=NOW, max_pending=2)  # fmt: skip
    first = await repo.add(link="https://a.id/1", **add)
    assert await repo.add(link="https://a.id/1", **add) is None  # this chat already waits for it
    assert await repo.is_open(BIG_ID, "https://a.id/1")
    assert not await repo.is_open(BIG_ID, "https://a.id/2")
    second = await repo.add(link="https://a.id/1", **{**add, "chat_id": -BIG_ID})  # a group
    assert first and second and await repo.add(link="https://a.id/2", **add) is None
    assert not await repo.is_open(BIG_ID, "https://a.id/2")  # refused for the pending limit
    assert await repo.pending(BIG_ID) == 2
    key = job_key("https://a.id/1", "ogg")
    claimed = await repo.claim(key, NOW)
    assert [r.id for r in claimed] == [first, second] and claimed[0].steps_sent == 0
    await repo.step_sent(first, 2)
    again = await repo.claim(key, NOW)  # a worker died: the next run resumes where it stopped
    assert [r.steps_sent for r in again] == [2, 0]
    await repo.finish(first, NOW)
    await repo.finish(second, NOW, error="not_article")
    assert await repo.claim(key, NOW) == []
    assert await repo.counts() == {"done": 1, "failed": 1}
    assert await repo.pending(BIG_ID) == 0
    assert await repo.add(link="https://a.id/2", **add) is not None


async def test_pending_limit_holds_under_concurrent_requests(db) -> None:
    await UserRepo(db).ensure(1, 1, "id", NOW)
    repo = ReadingRequestRepo(db)
    results = await asyncio.gather(*(
        repo.add(user_id=1, chat_id=1, link=f"https://a.id/{n}", language="id",
                 reading_mode="full", fmt="ogg", now=NOW, max_pending=3)
        for n in range(12)
    ))  # fmt: skip
    assert sum(r is not None for r in results) == 3


async def test_conversation_state_is_shared_and_forgotten_with_the_user(db) -> None:
    state = UserStateRepo(db)
    await state.set(BIG_ID, "pending_region", "banten", NOW)
    await state.set(BIG_ID, "pending_region", "jabar", NOW)
    assert await state.get(BIG_ID, "pending_region") == "jabar"
    await state.pop(BIG_ID, "pending_region")
    assert await state.get(BIG_ID, "pending_region") is None
    await state.set(BIG_ID, "pending_region", "dki", NOW)
    await UserRepo(db).delete_all(BIG_ID)
    assert await state.get(BIG_ID, "pending_region") is None
