"""The text stages on real saved pages (bench/data): what every listener is promised holds.

Extraction quality is measured elsewhere (bench/extraction.py, tests/extract); this checks the
speech plan made from each page: a summary of 1-4 sentences taken from the article, within the
summary's character limit, chunks within the engine's limit, and, on the Indonesian pages, no digit
left for the voice to guess.
"""

from __future__ import annotations

import re

import pytest

from bench import paths
from bot import pipeline
from bot.errors import SuaraError
from bot.text.summarize import MAX_SENTENCES
from tests.helpers.saved_pages import fundus_articles

URL = "https://example.com/berita/2026/12/05/judul-artikel-yang-cukup-panjang-12345"
SUMMARY_MAX_CHARS = 600
CHUNK_MAX_CHARS = 100
MAX_REFUSED_FUNDUS = 0

_DIGIT = re.compile(r"\d")


def _plan(article):
    return pipeline.plan_speech(article, "full", max_chars=CHUNK_MAX_CHARS)


def _check_plan(article, plan) -> list[str]:
    problems = []
    summary = plan.summary
    if not 1 <= len(summary) <= MAX_SENTENCES:
        problems.append(f"{len(summary)} summary sentences")
    if len(summary) > 1 and len(" ".join(summary)) > SUMMARY_MAX_CHARS:
        problems.append(f"summary of {len(' '.join(summary))} characters")
    body = " ".join(" ".join(p.split()) for p in article.paragraphs)
    problems += [f"not in the article: {s[:60]!r}" for s in summary if s not in body]
    if not plan.chunks:
        problems.append("no chunks")
    problems += [
        f"chunk {c.index}: {len(c.text)} characters"
        for c in plan.chunks
        if not c.text.strip() or len(c.text) > CHUNK_MAX_CHARS
    ]
    return problems


@pytest.mark.parametrize("name", sorted(paths.indonesian_pages()))
def test_indonesian_page_plan_keeps_its_promises(name: str) -> None:
    article = pipeline.article_from_html(paths.read_text(paths.indonesian_pages()[name]), URL)
    plan = _plan(article)
    assert plan.language == "id"
    assert _check_plan(article, plan) == []
    left = [c.text for c in plan.chunks if _DIGIT.search(c.text)]
    assert left == [], "digits left for the voice to guess"


def test_fundus_pages_plans_keep_their_promises() -> None:
    problems, refused = {}, []
    for name, (_, article) in fundus_articles().items():
        if isinstance(article, SuaraError):
            refused.append(f"{name}: {article}")
        elif found := _check_plan(article, _plan(article)):
            problems[name] = found
    assert problems == {}
    assert len(refused) <= MAX_REFUSED_FUNDUS, refused
