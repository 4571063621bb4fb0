"""Briefing fixtures: a controllable clock, a migrated database, loopback feeds, a fake Bot API."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.briefing import regions as regions_module
from bot.config import Settings
from bot.services import Services
from bot.store.db import open_db

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
"""Friday 27 November 2026, 05:00 WIB: an hour before the usual 06:00 WIB briefing."""
FEEDS = {  # path on the loopback server → (fixture, outlet)
    "/rss/antara-banten.xml": ("antara_banten.xml", "Antara Banten"),
    "/rss/tribun-banten.xml": ("tribun_banten.xml", "Tribun Banten"),
    "/rss/detik-banten.xml": ("detik_banten.xml", "detikBanten"),
    "/rss/kabar-banten.xml": ("kabar_banten_atom.xml", "Kabar Banten"),
}
_LINK_HOST = re.compile(rb"https://([a-z0-9.-]+)/")


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> datetime:
        self.now = moment
        return self.now


def local_feed(name: str, base: str) -> bytes:
    """A fixture feed whose article links point at the loopback server (`/site/<host>/...`)."""
    data = (FIXTURES / name).read_bytes()
    return _LINK_HOST.sub(lambda m: f"{base}/site/{m.group(1).decode()}/".encode(), data)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def shared_audio_cache(tmp_path_factory) -> Path:
    """One audio cache for the briefing tests: the same script is synthesized once per run
    (files are named by content hash, so sharing cannot mix different audio up)."""
    return tmp_path_factory.mktemp("briefing-audio")


@pytest.fixture
def briefing_settings(
    settings: Settings, shared_audio_cache: Path, request: pytest.FixtureRequest
) -> Settings:
    """Test settings; with `banten_on_loopback` requested, its regions file is configured."""
    regions_file = ""
    if "banten_on_loopback" in request.fixturenames:
        regions_file = str(request.getfixturevalue("banten_on_loopback"))
    return replace(settings, fetch_timeout_s=2.0, cache_dir=str(shared_audio_cache),
                   regions_file=regions_file)  # fmt: skip


@pytest.fixture
async def db(briefing_settings: Settings) -> AsyncIterator:
    connection = await open_db(briefing_settings.db_path)
    yield connection
    await connection.close()


@pytest.fixture
def services(briefing_settings: Settings, db, clock: Clock) -> Services:
    return Services(briefing_settings, db, clock=clock)


@pytest.fixture
def feed_server(page_server):
    """The four Banten fixture feeds on the loopback server, with ETags."""
    for path, (name, _outlet) in FEEDS.items():
        page_server.add(path, local_feed(name, page_server.base),
                        content_type="application/rss+xml; charset=utf-8", etag=True)  # fmt: skip
    return page_server


def write_regions_file(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = regions_module.COLUMNS
    lines = ["\t".join(columns)]
    lines += ["\t".join(row.get(c, "") for c in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def banten_on_loopback(feed_server, tmp_path) -> Iterator[Path]:
    """A regions file (SUARA_REGIONS_FILE, `Settings.regions_file`): Banten's packaged feeds
    off, the loopback fixture feeds on. `briefing_settings` picks it up when a test asks."""
    packaged = regions_module.load_catalogue().get("banten")
    rows = [{"code": "banten", "feed_url": f.url, "status": "off"} for f in packaged.feeds]
    rows += [
        {"code": "banten", "outlet": outlet, "feed_url": feed_server.url(path), "status": "seen",
         "filter": "0"}
        for path, (_name, outlet) in FEEDS.items()
    ]  # fmt: skip
    file = write_regions_file(tmp_path / "regions.tsv", rows)
    regions_module._cached.cache_clear()
    yield file
    regions_module._cached.cache_clear()


@pytest.fixture
def fake_telegram() -> Iterator:
    from tests.helpers.fake_telegram import FakeTelegram

    with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(briefing_settings, fake_telegram) -> AsyncIterator:
    """A bot on the fake Bot API, without a rate limiter (the tests pace it themselves)."""
    from telegram.ext import ExtBot

    instance = ExtBot("123456:TEST-TOKEN", base_url=f"{fake_telegram.base}/bot",
                      base_file_url=f"{fake_telegram.base}/file/bot")  # fmt: skip
    async with instance:
        yield instance


@contextlib.asynccontextmanager
async def briefing_app(services: Services, fake_telegram, concurrent: bool = False):  # type: ignore[no-untyped-def]
    """An Application with only the briefing handlers, polling the fake Bot API."""
    from telegram.ext import ApplicationBuilder

    from bot.briefing.handlers import on_shutdown, on_startup, register

    builder = (
        ApplicationBuilder().token("123456:TEST-TOKEN")
        .base_url(f"{fake_telegram.base}/bot").base_file_url(f"{fake_telegram.base}/file/bot")
    )  # fmt: skip
    application = (builder.concurrent_updates(True) if concurrent else builder).build()
    application.bot_data["services"] = services
    register(application)
    async with application:
        await on_startup(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        yield application
        await application.updater.stop()
        await on_shutdown(application)
        await application.stop()
