"""One reading asked for by one user: the message, their settings and the shared services."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message
from telegram.ext import ContextTypes

from bot.chat.reading import Reader
from bot.services import Services
from bot.store.users import UserSettings


@dataclass(slots=True)
class Request:
    """One reading asked for by one user, with what answering it needs."""

    message: Message
    user: UserSettings
    services: Services
    reader: Reader

    @property
    def language(self) -> str:
        return self.user.language

    @property
    def speed(self) -> float:
        return self.user.speed

    @property
    def fmt(self) -> str:
        return "mp3" if self.user.audio_format == "mp3" else "ogg"


def request_from(
    message: Message, user: UserSettings, context: ContextTypes.DEFAULT_TYPE
) -> Request:
    data = context.application.bot_data
    return Request(message, user, data["services"], data["reader"])
