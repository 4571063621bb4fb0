"""BriefingRepo: one briefing per region and day (script, text version, audio, Telegram file_id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class StoredBriefing:
    """A built briefing as kept in the database."""

    region: str
    day: date
    script: str
    """Spoken paragraphs separated by blank lines; "" on a day without news."""
    text_html: str
    audio_path: str | None
    duration_s: float | None
    file_id: str | None
    """Telegram's id of the uploaded voice note, once the first subscriber got it."""
    created_at: datetime

    @property
    def empty(self) -> bool:
        return not self.script


class BriefingRepo:
    """Rows of `briefings`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, region: str, day: date) -> StoredBriefing | None:
        async with self.db.execute(
            "SELECT * FROM briefings WHERE region = ? AND day = ?", (region, day.isoformat())
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return StoredBriefing(
            region=row["region"],
            day=date.fromisoformat(row["day"]),
            script=row["script"],
            text_html=row["text_version"],
            audio_path=row["audio_path"],
            duration_s=row["duration_s"],
            file_id=row["file_id"],
            created_at=datetime.fromisoformat(row["created_at"]),
        )

    async def save(self, briefing: StoredBriefing) -> None:
        """Insert or replace the day's briefing (a rebuild forgets the old file_id)."""
        await self.db.execute(
            """
            INSERT INTO briefings
                (region, day, script, text_version, audio_path, duration_s, file_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (region, day) DO UPDATE SET
                script = excluded.script, text_version = excluded.text_version,
                audio_path = excluded.audio_path, duration_s = excluded.duration_s,
                file_id = excluded.file_id, created_at = excluded.created_at
            """,
            (
                briefing.region,
                briefing.day.isoformat(),
                briefing.script,
                briefing.text_html,
                briefing.audio_path,
                briefing.duration_s,
                briefing.file_id,
                briefing.created_at.isoformat(),
            ),
        )

    async def set_file_id(self, region: str, day: date, file_id: str) -> None:
        await self.db.execute(
            "UPDATE briefings SET file_id = ? WHERE region = ? AND day = ?",
            (file_id, region, day.isoformat()),
        )

    async def days_built(self, region: str) -> list[date]:
        async with self.db.execute(
            "SELECT day FROM briefings WHERE region = ? ORDER BY day", (region,)
        ) as cursor:
            return [date.fromisoformat(row[0]) async for row in cursor]
