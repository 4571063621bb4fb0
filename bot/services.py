"""What handlers and jobs need at run time, built once and kept in `application.bot_data`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.config import Settings
from bot.store.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Services:
    """Settings, the open database, the clock (tests replace it) and, in queue mode, the job
    queue (a procrastinate App) that readings are handed to."""

    settings: Settings
    db: Database
    clock: Callable[[], datetime] = field(default=utc_now)
    queue: Any = None
