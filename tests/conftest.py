"""Shared fixtures: loopback servers and settings that point the product at them."""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.config import Settings

# Property tests explore new random examples on every developer run (and have found real bugs
# that way); CI replays a fixed set, so a submission never fails on a newly drawn example.
# A failure prints the blob that reproduces it (@reproduce_failure).
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

ROOT = Path(__file__).resolve().parents[1]

ALLOWED_SKIPS = (
    "hadolint not installed",
    "root can write to read-only files",
    "systemd-analyze",
    "this systemd-analyze",
)
"""The only reasons a test may skip: a tool that is truly absent, or running as root. Anything
else (a missing data set above all) fails the run, so a quality gate can never vanish quietly."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
        if not reason.startswith(ALLOWED_SKIPS):
            report.outcome = "failed"
            report.longrepr = f"skipped for a reason that is not allowed: {reason!r}"


class _OfflineSocket(socket.socket):
    """A socket that refuses to connect anywhere but loopback: tests must stay offline."""

    def connect(self, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("::1", "localhost") or host.startswith("/")
        ):
            raise OSError(f"tests are offline: connection to {host!r} refused")
        return super().connect(address)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _OfflineSocket)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for loopback servers: private hosts allowed, a fresh cache and database."""
    return replace(
        Settings(),
        allow_private_hosts=True,
        cache_dir=str(tmp_path / "cache"),
        db_path=str(tmp_path / "suara.db"),
        fetch_timeout_s=3.0,
        gtts_timeout_s=3.0,
        tts_engine="espeak",
    )


@pytest.fixture(scope="session")
def postgres() -> Iterator:
    """One throw-away PostgreSQL cluster for the whole run (initdb, pg_ctl, a free loopback
    port, a temporary folder), stopped and removed at the end."""
    from tests.helpers.postgres import PostgresCluster

    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of each kind: an SQLite file, then an empty PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "suara.db")
    return str(request.getfixturevalue("postgres").new_database())


@pytest.fixture
def page_server() -> Iterator:
    from tests.helpers.page_server import PageServer

    with PageServer() as server:
        yield server


@pytest.fixture
def fake_gtts() -> Iterator:
    from tests.helpers.fake_gtts import FakeGtts

    with FakeGtts() as server:
        yield server


@pytest.fixture
def fake_telegram():
    from tests.helpers.fake_telegram import FakeTelegram

    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot_settings(settings, fake_telegram, fake_gtts) -> Settings:
    return replace(
        settings,
        telegram_token="123456:TEST-TOKEN",
        telegram_api=fake_telegram.base,
        gtts_endpoint=fake_gtts.url,
        tts_engine="auto",
    )


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator:
    """Start the bot as run_polling would (post_init included) and stop it cleanly."""
    from bot.chat.app import build_application

    application = build_application(settings)
    async with application:
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)


@pytest.fixture
async def running_bot(bot_settings):
    async with running(bot_settings) as application:
        yield application
