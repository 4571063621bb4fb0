"""`suara doctor`: each check against real tools, real files and the fake Bot API."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.briefing.regions import Feed
from bot.ops import doctor
from bot.ops.cli import doctor_command
from bot.ops.doctor import (
    Check,
    check_cache_dir,
    check_database,
    check_espeak,
    check_feeds,
    check_ffmpeg,
    check_token,
    format_report,
    run_doctor,
)
from bot.store.db import open_db
from bot.store.migrations import MIGRATIONS
from tests.ops.conftest import TOKEN

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Antara</title>
<item><title>Banjir surut di Serang</title><link>https://example.com/a</link>
<pubDate>Fri, 27 Nov 2026 01:00:00 GMT</pubDate></item></channel></rss>"""
is_root = hasattr(os, "geteuid") and os.geteuid() == 0


# -- token ------------------------------------------------------------------------------------


async def test_valid_token_is_accepted(bot_settings, fake_telegram) -> None:
    check = await check_token(bot_settings)
    assert check.status == "ok"
    assert "@SuaraBeritaBot" in check.detail and "123456" in check.detail
    [call] = fake_telegram.calls_of("getMe")
    assert call.token == TOKEN


async def test_rejected_token_fails_without_showing_it(bot_settings, fake_telegram) -> None:
    fake_telegram.fail("getMe", status=401, times=None)
    check = await check_token(bot_settings)
    assert check.status == "fail"
    assert "401" in check.detail and "Unauthorized" in check.detail
    assert "TEST-TOKEN" not in check.detail


async def test_missing_token_fails(bot_settings, fake_telegram) -> None:
    check = await check_token(replace(bot_settings, telegram_token=""))
    assert check.status == "fail" and "TELEGRAM_BOT_TOKEN" in check.detail
    assert not fake_telegram.calls


async def test_unreachable_api_fails_without_showing_the_token(bot_settings) -> None:
    from tests.ops.conftest import free_port

    gone = replace(bot_settings, telegram_api=f"http://127.0.0.1:{free_port()}")
    check = await check_token(gone)
    assert check.status == "fail" and "cannot reach" in check.detail
    assert "TEST-TOKEN" not in check.detail


# -- tools ------------------------------------------------------------------------------------


def test_ffmpeg_and_espeak_found_here() -> None:
    ffmpeg, espeak = check_ffmpeg(), check_espeak("auto")
    assert ffmpeg.status == "ok" and "libopus" in ffmpeg.detail
    assert espeak.status == "ok" and "Indonesian" in espeak.detail


def test_missing_tools_fail(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: nothing on PATH
    ffmpeg = check_ffmpeg()
    assert ffmpeg.status == "fail" and "ffmpeg and ffprobe not found" in ffmpeg.detail
    assert check_espeak("auto").status == "fail"
    assert check_espeak("gtts").status == "warn"  # only the offline voice is lost


def test_ffmpeg_without_the_opus_encoder_fails(monkeypatch, tmp_path: Path) -> None:
    for tool in ("ffmpeg", "ffprobe"):  # stand-ins that answer like a build without libopus
        script = tmp_path / tool
        script.write_text(
            '#!/bin/sh\ncase "$*" in *-encoders*) echo " A..... libmp3lame  MP3";; '
            "*) echo 'ffmpeg version 4.0-test Copyright';; esac\n"
        )
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    check = check_ffmpeg()
    assert check.status == "fail" and "libopus" in check.detail and "4.0-test" in check.detail


# -- database and cache -----------------------------------------------------------------------


async def test_migrated_database_is_ok(tmp_path: Path) -> None:
    path = str(tmp_path / "suara.db")
    await (await open_db(path)).close()
    check = await check_database(path)
    assert check.status == "ok" and MIGRATIONS[-1][0] in check.detail


async def test_database_not_created_yet_is_ok_in_a_writable_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "suara.db"
    check = await check_database(str(path))
    assert check.status == "ok" and "not created yet" in check.detail
    assert not path.exists() and not path.parent.exists()  # the doctor created nothing


async def test_unmigrated_database_warns_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)")
    check = await check_database(str(path))
    assert check.status == "warn" and "pending" in check.detail
    assert MIGRATIONS[0][0] in check.detail
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
    assert tables == ["users"]  # no probe table, no bookkeeping table


async def test_migrations_from_a_newer_version_warn(tmp_path: Path) -> None:
    path = str(tmp_path / "suara.db")
    db = await open_db(path)
    await db.execute("INSERT INTO schema_migrations VALUES ('999_future', 'x')")
    await db.close()
    check = await check_database(path)
    assert check.status == "warn" and "999_future" in check.detail


async def test_database_that_is_not_sqlite_fails(tmp_path: Path) -> None:
    path = tmp_path / "suara.db"
    path.write_bytes(b"not a database at all" * 50)
    check = await check_database(str(path))
    assert check.status == "fail" and "DatabaseError" in check.detail


@pytest.mark.skipif(is_root, reason="root can write to read-only files and folders")
async def test_read_only_database_fails(tmp_path: Path) -> None:
    path = tmp_path / "suara.db"
    await (await open_db(str(path))).close()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        check = await check_database(str(path))
    finally:
        tmp_path.chmod(0o755)
    assert check.status == "fail"


async def test_database_locked_by_a_writer_fails(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(doctor, "DB_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "suara.db"
    await (await open_db(str(path))).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        check = await check_database(str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert check.status == "fail" and "locked" in check.detail


def test_cache_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert "not created yet" in check_cache_dir(str(folder), 100).detail
    assert not folder.exists()
    folder.mkdir()
    (folder / "a.ogg").write_bytes(b"x" * 3_000_000)
    check = check_cache_dir(str(folder), 100)
    assert check.status == "ok"
    assert "1 files" in check.detail and "3 of 100 MB" in check.detail
    assert [p.name for p in folder.iterdir()] == ["a.ogg"]  # the probe file is gone


def test_cache_path_that_is_a_file_fails(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("oops")
    assert check_cache_dir(str(tmp_path / "cache"), 100).status == "fail"


def test_little_free_disk_warns(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(doctor, "MIN_FREE_DISK_MB", 10**12)
    check = check_cache_dir(str(tmp_path), 100)
    assert check.status == "warn" and "free" in check.detail


# -- feeds ------------------------------------------------------------------------------------


async def test_feeds_some_answer(settings, page_server) -> None:
    good = Feed(page_server.add("/rss", RSS, content_type="application/rss+xml"), "Antara", False)
    gone = Feed(page_server.url("/missing.xml"), "Hilang", True)
    check = await check_feeds(settings, [good, gone])
    assert check.status == "warn"
    assert check.detail.startswith("1/2 feeds answered") and "missing.xml" in check.detail


async def test_feeds_none_answer(settings, page_server) -> None:
    gone = Feed(page_server.url("/missing.xml"), "Hilang", False)
    assert (await check_feeds(settings, [gone])).status == "fail"


async def test_feeds_all_answer(settings, page_server) -> None:
    good = Feed(page_server.add("/rss", RSS, content_type="application/rss+xml"), "Antara", False)
    check = await check_feeds(settings, [good, good])
    assert check.status == "ok" and check.detail == "1/1 feeds answered"  # each URL once


# -- the whole list ---------------------------------------------------------------------------


async def test_run_doctor_lists_every_check_in_order(bot_settings, page_server) -> None:
    feed = Feed(page_server.add("/rss", RSS, content_type="application/rss+xml"), "Antara", False)
    checks = await run_doctor(bot_settings, feed_list=[feed])
    assert [c.name for c in checks] == ["ffmpeg", "espeak-ng", "database", "cache", "token",
                                        "feeds"]  # fmt: skip
    assert all(c.ok for c in checks), format_report(checks)
    skipped = await run_doctor(bot_settings, feeds=False)
    assert skipped[-1].status == "skip"


def test_format_report() -> None:
    report = format_report([
        Check("ffmpeg", "ok", "ffmpeg 5.1"), Check("token", "fail", "rejected"),
        Check("feeds", "warn", "1/2 feeds answered"), Check("x", "skip", "not checked"),
    ])  # fmt: skip
    assert report.splitlines() == [
        "[ OK ] ffmpeg  ffmpeg 5.1",
        "[FAIL] token   rejected",
        "[WARN] feeds   1/2 feeds answered",
        "[SKIP] x       not checked",
        "not ready: 4 checks, 1 failed, 1 warnings",
    ]


def doctor_env(settings, base: str, token: str = TOKEN) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "SUARA_TELEGRAM_API": base,
        "SUARA_DB": settings.db_path,
        "SUARA_CACHE_DIR": settings.cache_dir,
        "SUARA_TTS_ENGINE": "auto",
    }


def test_cli_doctor_passes_with_a_good_token(settings, fake_telegram) -> None:
    result = CliRunner().invoke(
        doctor_command, ["--no-feeds"], env=doctor_env(settings, fake_telegram.base)
    )
    assert result.exit_code == 0, result.output
    assert "[ OK ] token" in result.output and "ready: 6 checks, 0 failed" in result.output
    assert TOKEN not in result.output


def test_cli_doctor_fails_with_a_bad_token(settings, fake_telegram) -> None:
    fake_telegram.fail("getMe", status=401, times=None)
    result = CliRunner().invoke(
        doctor_command, ["--no-feeds", "--json"], env=doctor_env(settings, fake_telegram.base)
    )
    assert result.exit_code == 1
    records = {r["name"]: r for r in map(json.loads, result.output.splitlines())}
    assert records["token"]["status"] == "fail" and records["ffmpeg"]["status"] == "ok"
    assert TOKEN not in result.output
