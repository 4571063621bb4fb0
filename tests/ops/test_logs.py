"""Structured logs: plain and JSON lines, events with timings, secrets redacted, no payloads."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.config import Settings
from bot.ops.logs import (
    REDACTED,
    log_event,
    redact,
    setup_logging,
)

TOKEN = "987654321:AAE-secretPartOfTheToken_abcdefghij"
SECRET = "webhook-secret-xyz"


@pytest.fixture
def capture():
    """Install the product's logging on a string buffer (conftest restores the root logger)."""

    def install(fmt: str, level: str = "INFO") -> io.StringIO:
        stream = io.StringIO()
        setup_logging(level, fmt, secrets=[TOKEN, SECRET], stream=stream)
        return stream

    return install


def lines(stream: io.StringIO) -> list[str]:
    return [line for line in stream.getvalue().splitlines() if line.strip()]


def test_json_lines_carry_event_fields_and_timings(capture) -> None:
    stream = capture("json")
    log_event("reading", outcome="ok", engine="gtts", site="kompas.com", total_s=4.25, chunks=12)
    logging.getLogger("bot.chat.handlers").warning("quota reached for %d readings", 30)
    first, second = (json.loads(line) for line in lines(stream))
    assert first["event"] == "reading" and first["logger"] == "bot.events"
    assert first["level"] == "INFO" and first["total_s"] == 4.25 and first["chunks"] == 12
    assert first["outcome"] == "ok" and first["engine"] == "gtts"
    assert first["time"].endswith("+00:00")
    assert second["msg"] == "quota reached for 30 readings" and second["level"] == "WARNING"
    assert "event" not in second


def test_plain_lines_put_fields_after_the_message(capture) -> None:
    stream = capture("plain")
    log_event("delivery", kind="reading", outcome="sent", total_s=0.5, note="two words")
    [line] = lines(stream)
    assert " INFO bot.events: delivery " in line
    assert line.endswith('kind=reading outcome=sent total_s=0.5 note="two words"')


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_token_and_secret_are_redacted_everywhere(capture, fmt: str) -> None:
    stream = capture(fmt)
    log = logging.getLogger("httpcore.test")
    log.warning("POST https://api.telegram.org/bot%s/sendMessage failed", TOKEN)
    log.warning("secret in message: " + SECRET)
    try:
        raise RuntimeError(f"connection to /bot{TOKEN}/getMe reset")
    except RuntimeError:
        logging.getLogger("bot.chat").exception("unexpected error")
    log_event("reading", site=f"x{TOKEN}")
    output = stream.getvalue()
    assert TOKEN not in output and SECRET not in output
    assert "987654321" not in output  # the bot id part goes with the rest of the token
    assert output.count(REDACTED) == 4  # two messages, the exception text, the event field
    assert "RuntimeError" in output and "Traceback" in output  # the traceback itself is kept


def test_token_shaped_strings_are_redacted_without_being_told() -> None:
    other = "5550001:ZZZ-another-bots-token_0123456789abcdef"
    assert redact(f"url /bot{other}/getMe") == f"url /bot{REDACTED}/getMe"
    assert redact("12:30 WIB, 10:15") == "12:30 WIB, 10:15"  # clock times are not tokens


def test_debug_payloads_of_telegram_libraries_are_dropped(capture) -> None:
    stream = capture("plain", level="DEBUG")
    logging.getLogger("telegram.ext.ExtBot").debug("Calling sendMessage with text='Halo Budi'")
    logging.getLogger("httpx").debug("request body: Halo Budi")
    logging.getLogger("bot.pipeline").debug("chunked into %d pieces", 7)
    logging.getLogger("telegram.ext.Application").info("Application started")
    output = stream.getvalue()
    assert "Halo Budi" not in output
    assert "chunked into 7 pieces" in output and "Application started" in output


def test_long_field_values_are_cut(capture) -> None:
    stream = capture("json")
    log_event("reading", site="a" * 1000)
    [entry] = [json.loads(line) for line in lines(stream)]
    assert len(entry["site"]) == 200


def test_second_setup_replaces_the_first_handler(capture) -> None:
    first = capture("plain")
    second = capture("json")
    logging.getLogger("bot").info("once")
    assert first.getvalue() == ""
    assert json.loads(lines(second)[0])["msg"] == "once"


@pytest.mark.parametrize(
    ("raw", "expected"), [("", "plain"), ("JSON", "json"), (" plain ", "plain")]
)
def test_log_format_comes_from_settings(raw: str, expected: str) -> None:
    assert Settings.from_env({"SUARA_LOG_FORMAT": raw}).log_format == expected


def test_unknown_log_format_is_refused() -> None:
    with pytest.raises(ValueError, match="SUARA_LOG_FORMAT"):
        Settings.from_env({"SUARA_LOG_FORMAT": "xml"})
