"""ReadingRequestRepo: readings waiting for a queue worker, one row per user request.

A row moves `waiting` → `sending` → `done` (or `failed`). While sending, `steps_sent` counts the
messages Telegram has confirmed, each committed before the next call, so a job retried after a
worker died resumes at the first message not yet sent. The per-user pending count is the number
of `waiting` and `sending` rows, and a chat has at most one open row per link (a unique partial
index): both hold across bot instances.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from bot.store.database import Database, Row

OPEN = ("waiting", "sending")


@dataclass(frozen=True, slots=True)
class ReadingRequest:
    id: int
    job_key: str
    user_id: int
    chat_id: int
    link: str
    language: str
    reading_mode: str
    format: str
    status_message_id: int | None
    steps_sent: int


def job_key(url: str, fmt: str, voice: str = "", speed: float = 1.0) -> str:
    """The queue's key for a reading: one job per canonical link, audio format, voice and speed
    (the default voice at 1x keeps the plain "fmt:url" form)."""
    if not voice and speed == 1.0:
        return f"{fmt}:{url}"
    return f"{fmt}:{voice or '-'}:{speed:g}:{url}"


def _request(row: Row) -> ReadingRequest:
    return ReadingRequest(
        id=row["id"], job_key=row["job_key"], user_id=row["user_id"], chat_id=row["chat_id"],
        link=row["link"], language=row["language"], reading_mode=row["reading_mode"],
        format=row["format"], status_message_id=row["status_message_id"],
        steps_sent=row["steps_sent"],
    )  # fmt: skip


@contextlib.asynccontextmanager
async def _same(db: Database) -> AsyncIterator[Database]:
    yield db


_COLUMNS = (
    "id, job_key, user_id, chat_id, link, language, reading_mode, format, status_message_id,"
    " steps_sent"
)


class ReadingRequestRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        *,
        user_id: int,
        chat_id: int,
        link: str,
        language: str,
        reading_mode: str,
        fmt: str,
        now: datetime,
        max_pending: int,
        status_message_id: int | None = None,
        voice: str = "",
        speed: float = 1.0,
    ) -> int | None:
        """Record a request; None when the user already has `max_pending` open or the chat
        already has this link open (`is_open` tells which).

        One statement on SQLite (its writes are serialized); on PostgreSQL inside a transaction
        holding a per-user advisory lock, so concurrent bot instances cannot both slip past. The
        unique index on open (chat, link) rows settles a race between two instances."""
        async with self.db.transaction() if self.db.dialect.is_postgres else _same(self.db) as tx:
            if tx.dialect.is_postgres:
                await tx.execute("SELECT pg_advisory_xact_lock(?)", (user_id,))
            async with tx.execute(
                "INSERT INTO reading_requests (job_key, user_id, chat_id, link, language,"
                " reading_mode, format, status_message_id, status, created_at)"
                " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?"
                " WHERE (SELECT COUNT(*) FROM reading_requests"
                "        WHERE user_id = ? AND status IN ('waiting', 'sending')) < ?"
                " ON CONFLICT DO NOTHING RETURNING id",
                (job_key(link, fmt, voice, speed), user_id, chat_id, link, language,
                 reading_mode, fmt, status_message_id, now.isoformat(), user_id, max_pending),
            ) as cursor:  # fmt: skip
                row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def is_open(self, chat_id: int, link: str) -> bool:
        """Whether `link` is already waiting or being sent to this chat (by any instance)."""
        async with self.db.execute(
            "SELECT 1 FROM reading_requests WHERE chat_id = ? AND link = ?"
            " AND status IN ('waiting', 'sending')",
            (chat_id, link),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def set_status_message(self, request_id: int, message_id: int) -> None:
        await self.db.execute(
            "UPDATE reading_requests SET status_message_id = ? WHERE id = ?",
            (message_id, request_id),
        )

    async def pending(self, user_id: int) -> int:
        async with self.db.execute(
            "SELECT COUNT(*) FROM reading_requests WHERE user_id = ?"
            " AND status IN ('waiting', 'sending')",
            (user_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def claim(self, key: str, now: datetime) -> list[ReadingRequest]:
        """Every open request of a job. The queue runs one job per key at a time, so a row still
        `sending` was left by a worker that died: it is taken over where it stopped."""
        async with self.db.execute(
            "UPDATE reading_requests SET status = 'sending', claimed_at = ?"
            f" WHERE job_key = ? AND status IN ('waiting', 'sending') RETURNING {_COLUMNS}",
            (now.isoformat(), key),
        ) as cursor:
            rows = await cursor.fetchall()
        return sorted((_request(row) for row in rows), key=lambda r: r.id)

    async def step_sent(self, request_id: int, steps: int) -> None:
        """`steps` messages of this request are confirmed by Telegram."""
        await self.db.execute(
            "UPDATE reading_requests SET steps_sent = ? WHERE id = ?", (steps, request_id)
        )

    async def finish(self, request_id: int, now: datetime, error: str | None = None) -> None:
        await self.db.execute(
            "UPDATE reading_requests SET status = ?, finished_at = ?, error = ? WHERE id = ?",
            ("failed" if error else "done", now.isoformat(), error and error[:200], request_id),
        )

    async def counts(self) -> dict[str, int]:
        """Requests per status (benchmarks and /stats)."""
        async with self.db.execute(
            "SELECT status, COUNT(*) FROM reading_requests GROUP BY status"
        ) as cursor:
            return {row[0]: int(row[1]) async for row in cursor}
