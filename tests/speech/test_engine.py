"""Retry and fallback wrappers, and chunk synthesis, with scripted engines."""

import asyncio

import pytest

from bot.audio.cache import AudioCache
from bot.errors import RateLimited, SpeechError, SpeechUnavailable
from bot.models import Chunk
from bot.speech.engine import AdaptiveLimit, FallbackEngine, RetryingEngine, Speech
from bot.speech.synthesize import iter_segments, synthesize_chunks


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


# The adaptive limit -------------------------------------------------------------------------


async def test_adaptive_limit_probes_up_to_its_ceiling_then_halves_on_throttling() -> None:
    limit = AdaptiveLimit(start=2, ceiling=6)
    for _ in range(10):
        async with limit:
            pass
        limit.succeeded()
    assert limit.limit == 6  # slow start: one more per success, never past the ceiling
    limit.throttled()
    assert limit.limit == 3 and limit.throttles == 1
    for _ in range(2):
        limit.succeeded()
    assert limit.limit == 3  # after a throttle: one more per `limit` successes in a row
    limit.succeeded()
    assert limit.limit == 4
    for _ in range(5):
        limit.throttled()
    assert limit.limit == 1  # never below the floor


async def test_adaptive_limit_bounds_requests_in_flight_as_it_changes() -> None:
    limit = AdaptiveLimit(start=3, ceiling=3)
    in_flight = peak = 0

    async def request(n: int) -> None:
        nonlocal in_flight, peak
        async with limit:
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.01)
            in_flight -= 1
        if n == 2:
            limit.throttled()  # from 3 to 1: later requests go one at a time

    await asyncio.gather(*(request(n) for n in range(12)))
    assert peak == 3
    assert limit.in_flight == 0 and limit.limit == 1

    peak = 0
    await asyncio.gather(*(request(n) for n in range(3, 8)))
    assert peak == 1


async def test_a_cancelled_waiter_does_not_keep_its_slot() -> None:
    limit = AdaptiveLimit(start=1, ceiling=1)
    await limit.__aenter__()
    waiter = asyncio.create_task(limit.__aenter__())
    await asyncio.sleep(0)
    waiter.cancel()
    await limit.__aexit__(None, None, None)
    await asyncio.wait_for(limit.__aenter__(), timeout=1)  # the slot is free again
    assert limit.in_flight == 1


# Segments in order, as they become ready ------------------------------------------------------


class OutOfOrderEngine(ScriptedEngine):
    """Later chunks answer first: each chunk waits `delays[text]` seconds."""

    def __init__(self, delays: dict[str, float], failing: str = "") -> None:
        super().__init__()
        self.delays = delays
        self.failing = failing
        self.finished: list[str] = []

    async def synthesize(self, text: str, language: str) -> Speech:
        self.calls.append(text)
        await asyncio.sleep(self.delays.get(text, 0.0))
        if text == self.failing:
            raise SpeechError("no")
        self.finished.append(text)
        return Speech(audio=text.encode(), format="mp3", engine=self.name)


async def test_segments_come_in_chunk_order_as_soon_as_their_turn_is_ready() -> None:
    texts = ["a", "b", "c", "d"]
    engine = OutOfOrderEngine({"a": 0.06, "b": 0.0, "c": 0.03, "d": 0.0})
    seen: list[tuple[str, list[str]]] = []
    chunks = [Chunk(i, t, 0) for i, t in enumerate(texts)]
    async for segment in iter_segments(chunks, engine, "id", concurrency=4):
        seen.append((segment.audio.decode(), list(engine.finished)))
    assert [text for text, _ in seen] == texts
    # "a" was yielded once it was done, and by then the faster ones were done as well.
    assert set(seen[0][1]) == set(texts)


async def test_a_failure_stops_the_rest_at_once() -> None:
    chunks = [Chunk(i, f"c{i}", 0) for i in range(6)]
    engine = OutOfOrderEngine({"c0": 5.0, "c1": 0.0, **{f"c{i}": 5.0 for i in range(2, 6)}},
                              failing="c1")  # fmt: skip
    started = asyncio.get_running_loop().time()
    with pytest.raises(SpeechError):
        async for _ in iter_segments(chunks, engine, "id", concurrency=6):
            pass
    assert asyncio.get_running_loop().time() - started < 2  # did not wait for "c0"
    assert engine.finished == []  # the slow ones were cancelled, not left running


async def test_closing_the_iterator_early_cancels_what_is_left() -> None:
    chunks = [Chunk(i, f"c{i}", 0) for i in range(5)]
    engine = OutOfOrderEngine({"c0": 0.0, **{f"c{i}": 5.0 for i in range(1, 5)}})
    segments = iter_segments(chunks, engine, "id", concurrency=5)
    first = await anext(segments)
    await segments.aclose()
    assert first.audio == b"c0" and engine.finished == ["c0"]


async def test_an_edited_article_only_speaks_the_chunks_that_changed(tmp_path) -> None:
    from dataclasses import replace

    from bot.pipeline import article_from_text, plan_speech

    paragraphs = [
        "Pemerintah kota meresmikan taman baca baru di kawasan Cicendo pada Senin pagi.",
        "Taman itu terbuka untuk umum setiap hari dan menyediakan dua ribu buku.",
        "Wali kota berharap warga lanjut usia ikut datang membaca bersama cucu mereka.",
    ]
    article = article_from_text("\n\n".join(paragraphs))
    cache = AudioCache(tmp_path)
    first = ScriptedEngine()
    plan = plan_speech(article)
    await synthesize_chunks(plan.chunks, first, "id", cache=cache)
    assert len(first.calls) == len(plan.chunks)

    edited = replace(article, paragraphs=(*article.paragraphs[:2], "Wali kota tidak hadir."))
    again = ScriptedEngine()
    segments = await synthesize_chunks(plan_speech(edited).chunks, again, "id", cache=cache)
    assert again.calls == ["Wali kota tidak hadir."]
    assert [s.audio for s in segments[:-1]] == [f"gtts:{c.text}".encode() for c in plan.chunks[:-1]]


async def test_a_slow_consumer_holds_synthesis_back() -> None:
    engine = ScriptedEngine()
    chunks = [Chunk(i, f"c{i}", 0) for i in range(30)]
    started_ahead: list[int] = []
    consumed = 0
    async for _ in iter_segments(chunks, engine, "id", concurrency=2, lookahead=5):
        consumed += 1
        await asyncio.sleep(0.005)  # a consumer slower than the engine
        started_ahead.append(len(engine.calls) - consumed)
    assert consumed == 30 and len(engine.calls) == 30
    assert max(started_ahead) <= 5
