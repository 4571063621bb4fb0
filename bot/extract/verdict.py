"""After the block model: which blocks are read (pure).

Two structural rules follow the model's scores (classify.py): other stories' posts and
headline-box teasers are never read, and blocks in twin containers of the story's main one
are read as its continuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml.html import HtmlElement

from bot.extract.blocks import Block
from bot.extract.classify import FEATURE_INDEX, BlockModel, block_features, gram_set, support

_WORD = re.compile(r"\w+")
_INDEX = FEATURE_INDEX


CONTINUATION_MIN_SCORE = 0.05
"""A block the model doubts is still read as the story's continuation when it sits in a
container of the same tag and class as the story's main container and scores at least this
(a body split by ads into several `<div class="article__content">`, of which the extractors
keep the first). Chosen on leave-publisher-out F1 among 0, 0.02, 0.05, 0.1 and 0.2."""
CONTINUATION_MAX_LINK_SHARE = 0.5
MAIN_CONTAINER_SHARE = 0.5
"""The main container holds at least this share of the story's words."""


@dataclass(frozen=True, slots=True)
class Classified:
    """The model's verdict: the story blocks, and the same with the story's continuation."""

    story: list[str]
    continued: list[str]
    cascade_elsewhere: float = 0.0
    """Share of the cascade's words that sit in other stories' posts or teasers."""
    elsewhere: tuple[str, ...] = ()
    """Those other stories' blocks."""

    def without_elsewhere(self, paragraphs: Sequence[str]) -> list[str]:
        """The paragraphs that are not mostly other stories' text."""
        others = gram_set(self.elsewhere)
        return [p for p in paragraphs if not others or support(p, others) < 0.5]


def _signature(element: HtmlElement | None) -> tuple[str, str] | None:
    if element is None or not isinstance(element.tag, str):
        return None
    return element.tag, " ".join((element.get("class") or "").split())


def continuation(
    blocks: Sequence[Block],
    rows: Sequence[Sequence[float]],
    scores: Sequence[float],
    keep: list[bool],
) -> list[bool]:
    """Add the blocks in containers like the story's main one (same tag and class)."""
    words: dict[tuple[str, str] | None, int] = {}
    for block, kept in zip(blocks, keep, strict=True):
        if kept:
            key = _signature(block.element.getparent())
            words[key] = words.get(key, 0) + len(_WORD.findall(block.text))
    if not words:
        return keep
    main, main_words = max(words.items(), key=lambda item: item[1])
    if main is None or not main[1] or main_words < MAIN_CONTAINER_SHARE * sum(words.values()):
        return keep
    link = _INDEX["link_share"]
    return [
        kept
        or (
            scores[i] >= CONTINUATION_MIN_SCORE
            and rows[i][link] < CONTINUATION_MAX_LINK_SHARE
            and _signature(blocks[i].element.getparent()) == main
        )
        for i, kept in enumerate(keep)
    ]


def _other_story(row: Sequence[float]) -> bool:
    """Another story's post (one of 3+ sibling <article>s, not the headline's) or a headline
    box's teaser (see the README for what each rule did to the held-out F1)."""
    listed = row[_INDEX["post_list"]] and row[_INDEX["title_scope_out"]]
    return bool(listed or row[_INDEX["teaser_item"]])


def classify_blocks(
    blocks: Sequence[Block],
    title: str,
    traf: Sequence[str],
    read: Sequence[str],
    cascade: Sequence[str],
    model: BlockModel,
) -> Classified:
    """The blocks the model calls story, in document order (link markers kept). Never read:
    a post in a list of <article> posts that does not hold the headline (related posts), and
    the lead of a list item headed by a linked headline (a headline box's teaser)."""
    rows = block_features(blocks, title, traf, read, cascade)
    scores = [0.0 if _other_story(row) else model.score(row) for row in rows]
    keep = [score >= model.threshold for score in scores]
    continued = continuation(blocks, rows, scores, keep)
    in_cascade = [
        (len(_WORD.findall(block.text)), _other_story(row))
        for block, row in zip(blocks, rows, strict=True)
        if row[_INDEX["cascade"]] >= 0.5
    ]
    elsewhere = sum(words for words, other in in_cascade if other)
    return Classified(
        [block.text for block, kept in zip(blocks, keep, strict=True) if kept],
        [block.text for block, kept in zip(blocks, continued, strict=True) if kept],
        elsewhere / max(1, sum(words for words, _ in in_cascade)),
        tuple(block.text for block, row in zip(blocks, rows, strict=True) if _other_story(row)),
    )
