"""One reading's rules in one place: the word cut, the summary, the language and the parts.

The chat layer (in-process readings) and the queue worker both plan a reading with `plan`, so the
same link gives the same summary and the same parts wherever it is read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from bot import pipeline
from bot.models import Article
from bot.text.summarize import summarize

MAX_ARTICLE_WORDS = 15_000
"""About 2 hours of speech: longer texts (books, dumps) are cut, and the listener is told."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What a listener gets for one article, before any audio is made."""

    article: Article
    """The article as read: cut to MAX_ARTICLE_WORDS when it was longer."""
    was_cut: bool
    language: str
    summary: tuple[str, ...]
    parts: tuple[Article, ...]
    """The full article in parts of about `part_minutes` (one part for most articles)."""
    seconds: float
    """Estimated listening time of the full article."""


def cut_to_words(article: Article, max_words: int) -> tuple[Article, bool]:
    """Keep whole paragraphs up to `max_words` words; say whether anything was cut."""
    kept: list[str] = []
    words = 0
    for paragraph in article.paragraphs:
        count = len(paragraph.split())
        if words + count > max_words:
            if not kept:  # one giant paragraph: keep its first max_words words
                kept.append(" ".join(paragraph.split()[:max_words]))
            return replace(article, paragraphs=tuple(kept)), True
        kept.append(paragraph)
        words += count
    return article, False


async def plan(article: Article, part_minutes: float, part_label: str) -> Reading:
    """Cut, summarize (off the event loop) and split an article into parts."""
    article, was_cut = cut_to_words(article, MAX_ARTICLE_WORDS)
    language = pipeline.speech_language(article)
    summary = await asyncio.to_thread(summarize, list(article.paragraphs), article.title, language)
    parts = pipeline.split_parts(article, part_minutes, part_label)
    seconds = pipeline.estimate_seconds(article.title + " " + article.text)
    return Reading(article, was_cut, language, tuple(summary), tuple(parts), seconds)
