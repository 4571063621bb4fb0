"""Operator commands through click's runner: db backup, db migrate, serve's checks, help."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.ops.cli import db_group, doctor_command, serve_command
from bot.store.db import open_db
from bot.store.migrations import MIGRATIONS
from tests.ops.conftest import TOKEN

LATEST = MIGRATIONS[-1][0]


def run(command: click.Command, args: list[str], env: dict[str, str]):
    return CliRunner().invoke(command, args, env=env, catch_exceptions=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUARA_DB": str(tmp_path / "suara.db"), "SUARA_CACHE_DIR": str(tmp_path / "cache")}


def test_db_backup_writes_a_checked_copy(env, tmp_path: Path) -> None:
    async def prepare() -> None:
        db = await open_db(env["SUARA_DB"])
        await db.execute(
            "INSERT INTO users (user_id, chat_id, created_at, updated_at) VALUES (1, 1, 'x', 'x')"
        )
        await db.close()

    asyncio.run(prepare())
    target = tmp_path / "backups" / "nightly.db"
    result = run(db_group, ["backup", str(target)], env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Backup: {target} (") and f"schema {LATEST}" in result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT user_id FROM users").fetchall() == [(1,)]

    again = CliRunner().invoke(db_group, ["backup", str(target)], env=env)
    assert again.exit_code == 1 and "exists" in again.output and "--force" in again.output
    forced = run(db_group, ["backup", str(target), "--force"], env)
    assert forced.exit_code == 0


def test_db_backup_without_a_database_is_one_line(env, tmp_path: Path) -> None:
    result = CliRunner().invoke(db_group, ["backup", str(tmp_path / "copy.db")], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: no database at {env['SUARA_DB']}"


def test_db_migrate_dry_run_lists_and_writes_nothing(env) -> None:
    result = run(db_group, ["migrate", "--dry-run"], env)
    assert result.output.split() == [name for name, _ in MIGRATIONS]
    assert not Path(env["SUARA_DB"]).exists()


def test_db_migrate_applies_then_has_nothing_left(env) -> None:
    first = run(db_group, ["migrate"], env)
    assert first.exit_code == 0
    assert [line for line in first.output.splitlines() if line.startswith("Applied")] == [
        f"Applied {name}" for name, _ in MIGRATIONS
    ]
    with sqlite3.connect(env["SUARA_DB"]) as db:
        assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    second = run(db_group, ["migrate"], env)
    assert "Applied" not in second.output and f"is at {LATEST}" in second.output
    assert run(db_group, ["migrate", "--dry-run"], env).output.strip() == "Nothing to migrate."


def test_serve_without_token_explains(env) -> None:
    result = CliRunner().invoke(serve_command, [], env={**env, "TELEGRAM_BOT_TOKEN": ""})
    assert result.exit_code == 1 and "@BotFather" in result.output


@pytest.mark.parametrize(
    ("args", "extra_env", "message"),
    [
        (["--listen", "127.0.0.1:8443"], {}, "only apply with --webhook"),
        (["--secret", "abc"], {}, "only apply with --webhook"),
        (["--webhook", "http://bot.example.org/hook"], {}, "https"),
        (["--webhook", "https://bot.example.org/hook", "--listen", "8443"], {}, "HOST:PORT"),
        (["--webhook", "https://bot.example.org/hook", "--secret", "a b"], {}, "secret"),
        ([], {"SUARA_WEBHOOK_URL": "ftp://bot.example.org"}, "https"),
        ([], {"SUARA_LOG_FORMAT": "xml"}, "SUARA_LOG_FORMAT"),
        ([], {"SUARA_METRICS_PORT": "many"}, "SUARA_METRICS_PORT"),
    ],
)
def test_serve_refuses_bad_options_before_starting(
    env, args: list[str], extra_env: dict[str, str], message: str
) -> None:
    full_env = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "SUARA_WEBHOOK_URL": "", **extra_env}
    result = CliRunner().invoke(serve_command, args, env=full_env)
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output


def test_listen_from_the_environment_alone_keeps_polling_mode(env, monkeypatch) -> None:
    """A compose file may set SUARA_WEBHOOK_LISTEN for everyone; without a URL it is unused."""
    started = []
    monkeypatch.setattr(
        "telegram.ext.Application.run_polling", lambda self, **kw: started.append(kw)
    )
    full_env = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "SUARA_WEBHOOK_URL": "",
                "SUARA_WEBHOOK_LISTEN": "0.0.0.0:8443", "SUARA_METRICS_PORT": "0"}  # fmt: skip
    result = CliRunner().invoke(serve_command, [], env=full_env)
    assert result.exit_code == 0, result.output
    assert len(started) == 1 and started[0]["allowed_updates"]


def every_command() -> list[tuple[str, click.Command]]:
    found = [("doctor", doctor_command), ("serve", serve_command)]
    found += [(f"db {name}", command) for name, command in db_group.commands.items()]
    return found


@pytest.mark.parametrize(("name", "command"), every_command(), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0
    assert "Example: suara " in result.output, name


def test_db_commands_on_postgresql(postgres, tmp_path: Path) -> None:
    """SUARA_DB=postgresql://…: migrate works, backup points to pg_dump, doctor checks it."""
    url = postgres.new_database()
    env = {"SUARA_DB": url, "SUARA_CACHE_DIR": str(tmp_path / "cache")}
    assert run(db_group, ["migrate", "--dry-run"], env).output.split() == [
        name for name, _ in MIGRATIONS
    ]
    migrated = run(db_group, ["migrate"], env)
    assert migrated.exit_code == 0 and f"is at {LATEST}" in migrated.output
    assert run(db_group, ["migrate", "--dry-run"], env).output.strip() == "Nothing to migrate."
    backup = CliRunner().invoke(db_group, ["backup", str(tmp_path / "x.db")], env=env)
    assert backup.exit_code == 1 and "pg_dump" in backup.output
    assert not (tmp_path / "x.db").exists()
    from bot.config import Settings
    from bot.ops.doctor import OK, check_database

    check = asyncio.run(check_database(Settings.from_env(env, dotenv=False).db_path))
    assert check.status == OK and f"{len(MIGRATIONS)} migration(s) applied" in check.detail
