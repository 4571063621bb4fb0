"""BriefingRepo: one briefing per region, day and length (script, text, audio, chapters)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime

from bot.store.database import Database, Row

DEFAULT_LENGTH = "sedang"


@dataclass(frozen=True, slots=True)
class Chapter:
    """One story of a briefing, placed in its audio."""

    number: int
    """1-based."""
    title: str
    url: str
    start_s: float
    """Where the story starts in the briefing's audio, measured from the rendered audio."""
    duration_s: float
    audio_path: str | None = None
    """The story alone, as a voice note (OGG/Opus)."""
    description: str = ""
    """What the listener heard of it beyond the title (freshness compares this next time)."""
    sources: tuple[str, ...] = ()


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
    length: str = DEFAULT_LENGTH
    chapters: tuple[Chapter, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.script


def chapters_to_json(chapters: tuple[Chapter, ...]) -> str:
    return json.dumps([asdict(c) for c in chapters], ensure_ascii=False)


def chapters_from_json(value: str) -> tuple[Chapter, ...]:
    return tuple(
        Chapter(**{**item, "sources": tuple(item.get("sources", ()))})
        for item in json.loads(value or "[]")
    )


def _briefing(row: Row) -> StoredBriefing:
    return StoredBriefing(
        region=row["region"],
        day=date.fromisoformat(row["day"]),
        script=row["script"],
        text_html=row["text_version"],
        audio_path=row["audio_path"],
        duration_s=row["duration_s"],
        file_id=row["file_id"],
        created_at=datetime.fromisoformat(row["created_at"]),
        length=row["length"],
        chapters=chapters_from_json(row["chapters_json"]),
    )


class BriefingRepo:
    """Rows of `briefing_editions` (and the story voice notes' file_ids)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(
        self, region: str, day: date, length: str = DEFAULT_LENGTH
    ) -> StoredBriefing | None:
        async with self.db.execute(
            "SELECT * FROM briefing_editions WHERE region = ? AND day = ? AND length = ?",
            (region, day.isoformat(), length),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _briefing(row)

    async def save(self, briefing: StoredBriefing) -> None:
        """Insert or replace the day's edition (a rebuild forgets the old file_ids)."""
        key = (briefing.region, briefing.day.isoformat(), briefing.length)
        await self.db.execute(
            """
            INSERT INTO briefing_editions
                (region, day, length, script, text_version, audio_path, duration_s, file_id,
                 chapters_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (region, day, length) DO UPDATE SET
                script = excluded.script, text_version = excluded.text_version,
                audio_path = excluded.audio_path, duration_s = excluded.duration_s,
                file_id = excluded.file_id, chapters_json = excluded.chapters_json,
                created_at = excluded.created_at
            """,
            (
                *key,
                briefing.script,
                briefing.text_html,
                briefing.audio_path,
                briefing.duration_s,
                briefing.file_id,
                chapters_to_json(briefing.chapters),
                briefing.created_at.isoformat(),
            ),
        )
        await self.db.execute(
            "DELETE FROM briefing_story_files WHERE region = ? AND day = ? AND length = ?", key
        )

    async def set_file_id(
        self, region: str, day: date, file_id: str, length: str = DEFAULT_LENGTH
    ) -> None:
        await self.db.execute(
            "UPDATE briefing_editions SET file_id = ? WHERE region = ? AND day = ? AND length = ?",
            (file_id, region, day.isoformat(), length),
        )

    async def days_built(self, region: str, length: str = DEFAULT_LENGTH) -> list[date]:
        async with self.db.execute(
            "SELECT day FROM briefing_editions WHERE region = ? AND length = ? ORDER BY day",
            (region, length),
        ) as cursor:
            return [date.fromisoformat(row[0]) async for row in cursor]

    async def recent(
        self, region: str, length: str, since: date, before: date
    ) -> list[StoredBriefing]:
        """The region's editions of `length` from `since` up to (not including) `before`."""
        async with self.db.execute(
            "SELECT * FROM briefing_editions WHERE region = ? AND length = ? AND day >= ? "
            "AND day < ? ORDER BY day",
            (region, length, since.isoformat(), before.isoformat()),
        ) as cursor:
            return [_briefing(row) async for row in cursor]

    async def story_file_id(self, briefing: StoredBriefing, number: int) -> str | None:
        async with self.db.execute(
            "SELECT file_id FROM briefing_story_files WHERE region = ? AND day = ? AND length = ? "
            "AND number = ?",
            (briefing.region, briefing.day.isoformat(), briefing.length, number),
        ) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def set_story_file_id(self, briefing: StoredBriefing, number: int, file_id: str) -> None:
        await self.db.execute(
            "INSERT INTO briefing_story_files (region, day, length, number, file_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (region, day, length, number) "
            "DO UPDATE SET file_id = excluded.file_id",
            (briefing.region, briefing.day.isoformat(), briefing.length, number, file_id),
        )

    async def set_last(self, chat_id: int, briefing: StoredBriefing) -> None:
        """Remember the briefing a chat got last (for "Cerita 2" and the buttons)."""
        await self.db.execute(
            "INSERT INTO briefing_last (chat_id, region, day, length) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET region = excluded.region, day = excluded.day, "
            "length = excluded.length",
            (chat_id, briefing.region, briefing.day.isoformat(), briefing.length),
        )

    async def last(self, chat_id: int) -> StoredBriefing | None:
        async with self.db.execute(
            "SELECT region, day, length FROM briefing_last WHERE chat_id = ?", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return await self.get(row[0], date.fromisoformat(row[1]), row[2])
