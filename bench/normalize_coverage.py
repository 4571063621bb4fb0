"""How much of real news text the normalizer leaves unread: digits, signs or dotted words left over.

Usage: .venv/bin/python bench/normalize_coverage.py [path/to/dev.01.jsonl[.gz]] [--top N]

Every sentence of IndoSum dev.01 (paragraphs detokenized as in bench/sentences.py, split with
`split_sentences`) goes through `normalize_text`. A sentence counts as "left over" when its spoken
form still holds a digit, one of % $ € £ ¥ & + = # @ / \\ | < > _ ~ ^ *, or a word with a dot
inside ("Node.js"): the voice would have to guess there. Printed: the share of such sentences and
the most frequent leftovers (digits shown as 0), each with a sentence it came from.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sentences import DEFAULT_GOLD, detokenize

from bench import paths
from bot.text.normalize import normalize_text
from bot.text.sentences import split_sentences

LEFT_OVER = re.compile(r"\S*[\d%$€£¥&+=#@/\\|<>_~^*]\S*|\b\w+\.\w+\S*")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--top", type=int, default=15, help="how many leftovers to list")
    args = parser.parse_args()
    kinds: Counter[str] = Counter()
    examples: dict[str, str] = {}
    sentences = left_over = 0
    with io.StringIO(paths.read_text(args.gold)) as lines:
        for line in lines:
            for paragraph in json.loads(line)["paragraphs"]:
                text, _ = detokenize([token for sentence in paragraph for token in sentence])
                for sentence in split_sentences(text):
                    sentences += 1
                    found = LEFT_OVER.findall(normalize_text(sentence))
                    left_over += bool(found)
                    for word in found:
                        kind = re.sub(r"\d", "0", word)
                        kinds[kind] += 1
                        examples.setdefault(kind, sentence)
    share = left_over / max(1, sentences)
    print(f"IndoSum {args.gold.name}: {sentences} sentences, {left_over} with something left "
          f"unread ({share:.2%})")  # fmt: skip
    for kind, count in kinds.most_common(args.top):
        print(f"  {count:4}  {kind!r:24}  {examples[kind][:90]}")


if __name__ == "__main__":
    main()
