"""Differential check: our normalizer against independent Indonesian ones, on IndoSum sentences.

Usage: .venv/bin/python bench/normalize_diff.py [--list N] [--kind KIND]

Two comparisons, both on IndoSum dev.01 (sentences as in bench/normalize_coverage.py):

1. Plain numbers. Every distinct number written alone in the text ("1.250", "2017", "3,5") is
   read by `spell_number` and by `num2words(lang="id")` and by `indonesian-number-normalizer`
   (PyPI, `number_to_words`). Every disagreement is listed.
2. Sentences. Every sentence with a digit goes through our `normalize_text`, through
   `indonesian-number-normalizer`'s `normalize_text` and, when installed, through g2p-id-py's
   `TextProcessor` (PyPI `g2p-id-py`; see below). Only the number words of each output are
   compared (nol ... sembilan, belas, puluh, ratus, ribu, juta, miliar, triliun, koma, minus),
   so acronyms, units and punctuation, which the other tools do not try to read, do not count.
   Each disagreement gets the kind of the first number in the sentence that the two outputs
   read differently (phone, money, date, time, range or score, percent, decimal, code, ...);
   counts per kind and tool are printed, split by held-out and seen publishers, and `--list N`
   prints N disagreements per kind (with `--kind` one kind only) for review.

g2p-id-py is optional and not in the `bench` extra: it pins nltk==3.9.1 (rouge-score already
brought a newer one), pulls onnxruntime, and its package `__init__` loads the G2P models, which
fetch NLTK data from the internet. Its text normalizer is one file needing only num2words, so this
bench loads that file alone when the package is present: `pip install --no-deps g2p-id-py`.

A bench, not a CI gate: the review of the disagreements is in README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from normalize_coverage import HELD_OUT
from num2words import num2words
from sentences import DEFAULT_GOLD, detokenize

from bench import paths
from bot.text.normalize import normalize_text, spell_number
from bot.text.sentences import split_sentences

NUMBER_WORDS = frozenset(
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu "
    "belas puluh ratus ribu juta miliar triliun koma minus".split()
)
PLAIN_NUMBER = re.compile(r"(?<![\w.,/:+-])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\w/:%-]|[.,]\d)")
KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("phone", re.compile(r"(?:\+62|\(0\d+\)|\b0\d{2,4}[- ]?\d{3,})")),
    ("money", re.compile(r"(?:Rp|US\$|\$|€|£|¥|RM|S\$)\s?\d")),
    ("date", re.compile(r"\b\d{1,2}/\d{1,2}\b")),
    ("time", re.compile(r"\b\d{1,2}[.:]\d{2}\b(?!\.\d)")),
    ("range or score", re.compile(r"\d\s?[-–]\s?\d")),
    ("percent", re.compile(r"\d\s?(?:%|persen)")),
    ("decimal", re.compile(r"\d,\d")),
    ("ordinal", re.compile(r"\b[Kk]e-?\s?\d")),
    ("code", re.compile(r"[A-Za-z]-?\d|\d[A-Za-z]")),
    ("leading zero", re.compile(r"(?<![\d.,])0\d")),
    ("thousands", re.compile(r"\d\.\d{3}\b")),
    ("year", re.compile(r"\b(?:19|20)\d\d\b")),
]
NUMBER_TOKEN = re.compile(r"\S*\d\S*")


def number_words(text: str) -> list[str]:
    """The number words of a spoken form, in order."""
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w in NUMBER_WORDS]


def kind_of(token: str) -> str:
    """What a written number is, by the first pattern it matches."""
    for kind, pattern in KINDS:
        if pattern.search(token):
            return kind
    return "plain"


def first_difference(
    sentence: str, ours: Callable[[str], str], theirs: Callable[[str], str]
) -> str:
    """The kind of the first number token (with its neighbours) the two tools read apart."""
    tokens = sentence.split()
    for i, token in enumerate(tokens):
        if not any(c.isdigit() for c in token):
            continue
        window = " ".join(tokens[max(0, i - 1) : i + 2])
        if number_words(ours(window)) != number_words(theirs(window)):
            return kind_of(window)
    return kind_of(" ".join(t for t in tokens if any(c.isdigit() for c in t)))


def load_g2p() -> Callable[[str], str] | None:
    """g2p-id-py's TextProcessor, loaded from its one file (see the module docstring)."""
    spec = importlib.util.find_spec("g2p_id")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "text_processor.py"
    module_spec = importlib.util.spec_from_file_location("g2p_id_text_processor", path)
    if module_spec is None or module_spec.loader is None:
        return None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    processor = module.TextProcessor()
    return processor.normalize  # type: ignore[no-any-return]


def sentences_by_side(gold: Path) -> dict[str, list[str]]:
    sides: dict[str, list[str]] = {"held-out": [], "seen": []}
    with io.StringIO(paths.read_text(gold)) as lines:
        for line in lines:
            article = json.loads(line)
            side = "held-out" if article["source"] in HELD_OUT else "seen"
            for paragraph in article["paragraphs"]:
                text, _ = detokenize([token for sentence in paragraph for token in sentence])
                sides[side].extend(split_sentences(text))
    return sides


def compare_plain_numbers(sentences: list[str], inn: object) -> None:
    counts = Counter(m.group() for s in sentences for m in PLAIN_NUMBER.finditer(s))
    print(f"1. plain numbers: {len(counts)} distinct, {sum(counts.values())} occurrences")
    for name, reader in (
        ("num2words", _num2words),
        ("indonesian-number-normalizer", lambda n: _inn_number(inn, n)),
    ):
        differing = [(n, c) for n, c in counts.items() if spell_number(n) != reader(n)]
        share = sum(c for _, c in differing) / max(1, sum(counts.values()))
        print(f"   vs {name}: {len(differing)} distinct disagree ({share:.2%} of occurrences)")
        for number, count in sorted(differing, key=lambda nc: -nc[1]):
            print(f"     {count:4}  {number!r:12} ours: {spell_number(number)!r}  {name}: "
                  f"{reader(number)!r}")  # fmt: skip


def _num2words(number: str) -> str:
    whole, _, fraction = number.replace(".", "").partition(",")
    spoken = str(num2words(int(whole), lang="id"))
    if fraction:
        spoken += " koma " + " ".join(str(num2words(int(d), lang="id")) for d in fraction)
    return spoken


def _inn_number(inn: object, number: str) -> str:
    value = (
        float(number.replace(".", "").replace(",", "."))
        if "," in number
        else int(number.replace(".", ""))
    )
    return str(inn.number_to_words(value))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--list", type=int, default=0, metavar="N", help="disagreements per kind")
    parser.add_argument("--kind", help="list only this kind")
    args = parser.parse_args()
    from indonesian_number_normalizer import create_normalizer

    inn = create_normalizer()
    sides = sentences_by_side(args.gold)
    compare_plain_numbers(sides["seen"] + sides["held-out"], inn)
    tools: dict[str, Callable[[str], str]] = {"indonesian-number-normalizer": inn.normalize_text}
    g2p = load_g2p()
    if g2p is not None:
        tools["g2p-id-py TextProcessor"] = g2p
    else:
        print("   (g2p-id-py not installed: pip install --no-deps g2p-id-py to compare it too)")
    print("2. sentences with a digit, number words compared")
    for name, theirs in tools.items():
        for side, sentences in sides.items():
            with_digit = [s for s in sentences if any(c.isdigit() for c in s)]
            kinds: Counter[str] = Counter()
            examples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
            for sentence in with_digit:
                ours, other = normalize_text(sentence), _safe(theirs, sentence)
                if number_words(ours) == number_words(other):
                    continue
                kind = first_difference(sentence, normalize_text, partial(_safe, theirs))
                kinds[kind] += 1
                examples[kind].append((sentence, ours, other))
            total = sum(kinds.values())
            print(f"   vs {name}, {side}: {total} of {len(with_digit)} sentences disagree; "
                  + ", ".join(f"{k} {c}" for k, c in kinds.most_common()))  # fmt: skip
            for kind, listed in sorted(examples.items()):
                if args.kind and kind != args.kind:
                    continue
                for sentence, ours, other in listed[: args.list]:
                    print(f"     [{kind}] {sentence}")
                    print(f"       ours:   {ours}\n       theirs: {other}")


def _safe(tool: Callable[[str], str], text: str) -> str:
    """The other tool's reading; its crash is a disagreement, not the bench's."""
    try:
        return tool(text)
    except Exception as error:  # any failure of the other tool is reported, not raised
        return f"<{type(error).__name__}>"


if __name__ == "__main__":
    main()
