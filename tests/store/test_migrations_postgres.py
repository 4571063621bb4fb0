"""PostgreSQL migrations: same names and columns as SQLite's, atomic, once under concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.store import db as store_db
from bot.store.database import display_target, is_postgres_url
from bot.store.db import applied_migrations, migrate, open_db, pending_migrations
from bot.store.migrations import MIGRATIONS as SQLITE_MIGRATIONS
from bot.store.migrations_postgres import MIGRATIONS
from bot.store.postgres import to_numbered

NAMES = [name for name, _ in MIGRATIONS]


async def columns(db) -> dict[str, list[str]]:
    """Table → column names (sorted): what both engines must agree on."""
    if db.dialect.is_postgres:
        query = ("SELECT table_name, column_name FROM information_schema.columns"
                 " WHERE table_schema = 'public'")  # fmt: skip
    else:
        query = ("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p"
                 " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'")  # fmt: skip
    found: dict[str, list[str]] = {}
    async with db.execute(query) as cursor:
        async for row in cursor:
            found.setdefault(row[0], []).append(row[1])
    return {
        table: sorted(names)
        for table, names in found.items()
        if not table.startswith("procrastinate_")  # the job queue's own tables (PostgreSQL only)
    }


async def test_same_names_and_columns_as_sqlite(postgres, tmp_path) -> None:
    assert [name for name, _ in SQLITE_MIGRATIONS] == NAMES
    pg = await open_db(postgres.new_database())
    lite = await open_db(str(tmp_path / "suara.db"))
    try:
        assert await applied_migrations(pg) == NAMES
        assert await columns(pg) == await columns(lite)
    finally:
        await pg.close()
        await lite.close()


@pytest.mark.parametrize("applied", range(len(MIGRATIONS)), ids=["empty", *NAMES[:-1]])
async def test_every_earlier_version_upgrades(postgres, applied: int) -> None:
    url = postgres.new_database()
    old = await open_db(url, migrate_schema=False)
    await applied_migrations(old)  # the bookkeeping table
    for name, migration in MIGRATIONS[:applied]:
        async with old.transaction() as tx:
            await migration(tx)
            await tx.execute("INSERT INTO schema_migrations VALUES (?, ?)",
                             (name, datetime.now(UTC).isoformat()))  # fmt: skip
    if applied:
        await old.execute("INSERT INTO users (user_id, chat_id, created_at, updated_at)"
                          " VALUES (1, 1, 'x', 'x')")  # fmt: skip
    assert await pending_migrations(old) == NAMES[applied:]
    await old.close()
    upgraded = await open_db(url)
    try:
        assert await applied_migrations(upgraded) == NAMES
        assert await migrate(upgraded) == []
        async with upgraded.execute("SELECT COUNT(*) FROM users") as cursor:
            assert (await cursor.fetchone())[0] == (1 if applied else 0)
    finally:
        await upgraded.close()


async def test_processes_starting_together_migrate_once(postgres) -> None:
    url = postgres.new_database()
    dbs = await asyncio.gather(*(open_db(url) for _ in range(4)))
    try:
        async with dbs[0].execute("SELECT name, COUNT(*) FROM schema_migrations GROUP BY name"
                                  " ORDER BY name") as cursor:  # fmt: skip
            assert [tuple(row) async for row in cursor] == [(name, 1) for name in NAMES]
    finally:
        for db in dbs:
            await db.close()


async def test_a_failing_migration_rolls_back_whole(postgres, monkeypatch) -> None:
    async def m999_broken(db) -> None:
        await db.execute("CREATE TABLE half_done (x INTEGER)")
        await db.execute("ALTER TABLE users ADD COLUMN nickname TEXT")
        raise RuntimeError("disk full, say")

    url = postgres.new_database()
    broken = (*MIGRATIONS, ("999_broken", m999_broken))
    monkeypatch.setattr(store_db, "POSTGRES_MIGRATIONS", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        await open_db(url)
    monkeypatch.setattr(store_db, "POSTGRES_MIGRATIONS", MIGRATIONS)
    db = await open_db(url)
    try:
        assert await applied_migrations(db) == NAMES
        assert "half_done" not in await columns(db)
        assert "nickname" not in (await columns(db))["users"]
    finally:
        await db.close()


def test_placeholders_and_urls() -> None:
    sql = "SELECT ? , '?', \"a?\" WHERE x = ?"
    assert to_numbered(sql) == "SELECT $1 , '?', \"a?\" WHERE x = $2"
    assert is_postgres_url("postgresql://u@h/db") and is_postgres_url("postgres://h/db")
    assert not is_postgres_url("/var/lib/suara/suara.db")
    assert display_target("postgresql://u:s3cret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert display_target("suara.db") == "suara.db"
