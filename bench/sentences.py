"""Sentence-boundary precision/recall/F1 on IndoSum dev.01, and normalizer speed.

Usage: .venv/bin/python bench/sentences.py [path/to/dev.01.jsonl] [--errors N]

Gold: IndoSum gives each paragraph as a list of sentences, each a list of tokens. We rebuild the
paragraph text from the token stream alone (gold boundaries are *not* used when detokenizing), run
`split_sentences` on it, and compare the boundaries inside each paragraph (paragraph breaks are
given to the splitter, so they are not counted). Three lines are printed:

- boundaries between words, the headline: a boundary is a gap between two words of the text,
  the only place a listener hears one. The gold, being token-based, sometimes puts it before a
  token glued to the previous word (it opens ". " Hari ini" with the last sentence's closing quote,
  or a sentence with a lone "," or "."); such a boundary moves to the gap after that word;
- exact token positions: the gold's own token indices, quote placement included;
- between words, minus rejected: also leaves out gold boundaries after a title before a name
  ("Kab. | Tabalong", "PT. | LEN", "Ir. | H. Acep"), gold errors counted below the scores.
Most remaining "extra" boundaries are real sentence ends the gold misses (". Rossi melakukan ...",
where the source lost the space between paragraphs); print every disagreement with --errors N.

Detokenization (`detokenize`): tokens joined with one space, whitespace-only tokens dropped, then
- no space before , . ! ? ; : ) ] } % … and closing quotes (” ’ and the second " or ' of a pair);
- no space after ( [ { and opening quotes (“ ‘ and the first " or ' of a pair);
- "/" glued on both sides (27 / 3 → 27/3); a lone "-" glued when both neighbours are alphanumeric
  (bentrokan - bentrokan → bentrokan-bentrokan); clitics 's n't glued to the word before.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import paths
from bot.text.normalize import normalize_text
from bot.text.sentences import split_sentences

DEFAULT_GOLD = paths.INDOSUM_DEV

_NO_SPACE_BEFORE = {
    ",",
    ".",
    "!",
    "?",
    ";",
    ":",
    ")",
    "]",
    "}",
    "%",
    "…",
    "...",
    "..",
    "”",
    "’",
    "’’",
    "''",
}
_NO_SPACE_AFTER = {"(", "[", "{", "“", "‘"}
_TOGGLE_QUOTES = {'"', "'"}
_CLITICS = {"'s", "’s", "n't", "'re", "'ll", "'ve", "'m", "'d"}


def _quote_roles(words: list[str]) -> dict[int, bool]:
    """For each straight quote (" or '), whether it opens (True) or closes (False) a quotation.

    Local evidence first: a quote before punctuation closes; one after a word or an opening
    bracket opens; one after punctuation before a lowercase word closes; one after a comma or colon
    before a capital opens. Quotes after . ! ? before a capital are
    ambiguous and alternate with the nearest decided quote of the same kind before them.
    """
    roles: dict[int, bool] = {}
    present = [i for i, w in enumerate(words) if w]
    for position, index in enumerate(present):
        word = words[index]
        if word not in _TOGGLE_QUOTES:
            continue
        before = words[present[position - 1]] if position > 0 else ""
        after = words[present[position + 1]] if position + 1 < len(present) else ""
        if not after or not after[0].isalnum():
            roles[index] = False
        elif not before or before[-1].isalnum() or before in {"(", "[", "-", "--", "–"}:
            roles[index] = True
        elif after[0].islower():
            roles[index] = False
        elif before in {",", ":"}:
            roles[index] = True
    last: dict[str, bool] = {}
    for index, word in enumerate(words):
        if word not in _TOGGLE_QUOTES:
            continue
        if index not in roles:
            roles[index] = not last.get(word, False)
        last[word] = roles[index]
    return roles


def detokenize(tokens: list[str]) -> tuple[str, list[int]]:
    """Rebuild text from tokens; return it with the character offset where each token starts.

    Whitespace-only tokens get offset -1 (they are dropped).
    """
    text = ""
    offsets: list[int] = []
    glue_next = False
    previous = ""
    words = ["".join(token.split()).replace("\u200e", "") for token in tokens]
    quote_opens = _quote_roles(words)
    for index, word in enumerate(words):
        if not word:
            offsets.append(-1)
            continue
        following = next((w for w in words[index + 1 :] if w), "")
        glue = glue_next or not text
        glue_next = False
        if word in _NO_SPACE_BEFORE or word in _CLITICS:
            glue = True
        elif word in _TOGGLE_QUOTES:
            if quote_opens[index]:
                glue_next = True
            else:
                glue = True
        elif word == "/" or (word == "-" and previous[-1:].isalnum() and following[:1].isalnum()):
            glue = glue_next = True
        if word in _NO_SPACE_AFTER:
            glue_next = True
        if not glue:
            text += " "
        offsets.append(len(text))
        text += word
        previous = word
    return text, offsets


_CLOSING_MARKS = set(",.!?;:)]}%…”’")
_QUOTE_TOKENS = {'"', "'", "“", "”", "‘", "’", "’’", "``", "''"}


def word_gaps(tokens: list[str], text: str, offsets: list[int]) -> list[int | None]:
    """For each token, the token that starts the word gap a boundary before it belongs to.

    A boundary is heard only between words of the text. One before a token glued to the previous
    word (a closing quote, a comma, a stray ".") moves forward to the gap after that word; one
    before a word's first letters, behind an opening quote or bracket, moves back to the gap
    before the quote. None when the paragraph ends first.
    """
    starts = [
        index
        for index, offset in enumerate(offsets)
        if offset >= 0 and (offset == 0 or text[offset - 1].isspace())
    ]
    gaps: list[int | None] = []
    word_start: int | None = None
    only_opening = False  # the word so far holds only opening quotes or brackets
    for index, offset in enumerate(offsets):
        if offset >= 0 and index in starts:
            word_start, only_opening = index, True
        if offset >= 0 and only_opening:
            gaps.append(word_start)
        else:
            gaps.append(next((start for start in starts if start > index), None))
        if offset >= 0 and any(c.isalnum() or c in _CLOSING_MARKS for c in tokens[index]):
            only_opening = False
    return gaps


def at_word_gaps(boundaries: set[int], gaps: list[int | None]) -> set[int]:
    """Boundaries moved to the word gap at or after them; those past the last word dropped."""
    return {gap for b in boundaries if (gap := gaps[b]) is not None and gap > 0}


def predicted_boundaries(text: str, offsets: list[int]) -> set[int]:
    """Token indices where `split_sentences` starts a new sentence (the first one excluded)."""
    starts: list[int] = []
    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        if found < 0:
            raise AssertionError(f"sentence not found in its paragraph: {sentence!r}")
        starts.append(found)
        position = found + len(sentence)
    token_starts = [(offset, index) for index, offset in enumerate(offsets) if offset >= 0]
    boundaries: set[int] = set()
    for start in starts[1:]:
        index = next((i for offset, i in token_starts if offset >= start), None)
        if index is not None:
            boundaries.add(index)
    return boundaries


def gold_boundaries(sentences: list[list[str]]) -> set[int]:
    """Token indices where a gold sentence starts (the first one excluded)."""
    boundaries: set[int] = set()
    count = 0
    total = sum(len(sentence) for sentence in sentences)
    for sentence in sentences[:-1]:
        count += len(sentence)
        if 0 < count < total:
            boundaries.add(count)
    return boundaries


@dataclass
class Score:
    """Boundary counts for one way of comparing."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, predicted: set[int], gold: set[int]) -> None:
        self.true_positive += len(predicted & gold)
        self.false_positive += len(predicted - gold)
        self.false_negative += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_positive)

    @property
    def recall(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_negative)

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / max(1e-9, self.precision + self.recall)

    def line(self) -> str:
        return (
            f"precision {self.precision:.4f}  recall {self.recall:.4f}  F1 {self.f1:.4f}  "
            f"(tp {self.true_positive}, fp {self.false_positive}, fn {self.false_negative})"
        )


# Gold boundaries after a title before a name: gold errors (counted, not excluded from the scores).
_NEVER_FINAL = {"Kab", "Kec", "PT", "Jl", "Ir", "IR", "Rp", "Dr", "Prof", "No", "med", "H"}


def _after_title(tokens: list[str], index: int) -> str:
    """The title a gold boundary at `index` follows ("Kab" in "Kab . Bogor"), or ""."""
    before = [t.strip() for t in tokens[max(0, index - 2) : index]]
    if len(before) == 2 and before[1] == "." and before[0] in _NEVER_FINAL:
        return before[0]
    return ""


@dataclass
class Evaluation:
    """Scores over a gold file, the titles behind rejected gold, and every disagreement."""

    between_words: Score = field(default_factory=Score)
    exact: Score = field(default_factory=Score)
    minus_rejected: Score = field(default_factory=Score)
    rejected_titles: Counter[str] = field(default_factory=Counter)
    disagreements: list[str] = field(default_factory=list)
    paragraphs: int = 0


def evaluate(path: Path, documents: int | None = None) -> Evaluation:
    """Compare `split_sentences` with the gold of the first `documents` documents (all if None)."""
    result = Evaluation()
    with io.StringIO(paths.read_text(path)) as lines:
        for number, line in enumerate(lines):
            if documents is not None and number >= documents:
                break
            for paragraph in json.loads(line)["paragraphs"]:
                result.paragraphs += 1
                _compare(paragraph, result)
    return result


def _compare(paragraph: list[list[str]], result: Evaluation) -> None:
    """Add one gold paragraph's boundaries to `result`."""
    tokens = [token for sentence in paragraph for token in sentence]
    text, offsets = detokenize(tokens)
    predicted = predicted_boundaries(text, offsets)
    gold = gold_boundaries(paragraph)
    result.exact.add(predicted, gold)
    gaps = word_gaps(tokens, text, offsets)
    predicted, gold = at_word_gaps(predicted, gaps), at_word_gaps(gold, gaps)
    result.between_words.add(predicted, gold)
    rejected = set()
    for index in sorted(gold - predicted):
        if title := _after_title(tokens, index):
            result.rejected_titles[title] += 1
            rejected.add(index)
    result.minus_rejected.add(predicted, gold - rejected)
    for index in sorted(predicted ^ gold):
        kind = "extra" if index in predicted else "missed"
        around = " ".join(t for t in tokens[max(0, index - 6) : index + 5] if t.strip())
        result.disagreements.append(f"{kind:6}  …{around}…   (at {tokens[index]!r})")


def report(path: Path, show_errors: int) -> None:
    """Print boundary precision, recall and F1 over all paragraphs in `path`."""
    started = time.perf_counter()
    result = evaluate(path)
    elapsed = time.perf_counter() - started
    exact = result.exact
    gold_count = exact.true_positive + exact.false_negative
    print(f"IndoSum {path.name}: {result.paragraphs} paragraphs, {gold_count} gold boundaries")
    print(f"  boundaries between words      {result.between_words.line()}")
    print(f"  exact token positions         {exact.line()}")
    print(f"  between words, minus rejected {result.minus_rejected.line()}")
    print(f"  ({elapsed:.2f} s)")
    titles = ", ".join(f'"{t}." {n}' for t, n in result.rejected_titles.most_common())
    print(f"gold boundaries after a title before a name (rejected): {titles}")
    for error in result.disagreements[:show_errors]:
        print("  " + error)


def long_article(path: Path, words: int = 1000) -> list[str]:
    """Sentences of the first `words` words of IndoSum text (articles concatenated as needed)."""
    sentences: list[str] = []
    count = 0
    with io.StringIO(paths.read_text(path)) as lines:
        for line in lines:
            for paragraph in json.loads(line)["paragraphs"]:
                text, _ = detokenize([token for sentence in paragraph for token in sentence])
                for sentence in split_sentences(text):
                    sentences.append(sentence)
                    count += len(sentence.split())
                    if count >= words:
                        return sentences
    return sentences


def time_normalizer(path: Path, repeats: int = 30) -> None:
    """Print how long `normalize_text` takes on a 1,000-word article, sentence by sentence."""
    sentences = long_article(path)
    word_count = sum(len(s.split()) for s in sentences)
    for sentence in sentences:  # warm up regex caches and num2words imports
        normalize_text(sentence)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        for sentence in sentences:
            normalize_text(sentence)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"normalize_text on a {word_count}-word article ({len(sentences)} sentences), "
        f"{repeats} runs:"
    )
    print(f"  median {statistics.median(timings):.1f} ms  max {max(timings):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--errors", type=int, default=0, help="print the first N disagreements")
    args = parser.parse_args()
    report(args.gold, args.errors)
    time_normalizer(args.gold)


if __name__ == "__main__":
    main()
