"""Operator commands through click's CliRunner: regions, feeds check, briefing build and send."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from click.testing import CliRunner

from bot.briefing.cli import briefing_group, feeds_group, regions_command
from bot.store.db import open_db
from bot.store.subscriptions import SubscriptionRepo
from bot.store.users import UserRepo
from tests.briefing.conftest import NOW
from tests.helpers.audio import probe

AT = "2026-11-26T22:35:00+00:00"  # 05:35 WIB, Friday 27 November


@pytest.fixture
def env(tmp_path, banten_on_loopback, shared_audio_cache) -> dict[str, str]:
    return {
        "SUARA_DB": str(tmp_path / "cli.db"),
        "SUARA_CACHE_DIR": str(shared_audio_cache),
        "SUARA_TTS_ENGINE": "espeak",
        "SUARA_ALLOW_PRIVATE_HOSTS": "1",
        "SUARA_FETCH_TIMEOUT": "2",
        "SUARA_REGIONS_FILE": str(banten_on_loopback),
    }


def test_regions_lists_every_region() -> None:
    result = CliRunner().invoke(regions_command, [])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 42
    assert any(line.startswith("banten ") and "WIB" in line for line in lines)
    records = [json.loads(line) for line in
               CliRunner().invoke(regions_command, ["--json"]).output.splitlines()]  # fmt: skip
    papua = next(r for r in records if r["code"] == "papua")
    assert papua["zone"] == "WIT" and papua["island"] == "Papua" and papua["feeds"]


def test_feeds_check_reports_which_answer(env, feed_server) -> None:
    feed_server.add("/rss/detik-banten.xml", "gone", content_type="text/plain", status=404)
    result = CliRunner().invoke(feeds_group, ["check", "banten"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.count("OK   seen") == 3
    assert "FAIL" in result.output and "HTTP 404" in result.output
    assert "3/4 feeds answered" in result.output
    records = [json.loads(line) for line in CliRunner(mix_stderr=False).invoke(
        feeds_group, ["check", "banten", "--json"], env=env).stdout.splitlines()]  # fmt: skip
    assert sum(r["ok"] for r in records) == 3 and all(r["regions"] == ["banten"] for r in records)


def test_feeds_check_fails_when_nothing_answers(env, feed_server) -> None:
    for path in ("/rss/antara-banten.xml", "/rss/tribun-banten.xml", "/rss/detik-banten.xml",
                 "/rss/kabar-banten.xml"):  # fmt: skip
        feed_server.add(path, "down", content_type="text/plain", status=503)
    result = CliRunner().invoke(feeds_group, ["check", "banten"], env=env)
    assert result.exit_code == 1 and "0/4 feeds answered" in result.output


def test_unknown_region_is_a_clean_error(env) -> None:
    result = CliRunner().invoke(briefing_group, ["build", "jabarr"], env=env)
    assert result.exit_code != 0 and "did you mean jabar" in result.output


def test_build_writes_audio_and_script(env, tmp_path) -> None:
    out = tmp_path / "out" / "banten.ogg"
    result = CliRunner().invoke(
        briefing_group, ["build", "banten", "-o", str(out), "--at", AT], env=env
    )
    assert result.exit_code == 0, result.output
    assert "Banten (banten), 2026-11-27: 8 stories; 4/4 feeds answered" in result.output
    assert re.search(r"^1\. 00:\d\d Banjir rendam 350 rumah di Kabupaten Lebak", result.output,
                     re.MULTILINE)  # fmt: skip
    info = probe(out)
    assert info["codec_name"] == "opus" and info["duration_s"] > 20
    script = (out.parent / "banten.ogg.txt").read_text("utf-8")
    assert script.startswith(
        "Anda mendengarkan Suara Berita. Inilah ringkasan berita Banten hari Jumat, 27 November"
    )
    assert "<b>Ringkasan berita Banten</b>" in script


def test_send_builds_if_needed_and_delivers_once(env, fake_telegram) -> None:
    async def subscribe() -> None:
        db = await open_db(env["SUARA_DB"])
        repo = SubscriptionRepo(db)
        for chat in (91, 92, 93):
            await UserRepo(db).ensure(chat, chat, "id", NOW)
            await repo.subscribe(chat, chat, "banten", "06:00", "Asia/Jakarta", NOW)
        await db.close()

    asyncio.run(subscribe())
    env = {**env, "TELEGRAM_BOT_TOKEN": "123456:TEST-TOKEN",
           "SUARA_TELEGRAM_API": fake_telegram.base}  # fmt: skip
    result = CliRunner().invoke(briefing_group, ["send", "banten", "--at", AT], env=env)
    assert result.exit_code == 0, result.output
    assert "banten 2026-11-27 sedang: 3 sent" in result.output
    voices = fake_telegram.calls_of("sendVoice")
    assert sorted(c.chat_id for c in voices) == [91, 92, 93]
    assert len([c for c in voices if c.files]) == 1
    again = CliRunner().invoke(briefing_group, ["send", "banten", "--at", AT], env=env)
    assert "0 sent" in again.output and "0 due" in again.output
    assert len(fake_telegram.calls_of("sendVoice")) == 3


def test_send_needs_a_token(env) -> None:
    result = CliRunner().invoke(briefing_group, ["send", "banten"],
                                env={**env, "TELEGRAM_BOT_TOKEN": ""})  # fmt: skip
    assert result.exit_code != 0 and "TELEGRAM_BOT_TOKEN" in result.output


def test_every_command_has_help() -> None:
    for group, names in ((feeds_group, ["check"]), (briefing_group, ["build", "send"])):
        for name in names:
            result = CliRunner().invoke(group, [name, "--help"])
            assert result.exit_code == 0 and "Example:" in result.output
    assert "Example:" in CliRunner().invoke(regions_command, ["--help"]).output
