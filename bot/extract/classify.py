"""A learned block classifier: is this text block the story or boilerplate? (pure)

The page (already cleaned of scripts, captions and default drops) is cut into text blocks in
document order; each block gets layout-independent features (words, link share, sentence
shape, tag, class/id tokens of its ancestors, position, how much of it readability and
trafilatura kept, its neighbours, whether it sits in the headline's <article> or in a list of
other posts); a logistic model scores it (verdict.py applies two structural rules after it).
The blocks themselves are cut by blocks.page_blocks. Weights are data
(`block_model.json`, rebuilt by `bench/extraction.py --train`, trained on AEB + fundus + the
Indonesian pages with folds by publisher), inference is plain Python.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml.html import HtmlElement

from bot.extract.blocks import LINK_END, LINK_START, Block
from bot.extract.boilerplate import is_boilerplate

MODEL_FILE = "block_model.json"

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’)]*(\s|$)")
_ENDS = re.compile(r"[.!?…\"”’)。！？]\s*$")
_TOKEN_SPLIT = re.compile(r"[^a-z]+")
_MARKERS = str.maketrans("", "", LINK_START + LINK_END)
_LINKED = re.compile(f"{LINK_START}([^{LINK_END}]*){LINK_END}")

NEGATIVE_TOKENS = frozenset(
    {
        "comment", "comments", "komentar", "related", "terkait", "share", "sharing", "social",
        "sosmed", "footer", "nav", "navbar", "navigation", "menu", "sidebar", "aside", "widget",
        "promo", "ad", "ads", "advert", "advertisement", "iklan", "banner", "tag", "tags",
        "topik", "breadcrumb", "breadcrumbs", "newsletter", "subscribe", "popular", "populer",
        "terpopuler", "trending", "recommended", "rekomendasi", "baca", "bacajuga", "headline",
        "more", "lainnya", "author", "byline", "meta", "date", "time", "caption", "credit",
        "copyright", "cookie", "modal", "login", "signup", "teaser", "card", "list", "latest",
        "terbaru", "video", "gallery", "galeri", "pilihan", "outbrain", "taboola", "header",
    }
)  # fmt: skip
POSITIVE_TOKENS = frozenset(
    {
        "article", "artikel", "content", "konten", "body", "story", "entry", "post", "text",
        "detail", "isi", "berita", "main", "read", "prose", "paragraph", "richtext", "news",
        "txt", "copy", "single", "description", "desc", "inner",
    }
)  # fmt: skip

FEATURES = (
    "bias", "log_words", "short", "link_share", "ends_sentence", "sentences", "commas",
    "digits", "capitalised", "boilerplate", "traf", "read", "traf_prev", "traf_next",
    "read_prev", "read_next", "tag_p", "tag_div", "tag_li", "tag_h", "tag_cell", "tag_quote",
    "tag_other", "neg_tokens", "pos_tokens", "in_article", "in_aside", "in_link_list",
    "position", "before_traf", "after_traf", "title_like", "log_parent_words",
    "traf_x_words", "read_x_traf", "cascade", "cascade_prev", "cascade_next", "teaser_item",
    "post_list", "title_scope_in", "title_scope_out", "after_title", "teaser_line",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BlockModel:
    """Standardised logistic regression over FEATURES."""

    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    threshold: float = 0.5

    def score(self, row: Sequence[float]) -> float:
        """Probability that the block is story text."""
        z = sum(
            w * ((x - m) / s if s else 0.0)
            for w, x, m, s in zip(self.weights, row, self.means, self.scales, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self, about: str) -> str:
        data = {
            "about": about,
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "means": [round(m, 6) for m in self.means],
            "scales": [round(s, 6) for s in self.scales],
            "threshold": self.threshold,
        }
        return json.dumps(data, indent=1) + "\n"


def model_from_json(text: str) -> BlockModel:
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES:
        raise ValueError("block model was trained on other features; rebuild it")
    return BlockModel(
        tuple(data["weights"]), tuple(data["means"]), tuple(data["scales"]), data["threshold"]
    )


@cache
def load_block_model() -> BlockModel | None:
    """The packaged model, or None when it has not been built."""
    path = resources.files("bot.extract").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return model_from_json(path.read_text(encoding="utf-8"))


# --- features -------------------------------------------------------------------------------


def _grams(text: str) -> list[tuple[str, ...]]:
    tokens = _WORD.findall(text.casefold())
    if len(tokens) < 3:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)]


def gram_set(paragraphs: Iterable[str]) -> set[tuple[str, ...]]:
    """Word 3-grams of the paragraphs, plus their 1- and 2-grams so that a block of one or two
    words (a table cell, a name) can be found too."""
    grams: set[tuple[str, ...]] = set()
    for paragraph in paragraphs:
        tokens = _WORD.findall(paragraph.translate(_MARKERS).casefold())
        for size in (1, 2, 3):
            grams.update(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return grams


def support(text: str, grams: set[tuple[str, ...]]) -> float:
    """Share of the text's word 3-grams found in `grams`."""
    own = _grams(text)
    return sum(gram in grams for gram in own) / len(own) if own else 0.0


def _tokens(element: HtmlElement) -> set[str]:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return set(_TOKEN_SPLIT.split(names)) - {""}


_TAG_GROUPS = {
    "p": "tag_p", "div": "tag_div", "li": "tag_li", "dd": "tag_li", "dt": "tag_li",
    "h1": "tag_h", "h2": "tag_h", "h3": "tag_h", "h4": "tag_h", "h5": "tag_h", "h6": "tag_h",
    "td": "tag_cell", "th": "tag_cell", "tr": "tag_cell", "blockquote": "tag_quote",
}  # fmt: skip
FEATURE_INDEX = {name: i for i, name in enumerate(FEATURES)}
_INDEX = FEATURE_INDEX


@dataclass(slots=True)
class _Context:
    tokens: dict[HtmlElement, tuple[bool, bool, bool, bool, bool]]
    words: dict[HtmlElement, int]
    """Keyed by the element itself (an id() of an lxml proxy can be reused)."""


def _ancestry(element: HtmlElement, context: _Context) -> tuple[bool, bool, bool, bool, bool]:
    """(negative token, positive token, in article/main, in aside/nav/footer/header/form,
    inside a list whose items are mostly links), from the element up (cached per element)."""
    if element in context.tokens:
        return context.tokens[element]
    tokens = _tokens(element)
    tag = element.tag if isinstance(element.tag, str) else ""
    parent = element.getparent()
    above = _ancestry(parent, context) if parent is not None else (False,) * 5
    link_list = above[4] or (
        tag in {"ul", "ol"}
        and len(element) >= 3
        and sum(1 for item in element if item.find(".//a") is not None) >= 0.6 * len(element)
    )
    flags = (
        above[0] or bool(tokens & NEGATIVE_TOKENS),
        above[1] or bool(tokens & POSITIVE_TOKENS),
        above[2] or tag in {"article", "main"},
        above[3] or tag in {"aside", "nav", "footer", "header", "form"},
        link_list,
    )
    context.tokens[element] = flags
    return flags


def _parent_words(element: HtmlElement, context: _Context) -> int:
    parent = element.getparent()
    if parent is None:
        return 0
    if parent not in context.words:
        context.words[parent] = len(_WORD.findall(parent.text_content()))
    return context.words[parent]


def _teaser_item(block: Block, headline_items: set[HtmlElement]) -> bool:
    """The block sits in a list item that also holds a linked headline (4+ words): another
    story's title and lead, not this story."""
    return any(up in headline_items for up in block.element.iterancestors("li"))


def _headline_items(blocks: Sequence[Block]) -> set[HtmlElement]:
    """List items holding a block that is one link of 4+ words (a headline)."""
    items: set[HtmlElement] = set()
    for block in blocks:
        if _LINKED.fullmatch(block.text) and len(_WORD.findall(block.text)) >= 4:
            if block.element.tag == "li":
                items.add(block.element)
            items.update(block.element.iterancestors("li"))
    return items


def _article_of(element: HtmlElement) -> HtmlElement | None:
    """The nearest <article> around the element (itself included)."""
    if element.tag == "article":
        return element
    return next(element.iterancestors("article"), None)


POST_LIST_MIN = 3
"""An <article> with this many <article> siblings (itself included) is one of a list of posts."""


def _in_post_list(article: HtmlElement, cache: dict[HtmlElement, bool]) -> bool:
    parent = article.getparent()
    if parent is None:
        return False
    if parent not in cache:
        cache[parent] = sum(1 for child in parent if child.tag == "article") >= POST_LIST_MIN
    return cache[parent]


def _title_heading(blocks: Sequence[Block], title_grams: set[tuple[str, ...]]) -> int:
    """Index of the first heading block that repeats the title (-1: none)."""
    if not title_grams:
        return -1
    for i, block in enumerate(blocks):
        if (
            block.element.tag in {"h1", "h2"}
            and support(block.text.translate(_MARKERS), title_grams) >= 0.6
        ):
            return i
    return -1


def block_features(
    blocks: Sequence[Block],
    title: str,
    traf: Sequence[str],
    read: Sequence[str],
    cascade: Sequence[str] = (),
) -> list[list[float]]:
    """One feature row per block (FEATURES order). `cascade` is the hand-made cascade's body
    (generic.choose_generic), a third opinion."""
    traf_grams, read_grams, cascade_grams = gram_set(traf), gram_set(read), gram_set(cascade)
    plain = [block.text.translate(_MARKERS) for block in blocks]
    traf_support = [support(text, traf_grams) for text in plain]
    read_support = [support(text, read_grams) for text in plain]
    cascade_support = [support(text, cascade_grams) for text in plain]
    headline_items = _headline_items(blocks)
    kept = [i for i, value in enumerate(traf_support) if value >= 0.5]
    first, last = (kept[0], kept[-1]) if kept else (len(blocks), -1)
    title_grams = gram_set([title]) if title else set()
    heading = _title_heading(blocks, title_grams)
    title_article = _article_of(blocks[heading].element) if heading >= 0 else None
    lists: dict[HtmlElement, bool] = {}
    context = _Context({}, {})
    rows = []
    n = max(1, len(blocks) - 1)
    for i, block in enumerate(blocks):
        text = plain[i]
        words = _WORD.findall(text)
        count = len(words)
        linked = sum(len(span) for span in _LINKED.findall(block.text))
        chars = len(text.strip()) or 1
        row = [0.0] * len(FEATURES)

        def put(name: str, value: float, row: list[float] = row) -> None:
            row[_INDEX[name]] = value

        put("bias", 1.0)
        put("log_words", math.log1p(count))
        put("short", float(count < 6))
        put("link_share", min(1.0, linked / chars))
        put("ends_sentence", float(bool(_ENDS.search(text))))
        put("sentences", min(4, len(_SENTENCE_END.findall(text + " "))) / 4)
        put("commas", min(1.0, text.count(",") / max(1, count) * 5))
        put("digits", sum(ch.isdigit() for ch in text) / chars)
        put("capitalised", sum(word[:1].isupper() for word in words) / max(1, count))
        put("boilerplate", float(is_boilerplate(text)))
        put("traf", traf_support[i])
        put("read", read_support[i])
        put("traf_prev", traf_support[i - 1] if i else 0.0)
        put("traf_next", traf_support[i + 1] if i + 1 < len(blocks) else 0.0)
        put("read_prev", read_support[i - 1] if i else 0.0)
        put("read_next", read_support[i + 1] if i + 1 < len(blocks) else 0.0)
        tag = block.element.tag if isinstance(block.element.tag, str) else ""
        put(_TAG_GROUPS.get(tag, "tag_other"), 1.0)
        negative, positive, in_article, in_aside, link_list = _ancestry(block.element, context)
        put("neg_tokens", float(negative))
        put("pos_tokens", float(positive))
        put("in_article", float(in_article))
        put("in_aside", float(in_aside))
        put("in_link_list", float(link_list))
        put("position", i / n)
        put("before_traf", float(i < first))
        put("after_traf", float(i > last))
        put("title_like", support(text, title_grams) if title_grams and count < 30 else 0.0)
        put("log_parent_words", math.log1p(_parent_words(block.element, context)))
        put("traf_x_words", traf_support[i] * math.log1p(count))
        put("read_x_traf", read_support[i] * traf_support[i])
        put("cascade", cascade_support[i])
        put("cascade_prev", cascade_support[i - 1] if i else 0.0)
        put("cascade_next", cascade_support[i + 1] if i + 1 < len(blocks) else 0.0)
        put("teaser_item", float(_teaser_item(block, headline_items)))
        article = _article_of(block.element)
        put("post_list", float(article is not None and _in_post_list(article, lists)))
        if title_article is not None:
            put("title_scope_in", float(article == title_article))
            put("title_scope_out", float(article != title_article))
        put("after_title", float(heading >= 0 and 0 < i - heading <= 2))
        share = linked / chars
        put("teaser_line", float(count <= 25 and share > 0.6 and not _ENDS.search(text)))
        rows.append(row)
    return rows
