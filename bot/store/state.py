"""UserStateRepo: small per-user conversation state (a step waiting for the user's next message),
in the database rather than process memory, so any bot instance can take the next message."""

from __future__ import annotations

from datetime import datetime

from bot.store.database import Database


class UserStateRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int, name: str) -> str | None:
        async with self.db.execute(
            "SELECT value FROM user_state WHERE user_id = ? AND name = ?", (user_id, name)
        ) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def set(self, user_id: int, name: str, value: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO user_state (user_id, name, value, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            (user_id, name, value, now.isoformat()),
        )

    async def pop(self, user_id: int, name: str) -> None:
        await self.db.execute(
            "DELETE FROM user_state WHERE user_id = ? AND name = ?", (user_id, name)
        )
