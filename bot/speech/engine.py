"""The interface every speech engine implements, and wrappers for retries and fallback."""

from __future__ import annotations

import asyncio
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
