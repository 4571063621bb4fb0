"""A briefing's audio, part by part: one track, each story's place in it, each story on its own.

The script's paragraphs (greeting, stories, closing) are planned separately and spoken in one
synthesis run (the chunk cache is shared with readings). Each paragraph's audio is joined in
memory, so each story's start and length are measured from the audio itself (sample counts), not
estimated from the text. One pause of `STORY_GAP_MS` separates paragraphs. The whole track is
encoded once as the voice note; each story is also encoded alone for `/cerita N`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pydub import AudioSegment

from bot import pipeline
from bot.audio.cache import AudioCache, content_key
from bot.audio.decode import FRAME_RATE, pcm_sound
from bot.audio.merge import export_audio, merge_segments
from bot.config import Settings
from bot.models import Article, AudioFile, Chunk, Segment
from bot.speech.engine import FallbackEngine
from bot.speech.synthesize import iter_segments

STORY_GAP_MS = 1_000
"""Silence between the greeting, each story and the closing: a clear break a listener hears."""
FOLDER = "briefings"


@dataclass(frozen=True, slots=True)
class Part:
    """One paragraph of the script in the rendered track."""

    start_s: float
    duration_s: float
    path: str
    """The paragraph alone (OGG/Opus)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    audio: AudioFile
    parts: tuple[Part, ...]
    engine: str
    fell_back: bool = False


def plan_parts(paragraphs: Sequence[str]) -> list[tuple[Chunk, ...]]:
    """Each paragraph's chunks, numbered across the whole script, without a trailing pause."""
    planned: list[tuple[Chunk, ...]] = []
    index = 0
    for paragraph in paragraphs:
        article = Article(url="", title="", paragraphs=(paragraph,), language="id")
        chunks = pipeline.plan_speech(article, "full", summary=()).chunks
        renumbered = []
        for position, chunk in enumerate(chunks):
            pause = 0 if position == len(chunks) - 1 else chunk.pause_after_ms
            renumbered.append(replace(chunk, index=index, pause_after_ms=pause))
            index += 1
        planned.append(tuple(renumbered))
    return planned


def _silence(ms: int) -> AudioSegment:
    return pcm_sound(b"\0\0" * (FRAME_RATE * ms // 1000))


async def render_briefing(
    paragraphs: Sequence[str], settings: Settings, engine: str | None = None
) -> Rendered:
    """Speak the script; write the track and each paragraph as OGG/Opus in the cache folder."""
    engine_name = engine or settings.tts_engine
    planned = [p for p in plan_parts(paragraphs) if p]
    chunks = [chunk for part in planned for chunk in part]
    speaker = pipeline.make_engine(engine_name, settings)
    concurrency = (
        max(1, os.cpu_count() or 1) if engine_name == "espeak" else pipeline.gtts_ceiling(settings)
    )
    cache = AudioCache(settings.cache_dir)
    segments: list[Segment] = []
    stream = iter_segments(chunks, speaker, "id", concurrency=concurrency, cache=cache)
    async with contextlib.aclosing(stream):
        async for segment in stream:
            segments.append(segment)
    voices = sorted({s.engine for s in segments}, key=["gtts", "espeak"].index)
    fell_back = isinstance(speaker, FallbackEngine) and speaker.primary_failed
    return await asyncio.to_thread(
        _encode, planned, segments, settings, "+".join(voices), fell_back
    )


def _encode(
    planned: list[tuple[Chunk, ...]],
    segments: list[Segment],
    settings: Settings,
    engine: str,
    fell_back: bool,
) -> Rendered:
    folder = Path(settings.cache_dir) / FOLDER
    key = content_key(engine, str(settings.audio_bitrate_kbps),
                      "\n\n".join(" ".join(c.text for c in part) for part in planned))  # fmt: skip
    gap = _silence(STORY_GAP_MS)
    sounds: list[AudioSegment] = []
    parts: list[Part] = []
    position, start_ms = 0, 0
    for number, part in enumerate(planned):
        sound = merge_segments(segments[position : position + len(part)])
        position += len(part)
        path = folder / f"{key}-{number:02d}.ogg"
        export_audio(sound, path, "ogg", settings.audio_bitrate_kbps)
        parts.append(Part(round(start_ms / 1000, 3), round(len(sound) / 1000, 3), str(path)))
        sounds.extend([sound, gap] if number < len(planned) - 1 else [sound])
        start_ms += len(sound) + STORY_GAP_MS
    track = pcm_sound(b"".join(s.raw_data for s in sounds))
    audio = export_audio(track, folder / f"{key}.ogg", "ogg", settings.audio_bitrate_kbps)
    return Rendered(audio, tuple(parts), engine, fell_back)


__all__ = ["STORY_GAP_MS", "Part", "Rendered", "plan_parts", "render_briefing"]
