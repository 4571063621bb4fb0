"""The fundus pages of bench/data, extracted once per test run (several tests read them)."""

from __future__ import annotations

from functools import cache

from bench import paths
from bot.errors import SuaraError
from bot.extract import extract_article
from bot.models import Article


@cache
def fundus_articles() -> dict[str, tuple[str, Article | SuaraError]]:
    """Page name → (its ground-truth body, the extracted article or the error a listener hears)."""
    truth = paths.read_json(paths.FUNDUS / "ground-truth.json.gz")
    extracted: dict[str, tuple[str, Article | SuaraError]] = {}
    for name, item in sorted(truth.items()):
        html = paths.read_text(paths.FUNDUS / "pages" / name)
        try:
            extracted[name] = (item["articleBody"], extract_article(html, item["url"]))
        except SuaraError as error:
            extracted[name] = (item["articleBody"], error)
    return extracted
