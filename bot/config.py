"""Settings, read once from the environment (and a local `.env`) into a frozen object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

ENGINES = ("auto", "gtts", "espeak", "edge")
EDGE_VOICES = ("gadis", "ardi")
FORMATS = ("ogg", "mp3")


DEFAULT_RATE = 30.0
"""Messages a second overall: Telegram's bulk-notification guidance (Bot FAQ, PTB FloodLimit)."""
PAID_RATE = 1000.0
"""With `allow_paid_broadcast` Telegram lets a bot send up to 1000 messages a second, paying
0.1 Telegram Stars for each message beyond the free 30 a second (Bot API 7.11)."""

DEFAULT_PORTS = frozenset({-1})
"""`parse_ports`'s answer for an empty setting: the fetcher's default policy."""


def parse_ports(text: str) -> frozenset[int] | None:
    """`SUARA_ALLOWED_PORTS`: "" → DEFAULT_PORTS, "*" → None (any), "80,443,8000-8100" → those."""
    text = text.strip()
    if not text:
        return DEFAULT_PORTS
    if text in {"*", "any", "all"}:
        return None
    ports: set[int] = set()
    for item in text.split(","):
        item = item.strip()
        low, _, high = item.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError as exc:
            raise ValueError(f"SUARA_ALLOWED_PORTS: {item!r} is not a port or range") from exc
        if not 1 <= first <= last <= 65535:
            raise ValueError(f"SUARA_ALLOWED_PORTS: {item!r} is outside 1-65535")
        ports.update(range(first, last + 1))
    return frozenset(ports)


TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ya"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "tidak"})
LOG_FORMATS = ("plain", "json")
EMPTY_POLICIES = ("note", "skip")


def _flag(value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(word)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable. Defaults run out of the box: SQLite, `audio_cache/`, gTTS."""

    telegram_token: str = ""
    telegram_api: str = "https://api.telegram.org"
    """Bot API base; the bot uses `{base}/bot` and `{base}/file/bot`."""
    db_path: str = "suara.db"
    cache_dir: str = "audio_cache"
    tts_engine: str = "auto"
    gtts_endpoint: str = ""
    """Replaces Google's batchexecute URL (tests point it at a loopback fake)."""
    gtts_concurrency: int = 4
    """Starting number of gTTS requests in flight, shared by all readings; it adapts between 1
    and twice this (halved on 429/5xx/time-out, grown back one at a time)."""
    gtts_timeout_s: float = 10.0
    gtts_retries: int = 3
    """Retries per chunk on 429/5xx/connection errors before giving up on gTTS."""
    edge_voice: str = "gadis"
    """Neural voice of the `edge` engine (and of users who pick none): "gadis" or "ardi"."""
    edge_endpoint: str = ""
    """Replaces Microsoft's read-aloud WebSocket URL (tests point it at a loopback fake)."""
    edge_timeout_s: float = 10.0
    allow_private_hosts: bool = False
    fetch_timeout_s: float = 15.0
    fetch_max_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    allowed_ports: str = ""
    """Ports the fetcher may use: "" → 80, 443, 8080, 8443; "*" → any; or "80,443,9000-9010"."""
    audio_bitrate_kbps: int = 32
    """Opus bitrate. 32 kbps keeps speech clear; about 4 minutes per MB."""
    log_level: str = "INFO"
    max_syntheses: int = 2
    """Readings synthesized at once across all users (2 cores: ffmpeg and gTTS threads)."""
    max_pending_per_user: int = 3
    rate_per_hour: int = 30
    """Readings a user may ask for in an hour."""
    article_ttl_hours: float = 24.0
    """How long a read article (and its audio) is reused before the page is fetched again."""
    cache_max_mb: int = 2000
    """Audio cache folder cap; least recently used files are removed above it."""
    part_minutes: float = 10.0
    """Long articles are sent in parts of about this many minutes."""
    admins: str = ""
    """Comma-separated Telegram user ids allowed to use admin commands."""
    queue: str = ""
    """"" runs readings in the bot process; "postgres" hands them to `suara worker` processes
    through the job queue in the PostgreSQL database of `db_path` (SUARA_DB)."""
    worker_concurrency: int = 2
    """Jobs one `suara worker` runs at once."""
    worker_stalled_s: float = 10.0
    """A worker silent this long (no heartbeat) is taken for dead: its jobs are retried."""
    log_format: str = "plain"
    """Log lines as "plain" text or "json"."""
    metrics_host: str = "127.0.0.1"
    metrics_port: int = 9464
    """Port of /metrics and /healthz; 0 turns them off."""
    regions_file: str = ""
    """A table of the packaged regions' columns that extends or corrects the packaged catalogue."""
    briefing_empty: str = "note"
    """What a briefing day without news sends: "note" (a short text) or "skip" (nothing)."""
    paid_broadcast: bool = False
    """Briefing messages set `allow_paid_broadcast` (Telegram charges Stars above 30/s)."""
    broadcast_rate: float = 0.0
    """Messages a second overall; 0 → 30, or 1000 with `paid_broadcast`."""
    podcast_dir: str = ""
    """Folder the scheduled podcast feed is written to; "" turns the feed off."""
    podcast_base_url: str = ""
    """Public URL where `podcast_dir` is served ("https://example.org/podcast")."""
    podcast_image: str = ""
    """Cover image URL of the podcast feed."""
    webhook_url: str = ""
    """`suara serve`: the public https:// URL Telegram posts updates to; "" → long polling."""
    webhook_listen: str = "127.0.0.1:8443"
    """Where the webhook server listens (HOST:PORT, behind a TLS proxy)."""
    webhook_secret: str = ""
    """Secret token Telegram sends with each update; "" → random per run."""

    @property
    def overall_rate(self) -> float:
        """The Bot API send rate in force (`broadcast_rate`, or its default)."""
        if self.broadcast_rate > 0:
            return self.broadcast_rate
        return PAID_RATE if self.paid_broadcast else DEFAULT_RATE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv: bool = True) -> Settings:
        """Build settings from `env` (default: `os.environ`, after loading `.env` if present)."""
        if env is None:
            if dotenv:
                from dotenv import load_dotenv

                load_dotenv(Path.cwd() / ".env", override=False)
            env = os.environ
        names = {
            "telegram_token": "TELEGRAM_BOT_TOKEN",
            "telegram_api": "SUARA_TELEGRAM_API",
            "db_path": "SUARA_DB",
            "cache_dir": "SUARA_CACHE_DIR",
            "tts_engine": "SUARA_TTS_ENGINE",
            "gtts_endpoint": "SUARA_GTTS_ENDPOINT",
            "gtts_concurrency": "SUARA_GTTS_CONCURRENCY",
            "gtts_timeout_s": "SUARA_GTTS_TIMEOUT",
            "gtts_retries": "SUARA_GTTS_RETRIES",
            "edge_voice": "SUARA_EDGE_VOICE",
            "edge_endpoint": "SUARA_EDGE_ENDPOINT",
            "edge_timeout_s": "SUARA_EDGE_TIMEOUT",
            "allow_private_hosts": "SUARA_ALLOW_PRIVATE_HOSTS",
            "fetch_timeout_s": "SUARA_FETCH_TIMEOUT",
            "fetch_max_bytes": "SUARA_FETCH_MAX_BYTES",
            "allowed_ports": "SUARA_ALLOWED_PORTS",
            "audio_bitrate_kbps": "SUARA_AUDIO_BITRATE",
            "log_level": "SUARA_LOG_LEVEL",
            "max_syntheses": "SUARA_MAX_SYNTHESES",
            "max_pending_per_user": "SUARA_MAX_PENDING_PER_USER",
            "rate_per_hour": "SUARA_RATE_PER_HOUR",
            "article_ttl_hours": "SUARA_ARTICLE_TTL_HOURS",
            "cache_max_mb": "SUARA_CACHE_MAX_MB",
            "part_minutes": "SUARA_PART_MINUTES",
            "admins": "SUARA_ADMINS",
            "queue": "SUARA_QUEUE",
            "worker_concurrency": "SUARA_WORKER_CONCURRENCY",
            "worker_stalled_s": "SUARA_WORKER_STALLED_S",
            "log_format": "SUARA_LOG_FORMAT",
            "metrics_host": "SUARA_METRICS_HOST",
            "metrics_port": "SUARA_METRICS_PORT",
            "regions_file": "SUARA_REGIONS_FILE",
            "briefing_empty": "SUARA_BRIEFING_EMPTY",
            "paid_broadcast": "SUARA_PAID_BROADCAST",
            "broadcast_rate": "SUARA_BROADCAST_RATE",
            "podcast_dir": "SUARA_PODCAST_DIR",
            "podcast_base_url": "SUARA_PODCAST_BASE_URL",
            "podcast_image": "SUARA_PODCAST_IMAGE",
            "webhook_url": "SUARA_WEBHOOK_URL",
            "webhook_listen": "SUARA_WEBHOOK_LISTEN",
            "webhook_secret": "SUARA_WEBHOOK_SECRET",
        }
        lowered = {"log_format", "briefing_empty"}
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, object] = {}
        for attr, var in names.items():
            raw = env.get(var)
            if raw is None or raw.strip() == "":
                continue
            kind = types[attr]
            try:
                if kind == "bool":
                    values[attr] = _flag(raw)
                elif kind == "int":
                    values[attr] = int(raw)
                elif kind == "float":
                    values[attr] = float(raw)
                else:
                    values[attr] = raw.strip().lower() if attr in lowered else raw.strip()
            except ValueError as exc:
                what = "yes/no (1 or 0)" if kind == "bool" else f"a {kind}"
                raise ValueError(f"{var} must be {what}, got {raw!r}") from exc
        if "podcast_base_url" in values:
            values["podcast_base_url"] = str(values["podcast_base_url"]).rstrip("/")
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.tts_engine not in ENGINES:
            raise ValueError(f"SUARA_TTS_ENGINE must be one of {', '.join(ENGINES)}")
        if settings.edge_voice not in EDGE_VOICES:
            raise ValueError(f"SUARA_EDGE_VOICE must be one of {', '.join(EDGE_VOICES)}")
        parse_ports(settings.allowed_ports)  # raises ValueError naming the bad item
        if settings.queue not in ("", "postgres"):
            raise ValueError("SUARA_QUEUE must be empty (in-process) or postgres")
        if settings.queue and not settings.db_path.startswith(("postgresql://", "postgres://")):
            raise ValueError("SUARA_QUEUE=postgres needs SUARA_DB=postgresql://...")
        if settings.worker_concurrency < 1:
            raise ValueError("SUARA_WORKER_CONCURRENCY must be at least 1")
        if settings.gtts_concurrency < 1:
            raise ValueError("SUARA_GTTS_CONCURRENCY must be at least 1")
        if settings.log_format not in LOG_FORMATS:
            raise ValueError(f"SUARA_LOG_FORMAT must be plain or json, got {settings.log_format!r}")
        if not 0 <= settings.metrics_port <= 65535:
            raise ValueError(f"SUARA_METRICS_PORT must be between 0 and 65535, got "
                             f"{settings.metrics_port}")  # fmt: skip
        if settings.briefing_empty not in EMPTY_POLICIES:
            raise ValueError(f"SUARA_BRIEFING_EMPTY must be note or skip, got "
                             f"{settings.briefing_empty!r}")  # fmt: skip
        if "broadcast_rate" in values and settings.broadcast_rate <= 0:
            raise ValueError("SUARA_BROADCAST_RATE must be positive")
        return settings
