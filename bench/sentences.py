"""Sentence-boundary precision/recall/F1 on IndoSum dev.01, and normalizer speed.

Usage: .venv/bin/python bench/sentences.py [path/to/dev.01.jsonl] [--errors N]

Gold: IndoSum gives each paragraph as a list of sentences, each a list of tokens. We rebuild the
paragraph text from the token stream alone (gold boundaries are *not* used when detokenizing), run
`split_sentences` on it, and compare the boundaries inside each paragraph, counted as token indices
(paragraph breaks are given to the splitter, so they are not counted). Three lines are printed:

- exact token positions: the headline number;
- quote marks on either side: a boundary next to a quote token counts the same before or after
  it (the gold often opens a sentence with the previous sentence's closing quote);
- minus rejected gold: also leaves out gold boundaries that the splitting rules reject on purpose
  (after "Kab."/"PT."/"Ir." before a name; before a lowercase speech tag after a quoted "?" or
  "!"), counted below the scores. Most remaining "extra" boundaries are real sentence ends the gold
  misses (". Rossi melakukan ..."); print them with --errors N.

Detokenization (`detokenize`): tokens joined with one space, whitespace-only tokens dropped, then
- no space before , . ! ? ; : ) ] } % … and closing quotes (” ’ and the second " or ' of a pair);
- no space after ( [ { and opening quotes (“ ‘ and the first " or ' of a pair);
- "/" glued on both sides (27 / 3 → 27/3); a lone "-" glued when both neighbours are alphanumeric
  (bentrokan - bentrokan → bentrokan-bentrokan); clitics 's n't glued to the word before.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.text.normalize import normalize_text
from bot.text.sentences import split_sentences

DEFAULT_GOLD = Path("/work/shared/data/indosum/dev.01.jsonl")

_NO_SPACE_BEFORE = {",", ".", "!", "?", ";", ":", ")", "]", "}", "%", "…", "...", "..", "”", "’"}
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
        elif word == "/" or (
            word == "-" and previous[-1:].isalnum() and following[:1].isalnum()
        ):
            glue = glue_next = True
        if word in _NO_SPACE_AFTER:
            glue_next = True
        if not glue:
            text += " "
        offsets.append(len(text))
        text += word
        previous = word
    return text, offsets


_QUOTE_TOKENS = {'"', "'", "“", "”", "‘", "’", "’’", "``", "''"}


def _past_quotes(boundary: int, tokens: list[str]) -> int:
    """Move a boundary past quote-mark tokens, so a quote counts the same on either side."""
    while boundary < len(tokens) - 1 and tokens[boundary].strip() in _QUOTE_TOKENS:
        boundary += 1
    return boundary


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

    def line(self) -> str:
        precision = self.true_positive / max(1, self.true_positive + self.false_positive)
        recall = self.true_positive / max(1, self.true_positive + self.false_negative)
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        return (
            f"precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  "
            f"(tp {self.true_positive}, fp {self.false_positive}, fn {self.false_negative})"
        )


# Gold boundaries our splitting rules reject on purpose (counted, not excluded from the scores).
_NEVER_FINAL = {"Kab", "Kec", "PT", "Jl", "Ir", "IR", "Rp", "Dr", "Prof", "No", "med", "H"}
_SPEECH_TAG_AFTER_QUOTE = re.compile(r"^[a-z]")


def _policy_conflict(tokens: list[str], index: int) -> str:
    """Why a gold boundary we miss contradicts the splitting rules, or "" if it does not."""
    words = [t.strip() for t in tokens]
    before = words[index - 2 : index]
    if len(before) == 2 and before[1] == "." and before[0] in _NEVER_FINAL:
        return f'after the title "{before[0]}." (Kab. Bogor, PT. LEN, Ir. H. Acep)'
    if words[index - 1] in _QUOTE_TOKENS and _SPEECH_TAG_AFTER_QUOTE.match(words[index]):
        return 'before a lowercase speech tag ("Kenapa?" tanya dia)'
    return ""


def evaluate(path: Path, show_errors: int) -> None:
    """Print boundary precision, recall and F1 over all paragraphs in `path`."""
    exact, quote_insensitive, policy = Score(), Score(), Score()
    conflicts: Counter[str] = Counter()
    paragraphs = 0
    errors: list[str] = []
    started = time.perf_counter()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            for paragraph in json.loads(line)["paragraphs"]:
                paragraphs += 1
                tokens = [token for sentence in paragraph for token in sentence]
                text, offsets = detokenize(tokens)
                predicted = predicted_boundaries(text, offsets)
                gold = gold_boundaries(paragraph)
                exact.add(predicted, gold)
                predicted = {_past_quotes(b, tokens) for b in predicted}
                gold = {_past_quotes(b, tokens) for b in gold}
                quote_insensitive.add(predicted, gold)
                rejected = set()
                for index in sorted(gold - predicted):
                    if reason := _policy_conflict(tokens, index):
                        conflicts[reason] += 1
                        rejected.add(index)
                policy.add(predicted, gold - rejected)
                for index in sorted(predicted ^ gold):
                    kind = "extra" if index in predicted else "missed"
                    around = " ".join(t for t in tokens[max(0, index - 6) : index + 5] if t.strip())
                    errors.append(f"{kind:6}  …{around}…   (at {tokens[index]!r})")
    elapsed = time.perf_counter() - started
    gold_count = exact.true_positive + exact.false_negative
    print(f"IndoSum {path.name}: {paragraphs} paragraphs, {gold_count} gold boundaries inside them")
    print(f"  exact token positions         {exact.line()}")
    print(f"  quote marks on either side    {quote_insensitive.line()}")
    print(f"  same, minus rejected gold     {policy.line()}")
    print(f"  ({elapsed:.2f} s)")
    print("missed gold boundaries that the splitting rules reject on purpose:")
    for reason, count in conflicts.most_common():
        print(f"  {count:4}  {reason}")
    for error in errors[:show_errors]:
        print("  " + error)


def long_article(path: Path, words: int = 1000) -> list[str]:
    """Sentences of the first `words` words of IndoSum text (articles concatenated as needed)."""
    sentences: list[str] = []
    count = 0
    with path.open(encoding="utf-8") as lines:
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
    evaluate(args.gold, args.errors)
    time_normalizer(args.gold)


if __name__ == "__main__":
    main()
