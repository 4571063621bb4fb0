"""Operator commands, as click objects for the `suara` group.

    cli.add_command(doctor_command)   # suara doctor [--no-feeds] [--json]
    cli.add_command(db_group)         # suara db backup PATH [--force] | db migrate [--dry-run]
    cli.add_command(serve_command)    # suara serve [--webhook URL --listen HOST:PORT --secret S]
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import aiosqlite
import click
from click.core import ParameterSource

from bot.config import Settings
from bot.ops import doctor
from bot.ops.backup import BackupError, backup_database
from bot.ops.logs import setup_logging
from bot.ops.metrics import MetricsAddress, attach, metrics_address
from bot.ops.webhook import (
    DEFAULT_LISTEN,
    WEBHOOK_LISTEN_ENV,
    WEBHOOK_SECRET_ENV,
    WEBHOOK_URL_ENV,
    new_secret,
    parse_listen,
    run_webhook,
    webhook_config,
)
from bot.store.database import display_target, is_postgres_url
from bot.store.db import open_db
from bot.store.migrations import MIGRATIONS
from bot.store.migrations_postgres import MIGRATIONS as POSTGRES_MIGRATIONS

logger = logging.getLogger(__name__)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("doctor")
@click.option("--no-feeds", is_flag=True, help="Skip fetching the briefing feeds.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one check a line.")
def doctor_command(no_feeds: bool, as_json: bool) -> None:
    """Check that this machine can run the bot; exit 1 when a check fails.

    Checks ffmpeg, espeak-ng, the database (writable, migrated), the audio cache folder, the bot
    token (getMe) and the briefing feeds. Changes nothing.

    Example: suara doctor --no-feeds
    """
    settings = _settings()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines hold the token
    checks = asyncio.run(doctor.run_doctor(settings, feeds=not no_feeds))
    if as_json:
        for check in checks:
            record = {"name": check.name, "status": check.status, "detail": check.detail}
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        click.echo(doctor.format_report(checks))
    if not all(check.ok for check in checks):
        raise SystemExit(1)


@click.group("db")
def db_group() -> None:
    """The SQLite database: online backup and schema migrations."""


@db_group.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def db_backup(path: str, force: bool) -> None:
    """Copy the database to PATH with SQLite's online backup (safe while the bot runs).

    The copy is a single self-contained file, checked with PRAGMA integrity_check. To restore:
    stop the bot, copy the file over SUARA_DB, delete SUARA_DB-wal and SUARA_DB-shm, start it.

    Example: suara db backup /var/backups/suara/suara-$(date +%F).db
    """
    settings = _settings()
    if is_postgres_url(settings.db_path):
        raise click.ClickException(
            "SUARA_DB is PostgreSQL: back it up with pg_dump, e.g. "
            "pg_dump --format=custom --file=suara.dump \"$SUARA_DB\" "
            "(restore with pg_restore; see deploy/OPERATING.md)."
        )
    try:
        result = asyncio.run(backup_database(settings.db_path, path, overwrite=force))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    latest = result.migrations[-1] if result.migrations else "none"
    click.echo(
        f"Backup: {result.path} ({result.size_bytes / 1e6:.1f} MB, {result.seconds:.2f} s, "
        f"schema {latest})"
    )


async def _pending(path: str) -> list[str]:
    """Migrations not yet applied to the database at `path`, read without writing anything."""
    if is_postgres_url(path):
        db = await open_db(path, migrate_schema=False)
        try:
            applied = await doctor.applied_migrations(db)
        finally:
            await db.close()
        return [name for name, _ in POSTGRES_MIGRATIONS if name not in applied]
    known = [name for name, _ in MIGRATIONS]
    if path != ":memory:" and not Path(path).exists():
        return known
    async with aiosqlite.connect(path) as db:
        applied = await doctor.applied_migrations(db)
    return [name for name in known if name not in applied]


@db_group.command("migrate")
@click.option("--dry-run", is_flag=True, help="List pending migrations; change nothing.")
def db_migrate(dry_run: bool) -> None:
    """Apply pending schema migrations (the bot also applies them at every start).

    Each migration runs in one transaction with the row that records it; running twice is safe.

    Example: suara db migrate --dry-run
    """
    settings = _settings()
    pending = asyncio.run(_pending(settings.db_path))
    if dry_run:
        click.echo("\n".join(pending) if pending else "Nothing to migrate.")
        return

    async def run() -> None:
        db = await open_db(settings.db_path)  # migrates
        await db.close()

    asyncio.run(run())
    for name in pending:
        click.echo(f"Applied {name}")
    click.echo(f"Database {display_target(settings.db_path)} is at {MIGRATIONS[-1][0]}.")


def _typed(ctx: click.Context, name: str) -> bool:
    """Whether the option was given on the command line (not from the environment)."""
    return ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE


@click.command("serve")
@click.option("--webhook", "public_url", metavar="PUBLIC_URL",
              help=f"Webhook mode: the https:// URL Telegram posts to [env {WEBHOOK_URL_ENV}]. "
              "Default: long polling.")  # fmt: skip
@click.option("--listen", default=None, metavar="HOST:PORT", help="Where the webhook server "
              f"listens [env {WEBHOOK_LISTEN_ENV}, default {DEFAULT_LISTEN}].")  # fmt: skip
@click.option("--secret", metavar="TOKEN",
              help=f"Secret token Telegram sends with each update [env {WEBHOOK_SECRET_ENV}]; "
              "random per run if not given.")  # fmt: skip
@click.option("--metrics-port", type=int, default=None, metavar="PORT",
              help="Port of /metrics and /healthz [env SUARA_METRICS_PORT, default 9464; "
              "0 turns them off].")  # fmt: skip
@click.pass_context
def serve_command(
    ctx: click.Context,
    public_url: str | None,
    listen: str | None,
    secret: str | None,
    metrics_port: int | None,
) -> None:
    """Run the Telegram bot: long polling, or a webhook with --webhook. Needs TELEGRAM_BOT_TOKEN.

    Schema migrations run at start. SIGINT or SIGTERM stop the bot cleanly.

    Example: suara serve --webhook https://bot.example.org/telegram --listen 127.0.0.1:8443
    """
    settings = _settings()
    if not settings.telegram_token:
        raise click.ClickException(
            "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), "
            "then put TELEGRAM_BOT_TOKEN=<token> in .env or the environment."
        )
    if not public_url and (_typed(ctx, "listen") or _typed(ctx, "secret")):
        raise click.ClickException("--listen and --secret only apply with --webhook")
    # Options on the command line win over their settings (SUARA_WEBHOOK_*).
    public_url = public_url or settings.webhook_url
    listen = listen or settings.webhook_listen
    secret = secret or settings.webhook_secret
    address = metrics_address(settings)
    try:
        if metrics_port is not None:
            address = MetricsAddress(address.host, metrics_port)
        config = None
        if public_url:
            host, port = parse_listen(listen)
            config = webhook_config(public_url, host, port, secret or new_secret())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    secrets = [settings.telegram_token, config.secret_token if config else ""]
    setup_logging(settings.log_level, settings.log_format, secrets=secrets)
    if config is not None and not secret:
        logger.warning(
            "no %s: using a random webhook secret for this run (several instances behind one "
            "URL need the same secret)", WEBHOOK_SECRET_ENV,
        )  # fmt: skip

    from telegram import Update

    from bot.chat.app import build_application

    application = build_application(settings)
    if address.enabled:
        attach(application, address)
    if config is not None:
        run_webhook(
            settings, config.public_url, config.listen_host, config.listen_port,
            config.secret_token, application=application,
        )  # fmt: skip
    else:
        logger.info("polling mode: asking Telegram for updates")
        application.run_polling(allowed_updates=Update.ALL_TYPES)


@click.command("worker")
@click.option("--concurrency", type=int, default=None,
              help="Jobs run at once [env SUARA_WORKER_CONCURRENCY, default 2].")
@click.option("--name", default=None, help="Worker name in logs (default: the host name).")
@click.option("--health", is_flag=True,
              help="Exit 0 if the worker NAME on this machine is alive (container health check).")
def worker_command(concurrency: int | None, name: str | None, health: bool) -> None:
    """Run queued jobs (readings and briefing ticks) from the PostgreSQL job queue.

    Needs SUARA_DB=postgresql://... and TELEGRAM_BOT_TOKEN; bot instances hand readings over with
    SUARA_QUEUE=postgres. Start as many workers as you like, on any machine; SIGINT or SIGTERM
    let running jobs finish.

    Example: SUARA_DB=postgresql://suara@db/suara suara worker --concurrency 4
    """
    settings = _settings()
    if health:
        import socket

        from bot.queue.app import is_alive

        if not is_alive(name or socket.gethostname(), settings.worker_stalled_s):
            raise click.ClickException("the worker has not checked the queue recently")
        click.echo("ok")
        return
    if not is_postgres_url(settings.db_path):
        raise click.ClickException("suara worker needs SUARA_DB=postgresql://... (the job queue)")
    if not settings.telegram_token:
        raise click.ClickException("TELEGRAM_BOT_TOKEN is not set: workers send the voice notes.")
    setup_logging(settings.log_level, settings.log_format, secrets=[settings.telegram_token])
    from bot.queue.app import run_worker

    asyncio.run(run_worker(settings, concurrency or settings.worker_concurrency, name=name))


__all__ = ["db_group", "doctor_command", "serve_command", "worker_command"]
