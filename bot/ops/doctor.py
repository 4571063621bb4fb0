"""`suara doctor`: is this machine ready to run the bot? A list of checks, each ok/warn/fail/skip.

    checks = await run_doctor(settings)
    print(format_report(checks)); sys.exit(0 if all(c.ok for c in checks) else 1)

Checks: ffmpeg (with the Opus and MP3 encoders the exporter uses), espeak-ng (with its Indonesian
voice), the database (writable, migrations applied), the audio cache folder (writable, size, free
disk), the bot token (getMe against SUARA_TELEGRAM_API), and the briefing feeds (reachable).
The doctor changes nothing: a write test is rolled back, a probe file is removed at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg
import httpx

from bot.config import Settings
from bot.store.database import display_target, is_postgres_url
from bot.store.db import open_db
from bot.store.migrations import MIGRATIONS
from bot.store.migrations_postgres import MIGRATIONS as POSTGRES_MIGRATIONS

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
TOOL_TIMEOUT_S = 10.0
TOKEN_TIMEOUT_S = 10.0
DB_BUSY_TIMEOUT_MS = 2_000
"""How long the write probe waits for the bot's own writes; longer means a stuck lock."""
MIN_FREE_DISK_MB = 500
"""Below this the cache cannot hold a day of readings (about 2 MB each at 32 kbps)."""
ENCODERS = ("libopus", "libmp3lame")
"""What `bot.audio.merge` encodes with: OGG/Opus voice notes and MP3 files."""


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: str
    """"ok", "warn" (works, but look), "fail" (will not work) or "skip" (not checked)."""
    detail: str

    @property
    def ok(self) -> bool:
        return self.status != FAIL


def _run(command: list[str]) -> tuple[int, str]:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return -1, f"{type(exc).__name__}: {exc}"
    return done.returncode, done.stdout + done.stderr


def check_ffmpeg() -> Check:
    """ffmpeg and ffprobe on PATH, with the encoders the exporter needs."""
    missing = [tool for tool in ("ffmpeg", "ffprobe") if shutil.which(tool) is None]
    if missing:
        return Check("ffmpeg", FAIL, f"{' and '.join(missing)} not found on PATH")
    code, output = _run(["ffmpeg", "-hide_banner", "-version"])
    if code != 0:
        return Check("ffmpeg", FAIL, f"ffmpeg -version failed: {output.strip()[:120]}")
    version = output.split("\n", 1)[0].replace(" Copyright", "|").split("|", 1)[0].strip()
    _, encoders = _run(["ffmpeg", "-hide_banner", "-encoders"])
    absent = [name for name in ENCODERS if name not in encoders]
    if absent:
        return Check("ffmpeg", FAIL, f"{version}, missing encoder(s): {', '.join(absent)}")
    return Check("ffmpeg", OK, f"{version}, encoders {' and '.join(ENCODERS)}")


def check_espeak(tts_engine: str) -> Check:
    """espeak-ng with an Indonesian voice; needed unless the engine is gTTS only."""
    needed = tts_engine in ("auto", "espeak", "edge")
    missing = FAIL if needed else WARN
    if shutil.which("espeak-ng") is None:
        why = "the offline voice and the gTTS fallback" if needed else "the offline voice"
        return Check("espeak-ng", missing, f"espeak-ng not found on PATH ({why} need it)")
    code, output = _run(["espeak-ng", "--version"])
    if code != 0:
        return Check("espeak-ng", missing, f"espeak-ng --version failed: {output.strip()[:120]}")
    version = output.split("Data at", 1)[0].replace("eSpeak NG text-to-speech:", "").strip()
    _, voices = _run(["espeak-ng", "--voices=id"])
    if not any(line.split()[1:2] == ["id"] for line in voices.splitlines()[1:]):
        return Check("espeak-ng", missing, f"espeak-ng {version} has no Indonesian (id) voice")
    return Check("espeak-ng", OK, f"espeak-ng {version}, Indonesian voice present")


def _writable_dir(folder: Path) -> bool:
    """Whether a file can be created in `folder` (or in its nearest existing parent)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".suara-doctor-"):
            return True
    except OSError:
        return False


async def applied_migrations(db: Any) -> list[str]:
    """Names recorded in `schema_migrations`, read without creating the table."""
    dialect = getattr(db, "dialect", None)
    exists = (
        "SELECT 1 WHERE to_regclass('schema_migrations') IS NOT NULL"
        if dialect is not None and dialect.is_postgres
        else "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    )
    async with db.execute(exists) as cursor:
        if await cursor.fetchone() is None:
            return []
    async with db.execute("SELECT name FROM schema_migrations ORDER BY name") as cursor:
        return [row[0] async for row in cursor]


async def check_database(path: str) -> Check:
    """The database opens, takes a write lock and holds every migration this version knows."""
    if path == ":memory:":
        return Check("database", SKIP, "in-memory database")
    if is_postgres_url(path):
        return await _check_postgres(path)
    file = Path(path)
    if not file.exists():
        if _writable_dir(file.parent):
            return Check(
                "database", OK, f"{path} not created yet; it is created and migrated at first "
                "start (or by `suara db migrate`)",
            )  # fmt: skip
        return Check("database", FAIL, f"{path} does not exist and its folder is not writable")
    try:
        async with aiosqlite.connect(path, isolation_level=None) as db:
            await db.execute(f"PRAGMA busy_timeout = {DB_BUSY_TIMEOUT_MS}")
            await db.execute("BEGIN IMMEDIATE")
            try:  # a real write, rolled back: proves file, folder (journal) and lock all work
                await db.execute("CREATE TABLE suara_doctor_probe (x INTEGER)")
            finally:
                await db.execute("ROLLBACK")
            applied = await applied_migrations(db)
    except (aiosqlite.Error, OSError) as exc:
        return Check("database", FAIL, f"{path}: {type(exc).__name__}: {exc}")
    return _migration_check(path, applied, [name for name, _ in MIGRATIONS])


async def _check_postgres(url: str) -> Check:
    """PostgreSQL answers, a write can be made (and rolled back), every migration is applied."""
    shown = display_target(url)

    class _Probe(Exception):
        pass

    try:
        db = await open_db(url, migrate_schema=False)
        try:
            with contextlib.suppress(_Probe):
                async with db.transaction() as tx:
                    await tx.execute("CREATE TABLE suara_doctor_probe (x INTEGER)")
                    raise _Probe  # rolled back: the probe leaves nothing behind
            applied = await applied_migrations(db)
        finally:
            await db.close()
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return Check("database", FAIL, f"{shown}: {type(exc).__name__}: {exc}")
    return _migration_check(shown, applied, [name for name, _ in POSTGRES_MIGRATIONS])


def _migration_check(path: str, applied: list[str], known: list[str]) -> Check:
    pending = [name for name in known if name not in applied]
    unknown = sorted(set(applied) - set(known))
    if pending:
        return Check(
            "database", WARN, f"{path}: migrations pending: {', '.join(pending)} (applied at the "
            "next start, or run `suara db migrate`)",
        )  # fmt: skip
    detail = f"{path}: writable, {len(applied)} migration(s) applied, latest {known[-1]}"
    if unknown:
        return Check("database", WARN, f"{detail}; also unknown to this version: "
                     f"{', '.join(unknown)} (written by a newer version?)")  # fmt: skip
    return Check("database", OK, detail)


def _folder_size(folder: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            try:
                size += (Path(root) / name).stat().st_size
                files += 1
            except OSError:
                continue
    return files, size


def check_cache_dir(path: str, max_mb: int) -> Check:
    """The audio cache folder is writable; its size and the free disk around it."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        return Check("cache", FAIL, f"{path} exists and is not a folder")
    if not _writable_dir(folder):
        return Check("cache", FAIL, f"{path} is not writable")
    existing = folder if folder.exists() else next(p for p in folder.parents if p.exists())
    free_mb = shutil.disk_usage(existing).free / 1e6
    if not folder.exists():
        detail = f"{path} not created yet (created at first reading); {free_mb:,.0f} MB free"
    else:
        files, size = _folder_size(folder)
        detail = (
            f"{path}: writable, {files} files, {size / 1e6:,.0f} of {max_mb:,} MB cap, "
            f"{free_mb:,.0f} MB free on disk"
        )
    if free_mb < MIN_FREE_DISK_MB:
        return Check("cache", WARN, f"{detail} (less than {MIN_FREE_DISK_MB} MB free)")
    return Check("cache", OK, detail)


async def check_token(settings: Settings) -> Check:
    """The token is accepted by the Bot API (getMe). The token never appears in the result."""
    if not settings.telegram_token:
        return Check("token", FAIL, "TELEGRAM_BOT_TOKEN is not set")
    base = settings.telegram_api.rstrip("/")
    url = f"{base}/bot{settings.telegram_token}/getMe"
    try:
        async with httpx.AsyncClient(timeout=TOKEN_TIMEOUT_S) as client:
            response = await client.get(url)
    except httpx.HTTPError as exc:  # its message may hold the URL, so only the type is shown
        return Check("token", FAIL, f"cannot reach {base}: {type(exc).__name__}")
    try:
        body: Any = response.json()
    except ValueError:
        body = {}
    if response.status_code == 200 and isinstance(body, dict) and body.get("ok"):
        me = body.get("result") or {}
        return Check("token", OK, f"accepted: @{me.get('username', '?')} (id {me.get('id', '?')})")
    if response.status_code in (401, 404):
        reason = body.get("description", "") if isinstance(body, dict) else ""
        return Check(
            "token", FAIL, f"rejected by {base} ({response.status_code} {reason}".rstrip()
            + "); check TELEGRAM_BOT_TOKEN",
        )  # fmt: skip
    return Check("token", FAIL, f"{base} answered {response.status_code}")


async def check_feeds(settings: Settings, feeds: Sequence[Any] | None = None) -> Check:
    """The briefing feeds answer (all distinct feeds of the region catalogue by default)."""
    try:
        from bot.briefing import feeds as briefing_feeds
        from bot.briefing.regions import catalogue
    except ImportError:
        return Check("feeds", SKIP, "briefings are not part of this version")
    if feeds is None:
        feeds = [feed for region in catalogue(settings.regions_file) for feed in region.feeds]
    if not feeds:
        return Check("feeds", SKIP, "no feeds configured")
    reports = await briefing_feeds.check_feeds(feeds, settings)
    failing = [report for report in reports if not report.ok]
    answered = len(reports) - len(failing)
    detail = f"{answered}/{len(reports)} feeds answered"
    if failing:
        shown = ", ".join(f"{r.feed.url} ({r.detail})" for r in failing[:3])
        more = f" and {len(failing) - 3} more" if len(failing) > 3 else ""
        detail += f"; failing: {shown}{more} (see `suara feeds check`)"
    if answered == 0:
        return Check("feeds", FAIL, detail)
    return Check("feeds", WARN if failing else OK, detail)


async def run_doctor(
    settings: Settings, *, feeds: bool = True, feed_list: Sequence[Any] | None = None
) -> list[Check]:
    """Every check, in a fixed order; the slow network ones run concurrently."""
    tools = asyncio.gather(
        asyncio.to_thread(check_ffmpeg), asyncio.to_thread(check_espeak, settings.tts_engine)
    )
    network = asyncio.gather(
        check_token(settings),
        check_feeds(settings, feed_list) if feeds else _skipped("feeds", "skipped (--no-feeds)"),
    )
    ffmpeg, espeak = await tools
    database = await check_database(settings.db_path)
    cache = await asyncio.to_thread(check_cache_dir, settings.cache_dir, settings.cache_max_mb)
    token, feed_check = await network
    return [ffmpeg, espeak, database, cache, token, feed_check]


async def _skipped(name: str, why: str) -> Check:
    return Check(name, SKIP, why)


_MARKS = {OK: "[ OK ]", WARN: "[WARN]", FAIL: "[FAIL]", SKIP: "[SKIP]"}


def format_report(checks: Sequence[Check]) -> str:
    """The pass/fail list as text, one check a line, then a one-line verdict."""
    width = max((len(c.name) for c in checks), default=0)
    lines = [f"{_MARKS.get(c.status, c.status)} {c.name:<{width}}  {c.detail}" for c in checks]
    failed = sum(1 for c in checks if c.status == FAIL)
    warned = sum(1 for c in checks if c.status == WARN)
    verdict = "ready" if not failed else "not ready"
    lines.append(f"{verdict}: {len(checks)} checks, {failed} failed, {warned} warnings")
    return "\n".join(lines)


__all__ = [
    "Check",
    "applied_migrations",
    "check_cache_dir",
    "check_database",
    "check_espeak",
    "check_feeds",
    "check_ffmpeg",
    "check_token",
    "format_report",
    "run_doctor",
]
