"""Schema for briefings beyond migration 001: feed conditional-GET state and delivery bookkeeping.

`m002_briefing_feeds` belongs at the end of `bot.store.migrations.MIGRATIONS`. Until it is listed
there, `ensure_schema` applies it the same way (one transaction with its `schema_migrations` row),
so either path leaves the same database and neither runs it twice.
"""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

NAME = "002_briefing_feeds"


async def m002_briefing_feeds(db: aiosqlite.Connection) -> None:
    """Feed state (ETag, Last-Modified, last items) and delivery attempts and lateness."""
    # Imported here: bot.store.migrations imports this module to list the migration.
    from bot.store.migrations import run_script

    await run_script(
        db,
        """
        CREATE TABLE feed_state (
            url            TEXT PRIMARY KEY,
            etag           TEXT,
            last_modified  TEXT,
            items_json     TEXT NOT NULL DEFAULT '[]',  -- the last items parsed (reused on 304)
            status         TEXT NOT NULL,               -- 'ok' | 'not-modified' | error detail
            checked_at     TEXT NOT NULL,
            ok_at          TEXT                         -- last time the feed answered
        );

        ALTER TABLE deliveries ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE deliveries ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX deliveries_by_status ON deliveries(region, day, status);
        CREATE INDEX subscriptions_by_chat ON subscriptions(chat_id);
        """,
    )


NAME_003 = "003_briefing_editions"


async def m003_briefing_editions(db: aiosqlite.Connection) -> None:
    """Briefings per length with their chapters, story voice notes, and each chat's length.

    Additive only: `briefings` stays (old versions read it); its rows become the 'sedang' edition.
    """
    from bot.store.migrations import run_script

    await run_script(
        db,
        """
        ALTER TABLE subscriptions ADD COLUMN length TEXT NOT NULL DEFAULT 'sedang';

        CREATE TABLE briefing_editions (
            region         TEXT NOT NULL,
            day            TEXT NOT NULL,               -- 'YYYY-MM-DD' in the region's zone
            length         TEXT NOT NULL,               -- 'pendek' | 'sedang' | 'panjang'
            script         TEXT NOT NULL,
            text_version   TEXT NOT NULL,
            audio_path     TEXT,
            duration_s     REAL,
            file_id        TEXT,
            chapters_json  TEXT NOT NULL DEFAULT '[]',  -- title, url, start, duration, audio
            created_at     TEXT NOT NULL,
            PRIMARY KEY (region, day, length)
        );
        INSERT INTO briefing_editions
            (region, day, length, script, text_version, audio_path, duration_s, file_id,
             created_at)
        SELECT region, day, 'sedang', script, text_version, audio_path, duration_s, file_id,
               created_at FROM briefings;

        CREATE TABLE briefing_story_files (
            region         TEXT NOT NULL,
            day            TEXT NOT NULL,
            length         TEXT NOT NULL,
            number         INTEGER NOT NULL,            -- 1-based story number
            file_id        TEXT NOT NULL,
            PRIMARY KEY (region, day, length, number)
        );

        CREATE TABLE briefing_last (
            chat_id        INTEGER PRIMARY KEY,         -- the briefing a chat got last
            region         TEXT NOT NULL,
            day            TEXT NOT NULL,
            length         TEXT NOT NULL
        )
        """,
    )


async def ensure_schema(db: aiosqlite.Connection) -> None:
    """Apply `m002_briefing_feeds` if no migration run has yet (safe to call every start)."""
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    await db.execute("BEGIN IMMEDIATE")  # checked inside the lock: another process may be here
    try:
        async with db.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (NAME,)) as cur:
            done = await cur.fetchone() is not None
        if done:
            await db.execute("COMMIT")
            return
        await m002_briefing_feeds(db)
        await db.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
            (NAME, datetime.now(UTC).isoformat()),
        )
        await db.execute("COMMIT")
    except BaseException:
        await db.execute("ROLLBACK")
        raise
