"""Open the database named by `SUARA_DB` and bring its schema up to date.

A file path opens SQLite (the default), a `postgresql://` URL opens PostgreSQL. Each engine has
one ordered list of migrations with the same names; each migration runs in one transaction with
the row that records it, under a lock (`BEGIN IMMEDIATE` on SQLite, an advisory lock on
PostgreSQL), so any number of processes may start at once and each migration runs exactly once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from bot.store.database import Database, connect
from bot.store.migrations import MIGRATIONS as SQLITE_MIGRATIONS
from bot.store.migrations import Migration
from bot.store.migrations_postgres import MIGRATIONS as POSTGRES_MIGRATIONS

logger = logging.getLogger(__name__)

MIGRATION_LOCK = 7_414_000_019
"""PostgreSQL advisory lock key held while migrating."""

_BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
)


def migrations_for(db: Any) -> tuple[tuple[str, Migration], ...]:
    """The ordered migrations of `db`'s engine (an aiosqlite connection counts as SQLite)."""
    dialect = getattr(db, "dialect", None)
    return POSTGRES_MIGRATIONS if dialect is not None and dialect.is_postgres else SQLITE_MIGRATIONS


async def open_db(target: str, migrate_schema: bool = True) -> Database:
    """Open (creating if needed) and migrate the database at `target` (":memory:" works too)."""
    db = await connect(target)
    if migrate_schema:
        try:
            await migrate(db)
        except BaseException:
            await db.close()
            raise
    return db


async def _lock(tx: Any) -> None:
    if tx.dialect.is_postgres:
        await tx.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))


async def applied_migrations(db: Any) -> list[str]:
    """Names recorded in `schema_migrations` (the table is created if missing)."""
    if getattr(db, "dialect", None) is not None and db.dialect.is_postgres:
        async with db.transaction() as tx:  # CREATE IF NOT EXISTS races on PostgreSQL
            await _lock(tx)
            await tx.execute(_BOOKKEEPING)
    else:
        await db.execute(_BOOKKEEPING)
    async with db.execute("SELECT name FROM schema_migrations ORDER BY name") as cursor:
        return [row[0] async for row in cursor]


async def pending_migrations(db: Any) -> list[str]:
    """Names of migrations not yet applied (writes nothing but the bookkeeping table)."""
    done = set(await applied_migrations(db))
    return [name for name, _ in migrations_for(db) if name not in done]


async def migrate(db: Database) -> list[str]:
    """Apply pending migrations in order, each atomically with its record. Safe to run twice,
    and from several processes at once."""
    done = set(await applied_migrations(db))
    applied: list[str] = []
    for name, migration in migrations_for(db):
        if name in done:
            continue
        async with db.transaction() as tx:
            await _lock(tx)
            async with tx.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)) as c:
                if await c.fetchone() is not None:  # another process was first
                    continue
            await migration(tx)
            await tx.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat()),
            )
        logger.info("applied migration %s", name)
        applied.append(name)
    return applied
