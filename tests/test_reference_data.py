"""The reference data travels with the repository, complete, and a missing set is a loud error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import paths
from tests.conftest import ALLOWED_SKIPS


def test_every_set_is_in_the_repository_and_complete() -> None:
    assert len(paths.read_json(paths.AEB / "ground-truth.json.gz")) == 181
    assert len(list((paths.AEB / "html").glob("*.html.gz"))) == 181
    fundus = paths.read_json(paths.FUNDUS / "ground-truth.json.gz")
    assert len(fundus) == 136 and set(fundus) == set(paths.fundus_pages())
    pages = paths.indonesian_pages()
    assert len(pages) == 16
    assert set(paths.read_json(paths.INDONESIAN_PAGES / "ground-truth.json.gz")) == set(pages)
    assert len(paths.read_jsonl(paths.INDOSUM_DEV)) == 750
    assert len(paths.read_text(paths.REGIONS_RESEARCH).splitlines()) > 90


def test_every_set_keeps_its_licence_beside_it() -> None:
    for licence in ("aeb/LICENSE", "fundus/LICENSE", "indonesian-pages/LICENSE"):
        assert "MIT License" in (paths.DATA / licence).read_text()
    assert "CC BY-SA 4.0" in (paths.DATA / "indosum" / "README.txt").read_text().replace(
        "\n", " "
    ) or "Attribution-ShareAlike 4.0" in (paths.DATA / "indosum" / "README.txt").read_text()


def test_a_missing_set_is_an_error_that_names_it(tmp_path: Path) -> None:
    with pytest.raises(paths.MissingDataError, match=r"gone\.jsonl\.gz"):
        paths.read_text(paths.DATA / "gone.jsonl.gz")


def test_a_skip_for_missing_data_fails_the_run(tmp_path: Path) -> None:
    """The conftest hook turns any skip not in ALLOWED_SKIPS into a failure."""
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_makereport  # noqa: F401\n"
    )
    (tmp_path / "test_gate.py").write_text(
        "import pytest\n"
        "def test_gate():\n"
        "    pytest.skip('IndoSum data not available')\n"
        "def test_tool():\n"
        f"    pytest.skip({ALLOWED_SKIPS[0]!r})\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={"PYTHONPATH": str(root), "PATH": __import__("os").environ["PATH"]},
    )  # fmt: skip
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 skipped" in done.stdout
    assert "not allowed" in done.stdout


def test_no_tracked_file_names_a_path_outside_the_repository() -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        ["bash", str(root / "scripts" / "check-standalone.sh")], capture_output=True, text=True,
        cwd=root, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
