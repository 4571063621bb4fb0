"""How the summarizer's margin grows with training articles; prints CV R1 (a benchmark).

    .venv/bin/python bench/summary_data_limits.py    (about two minutes)

Train part only (the first 500 IndoSum dev.01 documents), the same 5 folds as `bench/summary.py
--train`; the held-out 250 are never read. For each size, the trees are fitted on a random share
of each fold's 400 training documents (three draws below the full size) and score the fold's
held-out documents with the shipped selection rule (greedy to 375 characters). A margin over the
cleaned 375-character lead that still rises at 400 documents says more labelled articles would help.

Then knowledge from outside the 500 articles, as extra sentence features (each line: CV R1 and the
paired per-article difference from the shipped features, with its standard error): Indonesian word
frequencies from a large web corpus (wordfreq: mean Zipf frequency, share of rare words, rare
words the article repeats) and centrality on Sastrawi word stems. Skipped when those packages
(not dependencies) are absent.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import summary as bs
from bench import summary_variants as sv
from bot.text.summary_candidates import word_tokens
from bot.text.summary_features import _tfisf_weights, _Vector

SHARES = (0.2, 0.4, 0.6, 0.8, 1.0)
DRAWS = 3


def learning_curve(bench: sv.Bench) -> None:
    lead = bench.mean_r1([bs._lead_to(c, bs.LEAD_CHARS) for c, _, _ in bench.prepared])
    print(f"cleaned {bs.LEAD_CHARS}-character lead: CV-part R1 {lead:.2f}")
    print(f"{'train docs a fold':>18s} {'CV R1':>7s} {'margin':>7s}  draws")
    for share in SHARES:
        results = []
        for draw in range(DRAWS if share < 1 else 1):
            rng = np.random.default_rng(draw)
            scores: sv.Scores = [np.empty(0)] * len(bench.docs)
            for fit_part, score_part in bench.folds:
                part = fit_part
                if share < 1:
                    part = rng.choice(fit_part, int(len(fit_part) * share), replace=False)
                x = np.vstack([bench.prepared[i][1] for i in part])
                y = np.concatenate([bench.prepared[i][2] for i in part])
                model = bs.fit_trees(x, y)
                for i in score_part:
                    scores[i] = model.decision_function(np.asarray(bench.prepared[i][1]))
            results.append(bench.mean_r1(bench.greedy(scores, bs.LEAD_CHARS)))
        size = int(len(bench.folds[0][0]) * share)
        mean = float(np.mean(results))
        draws = " ".join(f"{r:.2f}" for r in results)
        print(f"{size:18d} {mean:7.2f} {mean - lead:+7.2f}  {draws}", flush=True)


RARE_ZIPF = 3.5
"""Words rarer than about 3 in a million running words (names, places, the story's own terms)."""


def outside_features(bench: sv.Bench) -> None:
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
        from wordfreq import zipf_frequency
    except ImportError:
        print("\noutside knowledge: skipped (pip install wordfreq PySastrawi to run it)")
        return
    stemmer = StemmerFactory().create_stemmer()
    zipf = cache(lambda word: zipf_frequency(word, "id"))
    stem = cache(stemmer.stem)

    def extra(i: int) -> np.ndarray:
        tokens = [word_tokens(c.text) for c in bench.prepared[i][0]]
        vectors = [_Vector(w) for w in _tfisf_weights([[stem(w) for w in t] for t in tokens])]
        centroid_weights: Counter[str] = Counter()
        for vector in vectors:
            centroid_weights.update(vector.weights)
        centroid = _Vector(dict(centroid_weights))
        in_article = Counter(w for t in tokens for w in t if len(w) > 2)
        rows = []
        for k, words in enumerate(tokens):
            content = [w for w in words if len(w) > 2 and not w.isdigit()]
            rare = {w for w in content if zipf(w) < RARE_ZIPF}
            repeated = sum(1 for w in rare if in_article[w] > 1)
            rows.append([
                float(np.mean([zipf(w) for w in content])) if content else 5.0,
                len(rare) / max(len(content), 1),
                min(repeated, 10) / 10,
                vectors[k].cosine(centroid),
                vectors[k].cosine(vectors[0]) if k else 1.0,
            ])  # fmt: skip
        return np.asarray(rows)

    extras = [extra(i) for i in range(len(bench.docs))]
    shipped = _r1s(bench, bench.cv_scores(sv.gbm))
    print(f"\noutside knowledge (extra features); shipped features {100 * shipped.mean():.2f}")
    for name, columns in (
        ("word frequencies (wordfreq, id)", [0, 1, 2]),
        ("centrality on Sastrawi stems", [3, 4]),
        ("both", [0, 1, 2, 3, 4]),
    ):
        scores = bench.cv_scores(
            sv.gbm,
            rows=lambda i, c=columns: np.hstack([bench.prepared[i][1], extras[i][:, c]]),
        )
        difference = 100 * (_r1s(bench, scores) - shipped)
        error = difference.std(ddof=1) / math.sqrt(len(difference))
        print(
            f"  {name:34s} {100 * shipped.mean() + difference.mean():6.2f}  "
            f"{difference.mean():+.2f} (se {error:.2f})",
            flush=True,
        )


def _r1s(bench: sv.Bench, scores: sv.Scores) -> np.ndarray:
    return np.array(bench.r1s(bench.greedy(scores, bs.LEAD_CHARS)))


def main() -> None:
    bench = sv.Bench()
    learning_curve(bench)
    outside_features(bench)


if __name__ == "__main__":
    main()
