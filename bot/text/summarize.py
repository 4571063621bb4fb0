"""Choose the sentences worth reading first: paragraphs in, 2-4 sentences out (pure).

1. Split paragraphs into sentences and strip the leading dateline ("Jakarta, CNN Indonesia --").
2. Drop lines never worth reading first: "Baca juga", photo credits, sign-offs such as "(rsa)",
   timestamps, breadcrumbs, bylines and navigation.
   Steps 1-2 are `summary_candidates`.
3. Score each sentence with small gradient-boosted trees trained on IndoSum's gold extractive labels
   (`summary_model.json`, rebuilt by `bench/summary.py`) on its features (`summary_features`):
   position, length, centrality, overlap with the title and the lead, quotes, numbers, cue words.
4. Take sentences by score until the target length, skipping near-duplicates; a question or a
   sentence that opens mid-thought ("Dia juga mengatakan ...") only when nothing better is left;
   a sentence that opens inside a quote only after the sentence that opened the quote, never
   alone. Return them in article order.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

from bot.text.sentences import split_sentences
from bot.text.summary_candidates import Candidate, collect_candidates, word_tokens
from bot.text.summary_features import FEATURE_NAMES, sentence_features

logger = logging.getLogger(__name__)

MIN_SENTENCES = 2
MAX_SENTENCES = 4
MODEL_FILE = "summary_model.json"


def summarize(
    paragraphs: Sequence[str], title: str = "", language: str = "id", max_chars: int = 600
) -> tuple[str, ...]:
    """Return 2-4 summary sentences of an article body, in article order, within `max_chars`.

    Shorter articles give what they have; a single sentence longer than `max_chars` is returned
    alone only when no shorter choice exists.
    """
    sentences = [split_sentences(paragraph) for paragraph in paragraphs]
    return summarize_sentences(sentences, title=title, language=language, max_chars=max_chars)


def summarize_sentences(
    sentences: Sequence[Sequence[str]], title: str = "", language: str = "id", max_chars: int = 600
) -> tuple[str, ...]:
    """Like `summarize`, for paragraphs already split into sentences."""
    candidates = collect_candidates(sentences, language)
    if len(candidates) <= MIN_SENTENCES:
        return _fit_lead(candidates, max_chars)
    model = load_model()
    rows = sentence_features(candidates, title, language)
    scores = [model.score(row) for row in rows]
    chosen = select_sentences(candidates, scores, max_chars, model.target_chars, model.redundancy)
    return tuple(candidates[i].text for i in chosen)


def select_sentences(
    candidates: Sequence[Candidate],
    scores: Sequence[float],
    max_chars: int,
    target_chars: int,
    redundancy: float,
) -> list[int]:
    """Indices of the chosen candidates, in article order.

    Best score first, until `target_chars` is reached with at least two sentences; never past
    `max_chars` or `MAX_SENTENCES`. A sentence sharing more than `redundancy` of its words with one
    already chosen is skipped. Questions and sentences opening mid-thought (with no earlier sentence
    chosen) wait for a second pass that only runs when fewer than two sentences were found.
    """
    order = sorted(range(len(candidates)), key=lambda i: -scores[i])
    word_sets = [set(word_tokens(c.text)) for c in candidates]
    target = min(target_chars, max_chars)
    chosen: list[int] = []
    total = 0

    def fits(i: int) -> bool:
        extra = len(candidates[i].text) + (1 if chosen else 0)
        if total + extra > max_chars or not _quote_heard(candidates[i], chosen):
            return False
        overlap = max((len(word_sets[i] & word_sets[j]) for j in chosen), default=0)
        return overlap <= redundancy * max(len(word_sets[i]), 1)

    def eligible(i: int, strict: bool) -> bool:
        cand = candidates[i]
        if i in chosen or not fits(i):
            return False
        return not strict or not (
            cand.is_question or (cand.opens_mid_thought and not any(j < i for j in chosen))
        )

    for strict in (True, False):
        # The best eligible sentence each time: choosing one may make a better one eligible
        # (the rest of a quote it opened).
        while len(chosen) < MAX_SENTENCES and (len(chosen) < MIN_SENTENCES or total < target):
            best = next((i for i in order if eligible(i, strict)), None)
            if best is None:
                break
            total += len(candidates[best].text) + (1 if chosen else 0)
            chosen.append(best)
        if len(chosen) >= MIN_SENTENCES:
            break
    if not chosen and order:
        # Every sentence is longer than max_chars: the best one alone (never half a quote).
        whole = [i for i in order if candidates[i].quote_opener is None]
        chosen = [(whole or order)[0]]
    return sorted(chosen)


def _quote_heard(candidate: Candidate, chosen: Sequence[int]) -> bool:
    """A sentence that opens inside a quote only after the sentence that opened it (so the
    listener hears the quote from its start, and who says it)."""
    opener = candidate.quote_opener
    return opener is None or opener in chosen


class _Tree(NamedTuple):
    """One regression tree as parallel node arrays; `feature` -1 marks a leaf."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]
    """Leaf outputs, already multiplied by the learning rate."""


@dataclass(frozen=True, slots=True)
class SentenceScorer:
    """Gradient-boosted regression trees over `FEATURE_NAMES`, with the selection settings."""

    bias: float
    trees: tuple[_Tree, ...]
    target_chars: int
    redundancy: float

    def score(self, row: Sequence[float]) -> float:
        """Log-odds that the sentence belongs in the summary."""
        total = self.bias
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while feature[node] >= 0:
                node = left[node] if row[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return total

    @classmethod
    def from_dict(cls, data: dict) -> SentenceScorer:
        """Build from the JSON written by `bench/summary.py`; refuse a feature list that differs."""
        if tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("summary model was trained on other features; rerun bench/summary.py")
        columns = ("feature", "threshold", "left", "right", "value")
        trees = tuple(_Tree(*(tuple(tree[c]) for c in columns)) for tree in data["trees"])
        selection = data["selection"]
        return cls(
            bias=float(data["bias"]),
            trees=trees,
            target_chars=int(selection["target_chars"]),
            redundancy=float(selection["redundancy"]),
        )


@cache
def load_model() -> SentenceScorer:
    """The packaged sentence scorer (read once)."""
    text = resources.files("bot.text").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    model = SentenceScorer.from_dict(json.loads(text))
    logger.debug("loaded summary model: %d trees", len(model.trees))
    return model


def _fit_lead(candidates: Sequence[Candidate], max_chars: int) -> tuple[str, ...]:
    """LEAD-k for very short texts: the first sentences that fit (at least one)."""
    chosen: list[int] = []
    total = 0
    for cand in candidates:
        extra = len(cand.text) + (1 if chosen else 0)
        if chosen and total + extra > max_chars:
            break
        if _quote_heard(cand, chosen):
            chosen.append(cand.position)
            total += extra
    return tuple(candidates[i].text for i in chosen)
