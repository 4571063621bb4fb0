"""The buttons a delivered briefing carries, with word labels (read aloud by screen readers).

Inline, under the voice note: "Putar lagi", "Teks lengkap", "Berhenti langganan". A reply keyboard
under the story list: "Cerita 1" … "Cerita N" (typed or pressed, the same text arrives). Callback
data: "brf:a:CODE:YYYYMMDD:LENGTH" (play again), "brf:t:…" (full text), "brf:s:CODE" (stop).
"""

from __future__ import annotations

import html
import re
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.chat.texts import text
from bot.store.briefings import StoredBriefing

PREFIX = "brf:"
STORY_TEXT = re.compile(r"^\s*(?:cerita|story)\s+(\d{1,2})\s*$", re.IGNORECASE)
STORIES_PER_ROW = 4


def edition_key(briefing: StoredBriefing) -> str:
    return f"{briefing.region}:{briefing.day:%Y%m%d}:{briefing.length}"


def parse_edition_key(parts: list[str]) -> tuple[str, date, str]:
    """["banten", "20261127", "sedang"] → ("banten", date(2026, 11, 27), "sedang")."""
    region, day, length = parts
    return region, date(int(day[:4]), int(day[4:6]), int(day[6:])), length


def briefing_buttons(briefing: StoredBriefing, language: str = "id") -> InlineKeyboardMarkup:
    key = edition_key(briefing)
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(text("button_replay", language), callback_data=f"{PREFIX}a:{key}"),
         InlineKeyboardButton(text("button_full_text", language),
                              callback_data=f"{PREFIX}t:{key}")],
        [InlineKeyboardButton(text("button_unsubscribe", language),
                              callback_data=f"{PREFIX}s:{briefing.region}")],
    ])  # fmt: skip


def story_keyboard(briefing: StoredBriefing, language: str = "id") -> ReplyKeyboardMarkup | None:
    """"Cerita 1" … "Cerita N", or None for a briefing without stories."""
    if not briefing.chapters:
        return None
    buttons = [KeyboardButton(text("button_story", language, number=c.number))
               for c in briefing.chapters]  # fmt: skip
    rows = [buttons[i : i + STORIES_PER_ROW] for i in range(0, len(buttons), STORIES_PER_ROW)]
    hint = text("story_keyboard_hint", language)
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, input_field_placeholder=hint)


def story_list(briefing: StoredBriefing, language: str = "id", late_note: str = "") -> str:
    """The text version (stories with their start times) and how to hear one story again."""
    body = briefing.text_html
    if not briefing.empty:
        body = f"{body}\n\n{html.escape(text('stories_footer', language))}"
    return f"{html.escape(late_note)}\n\n{body}" if late_note else body


__all__ = [
    "PREFIX",
    "STORY_TEXT",
    "briefing_buttons",
    "edition_key",
    "story_keyboard",
    "story_list",
]
