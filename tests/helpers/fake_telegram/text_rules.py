"""Telegram's text rules: the entities its clients attach, lengths in UTF-16 code units, the
visible text of HTML, and the length limits."""

from __future__ import annotations

import html
import re
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_URL_RE = re.compile(
    r"\bhttps?://[^\s<>\"]+"
    # Telegram also links bare domains ("kompas.com/read/..."); a few TLDs news links use.
    r"|(?<![@\w./:-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|id|info|news|co|tv)"
    r"\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<[^>]+>")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{3,31}\b")


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


def detect_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command, mention and url entities Telegram's client would attach to `text`."""
    entities: list[dict[str, Any]] = []
    for match in _COMMAND_RE.finditer(text):
        entities.append(_entity("bot_command", text, match.start(), match.end()))
    for match in _MENTION_RE.finditer(text):
        entities.append(_entity("mention", text, match.start(), match.end()))
    for match in _URL_RE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".,;:!?'\"»)]}":
            if text[end - 1] == ")" and text.count("(", match.start(), end) > text.count(
                ")", match.start(), end - 1
            ):
                break
            end -= 1
        entities.append(_entity("url", text, match.start(), end))
    return sorted(entities, key=lambda e: e["offset"])


def _entity(kind: str, text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "type": kind,
        "offset": _utf16_len(text[:start]),
        "length": _utf16_len(text[start:end]),
    }


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text as Telegram stores it: HTML markup removed (Markdown kept as sent)."""
    if parse_mode and parse_mode.upper() == "HTML":
        return html.unescape(_TAG_RE.sub("", text))
    return text


def over_limit(visible: str, parse_mode: str | None, limit: int) -> bool:
    """Whether text breaks a length limit; Markdown is not parsed here, so it is not checked."""
    if parse_mode and parse_mode.upper().startswith("MARKDOWN"):
        return False
    return _utf16_len(visible) > limit
