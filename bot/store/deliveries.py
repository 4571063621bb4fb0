"""DeliveryRepo: exactly-once bookkeeping of briefings per (region, day, chat): claimed → sent.

A delivery row moves `claimed` → `voice_sent` → `sent`, or ends `failed`. Every step is one
statement, committed before the next Telegram call, so a process killed at any point leaves a row
that says what is left to do: a claim older than the stale limit is taken over by the next run
(`claimed`: send the voice note; `voice_sent`: only the text). The one unavoidable gap is a kill
between Telegram's answer and the commit that follows it (milliseconds): that chat may get a
second copy of that one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.database import Database

MAX_ATTEMPTS = 3
"""Claims per chat and day: a delivery that keeps dying is given up rather than retried forever."""


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed delivery: what is left to send."""

    region: str
    day: str
    chat_id: int
    send_voice: bool
    """False when an earlier run sent the voice note and only the text is left."""


class DeliveryRepo:
    """Rows of `deliveries`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(
        self,
        region: str,
        day: str,
        chat_id: int,
        now: datetime,
        stale_before: datetime,
        late: bool = False,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> Claim | None:
        """Claim this chat's delivery; None if it is done, failed or held by a live run."""
        async with self.db.execute(
            """
            INSERT INTO deliveries (region, day, chat_id, status, claimed_at, attempts, late)
            VALUES (?, ?, ?, 'claimed', ?, 1, ?)
            ON CONFLICT(region, day, chat_id) DO UPDATE SET
                claimed_at = excluded.claimed_at, attempts = deliveries.attempts + 1
            WHERE deliveries.status IN ('claimed', 'voice_sent')
              AND deliveries.claimed_at < ? AND deliveries.attempts < ?
            RETURNING status
            """,
            (region, day, chat_id, now.isoformat(), int(late), stale_before.isoformat(),
             max_attempts),
        ) as cursor:  # fmt: skip
            row = await cursor.fetchone()
        if row is None:
            return None
        return Claim(region, day, chat_id, send_voice=row[0] == "claimed")

    async def voice_sent(self, claim: Claim, now: datetime) -> None:
        await self._set(claim, "voice_sent", now)

    async def sent(self, claim: Claim, now: datetime) -> None:
        await self._set(claim, "sent", now, sent=True)

    async def failed(self, claim: Claim, now: datetime, error: str) -> None:
        await self._set(claim, "failed", now, error=error[:200])

    async def release(self, claim: Claim) -> None:
        """Give a claim back when nothing was sent: stale at once, and no attempt used."""
        await self.db.execute(
            """
            UPDATE deliveries SET claimed_at = '',
                attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
            WHERE region = ? AND day = ? AND chat_id = ? AND status IN ('claimed', 'voice_sent')
            """,
            (claim.region, claim.day, claim.chat_id),
        )

    async def _set(
        self, claim: Claim, status: str, now: datetime, sent: bool = False, error: str | None = None
    ) -> None:
        await self.db.execute(
            """
            UPDATE deliveries SET status = ?, sent_at = CASE WHEN ? THEN ? ELSE sent_at END,
                error = ?
            WHERE region = ? AND day = ? AND chat_id = ?
            """,
            (status, sent, now.isoformat(), error, claim.region, claim.day, claim.chat_id),
        )

    async def counts(self, region: str, day: str) -> dict[str, int]:
        """Delivery rows per status for one region and day."""
        async with self.db.execute(
            "SELECT status, COUNT(*) FROM deliveries WHERE region = ? AND day = ? GROUP BY status",
            (region, day),
        ) as cursor:
            return {row[0]: row[1] async for row in cursor}

    async def late_chats(self, region: str, day: str) -> set[int]:
        async with self.db.execute(
            "SELECT chat_id FROM deliveries WHERE region = ? AND day = ? AND late = 1",
            (region, day),
        ) as cursor:
            return {row[0] async for row in cursor}
