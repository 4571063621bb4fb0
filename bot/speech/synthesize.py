"""Speak every chunk of a plan: bounded concurrency, per-chunk cache, progress callbacks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from bot.audio.cache import AudioCache, content_key
from bot.errors import SpeechError
from bot.models import Chunk, Segment
from bot.speech.engine import SpeechEngine

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
"""Called with (chunks done, chunks total) after each chunk."""

CACHED_ENGINES = frozenset({"gtts"})
"""Only network engines are worth caching per chunk; espeak-ng is faster than the disk."""


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
    semaphore = asyncio.Semaphore(concurrency)
    segments: list[Segment | None] = [None] * len(chunks)
    done = 0

    async def speak(position: int, chunk: Chunk) -> None:
        nonlocal done
        key = content_key(engine.name, language, chunk.text)
        cached = cache.get_chunk(key, "mp3") if cache and engine.name in CACHED_ENGINES else None
        if cached:
            segments[position] = Segment(
                chunk.index, cached, "mp3", engine.name, chunk.pause_after_ms
            )
        else:
            async with semaphore:
                speech = await engine.synthesize(chunk.text, language)
            if cache and speech.engine in CACHED_ENGINES:
                cache.put_chunk(
                    content_key(speech.engine, language, chunk.text), speech.format, speech.audio
                )
            segments[position] = Segment(
                chunk.index, speech.audio, speech.format, speech.engine, chunk.pause_after_ms
            )
        done += 1
        if on_progress:
            on_progress(done, len(chunks))

    try:
        async with asyncio.TaskGroup() as group:
            for position, chunk in enumerate(chunks):
                group.create_task(speak(position, chunk))
    except* SpeechError as failures:
        raise failures.exceptions[0] from None
    return [segment for segment in segments if segment is not None]
