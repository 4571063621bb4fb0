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
