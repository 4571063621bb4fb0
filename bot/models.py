"""Small data classes passed between the pipeline stages (and nothing else)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """An HTML page as the fetcher received it."""

    url: str
    """The link as the user gave it."""
    final_url: str
    """Where the last redirect led."""
    status: int
    content_type: str
    html: str
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class Article:
    """The readable part of a page: what is worth saying aloud."""

    url: str
    title: str
    paragraphs: tuple[str, ...]
    site: str = ""
    language: str = "id"
    published: datetime | None = None
    author: str = ""
    extractor: str = ""
    """Which extraction stage produced the body (e.g. "site-rule", "readability")."""

    @property
    def text(self) -> str:
        """The body as plain text, paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One piece of speech for the engine (at most the engine's character limit)."""

    index: int
    text: str
    pause_after_ms: int
    """Silence to put after this chunk: short after a sentence, longer after a paragraph."""


@dataclass(frozen=True, slots=True)
class SpeechPlan:
    """What will be said, in order, already normalized and chunked."""

    language: str
    summary: tuple[str, ...]
    chunks: tuple[Chunk, ...]

    @property
    def spoken_text(self) -> str:
        """All chunks joined: the text the listener hears."""
        return " ".join(chunk.text for chunk in self.chunks)


@dataclass(frozen=True, slots=True)
class Segment:
    """The audio of one chunk, as the engine returned it."""

    chunk_index: int
    audio: bytes
    format: str
    """Container of `audio`: "mp3" (gTTS) or "wav" (espeak-ng)."""
    engine: str
    pause_after_ms: int = 0


@dataclass(frozen=True, slots=True)
class AudioFile:
    """A finished audio file on disk."""

    path: str
    format: str
    """"ogg" (Opus voice note) or "mp3"."""
    duration_s: float
    size_bytes: int


@dataclass(frozen=True, slots=True)
class Narration:
    """The result of reading an article: the audio, the summary and how it was made."""

    article: Article
    plan: SpeechPlan
    audio: AudioFile
    engine: str
    """Which engine spoke ("gtts", "espeak", or "gtts+espeak" when it fell back part-way)."""
    fell_back: bool = False
    from_cache: bool = False
    audio_key: str = ""
    """Hash of what was spoken and how: the name of the cached audio file."""
    timings_s: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    @property
    def summary_text(self) -> str:
        return " ".join(self.plan.summary)
