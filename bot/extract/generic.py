"""Stages 2-3 of the cascade: the generic body of any page, site rules aside (pure).

readability-lxml and trafilatura (favor_precision) each give their body; the block classifier
(classify.py) reads every text block of the page with their opinions as features. Without a
model, the hand-made choice runs: trafilatura's text unless it has under half of readability's
words, with readability's long lead paragraphs that trafilatura dropped put back.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from lxml.html import HtmlElement

from bot.extract.blocks import page_blocks
from bot.extract.boilerplate import clean_paragraphs
from bot.extract.classify import BlockModel, load_block_model
from bot.extract.external import readability_candidate, trafilatura_candidate
from bot.extract.verdict import classify_blocks

_WORD = re.compile(r"\w+")


def _words(paragraphs: Iterable[str]) -> int:
    return sum(len(_WORD.findall(paragraph)) for paragraph in paragraphs)


@dataclass(frozen=True, slots=True)
class Body:
    """The paragraphs a stage produced and how sure we are they are one story."""

    paragraphs: list[str]
    stage: str
    link_density: float = 0.0


TRAFILATURA_MIN_SHARE = 0.5
"""Trafilatura's text is used when it has at least this share of readability's words (notes §2:
this ensemble beat either tool alone on the ScrapingHub set, 0.967 vs 0.955/0.964)."""

LEAD_MIN_WORDS = 25
"""Readability paragraphs before trafilatura's first one are restored when this long
(trafilatura drops leads on viva/kapanlagi; swept 10-40 words: 25 kept the English F1 and
lifted the Indonesian generic F1 from 0.913 to 0.928)."""

SUPPORT_SHINGLE = 3
SUPPORT_MIN = 0.5
"""A paragraph is "supported" by the other extractor when half its word 3-grams appear there."""

CLASSIFIER_MIN_WORDS = 20
"""The classifier's body is read when its story blocks have at least this many words and no
more than the cascade's: it acts as a precision filter. Chosen among five gates by block-level
leave-publisher-out F1 during development (ScrapingHub / fundus: classifier alone
0.966 / 0.952, this gate 0.968 / 0.953, the cascade alone 0.972 / 0.947; an earlier feature
set). Once the gate passes, the story's continuation (classify.continuation) is read too, which
may be longer than the cascade ("no more than" rather than "fewer than": 0.9616 against 0.9588
on fundus, block-level, held-out). The full-pipeline figures are in the README."""

ELSEWHERE_MAX_SHARE = 0.5
"""When this share of the cascade's words sits in other stories (posts nested in the story's
<article>, headline-box teasers), the cascade read the wrong text (readability likes a blog's
related posts): trafilatura's body, without those stories, replaces it."""

GALLERY_MIN_AGREEMENT = 0.6
"""On a gallery page the generic text is read only when this share of readability's words is
also in trafilatura's text: two extractors agreeing on a story, not on stray captions."""


def _shingles(paragraph: str) -> list[tuple[str, ...]]:
    tokens = _WORD.findall(paragraph.casefold())
    if len(tokens) < SUPPORT_SHINGLE:
        return [tuple(tokens)] if tokens else []
    size = SUPPORT_SHINGLE
    return [tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]


def _shingle_set(paragraphs: Iterable[str]) -> set[tuple[str, ...]]:
    return {gram for paragraph in paragraphs for gram in _shingles(paragraph)}


def _supported(paragraph: str, other: set[tuple[str, ...]]) -> bool:
    grams = _shingles(paragraph)
    return not grams or sum(gram in other for gram in grams) / len(grams) >= SUPPORT_MIN


def choose_generic(readability: list[str], trafilatura: list[str]) -> tuple[list[str], str]:
    """Pick (or merge) the two extractors' paragraphs; returns (paragraphs, stage name)."""
    if not trafilatura:
        return readability, "readability"
    if not readability:
        return trafilatura, "trafilatura"
    if _words(trafilatura) < TRAFILATURA_MIN_SHARE * _words(readability):
        return readability, "readability"
    other = _shingle_set(trafilatura)
    lead: list[str] = []
    for paragraph in readability:
        if _supported(paragraph, other):
            break
        lead.append(paragraph)
    else:
        return trafilatura, "trafilatura"  # nothing in common: no lead to restore
    lead = [paragraph for paragraph in lead if _words([paragraph]) >= LEAD_MIN_WORDS]
    if lead:
        return lead + trafilatura, "readability+trafilatura"
    return trafilatura, "trafilatura"


def agreement(readability: Sequence[str], trafilatura: Sequence[str]) -> float:
    """Share of readability's words in paragraphs that trafilatura supports."""
    total = _words(readability)
    if not total or not trafilatura:
        return 0.0
    other = _shingle_set(trafilatura)
    return _words(p for p in readability if _supported(p, other)) / total


PACKAGED = "packaged"
"""`model=PACKAGED` uses bot/extract/block_model.json (None: the hand-made cascade only)."""
ModelChoice = BlockModel | None | Literal["packaged"]


@dataclass(frozen=True, slots=True)
class GenericParts:
    """What the two external extractors made of the cleaned tree (boilerplate removed)."""

    trafilatura: list[str]
    readability: list[str]
    link_density: float


def generic_parts(root: HtmlElement, url: str) -> GenericParts:
    from_trafilatura = clean_paragraphs(trafilatura_candidate(copy.deepcopy(root), url).paragraphs)
    readability = readability_candidate(root)
    return GenericParts(
        from_trafilatura, clean_paragraphs(readability.paragraphs), readability.link_density
    )


def generic_body(
    root: HtmlElement, url: str, gallery: bool, title: str = "", model: ModelChoice = PACKAGED
) -> Body:
    """Stages 2-3 on the cleaned tree: the hand-made choice between readability and
    trafilatura, then the block classifier over their opinions, whose body wins when it is
    no longer (it found boilerplate the cascade kept), with the story's continuation added.
    When the cascade read mostly other stories, trafilatura without them is the base.
    `model=None`: the cascade alone."""
    parts = generic_parts(root, url)
    chosen = load_block_model() if isinstance(model, str) else model
    paragraphs, stage = choose_generic(parts.readability, parts.trafilatura)
    if isinstance(chosen, BlockModel):
        blocks = page_blocks(root)
        verdict = classify_blocks(
            blocks, title, parts.trafilatura, parts.readability, paragraphs, chosen
        )
        if verdict.cascade_elsewhere >= ELSEWHERE_MAX_SHARE and parts.trafilatura:
            paragraphs = verdict.without_elsewhere(parts.trafilatura)
            stage = "trafilatura (cascade read other stories)"
        if CLASSIFIER_MIN_WORDS <= _words(clean_paragraphs(verdict.story)) <= _words(paragraphs):
            paragraphs, stage = clean_paragraphs(verdict.continued), "classifier"
    if gallery and agreement(parts.readability, parts.trafilatura) < GALLERY_MIN_AGREEMENT:
        paragraphs = []
    return Body(paragraphs, stage, parts.link_density)
