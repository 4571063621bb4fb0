"""How much of real news text the normalizer leaves unread: digits, signs, dotted words, and
capital tokens nobody decided how to say.

Usage: .venv/bin/python bench/normalize_coverage.py [path/to/dev.01.jsonl[.gz]] [--top N]

Every sentence of IndoSum dev.01 (paragraphs detokenized as in bench/sentences.py, split with
`split_sentences`) goes through `normalize_text`. A sentence counts as "left over" when its spoken
form still holds a digit, one of % $ € £ ¥ & + = # @ / \\ | < > _ ~ ^ *, or a word with a dot
inside ("Node.js"): the voice would have to guess there. Separately it counts "unlisted capital
tokens": words of 2-5 capital letters still in the spoken form (the lexicon and the spelling rule
turn the ones they know into letter names or words; what is left is the voice's guess).

The articles are split by publisher (`HELD_OUT`): round two's rules were written while reading
sentences from the other publishers only, so the held-out figures are the more honest ones; the
"seen" ones are in-sample. Round one read all of IndoSum, and the golden tables quote 19 held-out
articles (`bench/normalize_audit.py` lists them), so "held out" holds for round two only.
Printed: both shares, and the most frequent leftovers with a sentence each.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sentences import DEFAULT_GOLD, detokenize

from bench import paths
from bot.text.normalize import lexicon, normalize_text
from bot.text.normalize.initialisms import ROMAN_NUMERAL, read_initialism
from bot.text.sentences import split_sentences

LEFT_OVER = re.compile(r"\S*[\d%$€£¥&+=#@/\\|<>_~^*]\S*|\b\w+\.\w+\S*")
CAPITALS = re.compile(r"(?<![\w.-])[A-Z]{2,5}(?!\w|\.\w)")
ROMAN = re.compile(r"[IVXLC]+")
HELD_OUT = frozenset({"dailysocial.id", "rimanews", "goal indonesia", "suara"})
"""Publishers whose sentences were not read while writing the rules (161 of 750 articles)."""


def indosum_articles(gold: Path = DEFAULT_GOLD) -> Iterator[tuple[dict, list[str]]]:
    """Each IndoSum article (its JSON record) with its sentences: paragraphs detokenized as in
    bench/sentences.py, split with `split_sentences`."""
    with io.StringIO(paths.read_text(gold)) as lines:
        for line in lines:
            article = json.loads(line)
            sentences = []
            for paragraph in article["paragraphs"]:
                text, _ = detokenize([token for sentence in paragraph for token in sentence])
                sentences.extend(split_sentences(text))
            yield article, sentences


@dataclass
class Tally:
    """Counts for one side of the split."""

    sentences: int = 0
    left_over: int = 0
    capitals: int = 0
    capital_sentences: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    capital_kinds: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    ruled: dict[str, str] = field(default_factory=dict)

    def add(self, sentence: str) -> None:
        spoken = normalize_text(sentence)
        listed = lexicon().acronyms.keys() | lexicon().abbreviations.keys() | lexicon().ranks.keys()
        for token in CAPITALS.findall(sentence):
            if token not in listed and not ROMAN_NUMERAL.fullmatch(token):
                self.ruled.setdefault(token, read_initialism(token))
                self.examples.setdefault(token, sentence)
        self.sentences += 1
        found = LEFT_OVER.findall(spoken)
        self.left_over += bool(found)
        for word in found:
            kind = re.sub(r"\d", "0", word)
            self.kinds[kind] += 1
            self.examples.setdefault(kind, sentence)
        capitals = [w for w in CAPITALS.findall(spoken) if not ROMAN.fullmatch(w)]
        self.capitals += len(capitals)
        self.capital_sentences += bool(capitals)
        for word in capitals:
            self.capital_kinds[word] += 1
            self.examples.setdefault(word, sentence)

    def report(self, name: str, top: int) -> None:
        share = self.left_over / max(1, self.sentences)
        print(f"{name}: {self.sentences} sentences, {self.left_over} with something left unread "
              f"({share:.2%}); {self.capitals} unlisted capital tokens in "
              f"{self.capital_sentences} sentences")  # fmt: skip
        for kind, count in self.kinds.most_common(top):
            print(f"  {count:4}  {kind!r:24}  {self.examples[kind][:90]}")
        print("  capital tokens:")
        for kind, count in self.capital_kinds.most_common(top):
            print(f"  {count:4}  {kind!r:24}  {self.examples[kind][:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--top", type=int, default=15, help="how many leftovers to list")
    parser.add_argument(
        "--decisions",
        type=int,
        default=0,
        metavar="N",
        help="list N held-out capital tokens the rule (not the table) decided, drawn at random",
    )
    args = parser.parse_args()
    seen, held_out = Tally(), Tally()
    for article, sentences in indosum_articles(args.gold):
        tally = held_out if article["source"] in HELD_OUT else seen
        for sentence in sentences:
            tally.add(sentence)
    print(f"IndoSum {args.gold.name}")
    seen.report("seen publishers (in-sample)", args.top)
    held_out.report(f"held-out publishers ({', '.join(sorted(HELD_OUT))})", args.top)
    ruled = held_out.ruled
    words = sum(not reading.islower() for reading in ruled.values())
    print(f"held-out: {len(ruled)} distinct capital tokens decided by the rule, {words} said as "
          f"words, {len(ruled) - words} spelled")  # fmt: skip
    for token in random.Random(17).sample(sorted(ruled), min(args.decisions, len(ruled))):
        print(f"  {token:6} -> {ruled[token]:22} {held_out.examples[token][:70]}")


if __name__ == "__main__":
    main()
