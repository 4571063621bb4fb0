"""The real `suara serve` process: SIGTERM finishes work in flight; SIGKILL is reported later."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.chat.pages import article_html

CHAT = 7373


def _start(fake_telegram, fake_gtts, tmp_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": "123456:PROCESS-TEST",
        "SUARA_TELEGRAM_API": fake_telegram.base,
        "SUARA_GTTS_ENDPOINT": fake_gtts.url,
        "SUARA_DB": str(tmp_path / "suara.db"),
        "SUARA_CACHE_DIR": str(tmp_path / "cache"),
        "SUARA_ALLOW_PRIVATE_HOSTS": "1",
        "SUARA_GTTS_CONCURRENCY": "1",
        "NO_PROXY": "*",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    fake_telegram.wait_for_sync("getUpdates", timeout=30)
    return process


def test_sigterm_finishes_the_reading_in_flight(fake_telegram, fake_gtts, page_server, tmp_path):
    fake_gtts.latency_s = 0.15
    url = page_server.add("/berita/2026/11/27/sigterm", article_html("Berhenti Dengan Sopan"))
    process = _start(fake_telegram, fake_gtts, tmp_path)
    try:
        fake_telegram.user_text(CHAT, url)
        fake_telegram.wait_for_sync("sendMessage", chat_id=CHAT, timeout=30)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=90)
    finally:
        process.kill()
    assert process.returncode == 0, output[-2000:]
    assert len(fake_telegram.calls_of("sendVoice", chat_id=CHAT)) == 2
    assert "Traceback" not in output


def test_sigkill_is_reported_to_the_listener_after_restart(
    fake_telegram, fake_gtts, page_server, tmp_path
):
    fake_gtts.latency_s = 1.0
    url = page_server.add("/berita/2026/11/27/sigkill", article_html("Terputus Tiba-tiba"))
    process = _start(fake_telegram, fake_gtts, tmp_path)
    try:
        fake_telegram.user_text(CHAT, url)
        fake_telegram.wait_for_sync("sendMessage", chat_id=CHAT, timeout=30)
        time.sleep(0.3)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        process.kill()
    mark = fake_telegram.mark()
    fake_gtts.latency_s = 0.0
    again = _start(fake_telegram, fake_gtts, tmp_path)
    try:
        notes = fake_telegram.wait_for_sync("sendMessage", chat_id=CHAT, timeout=30, since=mark)
        assert "terputus" in notes[0].text and url in notes[0].text
    finally:
        again.send_signal(signal.SIGTERM)
        again.communicate(timeout=60)
    reported = [
        c for c in fake_telegram.calls_of("sendMessage", chat_id=CHAT) if "terputus" in c.text
    ]
    assert len(reported) == 1
