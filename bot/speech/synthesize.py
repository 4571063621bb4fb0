"""Speak every chunk of a plan: bounded concurrency, per-chunk cache, results in order as they
become ready (so the audio track can be written while later chunks are still being spoken)."""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import AsyncIterator, Callable, Sequence

from bot.audio.cache import AudioCache, content_key
from bot.models import Chunk, Segment
from bot.speech.engine import SpeechEngine

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
"""Called with (chunks done, chunks total) after each chunk."""

CACHED_ENGINES = frozenset({"gtts"})
"""Only network engines are worth caching per chunk (these, and every "edge-<voice>"); espeak-ng
is faster than the disk."""


def is_cached_engine(name: str) -> bool:
    """Whether chunk audio of this engine is kept in the cache."""
    return name in CACHED_ENGINES or name.startswith("edge-")


def chunk_key(engine: str, language: str, text: str) -> str:
    """Cache key of one chunk's audio: an edited article only re-speaks the chunks that changed."""
    return content_key(engine, language, text)


async def iter_segments(
    chunks: Sequence[Chunk],
    engine: SpeechEngine,
    language: str,
    *,
    concurrency: int = 4,
    cache: AudioCache | None = None,
    on_progress: ProgressCallback | None = None,
    lookahead: int | None = None,
) -> AsyncIterator[Segment]:
    """Yield one Segment per chunk, in chunk order, each as soon as it and all before it are done.

    At most `concurrency` chunks are spoken at once, in chunk order (the semaphore is fair), so
    the first ones are ready first; none is started more than `lookahead` (default: 4 ×
    concurrency) chunks ahead of the one the consumer waits for, so a slow consumer holds back
    synthesis instead of piling up audio. The first error (a SpeechError, say) cancels the rest
    and is raised here; so does closing the iterator early.
    """
    window = max(1, lookahead or 4 * concurrency)
    semaphore = asyncio.Semaphore(concurrency)
    total = len(chunks)
    done = 0

    async def speak(chunk: Chunk) -> Segment:
        nonlocal done
        key = chunk_key(engine.name, language, chunk.text)
        cached = cache.get_chunk(key, "mp3") if cache and is_cached_engine(engine.name) else None
        if cached:
            segment = Segment(chunk.index, cached, "mp3", engine.name, chunk.pause_after_ms)
        else:
            async with semaphore:
                speech = await engine.synthesize(chunk.text, language)
            if cache and is_cached_engine(speech.engine):
                cache.put_chunk(
                    chunk_key(speech.engine, language, chunk.text), speech.format, speech.audio
                )
            segment = Segment(
                chunk.index, speech.audio, speech.format, speech.engine, chunk.pause_after_ms
            )
        done += 1
        if on_progress:
            on_progress(done, total)
        return segment

    first_failure: asyncio.Future[asyncio.Task[Segment]] = (
        asyncio.get_running_loop().create_future()
    )

    def note_failure(task: asyncio.Task[Segment]) -> None:
        if not task.cancelled() and task.exception() is not None and not first_failure.done():
            first_failure.set_result(task)

    upcoming = iter(chunks)
    tasks: collections.deque[asyncio.Task[Segment]] = collections.deque()

    def start_more() -> None:
        while len(tasks) < window and (chunk := next(upcoming, None)) is not None:
            task = asyncio.create_task(speak(chunk))
            task.add_done_callback(note_failure)
            tasks.append(task)

    try:
        start_more()
        while tasks:
            task = tasks[0]
            if not task.done():  # wait for this one, but stop at once when any other one fails
                await asyncio.wait([task, first_failure], return_when=asyncio.FIRST_COMPLETED)
            if first_failure.done():
                first_failure.result().result()  # raises that chunk's error
            tasks.popleft()
            start_more()
            yield task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def synthesize_chunks(
    chunks: Sequence[Chunk],
    engine: SpeechEngine,
    language: str,
    *,
    concurrency: int = 4,
    cache: AudioCache | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[Segment]:
    """Return one Segment per chunk, in order. Raises SpeechError if any chunk cannot be spoken."""
    segments = iter_segments(
        chunks, engine, language, concurrency=concurrency, cache=cache, on_progress=on_progress
    )
    try:
        return [segment async for segment in segments]
    finally:
        await segments.aclose()
