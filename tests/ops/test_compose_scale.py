"""The compose file's `scale` profile (PostgreSQL, two webhook bots, two workers), checked
statically: this machine has no Docker engine, so `docker compose config` cannot run."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import yaml
from dotenv import dotenv_values

from bot.cli import cli

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SCALED = ("postgres", "bot-1", "bot-2", "worker-1", "worker-2")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _parses(argv: list[str]) -> None:
    """The command line is one the `suara` CLI accepts (options exist, values fit)."""
    name, *args = argv
    command = cli.commands[name]
    with click.Context(command) as ctx:
        command.parse_args(ctx, list(args))


def test_profiles_split_single_from_scale(compose) -> None:
    services = compose["services"]
    assert services["bot"]["profiles"] == ["single"]
    assert all(services[name]["profiles"] == ["scale"] for name in SCALED)
    assert set(services) == {"bot", *SCALED}
    assert dotenv_values(DEPLOY / ".env.example")["COMPOSE_PROFILES"] == "single"


def test_bots_are_webhook_instances_on_postgres_with_the_queue(compose) -> None:
    ports = []
    for name in ("bot-1", "bot-2"):
        bot = compose["services"][name]
        assert bot["command"][:2] == ["serve", "--webhook"]
        _parses([arg.replace("${SUARA_WEBHOOK_URL:?set SUARA_WEBHOOK_URL in deploy/.env}",
                             "https://bot.example.org/telegram") for arg in bot["command"]])
        env = bot["environment"]
        assert env["SUARA_QUEUE"] == "postgres"
        assert re.fullmatch(r"postgresql://suara:\$\{POSTGRES_PASSWORD:\?\}@postgres:5432/suara",
                            env["SUARA_DB"])  # fmt: skip
        assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert bot["read_only"] is True and bot["cap_drop"] == ["ALL"]
        ports += bot["ports"]
    assert len(set(ports)) == 2 and all(p.startswith("127.0.0.1:") for p in ports)


def test_workers_have_health_checks_that_match_their_names(compose) -> None:
    for name in ("worker-1", "worker-2"):
        worker = compose["services"][name]
        assert worker["command"] == ["worker", "--name", name]
        _parses(worker["command"])
        test = worker["healthcheck"]["test"]
        assert test[:2] == ["CMD", "suara"] and test[2:] == ["worker", "--health", "--name", name]
        _parses(test[2:])
        assert worker["environment"]["SUARA_QUEUE"] == "postgres"
        assert worker["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert "ports" not in worker  # workers take no inbound connections


def test_postgres_has_a_health_check_a_password_and_a_volume(compose) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert "POSTGRES_PASSWORD:?" in postgres["environment"]["POSTGRES_PASSWORD"]
    assert "ports" not in postgres  # reached by the other services only


def test_every_named_volume_is_declared(compose) -> None:
    used = {volume.split(":", 1)[0] for service in compose["services"].values()
            for volume in service.get("volumes", [])}  # fmt: skip
    assert used == set(compose["volumes"])
    caches = [v for name in ("bot-1", "bot-2", "worker-1", "worker-2")
              for v in compose["services"][name]["volumes"]]  # fmt: skip
    assert len(set(caches)) == 4  # no audio cache is shared: file_ids travel through PostgreSQL
