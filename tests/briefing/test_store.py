"""Repositories over the briefing tables, and the briefing migration."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.store.briefings import BriefingRepo, StoredBriefing
from bot.store.db import migrate, open_db
from bot.store.deliveries import DeliveryRepo
from bot.store.subscriptions import SubscriptionRepo, TooManySubscriptions
from bot.store.users import UserRepo
from tests.briefing.conftest import NOW

STALE = NOW - timedelta(minutes=2)


@pytest.fixture
async def db(db_target: str):
    """Every test here runs on SQLite and on PostgreSQL."""
    connection = await open_db(db_target)
    yield connection
    await connection.close()


async def test_schema_is_applied_once_and_recorded(db) -> None:
    assert await migrate(db) == []  # open_db already applied the briefing migration
    name = "002_briefing_feeds"
    async with db.execute("SELECT COUNT(*) FROM schema_migrations WHERE name = ?", (name,)) as c:
        assert (await c.fetchone())[0] == 1
    async with db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'deliveries'"
        if db.dialect.is_postgres
        else "SELECT name FROM pragma_table_info('deliveries')"
    ) as cursor:
        columns = {row[0] async for row in cursor}
    assert {"attempts", "late"} <= columns


async def test_subscribe_creates_user_and_limits_to_three_regions(db) -> None:
    repo = SubscriptionRepo(db)
    await UserRepo(db).ensure(7, 7, "id", NOW)
    for region in ("banten", "jabar", "dki"):
        await repo.subscribe(7, 7, region, "06:00", "Asia/Jakarta", NOW)
    with pytest.raises(TooManySubscriptions):
        await repo.subscribe(7, 7, "bali", "06:00", "Asia/Makassar", NOW)
    await repo.subscribe(7, 7, "jabar", "07:30", "Asia/Jakarta", NOW)  # a change, not a fourth
    subs = {s.region: s for s in await repo.for_user(7)}
    assert set(subs) == {"banten", "jabar", "dki"} and subs["jabar"].deliver_at == "07:30"
    assert await repo.unsubscribe(7, "dki") == 1
    await repo.subscribe(7, 7, "bali", "06:00", "Asia/Makassar", NOW)
    assert await repo.unsubscribe(7) == 3
    assert await repo.for_user(7) == []
    async with db.execute("SELECT language FROM users WHERE user_id = 7") as cursor:
        assert (await cursor.fetchone())[0] == "id"


async def test_groups_and_pending_recipients(db) -> None:
    repo, deliveries = SubscriptionRepo(db), DeliveryRepo(db)
    for chat, time in ((1, "06:00"), (2, "06:00"), (3, "07:00")):
        await UserRepo(db).ensure(chat, chat, "en" if chat == 2 else "id", NOW)
        await repo.subscribe(chat, chat, "banten", time, "Asia/Jakarta", NOW)
    groups = await repo.schedule_groups()
    assert [(g.deliver_at, g.subscribers) for g in groups] == [("06:00", 2), ("07:00", 1)]
    pending = await repo.pending_recipients("banten", "2026-11-27", STALE, 3, "06:00",
                                            "Asia/Jakarta")  # fmt: skip
    assert [(r.chat_id, r.language) for r in pending] == [(1, "id"), (2, "en")]
    claim = await deliveries.claim("banten", "2026-11-27", 1, NOW, STALE)
    await deliveries.sent(claim, NOW)
    everyone = await repo.pending_recipients("banten", "2026-11-27", STALE, 3)
    assert [r.chat_id for r in everyone] == [2, 3]
    assert await repo.deactivate_chat(2) == 1
    assert [r.chat_id for r in await repo.pending_recipients("banten", "2026-11-27", STALE, 3)
            ] == [3]  # fmt: skip


async def test_a_claim_is_taken_once(db) -> None:
    repo = DeliveryRepo(db)
    claim = await repo.claim("banten", "2026-11-27", 5, NOW, STALE)
    assert claim is not None and claim.send_voice
    assert await repo.claim("banten", "2026-11-27", 5, NOW, STALE) is None
    assert await repo.claim("banten", "2026-11-28", 5, NOW, STALE) is not None


async def test_abandoned_claims_are_taken_over_after_the_stale_limit(db) -> None:
    repo = DeliveryRepo(db)
    first = await repo.claim("banten", "d", 5, NOW, STALE)
    later = NOW + timedelta(minutes=3)
    taken = await repo.claim("banten", "d", 5, later, later - timedelta(minutes=2))
    assert taken is not None and taken.send_voice
    await repo.voice_sent(taken, later)
    resumed = await repo.claim("banten", "d", 5, later + timedelta(minutes=3),
                               later + timedelta(minutes=1))  # fmt: skip
    assert resumed is not None and not resumed.send_voice  # only the text is left
    await repo.sent(resumed, later)
    assert await repo.claim("banten", "d", 5, later + timedelta(hours=5), later + timedelta(
        hours=4)) is None  # fmt: skip
    assert first is not None and await repo.counts("banten", "d") == {"sent": 1}


async def test_attempts_are_capped(db) -> None:
    repo = DeliveryRepo(db)
    moment = NOW
    for _ in range(3):
        assert await repo.claim("x", "d", 1, moment, moment - timedelta(minutes=2)) is not None
        moment += timedelta(minutes=5)
    assert await repo.claim("x", "d", 1, moment, moment - timedelta(minutes=2)) is None


async def test_released_claim_is_free_at_once_without_using_an_attempt(db) -> None:
    repo = DeliveryRepo(db)
    claim = await repo.claim("x", "d", 1, NOW, STALE)
    await repo.release(claim)
    again = await repo.claim("x", "d", 1, NOW, STALE)
    assert again is not None and again.send_voice
    async with db.execute("SELECT attempts FROM deliveries") as cursor:
        assert (await cursor.fetchone())[0] == 1


async def test_briefing_row_round_trip_and_file_id(db) -> None:
    repo = BriefingRepo(db)
    day = date(2026, 11, 27)
    stored = StoredBriefing("banten", day, "Halo.\n\nSekian.", "<b>x</b>", "/a.ogg", 12.5, None,
                            NOW)  # fmt: skip
    await repo.save(stored)
    await repo.set_file_id("banten", day, "VOICE_1")
    loaded = await repo.get("banten", day)
    assert loaded.file_id == "VOICE_1" and loaded.duration_s == 12.5 and not loaded.empty
    assert await repo.get("banten", date(2026, 11, 28)) is None
    assert await repo.days_built("banten") == [day]
