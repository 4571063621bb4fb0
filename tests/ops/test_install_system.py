"""scripts/install-system.sh on a stranger's machine: it installs what is missing, and says
plainly what it cannot fix. Run with stub commands in front of PATH (apt-get only logs)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-system.sh"

PYTHON_WITHOUT_VENV = """#!/bin/sh
case "$*" in
  *ensurepip*) exit 1 ;;
  --version) echo "Python 3.11.2" ;;
esac
exit 0
"""
PYTHON_TOO_OLD = """#!/bin/sh
case "$*" in
  --version) echo "Python 3.9.2" ;;
  *version_info*) exit 1 ;;
esac
exit 0
"""


def _run(tmp_path: Path, python: str | None) -> tuple[subprocess.CompletedProcess, str]:
    stubs = tmp_path / "bin"
    stubs.mkdir()
    log = tmp_path / "apt.log"
    scripts = {
        # Root without touching real users; every tool but Python present.
        "id": '#!/bin/sh\n[ "$1" = "-u" ] && echo 0\nexit 0\n',
        "apt-get": f'#!/bin/sh\necho "$*" >> {log}\n',
        **{tool: "#!/bin/sh\nexit 0\n" for tool in ("ffmpeg", "ffprobe", "espeak-ng", "opusenc")},
    }
    if python is not None:
        scripts["python-under-test"] = python
    for name, text in scripts.items():
        (stubs / name).write_text(text)
        (stubs / name).chmod(0o755)
    env = {
        "PATH": f"{stubs}:/usr/bin:/bin",
        "PYTHON": "python-under-test" if python is not None else "no-such-python",
    }
    done = subprocess.run(
        ["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    return done, log.read_text() if log.exists() else ""


def _postgres_installed() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


def test_python_without_venv_gets_python3_venv(tmp_path: Path) -> None:
    done, apt = _run(tmp_path, PYTHON_WITHOUT_VENV)
    assert done.returncode == 0, done.stderr
    assert "install" in apt and "python3-venv" in apt.split()
    if _postgres_installed():
        assert "postgresql" not in apt.split()


def test_python_with_venv_installs_nothing(tmp_path: Path) -> None:
    done, apt = _run(tmp_path, "#!/bin/sh\nexit 0\n")
    assert done.returncode == 0, done.stderr
    if _postgres_installed():
        assert apt == ""


def test_old_python_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    done, apt = _run(tmp_path, PYTHON_TOO_OLD)
    assert done.returncode == 1
    assert "3.11 or newer" in done.stderr and "3.9.2" in done.stderr
    assert apt == ""


def test_missing_python_is_named(tmp_path: Path) -> None:
    done, _ = _run(tmp_path, None)
    assert done.returncode == 1
    assert "no-such-python was not found" in done.stderr


def test_makefile_passes_its_python_to_the_script() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "PYTHON=$(PYTHON) bash scripts/install-system.sh" in makefile
