"""How the normalizer reads news it was not built from: the 16 Indonesian pages, reviewed by hand.

Usage: .venv/bin/python bench/normalize_audit.py [--source pages|indosum-heldout] [--dump]
       [--review path/to/review.tsv]

The normalizer's rules were written reading IndoSum sentences only. The ground-truth body texts
of the 16 saved pages in `bench/data/indonesian-pages/` (detik, kompas, antara, liputan6,
okezone, kapanlagi, tempo, republika, viva; 2015-2016) were never read while writing them.
Each body is cut into paragraphs at newlines, each paragraph into sentences with
`split_sentences`, and each sentence goes through `normalize_text`, as `bot/pipeline.py` does.

A sentence is "in scope" when it holds anything the normalizer changes or should change: a
digit, a run of 2+ capitals, a dotted abbreviation ("dr.", "S.H.", "Jl."), a sign
(% $ & + = # @ / | * ~ ® ...), a link or domain, or any change at all made by `normalize_text`.

`--dump` prints every in-scope sentence, written and spoken form one under the other, with
its page and number: that is what the review read.

Without `--dump` it reads the review file (`reading_review.tsv` next to the pages; columns:
page, written span, reading heard at review time, reading a newsreader would say, class,
note; one row per misreading) and prints: sentences reviewed, sentences with at least one
misreading at review time and their share, misreadings and sentences by class, and how many
reviewed misreadings the current normalizer still gets wrong. A row is matched to the
sentences of its page that contain its written span (the k-th row with the same page and
span to the k-th such sentence); it is still wrong when that sentence's spoken form, made
again now, does not contain the expected reading. The review was done once, before any fix:
those first figures are held-out. Once rules are fixed from the review, "still wrong" is
in-sample.

`--source indosum-heldout` audits a second, larger sample the same way: IndoSum dev.01 articles of
the publishers `bench/normalize_coverage.py` holds out (`HELD_OUT`), paragraphs detokenized and
split as that script does. Articles that a golden table or a fix was taken from
(`USED_ARTICLES`) and stock lines a golden table quotes (`USED_LINES`) are left out; of the
in-scope sentences left, a random sample of `SAMPLE_SIZE` (seed `SAMPLE_SEED`) was drawn before
the review; its ids are kept in `bench/data/indosum/reading_sample_heldout.txt`, in article order
(a fix can bring new sentences into scope and so change a new draw; `--draw` draws again). Each
sentence is named "<article id>#<n>" (n counts the article's sentences from 1), and the review
file (`bench/data/indosum/reading_review_heldout.tsv`) has that name in its first column,
"sentence", instead of the page; a row is matched to that one sentence.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from normalize_coverage import HELD_OUT, indosum_articles

from bench import paths
from bot.text.normalize import normalize_text
from bot.text.sentences import split_sentences

REVIEW = paths.INDONESIAN_PAGES / "reading_review.tsv"
QUOTED_PAGES = frozenset({
    "antara-singlepage", "antara-singlepage2", "detik-singlepage", "kompas-singlepage",
    "liputan6-singlepage", "liputan6-singlepage3", "okezone-singlepage", "republika-singlepage",
    "tempo-singlepage",
})  # fmt: skip
"""Pages that sentences or clauses of `tests/text/golden_normalize.tsv` were taken from (its
header says so; rows 19, 20, 147, 243, 258, 352, 368-377): the normalizer was partly tuned on
them, so they are not held out. The other seven share only a dateline or a stock phrase
("(ANTARA News) -", "di Gedung KPK, Jakarta,") with the golden tables."""
GROUND_TRUTH = paths.INDONESIAN_PAGES / "ground-truth.json.gz"
COLUMNS = ("page", "written", "heard", "expected", "class", "note")
HELDOUT_REVIEW = paths.DATA / "indosum" / "reading_review_heldout.tsv"
HELDOUT_COLUMNS = ("sentence", *COLUMNS[1:])
HELDOUT_SAMPLE = paths.DATA / "indosum" / "reading_sample_heldout.txt"
SAMPLE_SIZE = 200
SAMPLE_SEED = 20261206
USED_ARTICLES = frozenset({
    "1495703700-potensi-kotoran-sapi-rp-643-triliun-per-tahun",  # golden rows 22, 43, 212, 213
    "1517378400-gogobli-jajaki-investor-baru-incar-pendanaan-hingg",  # rows 57, 83, 138
    "1502214000-paris-saint-germain-seriusi-transfer-jan-oblak",  # row 59
    "1515996000-bidik-neymar-manchester-united-siap-bayar-500-juta",  # row 60
    "1479157220-deretan-ibu-negara-yang-pernah-tampil-bugil-di-dep",  # row 61
    "1500271200-ryzen-threadripper-dan-ryzen-3-siap-dipasarkan",  # row 62
    "1492710355-saatnya-anies-sandi-buktikan-janji-kampanye",  # rows 84, 157
    "1503097680-bigdish-solusi-reservasi-restoran-dengan-harga-dis",  # row 85
    "1519268400-rizieq-masih-buron-pa-alumni-212-sebut-anies-kacan",  # rows 97, 262
    "1503508260-malaysia-pesta-gol-ke-gawang-timnas-futsal-indones",  # rows 101, 103, 121
    "1503162600-resmi-kevin-prince-boateng-gabung-eintracht-frankf",  # row 120
    "1503162000-liga-1-arema-3-0-persiba-balikpapan",  # row 160
    "1513903431-xiaomi-luncurkan-redmi-5a-di-indonesia",  # row 192
    "1519702200-hmd-global-perkenalkan-5-jagoan-baru",  # row 208
    "1515046500-zotac-luncurkan-dua-sasis-gpu-eksternal-untuk-lapt",  # row 210
    "1516686300-99co-akuisisi-urbanindo",  # row 246
    "1505797200-nubia-z17-mini-limited-edition-meluncur-di-india",  # row 356
    "1516215600-htc-u11-eyes-bawa-layar-penuh-dan-kamera-selfie-ga",  # row 359 ("Full HD+")
    "1485240343-arema-fc-rebut-kiper-persela-lamongan",  # golden_normalize_round2 row 123
    "1499277600-canon-luncurkan-generasi-kedua-eos-6d",  # normalize_diff fix "f/3.5–5.6"
})  # fmt: skip
"""Held-out articles that a golden table quoted (sentences or clauses, found by a shared run of
5+ tokens and read by hand; shared stock phrases such as "pada menit ke-59" or "di Gedung KPK,
Jakarta," do not count) or that a fix was written from (bench/normalize_diff.py's review): the
normalizer was partly tuned on them, so the held-out sample leaves them out."""
USED_LINES = re.compile(r"DailySocial\.id adalah portal berita|SIMAK JUGA:")
"""Stock lines of held-out publishers that a golden table quotes (golden_normalize row 245, a
line closing 67 dailysocial.id articles; golden_normalize_round2 row 123, a "SIMAK JUGA:" link
line in 20 goal indonesia articles): left out of the held-out sample wherever they occur."""

IN_SCOPE = re.compile(
    r"\d"  # numbers, dates, times, money
    r"|[A-Z]{2,}"  # initialisms, shouted words, Roman numerals
    r"|(?<![\w.])(?:[A-Za-z]{1,4}\.){2,}"  # S.H., a.n., U.S.
    r"|(?<![\w.])[A-Za-z]{1,4}\.(?=\s*[\w(])"  # dr. Ani, Jl. Sudirman, No. 5 (not a sentence end)
    r"|[%$€£¥&+=#@/\\|<>_~^*®™©]"  # signs
    r"|www|https?:|\w\.(?:com|co|id|net|org)\b"  # links and domains
)


@dataclass(frozen=True)
class Sentence:
    page: str
    number: int
    written: str
    spoken: str


def page_sentences() -> list[Sentence]:
    """Every sentence of the 16 ground-truth bodies, in page order, with its spoken form."""
    truth = paths.read_json(GROUND_TRUTH)
    found = []
    for page in sorted(truth):
        number = 0
        for paragraph in truth[page]["articleBody"].splitlines():
            for written in split_sentences(paragraph):
                number += 1
                found.append(Sentence(page.removesuffix(".html"), number, written,
                                      normalize_text(written)))  # fmt: skip
    return found


def heldout_sentences(draw: bool = False) -> list[Sentence]:
    """The sample of in-scope sentences of the held-out IndoSum publishers, in article order: the
    one drawn at review time (listed in `HELDOUT_SAMPLE`), or with `draw` a new draw by the seed.

    Whether a sentence is in scope depends on the normalizer (any change counts), so a draw made
    after a fix can differ; the list keeps the reviewed sample fixed."""
    eligible = [
        Sentence(article["id"], number, written, written)
        for article, sentences in indosum_articles()
        if article["source"] in HELD_OUT and article["id"] not in USED_ARTICLES
        for number, written in enumerate(sentences, 1)
        if not USED_LINES.search(written)
    ]
    if not draw:
        listed = paths.require(HELDOUT_SAMPLE).read_text(encoding="utf-8").split()
        by_id = {sentence_id(sentence): sentence for sentence in eligible}
        return [_spoken(by_id[name]) for name in listed]
    in_scope_ones = [s for s in map(_spoken, eligible) if in_scope(s)]
    order = {id(sentence): index for index, sentence in enumerate(in_scope_ones)}
    drawn = random.Random(SAMPLE_SEED).sample(in_scope_ones, min(SAMPLE_SIZE, len(in_scope_ones)))
    return sorted(drawn, key=lambda sentence: order[id(sentence)])


def _spoken(sentence: Sentence) -> Sentence:
    return replace(sentence, spoken=normalize_text(sentence.written))


def in_scope(sentence: Sentence) -> bool:
    return bool(IN_SCOPE.search(sentence.written)) or sentence.spoken != sentence.written


def read_review(path: Path, columns: tuple[str, ...] = COLUMNS) -> list[dict[str, str]]:
    with paths.require(path).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != columns:
        raise SystemExit(f"{path}: expected columns {', '.join(columns)}")
    if columns != COLUMNS:  # the held-out review names one sentence, "<article>#<n>"
        for row in rows:
            row["page"] = row.pop(columns[0])
    return rows


def _still_wrong(row: dict[str, str], spoken: str) -> bool:
    """The expected reading is missing, or the wrong one is still said (an empty expected
    reading means nothing should be said, so only the second test can tell)."""
    heard, expected = row["heard"], row["expected"]
    return expected not in spoken or (heard not in expected and heard in spoken)


def dump(sentences: list[Sentence], heldout: bool = False) -> None:
    for sentence in sentences:
        print(f"[{sentence_id(sentence)}]" if heldout else f"[{sentence.page} #{sentence.number}]")
        print(f"  W: {sentence.written}")
        print(f"  S: {sentence.spoken}")
    print(f"{len(sentences)} sentences in scope")


def sentence_id(sentence: Sentence) -> str:
    """How the held-out review names a sentence: its article and its number in the article."""
    return f"{sentence.page}#{sentence.number}"


def report(sentences: list[Sentence], rows: list[dict[str, str]], heldout: bool = False) -> None:
    by_page: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in sentences:
        by_page[sentence_id(sentence) if heldout else sentence.page].append(sentence)
    seen: Counter[tuple[str, str]] = Counter()
    wrong_sentences: set[tuple[str, int]] = set()
    classes: Counter[str] = Counter()
    class_sentences: dict[str, set[tuple[str, int]]] = defaultdict(set)
    still: Counter[str] = Counter()
    still_rows = []
    for row in rows:
        key = (row["page"], row["written"])
        matches = [s for s in by_page.get(row["page"], []) if row["written"] in s.written]
        if seen[key] >= len(matches):
            raise SystemExit(f"review row not found in an in-scope sentence: {row}")
        sentence = matches[seen[key]]
        seen[key] += 1
        wrong_sentences.add((sentence.page, sentence.number))
        classes[row["class"]] += 1
        class_sentences[row["class"]].add((sentence.page, sentence.number))
        if _still_wrong(row, normalize_text(sentence.written)):
            still[row["class"]] += 1
            still_rows.append((row, sentence))
    reviewed, wrong = len(sentences), len(wrong_sentences)
    if heldout:
        articles = len({s.page for s in sentences})
        print(f"IndoSum dev.01, held-out publishers ({', '.join(sorted(HELD_OUT))}): a sample of "
              f"{reviewed} in-scope sentences from {articles} articles (seed {SAMPLE_SEED}), "
              f"all reviewed by hand")  # fmt: skip
    else:
        pages = len(by_page)
        print(f"Indonesian pages: {pages} pages, {reviewed} sentences in scope, "
              f"all reviewed by hand")  # fmt: skip
    print(f"sentences with at least one misreading at review time: {wrong} of {reviewed} "
          f"({wrong / max(1, reviewed):.1%}); {len(rows)} misreadings")  # fmt: skip
    if not heldout:
        texts = {s.written for s in sentences}
        wrong_texts = {s.written for s in sentences if (s.page, s.number) in wrong_sentences}
        print(
            f"  counting repeated sentences once (one page repeats a photo caption): "
            f"{len(wrong_texts)} of {len(texts)} ({len(wrong_texts) / max(1, len(texts)):.1%})"
        )
    print(f"  {'class':34} {'misreadings':>11} {'sentences':>9} {'still wrong now':>15}")
    for name, count in classes.most_common():
        print(f"  {name:34} {count:11} {len(class_sentences[name]):9} {still[name]:15}")
    groups = (("pages quoted by the golden tables", QUOTED_PAGES), ("other pages", None))
    for name, group in () if heldout else groups:
        members = [s for s in sentences if (s.page in QUOTED_PAGES) == (group is not None)]
        hit = {(p, n) for p, n in wrong_sentences if (p in QUOTED_PAGES) == (group is not None)}
        count = len({s.page for s in members})
        print(f"  {name} ({count}): {len(hit)} of {len(members)} sentences with a misreading "
              f"({len(hit) / max(1, len(members)):.1%})")  # fmt: skip
    total_still = sum(still.values())
    still_sentences = {(s.page, s.number) for _, s in still_rows}
    print(f"still wrong now: {total_still} of {len(rows)} misreadings, in {len(still_sentences)} "
          f"sentences ({len(still_sentences) / max(1, reviewed):.1%})")  # fmt: skip
    for row, sentence in still_rows:
        name = sentence_id(sentence) if heldout else f"{sentence.page} #{sentence.number}"
        print(f"  [{row['class']}] {name}: {row['written']!r} -> "
              f"want {row['expected']!r} ({row['note']})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source",
        choices=("pages", "indosum-heldout"),
        default="pages",
        help="the 16 Indonesian pages (default) or the held-out IndoSum sample",
    )
    parser.add_argument("--dump", action="store_true", help="print every in-scope sentence")
    parser.add_argument("--review", type=Path, help="the review file (default: the source's own)")
    parser.add_argument("--draw", action="store_true", help="indosum-heldout: draw the sample anew")
    args = parser.parse_args()
    heldout = args.source == "indosum-heldout"
    if heldout:
        sentences = heldout_sentences(args.draw)
    else:
        sentences = [s for s in page_sentences() if in_scope(s)]
    if args.dump:
        dump(sentences, heldout)
    elif heldout:
        review = read_review(args.review or HELDOUT_REVIEW, HELDOUT_COLUMNS)
        report(sentences, review, heldout)
    else:
        report(sentences, read_review(args.review or REVIEW))


if __name__ == "__main__":
    main()
