"""Inline keyboards. Labels are words (screen readers read them); callback data is short and
namespaced: "set:…" settings, "hist:…" history, "del:…" delete-my-data."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove

from bot.chat.texts import text
from bot.store.users import AUDIO_FORMATS, READING_MODES, SPEEDS, HistoryEntry, UserSettings

BUTTON_TITLE_CHARS = 40


def speed_label(speed: float, language: str) -> str:
    """1.25 → "1,25 kali" (Indonesian writes a decimal comma) / "1.25 times"."""
    shown = f"{speed:g}"
    return text("speed_value", language, speed=shown.replace(".", ",") if language == "id"
                else shown)  # fmt: skip


def describe_settings(user: UserSettings, language: str) -> dict[str, str]:
    return {
        "mode": text(f"mode_{user.reading_mode}", language),
        "format": text(f"format_{user.audio_format}", language),
        "language": text(f"language_{user.language}", language),
    }


def settings_keyboard(user: UserSettings, language: str) -> InlineKeyboardMarkup:
    """One button per choice not currently selected."""
    rows = [
        [InlineKeyboardButton(
            text("button_mode", language, mode=text(f"mode_{mode}", language)),
            callback_data=f"set:mode:{mode}")]
        for mode in READING_MODES if mode != user.reading_mode
    ]  # fmt: skip
    rows += [
        [InlineKeyboardButton(
            text("button_format", language, format=text(f"format_{fmt}", language)),
            callback_data=f"set:format:{fmt}")]
        for fmt in AUDIO_FORMATS if fmt != user.audio_format
    ]  # fmt: skip
    rows += [
        [InlineKeyboardButton(
            text("button_speed", language, speed=speed_label(speed, language)),
            callback_data=f"set:speed:{speed:g}")]
        for speed in SPEEDS if speed != user.speed
    ]  # fmt: skip
    other = "en" if user.language == "id" else "id"
    rows.append([InlineKeyboardButton(
        text("button_language", other, language=text(f"language_{other}", other)),
        callback_data=f"set:lang:{other}")])  # fmt: skip
    return InlineKeyboardMarkup(rows)


def history_keyboard(entries: list[HistoryEntry], language: str) -> InlineKeyboardMarkup:
    rows = []
    for n, entry in enumerate(entries, start=1):
        title = (
            entry.title
            if len(entry.title) <= BUTTON_TITLE_CHARS
            else (entry.title[: BUTTON_TITLE_CHARS - 1].rstrip() + "…")
        )
        label = text("button_replay", language, n=n, title=title)
        rows.append([InlineKeyboardButton(label, callback_data=f"hist:{n}")])
    return InlineKeyboardMarkup(rows)


def delete_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(text("button_delete_yes", language), callback_data="del:yes")],
        [InlineKeyboardButton(text("button_delete_no", language), callback_data="del:no")],
    ])  # fmt: skip


def remove_reply_keyboard() -> ReplyKeyboardRemove:
    """Hide a reply keyboard once its choice is made."""
    return ReplyKeyboardRemove()
