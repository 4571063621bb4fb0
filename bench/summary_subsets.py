"""Third round of summary variants: global and summary-level choices; prints CV R1 (a benchmark).

    .venv/bin/python bench/summary_subsets.py   (also run at the end of bench/summary_variants.py)

Train part only (the first 500 IndoSum dev.01 documents), the same 5 folds as `bench/summary.py
--train`; the held-out 250 are never read. Each line is CV R1 and the paired per-article
difference from the shipped rule (greedy by tree score to 375 characters), with its standard error.
A learner that takes sentence scores as input is fitted on inner out-of-fold scores of its own
folds (nested CV), as a shipped two-stage model would be, and scores the outer fold with the
scores of trees fitted on all four training folds.

Subsets: every 2-4 sentences of a pool (the first 8 candidates and the 4 best-scored), within 600
characters, that the shipped rules allow (quote with its opener, no question or mid-thought
opening first, redundancy), plus the shipped choice itself.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import summary as bs
from bench import summary_variants as sv
from bot.text import summarize as sz
from bot.text.summary_candidates import word_tokens

POOL_FIRST, POOL_TOP = 8, 4
SUBSET_FEATURES = (
    "sentences", "chars", "tokens", "sum_p", "min_p", "mean_p", "sum_logit", "min_logit",
    "expected_overlap", "expected_f", "last_position", "mean_position", "has_first", "lead3_count",
    "is_lead", "redundancy", "title_coverage", "article_cosine", "worst_rank", "is_shipped",
    "chars_minus_shipped", "candidates", "sentences_differing", "distinct_token_share",
)  # fmt: skip
_GREEDY_ONLY = ("is_shipped", "chars_minus_shipped", "sentences_differing")


def rouge1(predicted: Counter[str], gold: Counter[str]) -> float:
    """ROUGE-1 F of token counts, as rouge-score computes it (checked in `main`)."""
    overlap = sum(min(v, gold[k]) for k, v in predicted.items())
    if not overlap:
        return 0.0
    return 2 * overlap / (predicted.total() + gold.total())


@dataclass(frozen=True)
class Subsets:
    """One article's allowed subsets, a feature row for each, their true R1 and the shipped one."""

    combos: list[tuple[int, ...]]
    rows: np.ndarray
    r1: np.ndarray
    shipped: int

    def gain(self) -> np.ndarray:
        return self.r1 - self.r1[self.shipped]


def subsets(b: sv.Bench, i: int, scores: np.ndarray) -> Subsets:
    """Enumerate the allowed subsets of article `i` and describe each (features of `scores`)."""
    cands = b.prepared[i][0]
    n = len(cands)
    gold = Counter(sv.tokens(" ".join(b.docs[i].summary)))
    counts = [Counter(sv.tokens(c.text)) for c in cands]
    n_tok = [c.total() for c in counts]
    words = [set(word_tokens(c.text)) for c in cands]
    chars = [len(c.text) for c in cands]
    prob = 1 / (1 + np.exp(-np.asarray(scores)))
    order = np.argsort(-scores)
    rank = np.empty(n)
    rank[order] = np.arange(n)
    greedy = tuple(sz.select_sentences(cands, scores, bs.MAX_CHARS, 375, sv.REDUNDANCY))
    pool = sorted(set(range(min(POOL_FIRST, n))) | set(order[:POOL_TOP].tolist()))
    combos = {greedy}
    for k in (2, 3, 4):
        for combo in itertools.combinations(pool, k):
            if sum(chars[j] for j in combo) + k - 1 > bs.MAX_CHARS:
                continue
            if all(sv._allowed(cands, words, combo, j) for j in range(k)):
                combos.add(combo)
    ordered = sorted(combos)
    title = {w for w in word_tokens(b.docs[i].title) if len(w) > 2 and not w.isdigit()}
    article: Counter[str] = Counter()
    for c in counts:
        article.update(c)
    article_norm = math.sqrt(sum(v * v for v in article.values()))
    shipped_chars = sum(chars[j] for j in greedy) + len(greedy) - 1
    rows, r1 = [], []
    for combo in ordered:
        k = len(combo)
        summary: Counter[str] = Counter()
        for j in combo:
            summary.update(counts[j])
        total = summary.total()
        length = sum(chars[j] for j in combo) + k - 1
        p = [prob[j] for j in combo]
        s = [scores[j] for j in combo]
        overlap = max(
            (len(words[a] & words[c]) / max(min(len(words[a]), len(words[c])), 1)
             for a, c in itertools.combinations(combo, 2)),
            default=0.0,
        )  # fmt: skip
        covered = set().union(*(words[j] for j in combo))
        norm = math.sqrt(sum(v * v for v in summary.values())) * article_norm
        expected = sum(prob[j] * n_tok[j] for j in combo)
        rows.append([
            k, length, total, sum(p), min(p), sum(p) / k, sum(s), min(s), expected,
            2 * expected / (total + 70), max(combo), sum(combo) / k, float(0 in combo),
            len({0, 1, 2} & set(combo)), float(combo == tuple(range(k))), overlap,
            len(title & covered) / len(title) if title else 0.0,
            sum(v * article[w] for w, v in summary.items()) / norm if norm else 0.0,
            max(rank[j] for j in combo), float(combo == greedy), length - shipped_chars, n,
            len(set(combo) ^ set(greedy)), len(summary) / max(total, 1),
        ])  # fmt: skip
        r1.append(rouge1(summary, gold))
    return Subsets(ordered, np.asarray(rows), np.asarray(r1), ordered.index(greedy))


def nested_scores(b: sv.Bench) -> list[dict[int, np.ndarray]]:
    """For each outer fold, out-of-fold sentence scores of its training documents (inner 5-fold)."""
    from sklearn.model_selection import KFold

    out = []
    for fit_part, _ in b.folds:
        scores: dict[int, np.ndarray] = {}
        for a, c in KFold(bs.FOLDS, shuffle=True, random_state=0).split(fit_part):
            x = np.vstack([b.prepared[i][1] for i in fit_part[a]])
            y = np.concatenate([b.prepared[i][2] for i in fit_part[a]])
            predict = sv.gbm(x, y, None)
            scores.update({i: predict(b.prepared[i][1]) for i in fit_part[c]})
        out.append(scores)
    return out


class Report:
    """Prints CV R1 and the paired difference from the shipped rule."""

    def __init__(self, shipped: Sequence[float]) -> None:
        self.shipped = 100 * np.asarray(shipped)

    def __call__(self, name: str, values: Sequence[float]) -> None:
        v = 100 * np.asarray(values)
        d = v - self.shipped
        se = d.std(ddof=1) / math.sqrt(len(d))
        print(f"  {name:58s} {v.mean():6.2f}  paired {d.mean():+.2f} (se {se:.2f})", flush=True)


def global_selection(out: Report, test: dict[int, Subsets]) -> None:
    """(a) Knapsack: the allowed subset with the largest summed probability (less a redundancy
    penalty) within a character budget, or with the largest sum of (p - lambda)."""
    print("\n(a) global selection over the subsets (shipped scores):")
    chars, sum_p = SUBSET_FEATURES.index("chars"), SUBSET_FEATURES.index("sum_p")
    redundancy, count = SUBSET_FEATURES.index("redundancy"), SUBSET_FEATURES.index("sentences")
    for budget, penalty in itertools.product((425, 450, 500), (0.0, 1.0)):
        picked = []
        for sub in test.values():
            value = sub.rows[:, sum_p] - penalty * sub.rows[:, redundancy]
            value = np.where(sub.rows[:, chars] <= budget, value, -np.inf)
            best = int(np.argmax(value)) if np.isfinite(value.max()) else sub.shipped
            picked.append(sub.r1[best])
        out(f"max summed p within {budget} chars, redundancy penalty {penalty:.0f}", picked)
    for lam in (0.3, 0.5):
        picked = [
            s.r1[int(np.argmax(s.rows[:, sum_p] - lam * s.rows[:, count]))] for s in test.values()
        ]
        out(f"max sum of (p - {lam}) within 600 chars", picked)


def summary_level(
    out: Report, b: sv.Bench, train: list[dict[int, Subsets]], test: dict[int, Subsets]
) -> None:
    """(b) A learner scores whole subsets by their predicted R1; the best is read (or the shipped
    choice unless the predicted gain over it exceeds a threshold)."""
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.linear_model import Ridge
    from sklearn.preprocessing import StandardScaler

    print("\n(b) summary-level learners over the subsets (nested CV):")
    every = list(range(len(SUBSET_FEATURES)))
    no_greedy = [k for k, f in enumerate(SUBSET_FEATURES) if f not in _GREEDY_ONLY]

    def boosted(x, y):
        model = HistGradientBoostingRegressor(
            max_iter=200, learning_rate=0.05, max_depth=4, random_state=0
        )
        return model.fit(x, y).predict

    def ridge(x, y):
        scale = StandardScaler().fit(x)
        model = Ridge(alpha=10.0).fit(scale.transform(x), y)
        return lambda rows: model.predict(scale.transform(rows))

    # name, learner, feature columns, target, rows as differences from the shipped subset
    learners = (
        ("boosted trees, R1 minus article mean", boosted, every, lambda s: s.r1 - s.r1.mean(), 0),
        ("boosted trees, R1 gain over shipped", boosted, every, Subsets.gain, 0),
        ("boosted trees, no shipped-choice features", boosted, no_greedy, lambda s: s.r1, 0),
        ("ridge on differences from the shipped subset", ridge, no_greedy, Subsets.gain, 1),
    )
    thresholds = (0.0, 0.01)
    for name, fit, cols, target, relative in learners:
        picked = {t: np.zeros(len(b.docs)) for t in thresholds}
        for f, (fit_part, score_part) in enumerate(b.folds):
            subs = [train[f][i] for i in fit_part]
            x = np.vstack([s.rows[:, cols] - relative * s.rows[s.shipped, cols] for s in subs])
            predict = fit(x, np.concatenate([target(s) for s in subs]))
            for i in score_part:
                s = test[i]
                gain = predict(s.rows[:, cols] - relative * s.rows[s.shipped, cols])
                gain = gain - gain[s.shipped]
                best = int(np.argmax(gain))
                for t in thresholds:
                    picked[t][i] = s.r1[best] if gain[best] > t else s.r1[s.shipped]
        for t in thresholds:
            out(f"{name}, gain > {t}", picked[t])


def oracle_labels(out: Report, b: sv.Bench) -> None:
    """(c) Labels from a greedy oracle that adds, given what it already chose, the sentence that
    raises R1 against the gold summary most (up to 4), instead of IndoSum's gold labels."""
    print("\n(c) greedy-oracle labels (trees as shipped, greedy selection):")
    labels = []
    for i, (cands, _, _) in enumerate(b.prepared):
        gold = Counter(sv.tokens(" ".join(b.docs[i].summary)))
        counts = [Counter(sv.tokens(c.text)) for c in cands]
        chosen: list[int] = []
        best = 0.0
        while len(chosen) < sz.MAX_SENTENCES:
            gains = {
                j: rouge1(sum((counts[k] for k in [*chosen, j]), Counter()), gold)
                for j in range(len(cands)) if j not in chosen
            }  # fmt: skip
            j = max(gains, key=gains.__getitem__, default=None)
            if j is None or gains[j] <= best:
                break
            chosen.append(j)
            best = gains[j]
        labels.append(np.isin(np.arange(len(cands)), chosen).astype(int))
    gold = np.concatenate([p[2] for p in b.prepared])
    agree = np.mean(np.concatenate(labels) == gold)
    print(f"  the oracle's labels agree with IndoSum's gold labels on {agree:.1%} of sentences")
    for name, label in (
        ("greedy-oracle labels", lambda i: labels[i]),
        ("gold or greedy-oracle labels", lambda i: labels[i] | np.asarray(b.prepared[i][2])),
    ):
        scores = b.cv_scores(sv.gbm, labels=label)
        for target in (360, 375):
            out(f"{name}, target {target}", _greedy_r1(b, scores, target))


def first_sentence(out: Report, b: sv.Bench, base: sv.Scores) -> None:
    """(d) The first candidate is always in (when it may open a summary), then greedy."""
    print("\n(d) the first sentence always in:")
    gold_first = np.mean([p[2][0] for p in b.prepared if p[2]])
    shipped_first = np.mean(
        [0 in sz.select_sentences(c, base[i], bs.MAX_CHARS, 375, sv.REDUNDANCY)
         for i, (c, _, _) in enumerate(b.prepared) if len(c) > sz.MIN_SENTENCES]
    )  # fmt: skip
    print(f"  gold labels include the first candidate in {gold_first:.1%} of articles;")
    print(f"  the shipped rule already picks it in {shipped_first:.1%}")
    forced = []
    for s, (cands, _, _) in zip(base, b.prepared, strict=True):
        s = np.array(s, dtype=float)
        if cands and cands[0].quote_opener is None and not cands[0].is_question:
            s[0] = 1e3
        forced.append(s)
    out("first candidate forced, then greedy to 375", _greedy_r1(b, forced, 375))


def word_level(
    out: Report, b: sv.Bench, inner: list[dict[int, np.ndarray]], base: sv.Scores,
    test: dict[int, Subsets],
) -> None:  # fmt: skip
    """(e) Predict how often each word of the article appears in the gold summary (Poisson trees
    over word features, incl. the sentence scores), then read the subset with the largest
    expected F: sum of min(count in subset, predicted gold count) over (length + gold length)."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    print("\n(e1) word-level expected ROUGE-1 F over the subsets (nested CV):")
    scales = (0.9, 1.0, 1.2)
    picked = {k: np.zeros(len(b.docs)) for k in scales}
    for f, (fit_part, score_part) in enumerate(b.folds):
        df: Counter[str] = Counter()
        for i in fit_part:
            df.update({w for c in b.prepared[i][0] for w in sv.tokens(c.text)})
        train = [_word_rows(b, i, inner[f][i], df, len(fit_part)) for i in fit_part]
        model = HistGradientBoostingRegressor(
            loss="poisson", max_iter=200, learning_rate=0.05, max_depth=4, random_state=0
        ).fit(np.vstack([t[1] for t in train]), np.concatenate([t[2] for t in train]))
        gold_len = np.mean([len(sv.tokens(" ".join(b.docs[i].summary))) for i in fit_part])
        for i in score_part:
            words, rows, _ = _word_rows(b, i, base[i], df, len(fit_part))
            expected_gold = dict(zip(words, model.predict(rows), strict=True))
            counts = [Counter(sv.tokens(c.text)) for c in b.prepared[i][0]]
            estimates = []
            for combo in test[i].combos:
                summary = sum((counts[j] for j in combo), Counter())
                hit = sum(min(v, expected_gold[w]) for w, v in summary.items())
                estimates.append((hit, summary.total()))
            for scale in scales:
                f1 = [2 * hit / (n + scale * gold_len) for hit, n in estimates]
                picked[scale][i] = test[i].r1[int(np.argmax(f1))]
    for scale in scales:
        out(f"largest expected F, gold length x{scale}", picked[scale])


def _word_rows(
    b: sv.Bench, i: int, scores: np.ndarray, df: Counter[str], docs: int
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """One row per word type of article `i` and its count in the gold summary (capped at 3)."""
    sentences = [sv.tokens(c.text) for c in b.prepared[i][0]]
    n = len(sentences)
    prob = 1 / (1 + np.exp(-np.asarray(scores)))
    title = set(sv.tokens(b.docs[i].title))
    tf = Counter(w for s in sentences for w in s)
    first: dict[str, int] = {}
    spread: Counter[str] = Counter()
    p_sum: Counter[str] = Counter()
    p_max: dict[str, float] = {}
    for j, s in enumerate(sentences):
        for w in set(s):
            first.setdefault(w, j)
            spread[w] += 1
            p_sum[w] += prob[j]
            p_max[w] = max(p_max.get(w, 0.0), prob[j])
    words = sorted(tf)
    lead = Counter(w for s in sentences[:3] for w in s)
    rows = [
        [tf[w], math.log1p(tf[w]), spread[w] / n, first[w], float(first[w] == 0),
         float(first[w] == 1), lead[w], float(w in title), df[w] / docs, float(w.isdigit()),
         len(w), p_max[w], p_sum[w], prob[first[w]], n]
        for w in words
    ]  # fmt: skip
    gold = Counter(sv.tokens(" ".join(b.docs[i].summary)))
    return words, np.asarray(rows), np.asarray([min(gold[w], 3) for w in words], dtype=float)


def other_scores(out: Report, b: sv.Bench, base: sv.Scores) -> None:
    """(e2) Averaging trees of five seeds, a bonus or malus for later positions, other redundancy
    limits, and a consensus (minimum Bayes risk) choice among the shipped rule's lengths."""
    from rouge_score import rouge_scorer

    print("\n(e2) other selections on the sentence scores:")

    def bagged(x, y, _groups):
        from sklearn.ensemble import GradientBoostingClassifier

        models = [
            GradientBoostingClassifier(**{**bs.TREE_SETTINGS, "random_state": seed}).fit(x, y)
            for seed in range(5)
        ]
        return lambda rows: np.mean([m.decision_function(rows) for m in models], axis=0)

    averaged = b.cv_scores(bagged)
    for target in (360, 375):
        out(f"trees of 5 seeds averaged, target {target}", _greedy_r1(b, averaged, target))
    for start, delta in ((2, -0.3), (2, 0.4), (3, 0.4)):
        moved = [s + delta * (np.arange(len(s)) >= start) for s in base]
        out(f"score {delta:+.1f} from position {start} on, target 375", _greedy_r1(b, moved, 375))
    for redundancy in (0.4, 0.5, 0.7):
        picked = [
            b.r1(i, bs.summarize_with(lambda _rows, i=i: base[i], c, r, 375, redundancy))
            for i, (c, r, _) in enumerate(b.prepared)
        ]
        out(f"redundancy limit {redundancy} (shipped 0.6), target 375", picked)
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=False)
    lengths = {t: b.greedy(base, t) for t in (300, 340, 375, 410, 450)}
    picked = []
    for i in range(len(b.docs)):
        options = ["\n".join(lengths[t][i]) for t in lengths]
        agreement = [
            sum(scorer.score(other, option)["rouge1"].fmeasure for other in options)
            for option in options
        ]
        picked.append(b.r1(i, options[int(np.argmax(agreement))].split("\n")))
    out("consensus among targets 300-450 (minimum Bayes risk)", picked)


def _greedy_r1(b: sv.Bench, scores: sv.Scores, target: int) -> list[float]:
    return b.r1s(b.greedy(scores, target))


def run(b: sv.Bench, base: sv.Scores) -> None:
    """Every variant of this round, on the bench's documents and out-of-fold scores."""
    print("\nThird round: global and summary-level choices (CV R1, paired with the shipped rule)")
    shipped = _greedy_r1(b, base, 375)
    out = Report(shipped)
    out("shipped rule (reference)", shipped)
    lead = [bs._lead_to(c, bs.LEAD_CHARS) for c, _, _ in b.prepared]
    same = np.asarray([p == q for p, q in zip(b.greedy(base, 375), lead, strict=True)])
    gain = 100 * (np.asarray(shipped) - np.asarray(b.r1s(lead)))
    print(f"  the shipped rule reads exactly the cleaned {bs.LEAD_CHARS}-character lead in")
    print(f"  {same.sum()} of {len(same)} articles; where it departs, R1 {gain[~same].mean():+.2f}")
    inner = nested_scores(b)
    test = {i: subsets(b, i, base[i]) for i in range(len(b.docs))}
    check = [test[i].r1[test[i].shipped] for i in range(len(b.docs))]
    if max(abs(a - c) for a, c in zip(shipped, check, strict=True)) > 1e-9:
        raise SystemExit("the fast ROUGE-1 disagrees with rouge-score")
    oracle = np.mean([s.r1.max() for s in test.values()])
    size = np.median([len(s.combos) for s in test.values()])
    print(f"  subsets per article: median {size:.0f}; the best subset of each article (an upper")
    print(f"  bound, not a method): {100 * oracle:.2f}")
    train = [{i: subsets(b, i, inner[f][i]) for i in fit} for f, (fit, _) in enumerate(b.folds)]
    global_selection(out, test)
    summary_level(out, b, train, test)
    oracle_labels(out, b)
    first_sentence(out, b, base)
    word_level(out, b, inner, base, test)
    other_scores(out, b, base)


def main() -> None:
    b = sv.Bench()
    run(b, b.cv_scores(sv.gbm))


if __name__ == "__main__":
    main()
