"""Webhook mode: updates POSTed with the secret token are answered, others refused with 403."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.chat.app import build_application
from bot.ops.webhook import new_secret, parse_listen, start_webhook, webhook_config
from tests.ops.conftest import TOKEN, free_port

CHAT = 4343
PUBLIC_URL = "https://bot.example.test/telegram"
SECRET = "s3cret_Token-for-tests"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def test_update_with_the_secret_is_answered_and_others_refused(
    bot_settings, fake_telegram
) -> None:
    port = free_port()
    config = webhook_config(PUBLIC_URL, "127.0.0.1", port, SECRET)
    application = build_application(bot_settings)
    async with application:
        await application.post_init(application)
        await application.start()
        await start_webhook(application, config)
        try:
            [registered] = fake_telegram.calls_of("setWebhook")
            assert registered.params["url"] == PUBLIC_URL
            assert registered.params["secret_token"] == SECRET
            url = f"http://127.0.0.1:{port}/telegram"
            async with httpx.AsyncClient(timeout=5) as client:
                start = fake_telegram.user_text(CHAT, "/start")
                accepted = await client.post(url, json=start, headers={HEADER: SECRET})
                assert accepted.status_code == 200
                [welcome] = await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
                assert "Suara Berita" in welcome.text

                forged = fake_telegram.user_text(CHAT, "/bantuan")
                without = await client.post(url, json=forged)
                wrong = await client.post(url, json=forged, headers={HEADER: "guess"})
                assert without.status_code == 403 and wrong.status_code == 403

                again = fake_telegram.user_text(CHAT, "/start")
                assert (await client.post(url, json=again, headers={HEADER: SECRET})).is_success
                replies = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT)
            assert [r.text for r in replies] == [welcome.text, welcome.text]  # no help text
            assert not fake_telegram.calls_of("getUpdates")  # no polling in webhook mode
        finally:
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)


def test_serve_webhook_end_to_end(tmp_path: Path, fake_telegram) -> None:
    """`serve --webhook` in its own process: health, an answered update, JSON logs, SIGTERM."""
    hook_port, metrics_port = free_port(), free_port()
    env = {
        **os.environ,
        "NO_PROXY": "*",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "SUARA_TELEGRAM_API": fake_telegram.base,
        "SUARA_DB": str(tmp_path / "suara.db"),
        "SUARA_CACHE_DIR": str(tmp_path / "cache"),
        "SUARA_TTS_ENGINE": "espeak",
        "SUARA_METRICS_PORT": str(metrics_port),
        "SUARA_LOG_FORMAT": "json",
        "SUARA_WEBHOOK_SECRET": SECRET,
    }
    command = [
        sys.executable, "-c", "from bot.ops.cli import serve_command; serve_command()",
        "--webhook", PUBLIC_URL, "--listen", f"127.0.0.1:{hook_port}",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        health = wait_healthy(f"http://127.0.0.1:{metrics_port}/healthz", process)
        assert health == {"status": "ok", "version": health["version"], "bot": "ok",
                          "database": "ok"}  # fmt: skip
        update = fake_telegram.user_text(CHAT, "/start")
        answer = httpx.post(
            f"http://127.0.0.1:{hook_port}/telegram", json=update, headers={HEADER: SECRET}
        )
        assert answer.status_code == 200
        fake_telegram.wait_for_sync("sendMessage", chat_id=CHAT, timeout=20)
        refused = httpx.post(f"http://127.0.0.1:{hook_port}/telegram", json=update)
        assert refused.status_code == 403
        metrics = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text
        assert "suara_queue_length 0.0" in metrics and "process_resident_memory_bytes" in metrics
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            _out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
    assert process.returncode == 0, err[-3000:]
    records = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert any("webhook mode" in r["msg"] for r in records)
    assert TOKEN not in err and SECRET not in err
    assert all(r["level"] in {"DEBUG", "INFO", "WARNING"} for r in records), err[-3000:]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.stderr.read()[-3000:]}")
        try:
            answer = httpx.get(url, timeout=1)
            if answer.status_code == 200:
                return answer.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} not healthy within {timeout} s")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("127.0.0.1:8443", ("127.0.0.1", 8443)),
        ("0.0.0.0:80", ("0.0.0.0", 80)),
        (":8443", ("0.0.0.0", 8443)),
        ("[::1]:8443", ("::1", 8443)),
        ("localhost:88", ("localhost", 88)),
    ],
)
def test_parse_listen(value: str, expected: tuple[str, int]) -> None:
    assert parse_listen(value) == expected


@pytest.mark.parametrize("value", ["8443", "host:", "host:port", "host:0", "host:70000", ""])
def test_parse_listen_refuses(value: str) -> None:
    with pytest.raises(ValueError, match="HOST:PORT"):
        parse_listen(value)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://bot.example.org/telegram", "telegram"),
        ("https://bot.example.org/a/b/", "a/b"),
        ("https://bot.example.org", ""),
        ("https://bot.example.org:8443/hook", "hook"),
    ],
)
def test_url_path_follows_the_public_url(url: str, path: str) -> None:
    assert webhook_config(url, "127.0.0.1", 8443, SECRET).url_path == path


@pytest.mark.parametrize(
    ("url", "secret", "message"),
    [
        ("http://bot.example.org/hook", SECRET, "https"),
        ("bot.example.org/hook", SECRET, "https"),
        ("https:///hook", SECRET, "https"),
        ("https://bot.example.org/hook?x=1", SECRET, "query"),
        ("https://bot.example.org/hook", "has spaces", "secret"),
        ("https://bot.example.org/hook", "x" * 257, "secret"),
    ],
)
def test_webhook_config_refuses_what_telegram_would(url: str, secret: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        webhook_config(url, "127.0.0.1", 8443, secret)


def test_missing_secret_gets_a_random_valid_one() -> None:
    first = webhook_config(PUBLIC_URL, "127.0.0.1", 8443, "").secret_token
    second = webhook_config(PUBLIC_URL, "127.0.0.1", 8443, "").secret_token
    assert first != second and len(first) >= 32
    assert webhook_config(PUBLIC_URL, "127.0.0.1", 8443, new_secret()).secret_token
