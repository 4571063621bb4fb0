"""The whole story in one place: link → article → speech plan → voice → one audio file.

Handlers, the CLI, briefings and benchmarks all call these functions, so there is one path to debug.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from pydub.utils import mediainfo

from bot import extract
from bot.audio.cache import AudioCache, content_key
from bot.audio.merge import AudioTrack
from bot.audio.tempo import NORMAL as NORMAL_SPEED
from bot.audio.tempo import change_tempo
from bot.config import Settings
from bot.errors import FetchError, TextTooShort
from bot.fetch.http import fetch_page, make_client
from bot.models import Article, AudioFile, Narration, SpeechPlan
from bot.speech.edge_engine import EdgeClient, EdgeEngine
from bot.speech.engine import FallbackEngine, RetryingEngine, SpeechEngine
from bot.speech.espeak_engine import EspeakEngine
from bot.speech.gtts_engine import GttsClient, GttsEngine
from bot.speech.synthesize import ProgressCallback, iter_segments
from bot.text.chunks import make_chunks
from bot.text.normalize import normalize_text
from bot.text.sentences import split_sentences
from bot.text.summarize import summarize

logger = logging.getLogger(__name__)

MAX_PAGES = 10
"""Multi-page articles: at most this many pages are joined."""
LATER_PAGE_MIN_WORDS = 10
"""A short last page of a multi-page article still belongs to it."""
SPEECH_LANGUAGES = ("id", "en")
MIN_TEXT_CHARS = 200
"""Pasted text shorter than this is not read (too little to be an article)."""


# 1. Article: from a link, an HTML document or plain text ------------------------------------


async def load_article(
    url: str, settings: Settings, client: httpx.AsyncClient | None = None
) -> Article:
    """Fetch and extract an article, following its pages (at most MAX_PAGES) on the same site."""
    own_client = client is None
    client = client or make_client(settings)
    try:
        single = extract.single_page_url(url)
        try:
            page = await fetch_page(single, settings, client)
        except FetchError:
            if single == url:
                raise
            page = await fetch_page(url, settings, client)
        # Parsing and extraction take tens of milliseconds: off the event loop.
        first = await asyncio.to_thread(extract.extract_readable, page.html, page.final_url)
        canonical = extract.canonical_url(page.html, page.final_url)
        seen = {url, single, page.final_url}
        whole = await _single_page_view(first, page.html, page.final_url, seen, settings, client)
        if whole is not None:
            return _with_url(whole, canonical)
        pages = [first]
        html, current = page.html, page.final_url
        while len(pages) < MAX_PAGES:
            following = extract.next_page_url(html, current)
            if not following or following in seen or not _same_site(following, current):
                break
            seen.add(following)
            try:
                next_page = await fetch_page(following, settings, client)
                later = await asyncio.to_thread(
                    extract.extract_article,
                    next_page.html,
                    next_page.final_url,
                    min_words=LATER_PAGE_MIN_WORDS,
                )
            except Exception as exc:  # a broken later page must not lose the pages we have
                logger.warning("stopped at page %d of %s: %s", len(pages) + 1, url, exc)
                break
            if not extract.same_story(first, later):
                logger.info("page %s is another story (title differs): not joined", following)
                break
            pages.append(later)
            html, current = next_page.html, next_page.final_url
        article = extract.join_pages(pages) if len(pages) > 1 else first
        return _with_url(article, canonical)
    finally:
        if own_client:
            await client.aclose()


async def _single_page_view(
    first: Article,
    html: str,
    url: str,
    seen: set[str],
    settings: Settings,
    client: httpx.AsyncClient,
) -> Article | None:
    """A multi-page article's own one-page view, when the page links to one and it reads at
    least as much of the same story; else None (the pages are followed one by one)."""
    if extract.next_page_url(html, url) is None:
        return None
    link = extract.single_page_link(html, url)
    if not link or link in seen or not _same_site(link, url):
        return None
    seen.add(link)
    try:
        view = await fetch_page(link, settings, client)
        whole = await asyncio.to_thread(extract.extract_article, view.html, view.final_url)
    except Exception as exc:  # the page-by-page path still works
        logger.info("single-page view %s not used: %s", link, exc)
        return None
    if extract.same_story(first, whole) and len(whole.text) >= len(first.text):
        return whole
    return None


def _same_site(a: str, b: str) -> bool:
    return urlsplit(a).hostname == urlsplit(b).hostname


def _with_url(article: Article, url: str) -> Article:
    return replace(article, url=url)


def article_from_html(html: str, url: str = "") -> Article:
    """Extract an article from HTML already in hand (a saved page)."""
    return extract.extract_article(html, url)


def article_from_text(text: str, language: str = "id", title: str = "") -> Article:
    """Plain text (pasted or piped) as an article: paragraphs are separated by blank lines."""
    paragraphs = tuple(
        " ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()
    )
    if sum(len(p) for p in paragraphs) < MIN_TEXT_CHARS:
        raise TextTooShort(f"text has fewer than {MIN_TEXT_CHARS} characters")
    return Article(url="", title=title, paragraphs=paragraphs, language=language, extractor="text")


# 2. Speech plan: pure text work -------------------------------------------------------------


def speech_language(article: Article) -> str:
    """The voice language for an article: Indonesian unless the page says English."""
    language = (article.language or "id").split("-")[0].lower()
    return language if language in SPEECH_LANGUAGES else "id"


def spoken_paragraphs(paragraphs: list[str], language: str) -> list[list[str]]:
    """Split each paragraph into sentences and normalize each sentence for speech."""
    spoken: list[list[str]] = []
    for paragraph in paragraphs:
        sentences = [normalize_text(s, language) for s in split_sentences(paragraph)]
        sentences = [s for s in sentences if s.strip()]
        if sentences:
            spoken.append(sentences)
    return spoken


def plan_speech(
    article: Article,
    mode: str = "full",
    max_chars: int = 100,
    summary: Sequence[str] | None = None,
) -> SpeechPlan:
    """Summary and chunks. Mode "full" reads title and body, "summary" title and summary.

    `summary`, when the caller already has it, saves summarizing the article again.
    """
    language = speech_language(article)
    if summary is None:
        summary = summarize(list(article.paragraphs), title=article.title, language=language)
    summary = tuple(summary)
    body = list(article.paragraphs) if mode == "full" else [" ".join(summary)]
    head = [_title_sentence(article.title)] if article.title else []
    chunks = make_chunks(spoken_paragraphs(head + body, language), max_chars=max_chars)
    return SpeechPlan(language=language, summary=summary, chunks=chunks)


SPEECH_CHARS_PER_SECOND = 14.0
"""Indonesian speech from gTTS runs at about 14 characters a second (espeak-ng at 160 wpm: ~15)."""


def estimate_seconds(text: str) -> float:
    """Rough listening time of `text`, before any audio exists."""
    return len(text) / SPEECH_CHARS_PER_SECOND


def split_parts(article: Article, part_minutes: float, part_label: str) -> list[Article]:
    """Cut a long article at paragraph boundaries into parts of about `part_minutes` each.

    Part 1 keeps the title; later parts open with `part_label` formatted with n and total
    (e.g. "Bagian {n} dari {total}.") so a listener knows where they are.
    """
    budget = part_minutes * 60 * SPEECH_CHARS_PER_SECOND
    groups: list[list[str]] = [[]]
    size = 0
    for paragraph in article.paragraphs:
        if groups[-1] and size + len(paragraph) > budget:
            groups.append([])
            size = 0
        groups[-1].append(paragraph)
        size += len(paragraph)
    if len(groups) > 1 and sum(len(p) for p in groups[-1]) < budget / 4:
        groups[-2].extend(groups.pop())  # no tiny last part
    total = len(groups)
    if total == 1:
        return [article]
    parts = [replace(article, paragraphs=tuple(groups[0]))]
    for n, group in enumerate(groups[1:], start=2):
        label = part_label.format(n=n, total=total)
        parts.append(replace(article, title="", paragraphs=(label, *group)))
    return parts


def _title_sentence(title: str) -> str:
    title = title.strip()
    return title if title.endswith((".", "!", "?")) else f"{title}."


# 3. Voice: engines, synthesis, merge ----------------------------------------------------------


def make_engine(name: str, settings: Settings, voice: str | None = None) -> SpeechEngine:
    """Build the engine for one reading.

    "auto" is gTTS with espeak-ng for the rest of the reading once gTTS keeps failing; "edge" is a
    neural voice (`voice`, default `edge_voice`) with that whole chain behind it: edge → gTTS →
    espeak-ng. gTTS requests of all readings share one client per endpoint: kept-alive connections
    and one adaptive limit, starting at `gtts_concurrency` requests in flight and probing up to
    twice that; edge requests share one such limit too.
    """
    client = GttsClient.shared(
        settings.gtts_endpoint,
        start=settings.gtts_concurrency,
        ceiling=gtts_ceiling(settings),
    )
    gtts = RetryingEngine(
        GttsEngine(timeout_s=settings.gtts_timeout_s, client=client),
        retries=settings.gtts_retries,
    )
    if name == "gtts":
        return gtts
    if name == "espeak":
        return EspeakEngine()
    auto = FallbackEngine(gtts, EspeakEngine())
    if name != "edge":
        return auto
    edge_client = EdgeClient.shared(
        settings.edge_endpoint, start=settings.gtts_concurrency, ceiling=gtts_ceiling(settings)
    )
    edge = RetryingEngine(
        EdgeEngine(
            voice or settings.edge_voice, timeout_s=settings.edge_timeout_s, client=edge_client
        ),
        retries=EDGE_RETRIES,
    )
    return FallbackEngine(edge, auto)


EDGE_RETRIES = 1
"""One retry per chunk for edge: an unofficial service that fails twice hands over to gTTS."""


def engine_label(name: str, settings: Settings, voice: str | None = None) -> str:
    """What the finished audio's cache key names: the engine, and for edge its voice."""
    return f"edge-{voice or settings.edge_voice}" if name == "edge" else name


def finished_voice(label: str) -> str:
    """Which voice speaks a finished (cached) reading of this engine label: a reading that fell
    back is never cached as finished, so "auto" audio is all gTTS."""
    return "gtts" if label == "auto" else label


def _voice_order(name: str) -> int:
    return 0 if name.startswith("edge") else 1 if name == "gtts" else 2


def gtts_ceiling(settings: Settings) -> int:
    """Most gTTS requests in flight: twice the configured start (8 by default).

    Seed article, 42 chunks, 150 ms per request: 4 at once 1.76 s, 6 1.13 s, 8 (probing up from
    4) 0.99 s.
    """
    return 2 * settings.gtts_concurrency


TRACK_BACKLOG_BYTES = 8_000_000
"""Speech waiting for the encoder, at most: about 3 minutes of espeak-ng WAV, 30 of gTTS MP3.
Beyond it synthesis waits, so a long reading never holds all its audio in memory."""


def _chunks_at_once(engine_name: str, settings: Settings) -> int:
    """Chunks one reading speaks at once: gTTS's shared limit decides; espeak-ng uses the CPUs."""
    if engine_name == "espeak":
        return max(1, os.cpu_count() or 1)
    return gtts_ceiling(settings)


async def narrate(
    article: Article,
    settings: Settings,
    *,
    engine: str | None = None,
    fmt: str = "ogg",
    mode: str = "full",
    on_progress: ProgressCallback | None = None,
    output: Path | None = None,
    summary: Sequence[str] | None = None,
    voice: str | None = None,
    on_fallback: Callable[[], object] | None = None,
    speed: float = 1.0,
) -> Narration:
    """Speak an article into one audio file, reusing the cached file for the same spoken text.

    `voice` picks the edge engine's voice ("gadis", "ardi"); other engines ignore it.
    `on_fallback` is called once, as soon as the backup voice takes over (so the listener can
    be told at once, not after the whole part). `speed` other than 1 re-times the finished audio
    with ffmpeg's atempo (its own cache entry and key, so file_ids are kept per speed).
    """
    narration = await _narrate_once(
        article, settings, engine=engine, fmt=fmt, mode=mode, on_progress=on_progress,
        output=output, summary=summary, voice=voice, on_fallback=on_fallback,
    )  # fmt: skip
    if speed == NORMAL_SPEED:
        return narration
    audio, key = await asyncio.to_thread(
        change_tempo, narration.audio, speed, settings.cache_dir, narration.audio_key,
        settings.audio_bitrate_kbps,
    )  # fmt: skip
    return replace(narration, audio=audio, audio_key=key)


async def _narrate_once(
    article: Article,
    settings: Settings,
    *,
    engine: str | None = None,
    fmt: str = "ogg",
    mode: str = "full",
    on_progress: ProgressCallback | None = None,
    output: Path | None = None,
    summary: Sequence[str] | None = None,
    voice: str | None = None,
    on_fallback: Callable[[], object] | None = None,
) -> Narration:
    """`narrate` at normal speed."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    engine_name = engine or settings.tts_engine
    plan = await asyncio.to_thread(plan_speech, article, mode, summary=summary)
    timings["plan_s"] = time.perf_counter() - started
    if not plan.chunks:
        raise TextTooShort("nothing to read aloud")
    cache = AudioCache(settings.cache_dir)
    label = engine_label(engine_name, settings, voice)
    key = content_key(
        label,
        plan.language,
        fmt,
        str(settings.audio_bitrate_kbps),
        "\n".join(f"{c.text}|{c.pause_after_ms}" for c in plan.chunks),
    )
    cached = cache.find_audio(key, fmt)
    if cached is not None and output is None:
        audio = await asyncio.to_thread(_probe_cached, cached, fmt)
        return Narration(
            article,
            plan,
            audio,
            engine=finished_voice(label),
            from_cache=True,
            audio_key=key,
            timings_s=timings,
        )

    speaker = make_engine(engine_name, settings, voice)
    step = time.perf_counter()
    # The track is encoded while later chunks are still being spoken; only the finished file is
    # named (by whether the reading fell back), so it goes to a temporary file beside the target.
    folder = (output or cache.audio_path(key, fmt)).parent
    track = AudioTrack(folder, fmt, settings.audio_bitrate_kbps)
    voices: set[str] = set()
    try:
        segments = iter_segments(
            plan.chunks,
            speaker,
            plan.language,
            concurrency=_chunks_at_once(engine_name, settings),
            cache=cache,
            on_progress=on_progress,
        )
        async with contextlib.aclosing(segments):
            async for segment in segments:
                track.add(segment)
                voices.add(segment.engine)
                if on_fallback is not None and getattr(speaker, "primary_failed", False):
                    on_fallback()
                    on_fallback = None
                if track.backlog_bytes > TRACK_BACKLOG_BYTES:  # the encoder is behind: hold back
                    await asyncio.to_thread(track.wait_for_room, TRACK_BACKLOG_BYTES)
        timings["synthesis_s"] = time.perf_counter() - step
        fell_back = isinstance(speaker, FallbackEngine) and speaker.primary_failed
        # A reading that fell back is not cached as finished: next time gTTS gets another chance.
        target = output or cache.audio_path(key if not fell_back else key + "-fallback", fmt)
        step = time.perf_counter()
        audio = await asyncio.to_thread(track.finish, target)
    except BaseException:
        track.abort()
        raise
    timings["merge_s"] = time.perf_counter() - step
    timings["total_s"] = time.perf_counter() - started
    return Narration(
        article,
        plan,
        audio,
        engine="+".join(sorted(voices, key=_voice_order)),
        fell_back=fell_back,
        audio_key=key,
        timings_s=timings,
    )


def _probe_cached(path: Path, fmt: str) -> AudioFile:
    info = mediainfo(str(path))
    duration = float(info.get("duration") or 0.0)
    return AudioFile(
        path=str(path), format=fmt, duration_s=round(duration, 2), size_bytes=path.stat().st_size
    )


async def read_url(url: str, settings: Settings, **options: object) -> Narration:
    """Link → Narration: the whole pipeline."""
    article = await load_article(url, settings)
    return await narrate(article, settings, **options)  # type: ignore[arg-type]
