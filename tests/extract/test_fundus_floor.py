"""The fundus pages (136 publishers, 30+ countries, bench/data/fundus) as a regression floor.

The full comparison with readability and trafilatura, and the leave-publisher-out figures, are
in bench/extraction.py; this only keeps the shipped extractor from sliding back. The shipped
block model saw these pages in training, so the floor is an in-sample figure minus a margin.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.errors import SuaraError
from bot.extract.boilerplate import has_boilerplate
from tests.helpers.saved_pages import fundus_articles

FLOOR_F1 = 0.95
MAX_REFUSED = 0

_TOKEN = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens)


def _f1(pairs: list[tuple[str, str]]) -> float:
    """The ScrapingHub benchmark's page-averaged shingle F1 (as bench/extraction.py)."""
    precisions, recalls = [], []
    for truth, predicted in pairs:
        true, pred = _shingles(truth), _shingles(predicted)
        tp = sum((true & pred).values())
        fp, fn = sum((pred - true).values()), sum((true - pred).values())
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    return 2 * precision * recall / (precision + recall)


def test_fundus_pages_read_above_the_floor_with_no_boilerplate() -> None:
    pairs, refused, spoken = [], [], []
    for name, (truth, article) in fundus_articles().items():
        if isinstance(article, SuaraError):
            refused.append(name)
            paragraphs = []
        else:
            paragraphs = list(article.paragraphs)
        spoken.extend(line for p in paragraphs for line in p.split("\n") if has_boilerplate(line))
        pairs.append((truth, "\n".join(paragraphs)))
    assert len(pairs) == 136
    assert _f1(pairs) >= FLOOR_F1
    assert len(refused) <= MAX_REFUSED, refused
    assert spoken == []
