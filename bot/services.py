"""What handlers and jobs need at run time, built once and kept in `application.bot_data`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.config import Settings
from bot.store.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Services:
    """Settings, the open database and the clock (tests replace the clock)."""

    settings: Settings
    db: Database
    clock: Callable[[], datetime] = field(default=utc_now)
