"""UserRepo: a user's settings, reading history, request log, and deleting all of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.database import Database

READING_MODES = ("default", "full", "summary")
AUDIO_FORMATS = ("voice", "mp3")
SPEEDS = (0.8, 1.0, 1.25, 1.5)
"""Speech speeds offered: ffmpeg's atempo changes the audio itself, slower as well as faster."""
HISTORY_SIZE = 10


@dataclass(frozen=True, slots=True)
class UserSettings:
    user_id: int
    language: str = "id"
    reading_mode: str = "default"
    """"default": summary text, summary voice, then full voice; "full" or "summary" only."""
    audio_format: str = "voice"
    """"voice": OGG/Opus voice note; "mp3": an audio file for the music player."""
    voice: str = ""
    """The voice chosen with /suara: "gadis", "ardi", "google"; "" is the bot's default."""
    speed: float = 1.0
    """One of SPEEDS."""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    article_url: str
    title: str
    read_at: str


class UserRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> UserSettings | None:
        async with self.db.execute(
            "SELECT user_id, language, reading_mode, audio_format, voice, speed FROM users"
            " WHERE user_id = ?",
            (user_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return UserSettings(*row) if row else None

    async def ensure(
        self, user_id: int, chat_id: int, language: str, now: datetime
    ) -> UserSettings:
        """The user's settings, creating the row (with `language`) on first contact."""
        stamp = now.isoformat()
        await self.db.execute(
            "INSERT INTO users (user_id, chat_id, language, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
            (user_id, chat_id, language, stamp, stamp),
        )
        found = await self.get(user_id)
        assert found is not None
        return found

    async def update(self, user_id: int, now: datetime, **values: str | float) -> None:
        """Change settings: language, reading_mode, audio_format, voice or speed."""
        allowed = {"language", "reading_mode", "audio_format", "voice", "speed"}
        if not values or set(values) - allowed:
            raise ValueError(f"unknown setting in {sorted(values)}")
        assignments = ", ".join(f"{name} = ?" for name in values)
        await self.db.execute(
            f"UPDATE users SET {assignments}, updated_at = ? WHERE user_id = ?",
            (*values.values(), now.isoformat(), user_id),
        )

    async def add_history(self, user_id: int, article_url: str, title: str, now: datetime) -> None:
        """Remember a reading; only the last HISTORY_SIZE are kept."""
        await self.db.execute(
            "DELETE FROM history WHERE user_id = ? AND article_url = ?", (user_id, article_url)
        )
        await self.db.execute(
            "INSERT INTO history (user_id, article_url, title, read_at) VALUES (?, ?, ?, ?)",
            (user_id, article_url, title, now.isoformat()),
        )
        await self.db.execute(
            "DELETE FROM history WHERE user_id = ? AND id NOT IN ("
            " SELECT id FROM history WHERE user_id = ? ORDER BY read_at DESC, id DESC LIMIT ?)",
            (user_id, user_id, HISTORY_SIZE),
        )

    async def history(self, user_id: int) -> list[HistoryEntry]:
        async with self.db.execute(
            "SELECT article_url, title, read_at FROM history WHERE user_id = ?"
            " ORDER BY read_at DESC, id DESC LIMIT ?",
            (user_id, HISTORY_SIZE),
        ) as cursor:
            return [HistoryEntry(*row) async for row in cursor]

    async def log_request(self, user_id: int, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO requests (user_id, at) VALUES (?, ?)", (user_id, now.isoformat())
        )
        # The log only serves the hourly rate limit: older rows are never needed.
        await self.db.execute(
            "DELETE FROM requests WHERE at < ?", ((now - timedelta(hours=2)).isoformat(),)
        )

    async def requests_since(self, user_id: int, since: datetime) -> int:
        async with self.db.execute(
            "SELECT COUNT(*) FROM requests WHERE user_id = ? AND at >= ?",
            (user_id, since.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def delete_all(self, user_id: int) -> None:
        """Forget the user: settings, history, request log and subscriptions (cascade)."""
        await self.db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        await self.db.execute("DELETE FROM user_state WHERE user_id = ?", (user_id,))
        # Deliveries name the chat, not the user; a private chat id equals the user id.
        await self.db.execute("DELETE FROM deliveries WHERE chat_id = ?", (user_id,))
