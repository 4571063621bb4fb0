"""Readings for many users at once: shared work, a global limit, per-user fairness and quotas."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


class QueueFull(Exception):
    """The user already has as many readings pending as allowed."""


PROGRESS_CALLS_PER_S = 5.0
"""Telegram calls per second that all status messages together may make (of about 30)."""


class Reader:
    """Coordinates readings in one process.

    - `shared(key, make)`: concurrent requests for the same thing await one piece of work.
    - `slot()`: at most `max_syntheses` syntheses run at once; others wait their turn.
    - `pending(user)`: at most `max_pending` readings per user in flight.
    - `link(user, url)`: one reading of the same link for the same user at a time.
    - `progress_every(base)`: how often each status message may call Telegram, so that all of
      them together stay within `PROGRESS_CALLS_PER_S` and leave the rest for answers.
    """

    def __init__(self, max_syntheses: int, max_pending: int) -> None:
        self._slots = asyncio.Semaphore(max_syntheses)
        self._flights: dict[str, asyncio.Future[Any]] = {}
        self._pending: Counter[int] = Counter()
        self.max_pending = max_pending
        self.waiting = 0
        """Syntheses waiting for a free slot right now."""
        self.work_started = 0
        """How many shared pieces of work actually ran (tests count syntheses with it)."""
        self.progress_active = 0
        """Status messages being kept up to date right now."""
        self._links: set[tuple[int, str]] = set()

    async def shared(self, key: str, make: Callable[[], Awaitable[T]]) -> T:
        """Run `make()` once for everyone asking for `key` at the same time."""
        flight = self._flights.get(key)
        if flight is not None:
            return await asyncio.shield(flight)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._flights[key] = future
        self.work_started += 1
        try:
            result = await make()
        except BaseException as exc:
            if not future.done():
                future.set_exception(exc)
                future.exception()  # retrieved here, so no "never retrieved" warning
            raise
        else:
            future.set_result(result)
            return result
        finally:
            self._flights.pop(key, None)

    def position(self) -> int:
        """Where a newcomer would stand in the synthesis queue (0: starts at once)."""
        return self.waiting + 1 if self._slots.locked() else 0

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the global synthesis slots."""
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            self._slots.release()

    @contextlib.contextmanager
    def pending(self, user_id: int):  # type: ignore[no-untyped-def]
        """Count a reading against the user's pending limit; raises QueueFull above it."""
        if self._pending[user_id] >= self.max_pending:
            raise QueueFull
        self._pending[user_id] += 1
        try:
            yield
        finally:
            self._pending[user_id] -= 1
            if self._pending[user_id] <= 0:
                del self._pending[user_id]

    @contextlib.contextmanager
    def link(self, user_id: int, url: str):  # type: ignore[no-untyped-def]
        """Hold (user, canonical link) while it is read; yields False if it already is."""
        key = (user_id, url)
        if key in self._links:
            yield False
            return
        self._links.add(key)
        try:
            yield True
        finally:
            self._links.discard(key)

    def progress_every(self, base_s: float) -> float:
        """Seconds between one status message's calls: `base_s`, longer when many are active.

        Each call of a status message (chat action, edit) competes with answers for the bot's
        ~30 calls a second; 200 readings at once would spend all of it on "recording voice".
        """
        return max(base_s, self.progress_active / PROGRESS_CALLS_PER_S)

    def pending_count(self, user_id: int) -> int:
        return self._pending[user_id]

    def forget_user(self, user_id: int) -> None:
        self._pending.pop(user_id, None)
