"""Webhook mode: Telegram POSTs updates to us instead of the bot polling for them.

    run_webhook(settings, "https://bot.example.org/telegram", "127.0.0.1", 8443, secret)

The bot listens on plain HTTP at `listen_host:listen_port`, under the public URL's path; a reverse
proxy (Caddy, nginx, a load balancer) terminates TLS at the public URL and forwards to it.
Telegram sends the secret in the `X-Telegram-Bot-Api-Secret-Token` header of every POST and
python-telegram-bot's webhook server answers 403 to a request without it or with another one.
The handlers are the same as in polling mode: the application comes from `build_application`.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application

from bot.config import Settings

logger = logging.getLogger(__name__)

WEBHOOK_URL_ENV = "SUARA_WEBHOOK_URL"
WEBHOOK_LISTEN_ENV = "SUARA_WEBHOOK_LISTEN"
WEBHOOK_SECRET_ENV = "SUARA_WEBHOOK_SECRET"
DEFAULT_LISTEN = "127.0.0.1:8443"
MAX_CONNECTIONS = 40
"""Telegram's default: updates delivered to us in parallel at most."""
BOOTSTRAP_RETRIES = 5
"""setWebhook attempts at start before giving up (the service manager then restarts us)."""
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
"""What Telegram accepts as secret_token."""


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    public_url: str
    """The HTTPS URL Telegram posts to (registered with setWebhook)."""
    listen_host: str
    listen_port: int
    secret_token: str

    @property
    def url_path(self) -> str:
        """The local path we serve: the public URL's path ("" for the root)."""
        return urlsplit(self.public_url).path.strip("/")

    def updater_kwargs(self) -> dict[str, Any]:
        """Arguments shared by `Updater.start_webhook` and `Application.run_webhook`."""
        return {
            "listen": self.listen_host,
            "port": self.listen_port,
            "url_path": self.url_path,
            "webhook_url": self.public_url,
            "secret_token": self.secret_token,
            "allowed_updates": Update.ALL_TYPES,
            "max_connections": MAX_CONNECTIONS,
            "bootstrap_retries": BOOTSTRAP_RETRIES,
        }


def parse_listen(value: str) -> tuple[str, int]:
    """"HOST:PORT", "[::1]:PORT" or ":PORT" (all interfaces) → (host, port)."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"listen address must be HOST:PORT, got {value!r}")
    host = host.strip("[]") or "0.0.0.0"
    return host, int(port)


def new_secret() -> str:
    """A fresh random secret token (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def webhook_config(
    public_url: str, listen_host: str, listen_port: int, secret_token: str = ""
) -> WebhookConfig:
    """Check the values Telegram would refuse, before anything starts. Raises ValueError.

    Without a secret, a random one is made for this run: fine for one instance; several
    instances behind a load balancer need the same SUARA_WEBHOOK_SECRET.
    """
    parts = urlsplit(public_url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"the webhook URL must be an https:// URL, got {public_url!r}")
    if parts.query or parts.fragment:
        raise ValueError("the webhook URL must not have a query or fragment")
    if not 0 < listen_port < 65536:
        raise ValueError(f"listen port out of range: {listen_port}")
    if not secret_token:
        logger.warning("no webhook secret given: using a random one for this run")
        secret_token = new_secret()
    elif not _SECRET.match(secret_token):
        raise ValueError("the webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return WebhookConfig(public_url, listen_host, listen_port, secret_token)


async def start_webhook(application: Application, config: WebhookConfig) -> None:
    """Register the webhook and start serving it on an initialized application.

    For callers that run the application themselves (tests); `run_webhook` does it all.
    """
    assert application.updater is not None
    await application.updater.start_webhook(**config.updater_kwargs())


def run_webhook(
    settings: Settings,
    public_url: str,
    listen_host: str,
    listen_port: int,
    secret_token: str,
    application: Application | None = None,
) -> None:
    """Run the bot in webhook mode until SIGINT/SIGTERM (blocking), like `run_polling`."""
    config = webhook_config(public_url, listen_host, listen_port, secret_token)
    if application is None:
        from bot.chat.app import build_application

        application = build_application(settings)
    logger.info(
        "webhook mode: listening on %s:%d/%s for %s",
        config.listen_host, config.listen_port, config.url_path, urlsplit(public_url).hostname,
    )  # fmt: skip
    kwargs = config.updater_kwargs()
    application.run_webhook(**kwargs)


__all__ = [
    "WebhookConfig",
    "new_secret",
    "parse_listen",
    "run_webhook",
    "start_webhook",
    "webhook_config",
]
