"""FeedStateRepo: per feed URL, the validators for conditional GET and the last items parsed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class FeedState:
    """What we remember of a feed between reads."""

    url: str
    etag: str | None
    last_modified: str | None
    items: tuple[dict[str, Any], ...]
    """The entries of the last full answer, as plain dicts (reused when the feed answers 304)."""
    status: str
    checked_at: datetime
    ok_at: datetime | None


class FeedStateRepo:
    """Rows of `feed_state`, one per URL (a URL shared by several regions is read once)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, url: str) -> FeedState | None:
        async with self.db.execute("SELECT * FROM feed_state WHERE url = ?", (url,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return FeedState(
            url=row["url"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            items=tuple(json.loads(row["items_json"])),
            status=row["status"],
            checked_at=datetime.fromisoformat(row["checked_at"]),
            ok_at=datetime.fromisoformat(row["ok_at"]) if row["ok_at"] else None,
        )

    async def save(self, state: FeedState) -> None:
        await self.db.execute(
            """
            INSERT INTO feed_state (url, etag, last_modified, items_json, status, checked_at, ok_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(url) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified,
                items_json = excluded.items_json, status = excluded.status,
                checked_at = excluded.checked_at, ok_at = excluded.ok_at
            """,
            (
                state.url,
                state.etag,
                state.last_modified,
                json.dumps(list(state.items), ensure_ascii=False),
                state.status,
                state.checked_at.isoformat(),
                state.ok_at.isoformat() if state.ok_at else None,
            ),
        )
