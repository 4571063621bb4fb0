"""Pure: a region's feed items → the day's stories (merge near-duplicates, rank, pick for variety).

No network, no clock, no database: "now" is an argument.

1. Keep items from the last 24 hours (undated items count as half a window old).
2. Merge near-duplicates: TF-IDF cosine over title and description words; one story may carry
   several outlets.
3. Rank by recency, by how many outlets carry the story, and pick for topic variety.

Writing the briefing from the chosen stories is `compose`.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(hours=24)
MAX_STORIES = 8
SIMILAR = 0.33
"""Cosine similarity at which two items are the same story. On the fixture feeds, same-story pairs
from different outlets score 0.36-0.8 and different stories of one region at most 0.21."""
RECENCY_HALF_LIFE_H = 8.0
OUTLET_BONUS = 0.6
"""Score per extra outlet carrying the story (at most 3 counted): a story in three outlets beats
one of similar age in one outlet by more than a half-life of recency."""
TOPIC_PENALTY = 0.35
"""Subtracted per story already chosen with the same topic, for variety."""

_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]+>")
STOPWORDS = frozenset(
    """yang dan di ke dari ini itu untuk dengan pada dalam akan tidak ada juga atau oleh karena
    bagi para serta tak telah sudah masih sebagai saat agar bisa dapat kata hal lebih jadi
    menjadi usai jelang soal hingga antara bahwa tersebut kami kita mereka ia dia nya pun baru
    lagi bakal kembali terkait tahun hari kamis jumat sabtu minggu senin selasa rabu ini""".split()
)
TOPICS: dict[str, tuple[str, ...]] = {
    "pemerintahan": ("gubernur", "bupati", "wali", "pemprov", "pemkot", "pemkab", "dprd", "pilkada",
                     "apbd", "pj", "pemda", "kebijakan", "pemilu", "kpu", "bawaslu", "partai"),
    "hukum": ("polisi", "polda", "polres", "kejati", "kejari", "ditangkap", "tersangka", "korupsi",
              "sidang", "pengadilan", "hakim", "pembunuhan", "pencurian", "narkoba", "kriminal"),
    "ekonomi": ("harga", "inflasi", "ekonomi", "umkm", "pasar", "investasi", "ekspor", "bank",
                "pajak", "beras", "cabai", "bbm", "rupiah", "pedagang", "petani", "nelayan"),
    "bencana": ("banjir", "longsor", "gempa", "kebakaran", "cuaca", "hujan", "bmkg", "erupsi",
                "angin", "bpbd", "kekeringan", "tsunami"),
    "kesehatan": ("kesehatan", "rumah sakit", "rsud", "dinkes", "puskesmas", "penyakit", "dbd",
                  "vaksin", "stunting", "dokter", "pasien", "bpjs"),
    "pendidikan": ("sekolah", "siswa", "guru", "pendidikan", "universitas", "mahasiswa", "kampus",
                   "ppdb", "beasiswa"),
    "transportasi": ("jalan", "tol", "bandara", "pelabuhan", "kereta", "bus", "macet", "kapal",
                     "lalu lintas", "penerbangan", "mudik"),
    "olahraga": ("sepak bola", "liga", "persib", "persija", "pssi", "atlet", "pon", "turnamen",
                 "pertandingan", "juara", "olahraga"),
    "budaya": ("festival", "budaya", "wisata", "pariwisata", "seni", "adat", "museum", "kuliner"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a region's feed."""

    region: str
    url: str
    title: str
    published: datetime | None
    source: str
    """The outlet's name ("Antara Banten")."""
    description: str = ""
    """Plain text (HTML already removed), possibly empty."""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """One news story, maybe carried by several outlets; `items[0]` is the one told."""

    items: tuple[FeedItem, ...]
    topic: str
    score: float

    @property
    def lead(self) -> FeedItem:
        return self.items[0]

    @property
    def sources(self) -> tuple[str, ...]:
        """Distinct outlets, the lead's first."""
        return tuple(dict.fromkeys(item.source for item in self.items))


def strip_html(value: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())


def recent_items(items: Sequence[FeedItem], now: datetime) -> list[FeedItem]:
    """Items published in the last 24 hours (or undated), without repeated URLs or titles."""
    kept: list[FeedItem] = []
    seen: set[str] = set()
    for item in items:
        if item.published is not None and not now - WINDOW <= item.published <= now + timedelta(
            hours=1
        ):
            continue
        keys = {item.url.rstrip("/"), _words_key(item.title)}
        if not item.title.strip() or keys & seen:
            continue
        seen |= keys
        kept.append(item)
    return kept


def _words_key(title: str) -> str:
    return " ".join(_WORD.findall(title.lower()))


def _stem(word: str) -> str:
    """A light Indonesian stem: enough for "diresmikan" and "meresmikan" to meet at "resmi"."""
    for suffix in ("nya", "kan", "lah"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for prefix in ("di", "ter", "ber", "me"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix) :]
    return word


def _terms(item: FeedItem) -> Counter[str]:
    """Title words (counted twice), title word pairs and the description's first words."""
    title = [_stem(w) for w in _WORD.findall(item.title.lower()) if w not in STOPWORDS]
    body = [
        _stem(w) for w in _WORD.findall(item.description[:300].lower()) if w not in STOPWORDS
    ]
    terms: Counter[str] = Counter()
    for word in title:
        terms[word] += 2
    for first, second in itertools.pairwise(title):
        terms[f"{first} {second}"] += 1
    for word in body:
        terms[word] += 1
    return terms


def _vectors(items: Sequence[FeedItem]) -> list[dict[str, float]]:
    """TF-IDF vectors, unit length, with IDF over the given items."""
    counts = [_terms(item) for item in items]
    documents: Counter[str] = Counter()
    for terms in counts:
        documents.update(terms.keys())
    n = len(items)
    vectors = []
    for terms in counts:
        weights = {
            term: (1 + math.log(tf)) * math.log((1 + n) / (1 + documents[term]) + 1)
            for term, tf in terms.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({term: w / norm for term, w in weights.items()})
    return vectors


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def merge_duplicates(items: Sequence[FeedItem]) -> list[list[FeedItem]]:
    """Group items that tell the same story (single link at `SIMILAR`), newest items first."""
    ordered = sorted(items, key=_sort_time, reverse=True)
    vectors = _vectors(ordered)
    groups: list[list[int]] = []
    for index, vector in enumerate(vectors):
        best, best_score = None, SIMILAR
        for number, group in enumerate(groups):
            score = max(similarity(vector, vectors[member]) for member in group)
            if score >= best_score:
                best, best_score = number, score
        if best is None:
            groups.append([index])
        else:
            groups[best].append(index)
    return [[ordered[i] for i in group] for group in groups]


def _sort_time(item: FeedItem) -> float:
    return item.published.timestamp() if item.published else 0.0


def topic_of(items: Sequence[FeedItem]) -> str:
    """The story's topic by keywords in titles, descriptions and feed categories ("umum": none)."""
    words = " ".join(
        f"{i.title} {i.description[:300]} {' '.join(i.categories)}" for i in items
    ).lower()
    counts = {
        topic: sum(len(re.findall(rf"\b{re.escape(k)}\b", words)) for k in keys)
        for topic, keys in TOPICS.items()
    }
    best = max(counts, key=lambda t: counts[t])
    return best if counts[best] else "umum"


def story_score(items: Sequence[FeedItem], now: datetime) -> float:
    """Recency of the newest item (halving every 8 hours) plus a bonus per extra outlet."""
    dated = [i.published for i in items if i.published is not None]
    age_h = (now - max(dated)).total_seconds() / 3600 if dated else WINDOW.total_seconds() / 7200
    recency = 0.5 ** (max(age_h, 0.0) / RECENCY_HALF_LIFE_H)
    outlets = len({i.source for i in items})
    return recency + OUTLET_BONUS * min(outlets - 1, 3)


def _lead(items: Sequence[FeedItem]) -> FeedItem:
    """The item to tell: the one with the most description, then the earliest (the original)."""
    return max(items, key=lambda i: (min(len(i.description), 200), -_sort_time(i)))


def select_stories(
    items: Sequence[FeedItem],
    now: datetime,
    limit: int = MAX_STORIES,
    leave_out: Callable[[Story], bool] | None = None,
) -> list[Story]:
    """Recent items merged into stories, ranked, picked for variety: at most `limit`.

    `leave_out` drops stories before the pick (freshness: stories told on earlier days).
    """
    stories = []
    for group in merge_duplicates(recent_items(items, now)):
        lead = _lead(group)
        ordered = (lead, *(i for i in group if i is not lead))
        story = Story(ordered, topic_of(group), round(story_score(group, now), 4))
        if leave_out is None or not leave_out(story):
            stories.append(story)
    chosen: list[Story] = []
    remaining = sorted(stories, key=lambda s: (-s.score, s.lead.url))
    while remaining and len(chosen) < limit:
        topics = Counter(s.topic for s in chosen)

        def adjusted(story: Story, topics: Counter[str] = topics) -> float:
            repeats = topics[story.topic] if story.topic != "umum" else topics["umum"] / 2
            return story.score - TOPIC_PENALTY * repeats

        best = max(remaining, key=adjusted)
        chosen.append(best)
        remaining.remove(best)
    return chosen


__all__ = [
    "FeedItem",
    "Story",
    "merge_duplicates",
    "select_stories",
    "strip_html",
]
