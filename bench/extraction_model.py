"""The block classifier's data, training and leave-publisher-out folds (bench/extraction.py).

Every page of every set is cut into the blocks bot.extract.classify reads; a block is labelled
story when most of its word 3-grams are in the page's true text. Folds are by publisher
(fundus: one publisher per page; ScrapingHub: the host; Indonesian pages: the portal), so a
held-out page's publisher, and its layout, was never seen by the model that reads it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.errors import SuaraError
from bot.extract.blocks import page_blocks
from bot.extract.body import prepare
from bot.extract.classify import FEATURES, BlockModel, block_features, support
from bot.extract.classify import gram_set as _gram_set
from bot.extract.generic import choose_generic, generic_parts

FOLDS = 5
C = 1.0
"""Inverse regularisation strength of the logistic regression (fixed, not tuned)."""

_WORD = re.compile(r"\w+")


@dataclass
class PageRows:
    """One page's feature rows, labels and weights."""

    group: str
    rows: list[list[float]]
    labels: list[int]
    weights: list[float]
    texts: list[str]
    truth: str = ""
    cascade: list[str] = field(default_factory=list)


def page_rows(html: str, url: str, truth: str, group: str) -> PageRows:
    """Rows for one page, prepared exactly as extract_article prepares it (no site rules)."""
    from bot.extract.body import drop_figure_like
    from bot.extract.rules import RuleBook, load_rules

    packaged = load_rules()
    rules = RuleBook(sites=(), drop=packaged.drop, gallery=packaged.gallery)
    try:
        page = prepare(html, url, rules)
    except SuaraError:
        return PageRows(group, [], [], [], [], truth)
    drop_figure_like(page.root)
    parts = generic_parts(page.root, page.url)
    blocks = page_blocks(page.root)
    cascade, _ = choose_generic(parts.readability, parts.trafilatura)
    rows = block_features(blocks, page.meta.title, parts.trafilatura, parts.readability, cascade)
    truth_grams = _gram_set([truth])
    labels, weights = [], []
    for block in blocks:
        words = len(_WORD.findall(block.text))
        labels.append(int(support(block.text, truth_grams) >= 0.5))
        weights.append(float(words))
    total = sum(weights) or 1.0
    texts = [block.text for block in blocks]
    return PageRows(group, rows, labels, [w / total for w in weights], texts, truth, cascade)


def fit(pages: Sequence[PageRows]) -> BlockModel:
    """Standardised L2 logistic regression on the pages' blocks (each page weighs the same)."""
    rows = [row for page in pages for row in page.rows]
    x = np.array(rows, dtype=float)
    y = np.array([label for page in pages for label in page.labels])
    w = np.array([weight for page in pages for weight in page.weights]) + 1e-4
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    means[0], scales[0] = 0.0, 1.0  # the bias column stays 1
    z = (x - means) / scales
    model = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
    model.fit(z, y, sample_weight=w * len(pages))
    return BlockModel(
        tuple(float(v) for v in model.coef_[0]),
        tuple(float(v) for v in means),
        tuple(float(v) for v in scales),
    )


def fold_of(group: str) -> int:
    """Stable fold of a publisher (a hash of its name, not of the page)."""
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(group)) % FOLDS


def fold_models(pages: Sequence[PageRows]) -> dict[int, BlockModel]:
    """One model per fold, each trained on the publishers of the other folds."""
    return {
        fold: fit([page for page in pages if fold_of(page.group) != fold and page.rows])
        for fold in range(FOLDS)
    }


def describe(model: BlockModel) -> list[str]:
    """The largest weights, for the report."""
    ranked = sorted(zip(FEATURES, model.weights, strict=True), key=lambda item: -abs(item[1]))
    return [f"{name} {weight:+.2f}" for name, weight in ranked[:10] if not math.isnan(weight)]
