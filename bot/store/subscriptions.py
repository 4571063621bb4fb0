"""SubscriptionRepo: who wants which region's briefing, at what local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.errors import SuaraError
from bot.store.database import Database, Row

MAX_SUBSCRIPTIONS = 3
"""Regions one user may follow at once."""


class TooManySubscriptions(SuaraError):
    key = "subscribe_limit"


@dataclass(frozen=True, slots=True)
class Subscription:
    """One user's daily briefing of one region."""

    user_id: int
    chat_id: int
    region: str
    deliver_at: str
    """Local time "HH:MM" in `time_zone`."""
    time_zone: str
    active: bool
    created_at: datetime
    length: str = "sedang"
    """Briefing length: "pendek", "sedang" or "panjang"."""


@dataclass(frozen=True, slots=True)
class ScheduleGroup:
    """Active subscriptions sharing region, time, zone and length: they are due together."""

    region: str
    deliver_at: str
    time_zone: str
    subscribers: int
    length: str = "sedang"


@dataclass(frozen=True, slots=True)
class Recipient:
    chat_id: int
    language: str


def _subscription(row: Row) -> Subscription:
    return Subscription(
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        region=row["region"],
        deliver_at=row["deliver_at"],
        time_zone=row["time_zone"],
        active=bool(row["active"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        length=row["length"],
    )


class SubscriptionRepo:
    """Rows of `subscriptions`. The `users` row each one needs comes from `UserRepo.ensure`.

    Each write is one statement, so concurrent handlers sharing the connection stay atomic.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    async def user_time_zone(self, user_id: int) -> str | None:
        """The zone the user set for themselves, if any."""
        async with self.db.execute(
            "SELECT time_zone FROM users WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return row[0] if row and row[0] else None

    async def subscribe(
        self,
        user_id: int,
        chat_id: int,
        region: str,
        deliver_at: str,
        time_zone: str,
        now: datetime,
        limit: int = MAX_SUBSCRIPTIONS,
        length: str | None = None,
    ) -> Subscription:
        """Subscribe, or change the time of an existing subscription to the same region.

        `length` None keeps an existing subscription's length ("sedang" for a new one).

        Raises TooManySubscriptions when the user already follows `limit` other regions.
        """
        cursor = await self.db.execute(
            """
            INSERT INTO subscriptions
                (user_id, chat_id, region, deliver_at, time_zone, active, created_at, length)
            SELECT ?, ?, ?, ?, ?, 1, ?, COALESCE(?, 'sedang')
            WHERE (SELECT COUNT(*) FROM subscriptions
                   WHERE user_id = ? AND active = 1 AND region != ?) < ?
            ON CONFLICT(user_id, region) DO UPDATE SET
                chat_id = excluded.chat_id, deliver_at = excluded.deliver_at,
                time_zone = excluded.time_zone, active = 1,
                length = COALESCE(?, subscriptions.length)
            """,
            (user_id, chat_id, region, deliver_at, time_zone, now.isoformat(), length,
             user_id, region, limit, length),
        )  # fmt: skip
        if cursor.rowcount == 0:
            raise TooManySubscriptions(f"user {user_id} follows {limit} regions")
        return Subscription(user_id, chat_id, region, deliver_at, time_zone, True, now,
                            length or "sedang")  # fmt: skip

    async def for_user(self, user_id: int) -> list[Subscription]:
        """The user's active subscriptions, oldest first."""
        async with self.db.execute(
            "SELECT * FROM subscriptions WHERE user_id = ? AND active = 1 ORDER BY created_at",
            (user_id,),
        ) as cursor:
            return [_subscription(row) async for row in cursor]

    async def unsubscribe(self, user_id: int, region: str | None = None) -> int:
        """Stop one region (or all when None); returns how many stopped."""
        if region is None:
            cursor = await self.db.execute(
                "UPDATE subscriptions SET active = 0 WHERE user_id = ? AND active = 1", (user_id,)
            )
        else:
            cursor = await self.db.execute(
                "UPDATE subscriptions SET active = 0 WHERE user_id = ? AND region = ? "
                "AND active = 1",
                (user_id, region),
            )
        return cursor.rowcount

    async def deactivate_chat(self, chat_id: int) -> int:
        """Stop every subscription delivered to a chat (the user blocked the bot)."""
        cursor = await self.db.execute(
            "UPDATE subscriptions SET active = 0 WHERE chat_id = ? AND active = 1", (chat_id,)
        )
        return cursor.rowcount

    async def schedule_groups(self) -> list[ScheduleGroup]:
        """Active subscriptions grouped by region, time, zone and length."""
        async with self.db.execute(
            """
            SELECT region, deliver_at, time_zone, COUNT(*) AS n, length FROM subscriptions
            WHERE active = 1 GROUP BY region, deliver_at, time_zone, length
            ORDER BY region, deliver_at, length
            """
        ) as cursor:
            return [ScheduleGroup(r[0], r[1], r[2], r[3], r[4]) async for r in cursor]

    async def pending_recipients(
        self,
        region: str,
        day: str,
        stale_before: datetime,
        max_attempts: int,
        deliver_at: str | None = None,
        time_zone: str | None = None,
        length: str | None = None,
    ) -> list[Recipient]:
        """Active subscribers of `region` (optionally of one time and zone) with nothing
        delivered for `day` yet: no delivery row, or a claim abandoned before `stale_before`."""
        query = """
            SELECT DISTINCT s.chat_id, COALESCE(u.language, 'id') AS language
            FROM subscriptions s
            LEFT JOIN users u ON u.user_id = s.user_id
            LEFT JOIN deliveries d ON d.region = s.region AND d.day = ? AND d.chat_id = s.chat_id
            WHERE s.region = ? AND s.active = 1
              AND (d.status IS NULL OR (d.status IN ('claimed', 'voice_sent')
                                        AND d.claimed_at < ? AND d.attempts < ?))
        """
        params: list[object] = [day, region, stale_before.isoformat(), max_attempts]
        if deliver_at is not None and time_zone is not None:
            query += " AND s.deliver_at = ? AND s.time_zone = ?"
            params += [deliver_at, time_zone]
        if length is not None:
            query += " AND s.length = ?"
            params.append(length)
        async with self.db.execute(query + " ORDER BY s.chat_id", params) as cursor:
            return [Recipient(row[0], row[1]) async for row in cursor]
