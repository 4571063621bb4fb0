"""Pure: a day's stories → a briefing (the spoken script and the text version, in Indonesian).

No network, no clock, no database: "now" and the story summaries are arguments. Choosing the
stories (dedupe, ranking, topic variety) is `stories`.

The spoken script: greeting with the date, numbered stories with their source, closing. The text
version: headlines with links, sources, summaries.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.briefing.stories import FeedItem, Story, select_stories
from bot.briefing.texts import MONTHS, ORDINALS, WEEKDAYS
from bot.chat.texts import text
from bot.text.summary_candidates import strip_dateline

MIN_STORIES = 5
SCRIPT_MAX_CHARS = 2_800
"""Stories past the fifth are added while the script stays under this: at gTTS's ~14 characters a
second that is about 3.5 minutes, under 1 MB of 32 kbps Opus (Telegram's voice-note size)."""


@dataclass(frozen=True, slots=True)
class Length:
    """A briefing length a listener can choose: how many stories it tells."""

    name: str
    min_stories: int
    max_stories: int
    max_chars: int | None
    """Stories past `min_stories` are added while the script stays under this (None: no cap)."""


LENGTHS: dict[str, Length] = {
    "pendek": Length("pendek", 3, 3, None),
    "sedang": Length("sedang", MIN_STORIES, 8, SCRIPT_MAX_CHARS),
    "panjang": Length("panjang", 12, 12, None),
}
"""pendek about a minute and a half, sedang 3-4 minutes, panjang 6-8 minutes (gTTS pace)."""
DEFAULT_LENGTH = "sedang"
SUMMARY_MAX_CHARS = 300
TEXT_MAX_CHARS = 4_096
"""Telegram's message limit, counted on the visible text (after HTML entities are parsed)."""

_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Briefing:
    """A region's briefing for one day: what is said and what is shown."""

    region: str
    region_name: str
    day: date
    stories: tuple[Story, ...]
    script: tuple[str, ...]
    """Spoken paragraphs, in Indonesian, before normalization; empty on a day without news."""
    text_html: str
    """The text version (HTML for Telegram's parse_mode), or the empty-day note."""
    caption: str

    @property
    def empty(self) -> bool:
        return not self.stories


def date_words(day: date) -> tuple[str, str]:
    """("Jumat", "27 November 2026")."""
    return WEEKDAYS[day.weekday()], f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def spoken_outlet(outlet: str) -> str:
    """An outlet's name for the voice: "detikJabar" → "detik Jabar"."""
    return _CAMEL.sub(" ", outlet)


def join_names(names: Sequence[str]) -> str:
    """"A", "A dan B", "A, B, dan C"."""
    word = text("briefing_and")
    if len(names) <= 2:
        return f" {word} ".join(names)
    return f"{', '.join(names[:-1])}, {word} {names[-1]}"


def _sentence(value: str) -> str:
    value = value.strip()
    return value if not value or value.endswith((".", "!", "?", "…")) else f"{value}."


def fallback_summary(item: FeedItem, max_chars: int = SUMMARY_MAX_CHARS) -> str:
    """The feed description as a summary: its first one or two sentences, at most `max_chars`."""
    description = strip_dateline(item.description.strip())
    if description.lower().startswith(item.title.lower().strip()):
        description = description[len(item.title.strip()) :].lstrip(" .:-–—")
    sentences = [s for s in _SENTENCE_END.split(description) if s.strip()]
    summary = ""
    for sentence in sentences[:2]:
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > max_chars:
            break
        summary = candidate
    if not summary and sentences:
        cut = sentences[0][:max_chars].rsplit(" ", 1)[0]
        summary = f"{cut}…" if cut else ""
    return summary


def story_summary(story: Story, summaries: Mapping[str, str]) -> str:
    """The article's summary when it was fetched, else the feed description's first sentences."""
    return (summaries.get(story.lead.url) or "").strip() or fallback_summary(story.lead)


def compose_script(
    region_name: str,
    day: date,
    stories: Sequence[Story],
    summaries: Mapping[str, str],
    length: str = DEFAULT_LENGTH,
) -> tuple[str, ...]:
    """Spoken paragraphs: greeting with the date, the stories (as many as `length` allows),
    closing.

    The greeting names no time of day: one audio serves subscribers at every hour.
    """
    size = LENGTHS[length]
    weekday, day_text = date_words(day)
    greeting = text("briefing_greeting", region=region_name, weekday=weekday, date=day_text)
    paragraphs = [greeting]
    chars = len(greeting)
    for number, story in enumerate(stories[: size.max_stories]):
        sources = join_names([spoken_outlet(s) for s in story.sources])
        line = text(
            "briefing_story",
            ordinal=ORDINALS[number],
            sources=sources,
            title=_sentence(story.lead.title),
        )
        summary = story_summary(story, summaries)
        paragraph = f"{line} {_sentence(summary)}".strip()
        if (
            number >= size.min_stories
            and size.max_chars is not None
            and chars + len(paragraph) > size.max_chars
        ):
            break
        paragraphs.append(paragraph)
        chars += len(paragraph)
    paragraphs.append(text("briefing_closing", region=region_name))
    return tuple(paragraphs)


def compose_text(
    region_name: str,
    day: date,
    stories: Sequence[Story],
    summaries: Mapping[str, str],
    max_chars: int = TEXT_MAX_CHARS,
    starts: Sequence[float] | None = None,
) -> str:
    """The text version in Telegram HTML: headlines linked to their articles, sources, summaries.

    With `starts` (each story's start in the audio, seconds) every headline begins with its time:
    "1. 00:07 Judul". Summaries are dropped from the last stories first when the visible text
    would be too long.
    """
    weekday, day_text = date_words(day)
    head = text("briefing_text_title", region=html.escape(region_name), weekday=weekday,
                date=day_text)  # fmt: skip
    with_summary = len(stories)
    while True:
        blocks = [head]
        for number, story in enumerate(stories, start=1):
            at = f"{clock(starts[number - 1])} " if starts and number <= len(starts) else ""
            link = (
                f'{number}. {at}<a href="{html.escape(story.lead.url, quote=True)}">'
                f"{html.escape(story.lead.title)}</a>"
            )
            lines = [link, text("briefing_text_sources", sources=html.escape(
                ", ".join(story.sources)))]  # fmt: skip
            summary = story_summary(story, summaries)
            if summary and number <= with_summary:
                lines.append(html.escape(summary))
            blocks.append("\n".join(lines))
        body = "\n\n".join(blocks)
        if visible_length(body) <= max_chars or with_summary == 0:
            return body
        with_summary -= 1


def clock(seconds: float) -> str:
    """Seconds into the audio as "MM:SS" ("H:MM:SS" from an hour on)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def visible_length(html_text: str) -> int:
    """Characters Telegram counts: tags removed, entities decoded."""
    return len(html.unescape(_TAG.sub("", html_text)))


def compose_briefing(
    region: str,
    region_name: str,
    day: date,
    items: Sequence[FeedItem],
    now: datetime,
    summaries: Mapping[str, str] | None = None,
    length: str = DEFAULT_LENGTH,
) -> Briefing:
    """Everything at once: choose stories from `items` and write the script and the text.

    `summaries` maps a story's URL to its article summary.
    """
    summaries = summaries or {}
    stories = select_stories(items, now, limit=LENGTHS[length].max_stories)
    return briefing_from_stories(region, region_name, day, stories, summaries, length)


def briefing_from_stories(
    region: str,
    region_name: str,
    day: date,
    stories: Sequence[Story],
    summaries: Mapping[str, str],
    length: str = DEFAULT_LENGTH,
) -> Briefing:
    """A briefing from stories already chosen (the builder fetches summaries in between)."""
    weekday, day_text = date_words(day)
    caption = text("briefing_caption", region=region_name, weekday=weekday, date=day_text)
    if not stories:
        note = text("briefing_empty", region=html.escape(region_name), weekday=weekday,
                    date=day_text)  # fmt: skip
        return Briefing(region, region_name, day, (), (), note, caption)
    script = compose_script(region_name, day, stories, summaries, length)
    told = tuple(stories[: len(script) - 2])
    text_html = compose_text(region_name, day, told, summaries)
    return Briefing(region, region_name, day, told, script, text_html, caption)


__all__ = [
    "LENGTHS",
    "Briefing",
    "Length",
    "briefing_from_stories",
    "clock",
    "compose_briefing",
    "compose_script",
    "compose_text",
]
