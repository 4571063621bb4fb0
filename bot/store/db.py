"""Open the SQLite database (WAL, foreign keys, busy timeout) and bring its schema up to date."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.store.migrations import MIGRATIONS

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5_000
"""How long a writer waits for a lock before SQLite reports 'database is locked'."""


async def open_db(path: str) -> aiosqlite.Connection:
    """Open (creating if needed) and migrate the database at `path` (":memory:" works too)."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = await aiosqlite.connect(path, isolation_level=None)
    db.row_factory = aiosqlite.Row
    await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await db.execute("PRAGMA journal_mode = WAL")
    await db.execute("PRAGMA foreign_keys = ON")
    await db.execute("PRAGMA synchronous = NORMAL")
    await migrate(db)
    return db


async def applied_migrations(db: aiosqlite.Connection) -> list[str]:
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    async with db.execute("SELECT name FROM schema_migrations ORDER BY name") as cursor:
        return [row[0] async for row in cursor]


async def pending_migrations(db: aiosqlite.Connection) -> list[str]:
    """Names of migrations not yet applied (writes nothing but the bookkeeping table)."""
    done = set(await applied_migrations(db))
    return [name for name, _ in MIGRATIONS if name not in done]


async def migrate(db: aiosqlite.Connection) -> list[str]:
    """Apply pending migrations in order, each atomically with its record. Safe to run twice."""
    done = set(await applied_migrations(db))
    applied: list[str] = []
    for name, migration in MIGRATIONS:
        if name in done:
            continue
        await db.execute("BEGIN IMMEDIATE")
        try:
            await migration(db)
            await db.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat()),
            )
            await db.execute("COMMIT")
        except BaseException:
            await db.execute("ROLLBACK")
            raise
        logger.info("applied migration %s", name)
        applied.append(name)
    return applied
