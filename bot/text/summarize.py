"""Choose the sentences worth reading first: paragraphs in, 2-4 sentences out (pure).

1. Split paragraphs into sentences and strip the leading dateline ("Jakarta, CNN Indonesia --").
2. Drop lines never worth reading first: "Baca juga", photo credits, sign-offs such as "(rsa)".
3. Score each sentence with small gradient-boosted trees trained on IndoSum's gold extractive labels
   (`summary_model.json`, rebuilt by `bench/summary.py`): position, length, centrality, overlap with
   the title and the lead, quotes, numbers and cue words.
4. Take sentences by score until the target length, skipping near-duplicates; a question or a
   sentence that opens mid-thought ("Dia juga mengatakan ...") only when nothing better is left.
   Return them in article order.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

from bot.text.sentences import split_sentences

logger = logging.getLogger(__name__)

MIN_SENTENCES = 2
MAX_SENTENCES = 4
MODEL_FILE = "summary_model.json"

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_OPEN_QUOTES = "\"“'‘«"
_DASHES = r"(?:--|-|–|—)"
# Place and/or outlet, then a dash with a space on at least one side: "Suara.com -",
# "Wamena (ANTARA News) -", "JUARA.NET, TOKYO -", "JAKARTA (Pos Kota) –Presiden".
_DATELINE = re.compile(
    r"^\s*(?P<head>[^\s.!?\"“”'‘-][^!?\"“”]{0,60}?)"
    rf"(?:\s+{_DASHES}\s*|\s*{_DASHES}\s+|\s*(?:--|–|—)\s*$)"
)
_BOILERPLATE = re.compile(
    r"""^\W*(
        baca(\s|_)*juga | simak(\s+juga|\s+video)? | lihat\s+juga | tonton(\s+juga)? | saksikan\b |
        sumber\s*: | foto\s*: | video\s*: | editor\s*: | penulis\s*: | reporter\s*: | pewarta\s*: |
        laporan\s+(wartawan|reporter|koresponden) | advertisement | scroll\s+to | read\s+more |
        see\s+also | also\s+read | related\s*: | photo\s*: | image\s*: | credit\s*: | getty\s+images
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# "(rsa)", "[ PageSix.com ]", "(Antara)": a bracketed sign-off on its own line.
_SIGN_OFF = re.compile(r"^[\[(][^\])]{1,40}[\])]\s*\.?$")
# "ANTARA FOTO/Wahyu Putro A", "REUTERS/Joshua Roberts": a caption credit on its own line.
_CREDIT_LINE = re.compile(
    r"^\W*(antara\s+foto|foto|photo|reuters|afp|ap|getty|dok|istimewa|shutterstock)\b[^.!?]{0,60}/",
    re.IGNORECASE,
)
# A credit glued to the end of a sentence: "... di Jakarta. (Foto: Dok. Humas)".
_TRAILING_CREDIT = re.compile(
    r"\s*[\[(](foto|photo|dok|ist|istimewa|sumber|source)\b[^\])]{0,80}[\])]\s*$", re.IGNORECASE
)
_READER = re.compile(r"\b(anda|kamu|kalian|you|your)\b", re.IGNORECASE)
_SPEECH_VERB = re.compile(
    r"[\"”']\s*,?\s*(kata|ujar|ucap|tutur|ungkap|jelas|tegas|imbuh|tambah|terang|lanjut|papar|"
    r"said|says|told)\w*\b",
    re.IGNORECASE,
)


def _alternatives(phrases: str) -> str:
    """Comma-separated phrases → a regex alternation, longest first."""
    words = sorted((p.strip() for p in phrases.split(",")), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + r")\b"


def _openings(phrases: str, after: str = "") -> re.Pattern[str]:
    """Sentences opening with one of `phrases`, optionally after one of `after` ("Namun, ia")."""
    prefix = rf"(?:{_alternatives(after)},?\s+)?" if after else ""
    return re.compile("^" + prefix + _alternatives(phrases), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Cues:
    """Sentence openings that point back to something said before."""

    connectives: re.Pattern[str]
    """Openings that continue a thought ("Namun", "Selain itu"): a model feature only."""
    pronouns: re.Pattern[str]
    """Openings whose subject is elsewhere ("Dia", "Hal ini"): never the first sentence chosen."""


_CONNECTIVES_ID = (
    "itu, ini, selain itu, sementara itu, namun, tetapi, tapi, akan tetapi, meski demikian,"
    " meskipun demikian, oleh karena itu, karena itu, untuk itu, dengan demikian, kemudian, lalu,"
    " selanjutnya, lebih lanjut, sebelumnya, sedangkan, padahal, bahkan, jadi, nah, pasalnya,"
    " tak hanya itu, tidak hanya itu, di sisi lain, adapun, dan, atau, juga"
)
_CONNECTIVES_EN = (
    "however, but, and, also, meanwhile, moreover, furthermore, still, instead, so, then, that, yet"
)
_CUES = {
    "id": _Cues(
        connectives=_openings(_CONNECTIVES_ID),
        pronouns=_openings(
            "dia, ia, mereka, beliau, hal ini, hal itu, hal tersebut, menurutnya, menurut dia,"
            " katanya, kata dia, ujarnya, dirinya",
            after=_CONNECTIVES_ID,
        ),
    ),
    "en": _Cues(
        connectives=_openings(_CONNECTIVES_EN),
        pronouns=_openings(
            "he, she, they, it, this, these, those, his, her, their", after=_CONNECTIVES_EN
        ),
    ),
}

FEATURE_NAMES = (
    "pos0", "pos1", "pos2", "pos3", "pos4", "pos5", "pos6plus", "rel_pos", "log_pos",
    "para0", "para1", "para2", "para3plus", "in_para0", "in_para1", "in_para2plus",
    "log_n", "log_words", "short", "long",
    "centroid", "sim_first", "sim_prev", "sim_next", "title_recall", "title_precision",
    "digits", "caps_ratio", "starts_quote", "has_quote", "speech_verb", "question",
    "connective", "pronoun", "reader", "had_dateline", "paren_ratio",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may go into the summary, with where it stood in the article."""

    text: str
    position: int
    """Index among the article's usable sentences (boilerplate skipped)."""
    paragraph: int
    source_index: int
    """Index of the raw sentence within its paragraph (maps back to training labels)."""
    in_paragraph: int
    """Index among the usable sentences of its paragraph."""
    had_dateline: bool
    is_question: bool
    opens_mid_thought: bool
    """Starts with a pronoun, "Hal ini" or a lower-case word: needs an earlier sentence chosen."""


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


def strip_dateline(sentence: str) -> str:
    """Remove a leading dateline ("Jakarta, CNN Indonesia --", "Suara.com -"); a bare one → ""."""
    match = _DATELINE.match(sentence)
    if not match:
        return sentence
    head = match.group("head")
    words = [w for w in re.split(r"[\s,()]+", head) if w]
    if not words or len(words) > 6 or not all(_is_dateline_word(w) for w in words):
        return sentence
    # One strong sign of an outlet or a capitalised place, so "Real Madrid - Barcelona" stays.
    has_outlet = any(mark in head for mark in "(,.")
    if not (has_outlet or any(len(w) > 2 and w.isupper() for w in words)):
        return sentence
    rest = sentence[match.end() :]
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in _OPEN_QUOTES):
        return sentence
    return rest


def is_boilerplate(sentence: str) -> bool:
    """True for lines never read as a summary: "Baca juga", credits, sign-offs, fragments."""
    return bool(
        _BOILERPLATE.match(sentence)
        or _SIGN_OFF.match(sentence)
        or _CREDIT_LINE.match(sentence)
        or len(_WORD.findall(sentence)) < 3
    )


def collect_candidates(sentences: Sequence[Sequence[str]], language: str = "id") -> list[Candidate]:
    """Clean the sentences and keep those that may be read as a summary."""
    cues = _cues(language)
    candidates: list[Candidate] = []
    for paragraph_index, paragraph in enumerate(sentences):
        kept = 0
        for source_index, raw in enumerate(paragraph):
            text = " ".join(raw.split())
            undated = strip_dateline(text) if not candidates else text
            cleaned = _TRAILING_CREDIT.sub("", undated)
            if not cleaned or is_boilerplate(cleaned):
                continue
            opening = cleaned.lstrip(_OPEN_QUOTES + " ")
            candidates.append(
                Candidate(
                    text=cleaned,
                    position=len(candidates),
                    paragraph=paragraph_index,
                    source_index=source_index,
                    in_paragraph=kept,
                    had_dateline=undated != text,
                    is_question=cleaned.rstrip(" \"”'’").endswith("?"),
                    opens_mid_thought=opening[:1].islower() or bool(cues.pronouns.match(opening)),
                )
            )
            kept += 1
    return candidates


def sentence_features(
    candidates: Sequence[Candidate], title: str = "", language: str = "id"
) -> list[list[float]]:
    """One row of `FEATURE_NAMES` values per candidate (the model's input)."""
    count = len(candidates)
    tokens = [_words(c.text) for c in candidates]
    vectors = [_Vector(weights) for weights in _tfisf_weights(tokens)]
    centroid_weights: Counter[str] = Counter()
    for vector in vectors:
        centroid_weights.update(vector.weights)
    centroid = _Vector(dict(centroid_weights))
    title_words = {w for w in _words(title) if len(w) > 2 and not w.isdigit()}
    connectives = _cues(language).connectives
    rows = []
    for i, (cand, words, vector) in enumerate(zip(candidates, tokens, vectors, strict=True)):
        text = cand.text
        n_words = len(words)
        title_overlap = len(title_words.intersection(words))
        raw_words = text.split()
        capitalised = sum(1 for w in raw_words[1:] if w[:1].isupper())
        pos = cand.position
        rows.append([
            float(pos == 0), float(pos == 1), float(pos == 2), float(pos == 3), float(pos == 4),
            float(pos == 5), float(pos >= 6), pos / count, math.log1p(pos),
            float(cand.paragraph == 0), float(cand.paragraph == 1), float(cand.paragraph == 2),
            float(cand.paragraph >= 3),
            float(cand.in_paragraph == 0), float(cand.in_paragraph == 1),
            float(cand.in_paragraph >= 2),
            math.log(count), math.log1p(n_words), float(n_words < 8), float(n_words > 40),
            vector.cosine(centroid),
            vector.cosine(vectors[0]) if i else 1.0,
            vector.cosine(vectors[i - 1]) if i else 0.0,
            vector.cosine(vectors[i + 1]) if i + 1 < count else 0.0,
            title_overlap / len(title_words) if title_words else 0.0,
            title_overlap / n_words if n_words else 0.0,
            min(len(_DIGIT.findall(text)), 10) / 10,
            capitalised / max(len(raw_words) - 1, 1),
            float(text[:1] in _OPEN_QUOTES),
            float(any(q in text for q in "\"“”")),
            float(bool(_SPEECH_VERB.search(text))),
            float(cand.is_question),
            float(bool(connectives.match(text.lstrip(_OPEN_QUOTES + " ")))),
            float(cand.opens_mid_thought),
            float(bool(_READER.search(text))),
            float(cand.had_dateline),
            text.count("(") / max(n_words, 1),
        ])  # fmt: skip
    return rows


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
    word_sets = [set(_words(c.text)) for c in candidates]
    target = min(target_chars, max_chars)
    chosen: list[int] = []
    total = 0

    def fits(i: int) -> bool:
        extra = len(candidates[i].text) + (1 if chosen else 0)
        if total + extra > max_chars:
            return False
        overlap = max((len(word_sets[i] & word_sets[j]) for j in chosen), default=0)
        return overlap <= redundancy * max(len(word_sets[i]), 1)

    for strict in (True, False):
        for i in order:
            if len(chosen) >= MAX_SENTENCES or (len(chosen) >= MIN_SENTENCES and total >= target):
                break
            if i in chosen or not fits(i):
                continue
            cand = candidates[i]
            if strict and (
                cand.is_question or (cand.opens_mid_thought and not any(j < i for j in chosen))
            ):
                continue
            total += len(cand.text) + (1 if chosen else 0)
            chosen.append(i)
        if len(chosen) >= MIN_SENTENCES:
            break
    if not chosen and order:
        chosen = [order[0]]  # every sentence is longer than max_chars: the best one alone
    return sorted(chosen)


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
    chosen: list[str] = []
    total = 0
    for cand in candidates:
        extra = len(cand.text) + (1 if chosen else 0)
        if chosen and total + extra > max_chars:
            break
        chosen.append(cand.text)
        total += extra
    return tuple(chosen)


def _cues(language: str) -> _Cues:
    return _CUES.get(language.split("-")[0].lower(), _CUES["id"])


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _tfisf_weights(tokens: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """Term frequency × inverse sentence frequency, within the article (no stop list needed)."""
    count = len(tokens)
    sentence_freq = Counter(w for words in tokens for w in set(words))
    weight = {w: math.log((count + 1) / (f + 0.5)) for w, f in sentence_freq.items()}
    return [{w: c * weight[w] for w, c in Counter(words).items()} for words in tokens]


class _Vector:
    """A sparse vector with its norm computed once."""

    __slots__ = ("norm", "weights")

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.norm = math.sqrt(sum(v * v for v in weights.values()))

    def cosine(self, other: _Vector) -> float:
        if not self.norm or not other.norm:
            return 0.0
        small, large = sorted((self.weights, other.weights), key=len)
        dot = sum(v * large.get(k, 0.0) for k, v in small.items())
        return dot / (self.norm * other.norm)


def _is_dateline_word(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit() or "." in word or word.startswith("detik")
