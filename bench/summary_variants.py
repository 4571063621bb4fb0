"""Variants of the summarizer tried against the cleaned-375 lead; prints CV R1 (a benchmark).

    .venv/bin/python bench/summary_variants.py

Everything here runs on the TRAIN part only (the first 500 IndoSum dev.01 documents), scored
by 5-fold cross-validation with the same folds as `bench/summary.py --train`: each document is
scored by trees that never saw it. The held-out 250 documents are never read. Figures are CV R1
(ROUGE-1 F1 x 100); the shipped model's CV R1 is the reference ("shipped").
Needs scikit-learn and rouge-score (the `bench` extra); LightGBM rankers run only if installed.
The third round (global and summary-level choices) is `bench/summary_subsets.py`, run at the end.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import summary as bs
from bot.text import summarize as sz
from bot.text.summary_candidates import Candidate, word_tokens
from bot.text.summary_features import FEATURE_NAMES

TARGETS = (340, 360, 375, 400)
REDUNDANCY = 0.6
_TOKEN = re.compile(r"[a-z0-9]+")
Scores = list[np.ndarray]


def tokens(text: str) -> list[str]:
    """rouge-score's default tokens (lower-case ASCII letters and digits)."""
    return _TOKEN.findall(text.lower())


class Bench:
    """Train documents, their candidates and rows, the CV folds and a ROUGE-1 scorer."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer
        from sklearn.model_selection import KFold

        self.docs = bs.load_documents()[: bs.TRAIN_DOCS]
        self.prepared = [bs.candidate_rows(doc) for doc in self.docs]
        self.folds = list(KFold(bs.FOLDS, shuffle=True, random_state=0).split(self.prepared))
        self._scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=False)
        self.precision = [self._precisions(i) for i in range(len(self.docs))]

    def r1(self, i: int, texts: Sequence[str]) -> float:
        gold = "\n".join(self.docs[i].summary)
        return self._scorer.score(gold, "\n".join(texts))["rouge1"].fmeasure

    def r1s(self, predictions: Sequence[Sequence[str]]) -> list[float]:
        """ROUGE-1 F of each document's predicted summary."""
        return [self.r1(i, p) for i, p in enumerate(predictions)]

    def mean_r1(self, predictions: Sequence[Sequence[str]]) -> float:
        return 100 * float(np.mean(self.r1s(predictions)))

    def _precisions(self, i: int) -> list[float]:
        """Each candidate's ROUGE-1 precision against the gold summary (clipped counts)."""
        gold = Counter(tokens(" ".join(self.docs[i].summary)))
        out = []
        for cand in self.prepared[i][0]:
            counts = Counter(tokens(cand.text))
            out.append(sum(min(v, gold[k]) for k, v in counts.items()) / max(counts.total(), 1))
        return out

    def cv_scores(self, fit: Callable, rows: Callable | None = None, labels=None) -> Scores:
        """Out-of-fold sentence scores; `fit(X, y, groups)` returns a function of X."""
        rows = rows or (lambda i: np.asarray(self.prepared[i][1]))
        labels = labels or (lambda i: np.asarray(self.prepared[i][2]))
        out: Scores = [np.empty(0)] * len(self.docs)
        for fit_part, score_part in self.folds:
            x = np.vstack([rows(i) for i in fit_part])
            y = np.concatenate([labels(i) for i in fit_part])
            predict = fit(x, y, [len(self.prepared[i][2]) for i in fit_part])
            for i in score_part:
                out[i] = np.asarray(predict(rows(i)))
        return out

    def greedy(self, scores: Scores, target: int) -> list[list[str]]:
        """The shipped selection rule on `scores`."""
        return [
            bs.summarize_with(lambda _rows, i=i: scores[i], c, r, target, REDUNDANCY)
            for i, (c, r, _) in enumerate(self.prepared)
        ]

    def sweep(self, scores: Scores) -> str:
        return "  ".join(f"{t}:{self.mean_r1(self.greedy(scores, t)):6.2f}" for t in TARGETS)


def gbm(x, y, _groups):
    model = bs.fit_trees(x, y)
    return model.decision_function


def prefixes(cands: Sequence[Candidate], scores: np.ndarray) -> dict[int, tuple[int, ...]]:
    """The shipped selection stopped after 2, 3 or 4 sentences (what each target gives)."""
    if len(cands) <= sz.MIN_SENTENCES:
        return {len(cands): tuple(range(len(cands)))}
    out = {}
    for target in range(0, bs.MAX_CHARS + 1, 5):
        chosen = tuple(sz.select_sentences(cands, scores, bs.MAX_CHARS, target, REDUNDANCY))
        out.setdefault(len(chosen), chosen)
    return out


def length_variants(b: Bench, base: Scores) -> None:
    print("\n1. Length budget (shipped scores):")
    gold = np.array([len(" ".join(d.summary)) for d in b.docs])
    low, high = np.percentile(gold, [10, 90])
    print(f"  gold summaries: mean {gold.mean():.0f} chars, 10-90 % {low:.0f}-{high:.0f}")
    fine = (300, 320, 340, 350, 360, 375, 390, 410, 430, 460, 600)
    print("  target chars " + "  ".join(f"{t}:{b.mean_r1(b.greedy(base, t)):.2f}" for t in fine))
    pre = [prefixes(c, base[i]) for i, (c, _, _) in enumerate(b.prepared)]
    f1 = [{k: b.r1(i, [b.prepared[i][0][j].text for j in ch]) for k, ch in p.items()}
          for i, p in enumerate(pre)]  # fmt: skip
    for k in (3, 4):
        fixed = 100 * np.mean([f.get(k, f[max(f)]) for f in f1])
        print(f"  always {k} sentences (when they fit): {fixed:.2f}")
    for target in (50, 55, 60):
        picked = []
        for i, p in enumerate(pre):
            ks = sorted(p)
            lengths = {k: sum(len(tokens(b.prepared[i][0][j].text)) for j in p[k]) for k in ks}
            picked.append(f1[i][next((k for k in ks if k >= 2 and lengths[k] >= target), ks[-1])])
        print(f"  target {target} rouge tokens: {100 * np.mean(picked):.2f}")
    print(
        f"  per-document best of 2/3/4 sentences (an upper bound, not a method): "
        f"{100 * np.mean([max(f.values()) for f in f1]):.2f}"
    )
    learned_stop(b, base, pre, f1)


def learned_stop(b: Bench, base: Scores, pre, f1) -> None:
    """A second model predicts the R1 gain of adding the next sentence (CV over documents)."""
    from sklearn.ensemble import GradientBoostingRegressor
    from sklearn.model_selection import KFold

    steps, x, y = [], [], []
    for i, p in enumerate(pre):
        cands, ks = b.prepared[i][0], sorted(p)
        for a, c in itertools.pairwise(ks):
            new = [j for j in p[c] if j not in p[a]]
            if len(new) != 1:
                continue
            j, total = new[0], sum(len(cands[k].text) + 1 for k in p[a]) - 1
            s = base[i]
            x.append([a, total, len(cands[j].text), s[j], min(s[k] for k in p[a]), j, len(cands)])
            y.append(f1[i][c] - f1[i][a])
            steps.append((i, a, c))
    x_arr, y_arr = np.asarray(x), np.asarray(y)
    for threshold in (0.0, 0.005):
        picked = []
        for fit_part, score_part in KFold(5, shuffle=True, random_state=1).split(b.docs):
            mask = np.isin([s[0] for s in steps], fit_part)
            model = GradientBoostingRegressor(
                n_estimators=100, max_depth=2, learning_rate=0.05, random_state=0
            ).fit(x_arr[mask], y_arr[mask])
            gain = {s: g for s, g in zip(steps, model.predict(x_arr), strict=True)}
            for i in score_part:
                k = min(pre[i])
                for a, c in itertools.pairwise(sorted(pre[i])):
                    if a != k or gain.get((i, a, c), -1.0) <= threshold:
                        break
                    k = c
                picked.append(f1[i][k])
        print(f"  learned stop (predicted gain > {threshold}): {100 * np.mean(picked):.2f}")


def target_variants(b: Bench) -> None:
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor

    print("\n2. Other training targets and weights (greedy selection, target chars):")

    def regressor(x, y, _groups):
        return GradientBoostingRegressor(**bs.TREE_SETTINGS).fit(x, y).predict

    precision = b.cv_scores(regressor, labels=lambda i: np.asarray(b.precision[i]))
    print("  regress ROUGE-1 precision      " + b.sweep(precision))
    g = float(np.mean([len(tokens(" ".join(d.summary))) for d in b.docs]))
    for scale in (0.9, 1.0):
        preds = [f1_subset(c, precision[i], g * scale) for i, (c, _, _) in enumerate(b.prepared)]
        print(
            f"  same, subset maximising predicted F1 (gold {g * scale:.0f} tokens): "
            f"{b.mean_r1(preds):.2f}"
        )

    def weighted(x, y, groups):
        w = np.concatenate([np.full(n, 10 / n) for n in groups])
        return GradientBoostingClassifier(**bs.TREE_SETTINGS).fit(x, y, w).decision_function

    print("  each document weighs the same  " + b.sweep(b.cv_scores(weighted)))
    for cut in (0.7, 0.85):
        relabel = b.cv_scores(gbm, labels=lambda i, c=cut: np.asarray(b.prepared[i][2])
                              | (np.asarray(b.precision[i]) > c))  # fmt: skip
        print(f"  label or precision > {cut:.2f}     " + b.sweep(relabel))


def f1_subset(cands: Sequence[Candidate], est: np.ndarray, gold_tokens: float) -> list[str]:
    """2-4 of the 12 best sentences maximising 2*sum(p_i*n_i)/(sum n_i + gold), shipped rules."""
    n_tok = [len(tokens(c.text)) for c in cands]
    words = [set(word_tokens(c.text)) for c in cands]
    top = sorted(sorted(range(len(cands)), key=lambda i: -est[i])[:12])
    best: tuple[float, tuple[int, ...]] | None = None
    for k in (2, 3, 4):
        for combo in itertools.combinations(top, k):
            if sum(len(cands[i].text) + 1 for i in combo) - 1 > bs.MAX_CHARS:
                continue
            if not all(_allowed(cands, words, combo, j) for j in range(k)):
                continue
            f1 = 2 * sum(est[i] * n_tok[i] for i in combo) / (sum(n_tok[i] for i in combo)
                                                             + gold_tokens)  # fmt: skip
            if best is None or f1 > best[0]:
                best = (f1, combo)
    if best is None:
        return [c.text for c in cands[:2]]
    return [cands[i].text for i in best[1]]


def _allowed(cands, words, combo, j) -> bool:
    cand, before = cands[combo[j]], combo[:j]
    if cand.is_question or (cand.opens_mid_thought and not before):
        return False
    if cand.quote_opener is not None and cand.quote_opener not in before:
        return False
    mine = words[combo[j]]
    return all(len(mine & words[h]) <= REDUNDANCY * max(len(mine), 1) for h in before)


def learner_variants(b: Bench, base: Scores) -> None:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    print("\n3. Other learners (greedy selection, target chars):")

    def logistic(x, y, _groups):
        pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        return pipe.fit(x, y).decision_function

    def forest(x, y, _groups):
        model = RandomForestClassifier(300, min_samples_leaf=5, random_state=0).fit(x, y)
        return lambda rows: _logit(model.predict_proba(rows)[:, 1])

    for name, fit in (("logistic regression", logistic), ("random forest", forest)):
        other = b.cv_scores(fit)
        print(f"  {name:30s} " + b.sweep(other))
        blend = [0.75 * s + 0.25 * o for s, o in zip(base, other, strict=True)]
        print(f"  {'3/4 shipped + 1/4 ' + name:30s} " + b.sweep(blend))
    try:
        import lightgbm
    except ImportError:
        print("  LightGBM rankers: skipped (lightgbm not installed)")
        return
    for objective in ("lambdarank", "rank_xendcg"):

        def ranker(x, y, groups, objective=objective):
            model = lightgbm.LGBMRanker(
                objective=objective, num_leaves=8, n_estimators=150, learning_rate=0.05,
                subsample=0.8, subsample_freq=1, random_state=0, deterministic=True,
                num_threads=1, verbose=-1,
            )  # fmt: skip
            return model.fit(x, y, group=groups).predict

        print(f"  LightGBM {objective:21s} " + b.sweep(b.cv_scores(ranker)))


def feature_variants(b: Bench, base: Scores) -> None:
    from scipy.stats import rankdata
    from sklearn.model_selection import KFold

    print("\n4. More features (greedy selection, target chars):")
    centroid, log_words = FEATURE_NAMES.index("centroid"), FEATURE_NAMES.index("log_words")
    title = FEATURE_NAMES.index("title_recall")

    def ranks(i: int) -> np.ndarray:
        r = np.asarray(b.prepared[i][1])
        n = len(r)
        extra = (rankdata(-r[:, centroid]) / n, r[:, log_words] - np.median(r[:, log_words]),
                 rankdata(-r[:, title]) / n)  # fmt: skip
        return np.column_stack([r, *extra])

    print(
        "  in-document ranks of centroid, title overlap, length "
        + b.sweep(b.cv_scores(gbm, rows=ranks))
    )

    def context(rows, s) -> np.ndarray:
        s = np.asarray(s)
        order = np.empty(len(s))
        order[np.argsort(-s)] = np.arange(len(s))
        prev, nxt = np.r_[-5.0, s[:-1]], np.r_[s[1:], -5.0]
        return np.column_stack([rows, s, order, s - s.max(), prev, nxt])

    # Stacking: a second model sees the first model's out-of-fold scores of the whole document.
    stacked: Scores = [np.empty(0)] * len(b.docs)
    for fit_part, score_part in b.folds:
        inner: dict[int, np.ndarray] = {}
        for a, c in KFold(5, shuffle=True, random_state=0).split(fit_part):
            predict = gbm(
                np.vstack([b.prepared[i][1] for i in fit_part[a]]),
                np.concatenate([b.prepared[i][2] for i in fit_part[a]]),
                None,
            )
            inner.update({i: predict(b.prepared[i][1]) for i in fit_part[c]})  # fmt: skip
        x = np.vstack([context(b.prepared[i][1], inner[i]) for i in fit_part])
        predict = gbm(x, np.concatenate([b.prepared[i][2] for i in fit_part]), None)
        for i in score_part:
            stacked[i] = predict(context(b.prepared[i][1], base[i]))
    print("  stacked on the document's first-stage scores        " + b.sweep(stacked))

    def commonness(i: int) -> np.ndarray:
        """Unweighted word overlap, as ROUGE-1 counts it: how widely the sentence's words recur."""
        words = [word_tokens(c.text) for c in b.prepared[i][0]]
        n = len(words)
        freq = Counter(w for ws in words for w in set(ws))
        lead = {w for ws in words[:3] for w in ws}
        extra = [
            [
                sum((freq[w] - 1) / max(n - 1, 1) for w in ws) / max(len(ws), 1),
                sum(w in lead for w in ws) / max(len(ws), 1),
                sum(freq[w] > 1 for w in ws) / max(len(ws), 1),
            ]
            for ws in words
        ]
        return np.column_stack([np.asarray(b.prepared[i][1]), np.asarray(extra)])

    recurrence = b.cv_scores(gbm, rows=commonness)
    print("  word recurrence, share of lead-3 words (unweighted)  " + b.sweep(recurrence))
    shipped = b.r1s(b.greedy(base, 375))
    variant = b.r1s(b.greedy(recurrence, 360))
    diff = 100 * (np.asarray(variant) - np.asarray(shipped))
    se = diff.std(ddof=1) / np.sqrt(len(diff))
    print(
        f"  word recurrence at 360 minus shipped at 375, paired by article: "
        f"{diff.mean():+.2f} (standard error {se:.2f})"
    )


def trimming_variants(b: Bench, base: Scores) -> None:
    print("\n5. Trimming clauses from the chosen sentences (target 375):")
    chosen = b.greedy(base, 375)
    day = r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)"
    trims = {
        "brackets up to 40 chars": lambda s: re.sub(r"\s*\([^)]{0,40}\)", "", s),
        "brackets except a date (27/3)": lambda s: re.sub(
            r"\s*\((?!\d{1,2}/\d{1,2}\))[^)]{0,40}\)", "", s
        ),
        "day and date ', Senin (27/3)'": lambda s: re.sub(
            rf",?\s+(pada\s+)?{day}\s*\(\d+/\d+(/\d+)?\)", "", s
        ),
        "place and day ', di Jakarta, Senin'": lambda s: re.sub(
            rf",?\s+di\s+[A-Z]\w+,\s+{day}\s*(\(\d+/\d+(/\d+)?\))?", "", s
        ),
    }
    for name, trim in trims.items():
        print(f"  {name:38s} {b.mean_r1([[trim(s) for s in p] for p in chosen]):.2f}")


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log((p + 1e-3) / (1 - p + 1e-3))


def main() -> None:
    b = Bench()
    base = b.cv_scores(gbm)
    lead = [bs._lead_to(c, bs.LEAD_CHARS) for c, _, _ in b.prepared]
    print(f"CV on the train part ({len(b.docs)} documents); R1 by target characters")
    print(f"  cleaned lead to {bs.LEAD_CHARS} characters: {b.mean_r1(lead):.2f}")
    print("  shipped (150 trees, binary gold labels) " + b.sweep(base))
    length_variants(b, base)
    target_variants(b)
    learner_variants(b, base)
    feature_variants(b, base)
    trimming_variants(b, base)
    from bench import summary_subsets  # third round (imports this module)

    summary_subsets.run(b, base)


if __name__ == "__main__":
    main()
