"""Settings from the environment."""

import pytest

from bot.config import Settings


def test_defaults_run_out_of_the_box() -> None:
    settings = Settings.from_env({})
    assert settings.db_path == "suara.db"
    assert settings.cache_dir == "audio_cache"
    assert settings.tts_engine == "auto"
    assert settings.allow_private_hosts is False
    assert settings.telegram_api == "https://api.telegram.org"


def test_environment_overrides() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": "123:abc",
            "SUARA_ALLOW_PRIVATE_HOSTS": "1",
            "SUARA_GTTS_CONCURRENCY": "2",
            "SUARA_TTS_ENGINE": "espeak",
            "SUARA_GTTS_TIMEOUT": "2.5",
        }
    )
    assert settings.telegram_token == "123:abc"
    assert settings.allow_private_hosts is True
    assert settings.gtts_concurrency == 2
    assert settings.tts_engine == "espeak"
    assert settings.gtts_timeout_s == 2.5


@pytest.mark.parametrize(
    "env",
    [
        {"SUARA_TTS_ENGINE": "robot"},
        {"SUARA_GTTS_CONCURRENCY": "many"},
        {"SUARA_GTTS_CONCURRENCY": "0"},
    ],
)
def test_bad_values_are_reported_by_name(env) -> None:
    with pytest.raises(ValueError, match="SUARA_"):
        Settings.from_env(env)


def test_config_imports_no_other_part_of_the_bot() -> None:
    import subprocess
    import sys

    code = "import sys, bot.config; print(sorted(m for m in sys.modules if m.startswith('bot.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['bot.config']"


def test_queue_settings() -> None:
    url = "postgresql://suara@db/suara"
    queued = Settings.from_env({"SUARA_DB": url, "SUARA_QUEUE": "postgres",
                                "SUARA_WORKER_CONCURRENCY": "4"})  # fmt: skip
    assert (queued.queue, queued.worker_concurrency, queued.db_path) == ("postgres", 4, url)
    assert Settings.from_env({}).queue == ""
    with pytest.raises(ValueError, match="SUARA_QUEUE=postgres needs SUARA_DB=postgresql"):
        Settings.from_env({"SUARA_QUEUE": "postgres"})
    with pytest.raises(ValueError, match="SUARA_QUEUE"):
        Settings.from_env({"SUARA_DB": url, "SUARA_QUEUE": "redis"})


def test_only_settings_reads_the_environment() -> None:
    """Every environment variable goes through `Settings`: no module but config.py reads it."""
    import re
    from pathlib import Path

    reads = re.compile(r"os\.environ|getenv\(|environ\.get\(|from os import .*environ")
    root = Path(__file__).parents[1] / "bot"
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "config.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if reads.search(line)
    ]
    assert found == []
    assert reads.search((root / "config.py").read_text("utf-8"))  # the pattern does match


def test_the_settings_moved_from_the_modules_are_read_and_checked() -> None:
    settings = Settings.from_env({
        "SUARA_METRICS_HOST": "0.0.0.0", "SUARA_METRICS_PORT": "0", "SUARA_LOG_FORMAT": "JSON",
        "SUARA_REGIONS_FILE": "extra.tsv", "SUARA_BRIEFING_EMPTY": "skip",
        "SUARA_PAID_BROADCAST": "1", "SUARA_PODCAST_DIR": "/srv/p",
        "SUARA_PODCAST_BASE_URL": "https://e.org/p/", "SUARA_PODCAST_IMAGE": "https://e.org/i.png",
    })  # fmt: skip
    assert (settings.metrics_host, settings.metrics_port, settings.log_format) == (
        "0.0.0.0", 0, "json")  # fmt: skip
    assert settings.regions_file == "extra.tsv" and settings.briefing_empty == "skip"
    assert settings.paid_broadcast and settings.overall_rate == 1000
    assert settings.podcast_base_url == "https://e.org/p" and settings.podcast_dir == "/srv/p"
    assert settings.podcast_image == "https://e.org/i.png"
    defaults = Settings.from_env({})
    assert (defaults.metrics_port, defaults.log_format, defaults.overall_rate) == (
        9464, "plain", 30)  # fmt: skip
    for bad in ({"SUARA_METRICS_PORT": "70000"}, {"SUARA_LOG_FORMAT": "xml"},
                {"SUARA_BRIEFING_EMPTY": "maybe"}, {"SUARA_PAID_BROADCAST": "perhaps"},
                {"SUARA_BROADCAST_RATE": "-1"}):  # fmt: skip
        with pytest.raises(ValueError, match=next(iter(bad))):
            Settings.from_env(bad)


def test_webhook_settings_come_from_the_environment() -> None:
    settings = Settings.from_env({"SUARA_WEBHOOK_URL": "https://bot.example.org/hook",
                                  "SUARA_WEBHOOK_LISTEN": "0.0.0.0:8443",
                                  "SUARA_WEBHOOK_SECRET": "abc"})  # fmt: skip
    assert (settings.webhook_url, settings.webhook_listen, settings.webhook_secret) == (
        "https://bot.example.org/hook", "0.0.0.0:8443", "abc")  # fmt: skip
    assert Settings.from_env({}).webhook_listen == "127.0.0.1:8443"
