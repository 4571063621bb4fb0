"""Text stages (extract + normalize + summarize + chunk) for a 1,000-word article.

    .venv/bin/python bench/text_stages.py [--runs 20] [--json]

Input: 1,000 words of IndoSum news in a news page (navigation, header, footer around the
article), and, as a check on real layouts, the saved Indonesian news pages of
`bench/data/indonesian-pages`. Ours: `article_from_html` then `plan_speech(mode="full")`,
in one process after one warm-up call (models and lexicons load once per process; the cold
first call is printed too). Baseline, the obvious pipeline's text work: readability-lxml's
`Document(html).summary()`, the paragraphs' text, and gTTS's own tokenizer on it.
"""

from __future__ import annotations

import argparse
import time

import harness
from harness import Result
from paths import indonesian_pages, read_text

from bot import pipeline
from bot.models import Article
from tests.chat.pages import article_html

TARGET_S = 0.15
WORDS = 1000


def thousand_words() -> Article:
    story = harness.long_article(12, seed=100)
    paragraphs, words = [], 0
    for paragraph in story.paragraphs:
        paragraphs.append(paragraph)
        words += len(paragraph.split())
        if words >= WORDS:
            break
    return Article(url="", title="Berita seribu kata", paragraphs=tuple(paragraphs))


def ours(html: str) -> int:
    article = pipeline.article_from_html(html, "https://warta.example/berita/1")
    return len(pipeline.plan_speech(article, "full").chunks)


def baseline(html: str) -> int:
    from gtts import gTTS
    from lxml import html as lxml_html
    from readability import Document

    body = lxml_html.fromstring(Document(html).summary())
    text = "\n".join(p.text_content().strip() for p in body.iter("p"))
    return len(gTTS(text, lang="id")._tokenize(text))


def best_of(action, html: str, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action(html)
        times.append(time.perf_counter() - started)
    return harness.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    story = thousand_words()
    html = article_html(story.title, story.paragraphs)
    started = time.perf_counter()
    chunks = ours(html)
    cold = time.perf_counter() - started
    baseline(html)
    ours_s = best_of(ours, html, args.runs)
    baseline_s = best_of(baseline, html, args.runs)
    real_pages = []
    for name, page in indonesian_pages().items():
        text = read_text(page)
        try:
            real_pages.append((best_of(ours, text, 3), name))
        except Exception:  # section pages are refused by design; skip them
            continue
    slowest = max(real_pages)
    words = sum(len(p.split()) for p in story.paragraphs)
    harness.report(
        [
            Result(
                goal=f"text stages, {words}-word article",
                baseline=f"{harness.seconds(baseline_s)} (readability + gTTS tokenizer)",
                ours=harness.seconds(ours_s),
                ratio=f"{baseline_s / ours_s:.1f}x",
                target=f"< {TARGET_S * 1000:.0f} ms",
                met=ours_s < TARGET_S,
            )
        ],
        notes=[
            f"median of {args.runs} warm runs, {chunks} chunks; cold first call in a fresh "
            f"process {harness.seconds(cold)}; {len(real_pages)} saved news pages: median "
            f"{harness.seconds(harness.median([t for t, _ in real_pages]))}, slowest "
            f"{harness.seconds(slowest[0])} ({slowest[1]})"
        ],
    )


if __name__ == "__main__":
    main()
