"""Retry and fallback wrappers, and chunk synthesis, with scripted engines."""

import asyncio

import pytest

from bot.audio.cache import AudioCache
from bot.errors import RateLimited, SpeechError, SpeechUnavailable
from bot.models import Chunk
from bot.speech.engine import FallbackEngine, RetryingEngine, Speech
from bot.speech.synthesize import synthesize_chunks


class ScriptedEngine:
    """Fails with the scripted errors first, then speaks; records what it was asked."""

    def __init__(self, name="gtts", failures=(), delay_s=0.0):
        self.name = name
        self.max_chars = 100
        self.failures = list(failures)
        self.calls: list[str] = []
        self.delay_s = delay_s
        self.in_flight = 0
        self.max_in_flight = 0

    async def synthesize(self, text: str, language: str) -> Speech:
        self.calls.append(text)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay_s)
            if self.failures:
                raise self.failures.pop(0)
            return Speech(audio=f"{self.name}:{text}".encode(), format="mp3", engine=self.name)
        finally:
            self.in_flight -= 1


async def test_retrying_engine_recovers_from_429_and_5xx() -> None:
    inner = ScriptedEngine(failures=[RateLimited("429"), SpeechUnavailable("503")])
    engine = RetryingEngine(inner, retries=3, base_delay_s=0.001)
    speech = await engine.synthesize("Halo", "id")
    assert speech.audio == b"gtts:Halo"
    assert len(inner.calls) == 3


async def test_retrying_engine_gives_up_after_its_retries() -> None:
    inner = ScriptedEngine(failures=[SpeechUnavailable("x")] * 5)
    engine = RetryingEngine(inner, retries=2, base_delay_s=0.001)
    with pytest.raises(SpeechUnavailable):
        await engine.synthesize("Halo", "id")
    assert len(inner.calls) == 3


async def test_retrying_engine_does_not_retry_permanent_errors() -> None:
    inner = ScriptedEngine(failures=[SpeechError("bad text")])
    with pytest.raises(SpeechError):
        await RetryingEngine(inner, retries=3, base_delay_s=0.001).synthesize("x", "id")
    assert len(inner.calls) == 1


async def test_fallback_switches_once_and_reads_the_rest_with_backup() -> None:
    primary = ScriptedEngine("gtts", failures=[SpeechUnavailable("down")] * 10)
    backup = ScriptedEngine("espeak")
    engine = FallbackEngine(primary, backup)
    first = await engine.synthesize("satu", "id")
    second = await engine.synthesize("dua", "id")
    assert (first.engine, second.engine) == ("espeak", "espeak")
    assert engine.primary_failed
    assert primary.calls == ["satu"]  # not asked again once it failed


async def test_synthesis_keeps_order_and_bounds_concurrency(tmp_path) -> None:
    engine = ScriptedEngine(delay_s=0.01)
    chunks = [Chunk(i, f"potongan {i}", 250) for i in range(12)]
    seen: list[tuple[int, int]] = []
    segments = await synthesize_chunks(
        chunks, engine, "id", concurrency=3, on_progress=lambda d, t: seen.append((d, t))
    )
    assert [s.audio for s in segments] == [f"gtts:potongan {i}".encode() for i in range(12)]
    assert engine.max_in_flight == 3
    assert seen[-1] == (12, 12)


async def test_chunk_cache_avoids_a_second_request(tmp_path) -> None:
    cache = AudioCache(tmp_path)
    chunks = [Chunk(0, "sekali saja", 0)]
    first = ScriptedEngine()
    await synthesize_chunks(chunks, first, "id", cache=cache)
    again = ScriptedEngine()
    segments = await synthesize_chunks(chunks, again, "id", cache=cache)
    assert again.calls == []
    assert segments[0].audio == b"gtts:sekali saja"


async def test_a_failing_chunk_fails_the_synthesis() -> None:
    engine = ScriptedEngine(failures=[SpeechError("no")])
    with pytest.raises(SpeechError):
        await synthesize_chunks([Chunk(0, "a", 0), Chunk(1, "b", 0)], engine, "id")
