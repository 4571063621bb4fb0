"""The interface every speech engine implements, and wrappers for retries and fallback."""

from __future__ import annotations

import asyncio
import collections
import logging
import random
from dataclasses import dataclass
from typing import Protocol

from bot.errors import RateLimited, SpeechError, SpeechUnavailable

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Speech:
    """Audio for one piece of text."""

    audio: bytes
    format: str
    """Container of `audio`: "mp3" or "wav"."""
    engine: str
    """Which engine actually spoke (a fallback engine names its backup here)."""


class SpeechEngine(Protocol):
    """Turns a short text (≤ max_chars) into audio; raises SpeechError or RateLimited."""

    name: str
    max_chars: int

    async def synthesize(self, text: str, language: str) -> Speech: ...


class AdaptiveLimit:
    """How many requests may be in flight, found by probing, as TCP does: `async with limit:`.

    Starts at `start` and grows by one per success up to `ceiling` (slow start) until the service
    first throttles; each throttle (429, 5xx, timeout) halves it, after which it grows by one per
    `limit` successes in a row (additive increase). Not bound to an event loop, so one instance
    can outlive a test's loop; use it from one loop at a time.
    """

    def __init__(self, start: int = 4, ceiling: int = 8, floor: int = 1) -> None:
        self.floor = max(1, floor)
        self.ceiling = max(self.floor, ceiling)
        self.limit = min(max(start, self.floor), self.ceiling)
        self.in_flight = 0
        self.throttles = 0
        self._slow_start = True
        self._successes = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def __aenter__(self) -> None:
        while self.in_flight >= self.limit:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake()  # pass the slot we were given to the next in line
                raise
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        self.in_flight += 1

    async def __aexit__(self, *exc_info: object) -> None:
        self.in_flight -= 1
        self._wake()

    def succeeded(self) -> None:
        """A request went through: probe for one more."""
        self._successes += 1
        if self._slow_start or self._successes >= self.limit:
            self._successes = 0
            if self.limit < self.ceiling:
                self.limit += 1
                self._wake()

    def throttled(self) -> None:
        """The service pushed back: halve the limit."""
        self.throttles += 1
        self._slow_start = False
        self._successes = 0
        self.limit = max(self.floor, self.limit // 2)
        logger.info("speech requests throttled: at most %d at once now", self.limit)

    def _wake(self) -> None:
        free = self.limit - self.in_flight
        for waiter in list(self._waiters):
            if free <= 0:
                break
            if not waiter.done():
                waiter.set_result(None)
                free -= 1


class RetryingEngine:
    """Retries transient failures (429, 5xx, timeouts) with exponential backoff and full jitter."""

    def __init__(
        self,
        inner: SpeechEngine,
        retries: int = 3,
        base_delay_s: float = 0.5,
        max_delay_s: float = 8.0,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_chars = inner.max_chars
        self.retries = retries
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s

    async def synthesize(self, text: str, language: str) -> Speech:
        attempt = 0
        while True:
            try:
                return await self.inner.synthesize(text, language)
            except (RateLimited, SpeechUnavailable) as exc:
                if attempt >= self.retries:
                    raise
                delay = min(self.max_delay_s, self.base_delay_s * 2**attempt)
                if isinstance(exc, RateLimited) and exc.retry_after_s:
                    delay = max(delay, exc.retry_after_s)
                delay = random.uniform(delay / 2, delay)
                logger.info(
                    "%s failed (%s), retry %d in %.2f s", self.name, exc, attempt + 1, delay
                )
                await asyncio.sleep(delay)
                attempt += 1


class FallbackEngine:
    """Speaks with `primary`; once it keeps failing, the rest of the reading goes to `backup`.

    One instance serves one reading, so a failure of the primary switches the remaining chunks
    without retrying the primary for each of them.
    """

    def __init__(self, primary: SpeechEngine, backup: SpeechEngine) -> None:
        self.primary = primary
        self.backup = backup
        self.name = primary.name
        self.max_chars = min(primary.max_chars, backup.max_chars)
        self.primary_failed = False

    async def synthesize(self, text: str, language: str) -> Speech:
        if not self.primary_failed:
            try:
                return await self.primary.synthesize(text, language)
            except SpeechError as exc:
                if not self.primary_failed:
                    logger.warning("%s failed (%s); the backup reads the rest", self.name, exc)
                self.primary_failed = True
        return await self.backup.synthesize(text, language)
