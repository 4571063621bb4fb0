"""Pure: a briefing's podcast side files. WebVTT transcript, Podcasting 2.0 chapters, titles.

No I/O: the stored briefing (script paragraphs, chapters measured from the audio) goes in, text
comes out. The transcript's cue bounds per paragraph are measured; inside a paragraph each sentence
gets a share of the paragraph's time by its length (an estimate, marked as such in the README).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from bot.briefing.compose import clock, date_words
from bot.briefing.render import STORY_GAP_MS
from bot.chat.texts import text
from bot.store.briefings import StoredBriefing
from bot.text.sentences import split_sentences

CHAPTERS_VERSION = "1.2.0"
"""Podcasting 2.0 JSON chapters format version."""
CHAPTERS_TYPE = "application/json+chapters"
TRANSCRIPT_TYPE = "text/vtt"


@dataclass(frozen=True, slots=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def episode_title(region_name: str, day: date) -> str:
    weekday, day_text = date_words(day)
    return text("briefing_caption", region=region_name, weekday=weekday, date=day_text)


def episode_description(briefing: StoredBriefing) -> str:
    """The stories, one per line with their start: "1. 00:07 Judul"."""
    lines = [f"{c.number}. {clock(c.start_s)} {c.title}" for c in briefing.chapters]
    return "\n".join(lines)


def paragraph_spans(briefing: StoredBriefing) -> list[tuple[float, float]]:
    """(start, end) of each script paragraph: greeting, the stories, closing."""
    gap = STORY_GAP_MS / 1000
    total = briefing.duration_s or 0.0
    chapters = briefing.chapters
    if not chapters:
        return [(0.0, total)]
    spans = [(0.0, max(0.0, chapters[0].start_s - gap))]
    spans += [(c.start_s, c.start_s + c.duration_s) for c in chapters]
    last = chapters[-1]
    spans.append((min(total, last.start_s + last.duration_s + gap), total))
    return spans


def transcript_cues(briefing: StoredBriefing) -> list[Cue]:
    """One cue per sentence, within its paragraph's measured span."""
    paragraphs = [p for p in briefing.script.split("\n\n") if p.strip()]
    spans = paragraph_spans(briefing)
    if len(spans) != len(paragraphs):  # an old row without chapters: one cue per paragraph
        share = (briefing.duration_s or 0.0) / max(1, len(paragraphs))
        spans = [(i * share, (i + 1) * share) for i in range(len(paragraphs))]
    cues: list[Cue] = []
    for paragraph, (start, end) in zip(paragraphs, spans, strict=True):
        sentences = split_sentences(paragraph) or [paragraph]
        weights = [max(1, len(s)) for s in sentences]
        position = start
        for sentence, weight in zip(sentences, weights, strict=True):
            length = (end - start) * weight / sum(weights)
            cues.append(Cue(round(position, 3), round(position + length, 3), sentence.strip()))
            position += length
    return cues


def vtt_time(seconds: float) -> str:
    millis = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def transcript_vtt(briefing: StoredBriefing) -> str:
    """The spoken script as WebVTT."""
    blocks = ["WEBVTT\nKind: captions\nLanguage: id"]
    for number, cue in enumerate(transcript_cues(briefing), start=1):
        body = cue.text.replace("-->", "→")
        blocks.append(f"{number}\n{vtt_time(cue.start_s)} --> {vtt_time(cue.end_s)}\n{body}")
    return "\n\n".join(blocks) + "\n"


def chapters_json(briefing: StoredBriefing, region_name: str) -> str:
    """Podcasting 2.0 chapters: opening, each story (with its link), closing."""
    spans = paragraph_spans(briefing)
    chapters: list[dict[str, object]] = [
        {"startTime": 0, "title": text("briefing_chapter_opening")}
    ]
    for chapter in briefing.chapters:
        entry: dict[str, object] = {"startTime": round(chapter.start_s, 2), "title": chapter.title}
        if chapter.url.startswith(("http://", "https://")):
            entry["url"] = chapter.url
        chapters.append(entry)
    if briefing.chapters:
        closing = text("briefing_chapter_closing")
        chapters.append({"startTime": round(spans[-1][0], 2), "title": closing})
    document = {
        "version": CHAPTERS_VERSION,
        "title": episode_title(region_name, briefing.day),
        "podcastName": text("briefing_podcast_title", region=region_name),
        "chapters": chapters,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


__all__ = [
    "CHAPTERS_TYPE",
    "TRANSCRIPT_TYPE",
    "Cue",
    "chapters_json",
    "episode_description",
    "episode_title",
    "transcript_cues",
    "transcript_vtt",
]
