"""SQLite's ordered, named schema migrations (PostgreSQL's are in `migrations_postgres`).

Each runs in one transaction with the row that records it (`bot.store.db.migrate`). Both lists
carry the same names in the same order, so a database of either kind is at a named version.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Migration = Callable[[Any], Awaitable[None]]
"""Takes the database (inside the migration's transaction) and changes its schema."""


SQLITE_TYPES = {"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "bigint": "INTEGER", "real": "REAL"}
"""Column types that the migrations shared by both engines take on SQLite."""


def typed_script(script: str, types: dict[str, str]) -> Migration:
    """A migration that runs `script` (shared by both engines) with one engine's column types."""

    async def migrate(db: Any) -> None:
        await run_script(db, script.format(**types))

    return migrate


async def run_script(db: Any, script: str) -> None:
    """Run statements one by one (executescript would commit the surrounding transaction)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            await db.execute(statement)


async def m001_initial(db: Any) -> None:
    """Users and settings, articles and their audio, reading history, briefings and deliveries."""
    await run_script(
        db,
        """
        CREATE TABLE users (
            user_id       INTEGER PRIMARY KEY,
            chat_id       INTEGER,
            language      TEXT NOT NULL DEFAULT 'id',
            reading_mode  TEXT NOT NULL DEFAULT 'default',
            audio_format  TEXT NOT NULL DEFAULT 'voice',
            time_zone     TEXT,
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );

        CREATE TABLE articles (
            url           TEXT PRIMARY KEY,     -- canonical URL, tracking parameters removed
            content_hash  TEXT NOT NULL,
            title         TEXT NOT NULL,
            site          TEXT NOT NULL,
            language      TEXT NOT NULL,
            summary_json  TEXT NOT NULL,
            words         INTEGER NOT NULL,
            fetched_at    TEXT NOT NULL,
            expires_at    TEXT NOT NULL
        );

        CREATE TABLE url_aliases (
            url           TEXT PRIMARY KEY,      -- a link as users sent it (cleaned)
            article_url   TEXT NOT NULL REFERENCES articles(url) ON DELETE CASCADE
        );

        CREATE TABLE audio (
            audio_key     TEXT NOT NULL,         -- hash of spoken text, engine, format, bitrate
            part          INTEGER NOT NULL DEFAULT 0,
            article_url   TEXT REFERENCES articles(url) ON DELETE CASCADE,
            kind          TEXT NOT NULL,         -- 'summary' | 'full' | 'briefing'
            format        TEXT NOT NULL,         -- 'ogg' | 'mp3'
            path          TEXT NOT NULL,
            duration_s    REAL NOT NULL,
            size_bytes    INTEGER NOT NULL,
            engine        TEXT NOT NULL,
            file_id       TEXT,                  -- Telegram file_id once uploaded
            created_at    TEXT NOT NULL,
            last_used_at  TEXT NOT NULL,
            PRIMARY KEY (audio_key, part)
        );
        CREATE INDEX audio_by_article ON audio(article_url);
        CREATE INDEX audio_by_use ON audio(last_used_at);

        CREATE TABLE history (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id       INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            article_url   TEXT NOT NULL,
            title         TEXT NOT NULL,
            read_at       TEXT NOT NULL
        );
        CREATE INDEX history_by_user ON history(user_id, read_at);

        CREATE TABLE readings_in_flight (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id       INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            chat_id       INTEGER NOT NULL,
            link          TEXT NOT NULL,
            language      TEXT NOT NULL,
            started_at    TEXT NOT NULL
        );

        CREATE TABLE requests (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id       INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            at            TEXT NOT NULL
        );
        CREATE INDEX requests_by_user ON requests(user_id, at);

        CREATE TABLE subscriptions (
            user_id       INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            chat_id       INTEGER NOT NULL,
            region        TEXT NOT NULL,
            deliver_at    TEXT NOT NULL,         -- 'HH:MM' in time_zone
            time_zone     TEXT NOT NULL,         -- IANA name
            active        INTEGER NOT NULL DEFAULT 1,
            created_at    TEXT NOT NULL,
            PRIMARY KEY (user_id, region)
        );
        CREATE INDEX subscriptions_by_region ON subscriptions(region, active);

        CREATE TABLE briefings (
            region        TEXT NOT NULL,
            day           TEXT NOT NULL,         -- 'YYYY-MM-DD' in the region's zone
            script        TEXT NOT NULL,
            text_version  TEXT NOT NULL,
            audio_path    TEXT,
            duration_s    REAL,
            file_id       TEXT,
            created_at    TEXT NOT NULL,
            PRIMARY KEY (region, day)
        );

        CREATE TABLE deliveries (
            region        TEXT NOT NULL,
            day           TEXT NOT NULL,
            chat_id       INTEGER NOT NULL,
            status        TEXT NOT NULL,         -- 'claimed' | 'sent' | 'failed'
            claimed_at    TEXT NOT NULL,
            sent_at       TEXT,
            error         TEXT,
            PRIMARY KEY (region, day, chat_id)
        );
        """,
    )


async def m002_briefing_feeds(db: Any) -> None:
    """Feed state (ETag, Last-Modified, last items) and delivery attempts and lateness."""
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


READING_REQUESTS = """
        CREATE TABLE reading_requests (
            id                 {id},
            job_key            TEXT NOT NULL,        -- canonical link and audio format
            user_id            {bigint} NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            chat_id            {bigint} NOT NULL,
            link               TEXT NOT NULL,
            language           TEXT NOT NULL,
            reading_mode       TEXT NOT NULL,
            format             TEXT NOT NULL,        -- 'ogg' | 'mp3'
            status_message_id  {bigint},             -- "please wait", removed at the end
            status             TEXT NOT NULL,        -- 'waiting' | 'sending' | 'done' | 'failed'
            steps_sent         INTEGER NOT NULL DEFAULT 0,
            created_at         TEXT NOT NULL,
            claimed_at         TEXT,
            finished_at        TEXT,
            error              TEXT
        );
        CREATE INDEX reading_requests_by_job ON reading_requests(job_key, status);
        CREATE INDEX reading_requests_by_user ON reading_requests(user_id, status);
"""
"""Readings waiting for a worker (queue mode): one row per user request, advanced message by
message, so a worker killed half-way is resumed without sending anything twice."""


async def m004_job_queue(db: Any) -> None:
    """The job queue's tables exist on PostgreSQL only; SQLite runs every job in-process."""


USER_STATE = """
        CREATE TABLE user_state (
            user_id     {bigint} NOT NULL,   -- no foreign key: state may come before the user row
            name        TEXT NOT NULL,
            value       TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (user_id, name)
        );
"""
"""Conversation state (a step waiting for the user's next message) shared by bot instances."""


BRIEFING_EDITIONS = """
        ALTER TABLE subscriptions ADD COLUMN length TEXT NOT NULL DEFAULT 'sedang';

        CREATE TABLE briefing_editions (
            region         TEXT NOT NULL,
            day            TEXT NOT NULL,               -- 'YYYY-MM-DD' in the region's zone
            length         TEXT NOT NULL,               -- 'pendek' | 'sedang' | 'panjang'
            script         TEXT NOT NULL,
            text_version   TEXT NOT NULL,
            audio_path     TEXT,
            duration_s     {real},
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
            chat_id        {bigint} PRIMARY KEY,        -- the briefing a chat got last
            region         TEXT NOT NULL,
            day            TEXT NOT NULL,
            length         TEXT NOT NULL
        );
"""
"""Briefings per length with their chapters, story voice notes, and each chat's length.
Additive only: `briefings` stays (old versions read it); its rows become the 'sedang' edition."""

USER_VOICE = "ALTER TABLE users ADD COLUMN voice TEXT NOT NULL DEFAULT ''"
"""The voice a user chose with /suara ("" = the bot's default engine)."""

SPEED_AND_TEXT = """
        ALTER TABLE users ADD COLUMN speed {real} NOT NULL DEFAULT 1.0;
        ALTER TABLE audio ADD COLUMN speed {real} NOT NULL DEFAULT 1.0;
        ALTER TABLE articles ADD COLUMN body TEXT NOT NULL DEFAULT '';
"""
"""Speech speed per user and per stored audio (file_ids are kept per speed), and the article's
text for /teks."""

OPEN_REQUEST_PER_LINK = """
        UPDATE reading_requests SET status = 'failed', error = 'duplicate'
         WHERE status IN ('waiting', 'sending')
           AND id NOT IN (SELECT MIN(id) FROM reading_requests
                           WHERE status IN ('waiting', 'sending') GROUP BY chat_id, link);
        CREATE UNIQUE INDEX reading_requests_open_link ON reading_requests(chat_id, link)
         WHERE status IN ('waiting', 'sending');
"""
"""At most one open request per chat and link, whichever bot instance took it: the same link
sent again while it is read is answered "Tautan ini sedang dibacakan" (older duplicates fail)."""


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("001_initial", m001_initial),
    ("002_briefing_feeds", m002_briefing_feeds),
    ("003_reading_requests", typed_script(READING_REQUESTS, SQLITE_TYPES)),
    ("004_job_queue", m004_job_queue),
    ("005_user_state", typed_script(USER_STATE, SQLITE_TYPES)),
    ("006_briefing_editions", typed_script(BRIEFING_EDITIONS, SQLITE_TYPES)),
    ("007_user_voice", typed_script(USER_VOICE, SQLITE_TYPES)),
    ("008_speed_and_text", typed_script(SPEED_AND_TEXT, SQLITE_TYPES)),
    ("009_open_request_per_link", typed_script(OPEN_REQUEST_PER_LINK, SQLITE_TYPES)),
)
