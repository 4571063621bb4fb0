"""What the sentence scorer sees (pure): one row of `FEATURE_NAMES` values per candidate sentence.

Position, length, centrality, overlap with the title and the lead, quotes, numbers and cue words.
`bench/summary.py --train` fits the model in `summary_model.json` on these rows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from bot.text.summary_candidates import OPEN_QUOTES, Candidate, cues_for, word_tokens

_DIGIT = re.compile(r"\d")
_READER = re.compile(r"\b(anda|kamu|kalian|you|your)\b", re.IGNORECASE)
_SPEECH_VERB = re.compile(
    r"[\"”']\s*,?\s*(kata|ujar|ucap|tutur|ungkap|jelas|tegas|imbuh|tambah|terang|lanjut|papar|"
    r"said|says|told)\w*\b",
    re.IGNORECASE,
)

FEATURE_NAMES = (
    "pos0", "pos1", "pos2", "pos3", "pos4", "pos5", "pos6plus", "rel_pos", "log_pos",
    "para0", "para1", "para2", "para3plus", "in_para0", "in_para1", "in_para2plus",
    "log_n", "log_words", "short", "long",
    "centroid", "sim_first", "sim_prev", "sim_next", "title_recall", "title_precision",
    "digits", "caps_ratio", "starts_quote", "has_quote", "speech_verb", "question",
    "connective", "pronoun", "reader", "had_dateline", "paren_ratio",
)  # fmt: skip


def sentence_features(
    candidates: Sequence[Candidate], title: str = "", language: str = "id"
) -> list[list[float]]:
    """One row of `FEATURE_NAMES` values per candidate (the model's input)."""
    count = len(candidates)
    tokens = [word_tokens(c.text) for c in candidates]
    vectors = [_Vector(weights) for weights in _tfisf_weights(tokens)]
    centroid_weights: Counter[str] = Counter()
    for vector in vectors:
        centroid_weights.update(vector.weights)
    centroid = _Vector(dict(centroid_weights))
    title_words = {w for w in word_tokens(title) if len(w) > 2 and not w.isdigit()}
    connectives = cues_for(language).connectives
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
            float(text[:1] in OPEN_QUOTES),
            float(any(q in text for q in "\"“”")),
            float(bool(_SPEECH_VERB.search(text))),
            float(cand.is_question),
            float(bool(connectives.match(text.lstrip(OPEN_QUOTES + " ")))),
            float(cand.opens_mid_thought),
            float(bool(_READER.search(text))),
            float(cand.had_dateline),
            text.count("(") / max(n_words, 1),
        ])  # fmt: skip
    return rows


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
