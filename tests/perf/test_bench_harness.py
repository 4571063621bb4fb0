"""The benchmark helpers count right (the figures in the README come from them)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "bench"


@pytest.fixture(scope="module")
def harness():
    sys.path.insert(0, str(BENCH))
    try:
        import harness

        yield harness
    finally:
        sys.path.remove(str(BENCH))


def test_percentile_is_nearest_rank(harness) -> None:
    values = [float(n) for n in range(1, 21)]  # 1..20
    assert harness.percentile(values, 0.95) == 19.0
    assert harness.percentile(values, 0.5) == 10.0
    assert harness.percentile(list(reversed(values)), 1.0) == 20.0
    assert harness.percentile([7.0], 0.95) == 7.0


def test_long_articles_have_about_the_minutes_asked_for(harness) -> None:
    from bot import pipeline

    for minutes in (2, 10):
        article = harness.long_article(minutes)
        seconds = pipeline.estimate_seconds(article.text)
        assert minutes * 60 <= seconds < minutes * 60 + 120  # whole paragraphs, one may spill
        assert " ." not in article.text and " ," not in article.text  # detokenized


def test_every_goal_script_is_run_by_perf_and_documented() -> None:
    perf = ast.parse((BENCH / "perf.py").read_text())
    scripts = next(
        ast.literal_eval(node.value)
        for node in perf.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SCRIPTS"
    )
    for name in scripts:
        source = (BENCH / f"{name}.py").read_text()
        docstring = ast.get_docstring(ast.parse(source)) or ""
        assert f"bench/{name}.py" in docstring, name  # says how to run it
        assert "harness.report(" in source, name  # prints the shared table / JSON
