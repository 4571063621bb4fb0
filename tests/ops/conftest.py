"""Operations fixtures: the fake Bot API, settings that point at it, a free loopback port."""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.config import Settings

TOKEN = "123456:TEST-TOKEN"


def free_port() -> int:
    """A TCP port nobody listens on right now (for servers that cannot bind port 0)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fake_telegram() -> Iterator:
    from tests.helpers.fake_telegram import FakeTelegram

    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot_settings(settings: Settings, fake_telegram) -> Settings:
    """The bot against the fake Bot API, with the offline voice (no gTTS needed)."""
    return replace(
        settings, telegram_token=TOKEN, telegram_api=fake_telegram.base, tts_engine="espeak"
    )


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """`serve` installs the product's logging on the root logger; undo it after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "apscheduler")}
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)
