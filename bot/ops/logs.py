"""Structured logging for `suara serve`: plain or JSON lines, secrets redacted, no message texts.

    setup_logging("INFO", secrets=[settings.telegram_token])   # SUARA_LOG_FORMAT=plain|json
    log_event("reading", outcome="ok", total_s=4.2, engine="gtts", site="kompas.com")

Two rules, enforced here rather than trusted to every call site:

- Secrets (the bot token, the webhook secret, anything shaped like a bot token) are replaced by
  `[redacted]` in the message, its arguments, tracebacks and event fields. httpx logs request URLs,
  and Bot API URLs contain the token.
- Message contents are never logged. Our own code logs events with counts, timings and outcomes,
  never user text. Below INFO, python-telegram-bot logs every request's parameters (the texts we
  send) and every update (the texts users send), so DEBUG records of those libraries are dropped
  whatever the level.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

FORMATS = ("plain", "json")
EVENTS_LOGGER = "bot.events"
"""One INFO line per reading and delivery is logged here (see `log_event`)."""
REDACTED = "[redacted]"
BOT_TOKEN_PATTERN = re.compile(r"(?<!\d)\d{5,16}:[A-Za-z0-9_-]{30,}")
"""Telegram bot tokens: numeric bot id, colon, 35 characters (we accept 30+)."""
PAYLOAD_LOGGERS = ("telegram", "httpx", "httpcore", "hpack", "tornado", "aiohttp")
"""Libraries whose DEBUG records carry request or update payloads (user and bot texts)."""
MAX_FIELD_CHARS = 200

events = logging.getLogger(EVENTS_LOGGER)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with each secret and anything shaped like a bot token replaced by `[redacted]`."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return BOT_TOKEN_PATTERN.sub(REDACTED, text)


def _clean_value(value: Any, secrets: tuple[str, ...]) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = redact(str(value), secrets)
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


class RedactingFilter(logging.Filter):
    """Renders each record's message (and traceback) once and removes secrets from it.

    Attach it to a handler: it then covers every logger that reaches the handler.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken %-format must not hide the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message, self.secrets), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = {k: _clean_value(v, self.secrets) for k, v in fields.items()}
        return True


class PayloadFilter(logging.Filter):
    """Drops DEBUG records of libraries that log request and update payloads (message texts)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            return True
        return not any(
            record.name == name or record.name.startswith(name + ".") for name in PAYLOAD_LOGGERS
        )


def _event_fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


def _plain_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    text = "" if value is None else str(value)
    needs_quotes = not text or any(c in text for c in ' "=')
    return json.dumps(text, ensure_ascii=False) if needs_quotes else text


class PlainFormatter(logging.Formatter):
    """`2024-05-01T10:00:00+0000 INFO bot.events: reading outcome=ok total_s=4.2`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S%z")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        fields = _event_fields(record)
        if fields:
            line += " " + " ".join(f"{k}={_plain_value(v)}" for k, v in fields.items())
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, msg, event fields, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if isinstance(getattr(record, "event", None), str):
            entry["event"] = record.event
        for key, value in _event_fields(record).items():
            entry.setdefault(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class _SuaraHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler `setup_logging` installed, so a second call replaces it."""


def setup_logging(
    level: str = "INFO",
    fmt: str | None = None,
    secrets: Iterable[str] = (),
    stream: IO[str] | None = None,
) -> logging.Handler:
    """Send every log record to `stream` (stderr) as plain text or JSON, secrets redacted.

    Replaces handlers left by `logging.basicConfig` or an earlier call; returns the new handler.
    `fmt` is `Settings.log_format` (SUARA_LOG_FORMAT), plain by default.
    """
    chosen = fmt or "plain"
    if chosen not in FORMATS:
        raise ValueError(f"log format must be plain or json, got {chosen!r}")
    handler = _SuaraHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if chosen == "json" else PlainFormatter())
    handler.addFilter(PayloadFilter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        if type(old) is logging.StreamHandler or isinstance(old, _SuaraHandler):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # httpx logs each request URL at INFO, and Bot API URLs carry the token: keep it quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler logs two INFO lines per job run; the briefing job runs every minute.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return handler


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One structured line on the `bot.events` logger: `event` plus fields.

    Fields are counts, timings (name them `*_s`), outcomes and site names; never message text,
    titles, full URLs or chat ids. Strings are cut at 200 characters.
    """
    if events.isEnabledFor(level):
        events.log(level, event, extra={"event": event, "fields": fields})


__all__ = [
    "JsonFormatter",
    "PayloadFilter",
    "PlainFormatter",
    "RedactingFilter",
    "log_event",
    "redact",
    "setup_logging",
]
