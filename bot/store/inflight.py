"""Readings in progress, on disk: after a crash, the bot tells each listener what was lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class InFlight:
    id: int
    user_id: int
    chat_id: int
    link: str
    language: str


class InFlightRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def start(
        self, user_id: int, chat_id: int, link: str, language: str, now: datetime
    ) -> int:
        async with self.db.execute(
            "INSERT INTO readings_in_flight (user_id, chat_id, link, language, started_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (user_id, chat_id, link, language, now.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0])

    async def finish(self, reading_id: int) -> None:
        await self.db.execute("DELETE FROM readings_in_flight WHERE id = ?", (reading_id,))

    async def take_all(self) -> list[InFlight]:
        """Every unfinished reading (left by a previous process), removed as it is returned."""
        async with self.db.execute(
            "SELECT id, user_id, chat_id, link, language FROM readings_in_flight ORDER BY id"
        ) as cursor:
            rows = [InFlight(*row) async for row in cursor]
        await self.db.execute("DELETE FROM readings_in_flight")
        return rows
