"""Graceful upgrades: from every earlier schema version to the latest, re-runs and failures.

Parametrized over `MIGRATIONS`, so each migration added later is tested from every version
before it without touching this file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from bot.ops.doctor import applied_migrations
from bot.store import db as store_db
from bot.store.db import migrate, open_db, pending_migrations
from bot.store.migrations import MIGRATIONS

NAMES = [name for name, _ in MIGRATIONS]


async def schema(db: aiosqlite.Connection) -> list[tuple[str, str, str]]:
    """Every table, index and trigger with its SQL: what two databases must agree on."""
    async with db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ) as cursor:
        return [tuple(row) async for row in cursor]


async def at_version(path: str, applied: int) -> aiosqlite.Connection:
    """A database as an older release left it: the first `applied` migrations, recorded."""
    db = await aiosqlite.connect(path, isolation_level=None)
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    for name, migration in MIGRATIONS[:applied]:
        await db.execute("BEGIN")
        await migration(db)
        await db.execute(
            "INSERT INTO schema_migrations VALUES (?, ?)", (name, datetime.now(UTC).isoformat())
        )
        await db.execute("COMMIT")
    return db


@pytest.fixture
async def latest(tmp_path: Path):
    db = await open_db(str(tmp_path / "fresh.db"))
    yield db
    await db.close()


@pytest.mark.parametrize("applied", range(len(MIGRATIONS)), ids=["empty", *NAMES[:-1]])
async def test_every_earlier_version_upgrades_to_the_latest(
    tmp_path: Path, applied: int, latest
) -> None:
    old = await at_version(str(tmp_path / "old.db"), applied)
    await old.close()
    upgraded = await open_db(str(tmp_path / "old.db"))  # what the bot does at start
    try:
        assert await applied_migrations(upgraded) == NAMES
        assert await schema(upgraded) == await schema(latest)
    finally:
        await upgraded.close()


async def test_data_survives_the_upgrade(tmp_path: Path) -> None:
    """Rows written by the oldest version are still there after every later migration."""
    old = await at_version(str(tmp_path / "old.db"), 1)
    now = datetime.now(UTC).isoformat()
    await old.execute(
        "INSERT INTO users (user_id, chat_id, language, created_at, updated_at) "
        "VALUES (1, 1, 'en', ?, ?)",
        (now, now),
    )
    await old.close()
    upgraded = await open_db(str(tmp_path / "old.db"))
    try:
        async with upgraded.execute("SELECT user_id, language FROM users") as cursor:
            assert [tuple(row) async for row in cursor] == [(1, "en")]
    finally:
        await upgraded.close()


async def test_running_again_is_a_no_op(latest) -> None:
    before = await schema(latest)
    async with latest.execute("SELECT name, applied_at FROM schema_migrations") as cursor:
        recorded = [tuple(row) async for row in cursor]
    assert await migrate(latest) == []
    assert await pending_migrations(latest) == []
    assert await schema(latest) == before
    async with latest.execute("SELECT name, applied_at FROM schema_migrations") as cursor:
        assert [tuple(row) async for row in cursor] == recorded


async def test_listing_pending_migrations_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await aiosqlite.connect(str(path))
    await db.execute("CREATE TABLE unrelated (x)")
    await db.commit()
    assert await applied_migrations(db) == []
    assert [row[1] for row in await schema(db)] == ["unrelated"]
    await db.close()


async def test_a_failing_migration_rolls_back_whole(tmp_path: Path, monkeypatch) -> None:
    async def m999_broken(db: aiosqlite.Connection) -> None:
        await db.execute("CREATE TABLE half_done (x INTEGER)")
        await db.execute("ALTER TABLE users ADD COLUMN nickname TEXT")
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(store_db, "SQLITE_MIGRATIONS", (*MIGRATIONS, ("999_broken", m999_broken)))
    path = str(tmp_path / "suara.db")
    with pytest.raises(RuntimeError, match="disk full"):
        await open_db(path)
    db = await aiosqlite.connect(path)
    try:
        assert await applied_migrations(db) == NAMES  # the good ones stay applied
        names = [row[1] for row in await schema(db)]
        assert "half_done" not in names
        async with db.execute("PRAGMA table_info(users)") as cursor:
            assert "nickname" not in [row[1] async for row in cursor]
    finally:
        await db.close()
    monkeypatch.setattr(store_db, "SQLITE_MIGRATIONS", MIGRATIONS)  # the fix ships: start works
    repaired = await open_db(path)
    assert await applied_migrations(repaired) == NAMES
    await repaired.close()


def test_migration_names_are_ordered_and_unique() -> None:
    assert sorted(NAMES) == NAMES and len(set(NAMES)) == len(NAMES)
    assert all(name[:3].isdigit() and name[3] == "_" for name in NAMES)
