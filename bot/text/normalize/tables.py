"""The reading tables (TSV files in `bot/text/lexicon/`) and the patterns built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from bot.text.normalize.patterns import DASH, NO_DIGIT_BEFORE, NUMBER, NUMBER_WORDS
from bot.text.normalize.spoken import SCALES


def _rows(name: str, columns: int) -> list[list[str]]:
    """Rows of a lexicon TSV file; "#" lines are comments."""
    text = files("bot.text.lexicon").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise ValueError(f"{name}: expected {columns} columns in {line!r}")
        rows.append(cells)
    return rows


def _alternation(words: list[str]) -> str:
    """A regex alternation trying longer words first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """The reading tables and the patterns built from them."""

    abbreviations: dict[str, tuple[str, str]]
    currencies: dict[str, str]
    units: dict[str, str]
    acronyms: dict[str, str]
    roman_contexts: dict[str, str]
    ranks: dict[str, tuple[str, str]]
    abbreviation_pattern: re.Pattern[str]
    degree_pattern: re.Pattern[str]
    money_pattern: re.Pattern[str]
    unit_pattern: re.Pattern[str]
    per_unit_pattern: re.Pattern[str]
    spelled_unit_pattern: re.Pattern[str]
    unit_slash_pattern: re.Pattern[str]
    glued_word_pattern: re.Pattern[str]
    acronym_pattern: re.Pattern[str]
    roman_pattern: re.Pattern[str]
    dateline_pattern: re.Pattern[str]
    rank_pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the tables once and compile the patterns that depend on them."""
    abbreviations = {w: (s, when) for w, s, when in _rows("abbreviations.tsv", 3)}
    currencies = dict(_rows("currencies.tsv", 2))
    units = dict(_rows("units.tsv", 2))
    acronyms = dict(_rows("acronyms.tsv", 2))
    roman_contexts = dict(_rows("roman_contexts.tsv", 2))
    degrees = [row[0] for row in _rows("degrees.tsv", 1)]
    sources = [row[0] for row in _rows("news_sources.tsv", 1)]
    ranks = {w: (s, kind) for w, s, kind in _rows("ranks.tsv", 3)}

    dotted = [a for a in abbreviations if a.endswith(".") or "/" in a]
    bare = [a for a in abbreviations if a not in dotted]
    abbreviation = rf"(?<![\w.@/])(?:{_alternation(dotted)}|(?:{_alternation(bare)})(?![\w.'’-]))"
    # A listed specialist title without dots ("SpPD-KEMD") is dropped even without a comma:
    # no word is spelled "Sp" + capitals (bench/normalize_audit.py found "dr X SpPD-KEMD").
    specialists = [d for d in degrees if re.fullmatch(r"Sp[A-Z][A-Za-z]*", d)]
    degree = (
        rf"(?:{_alternation([d for d in degrees if '.' in d])}"
        r"|Sp\.\s?[A-Z][A-Za-z]{0,3}\.?"
        rf"|(?:{_alternation(specialists)})(?!\w|\.\w))(?:-[A-Z]{{2,5}})?(?:\s?\(K\))?"
    )
    any_degree = rf"(?:{degree}|(?:{_alternation(degrees)})(?:-[A-Z]{{2,5}})?(?:\s?\(K\))?)"
    degree_chain = (
        rf"(?<![\w'’-])(?P<name>[A-Z][\w'’-]*)(?P<chain>(?:\s*,\s*{any_degree}|\s+{degree})+)"
        r"(?=$|[\s,.;:!?)\"'”’])"
    )
    currency = _alternation(list(currencies))
    scale = rf"(?:{_alternation(list(SCALES))})(?:an)?\b"
    amount = r"\d(?:[\d.,]*\d)?"
    money = (
        rf"(?<![\w$])(?P<cur>{currency})\s?(?P<a>{amount})(?:,-)?(?:\s?(?P<sa>{scale}))?"
        rf"(?:{DASH}(?:(?:{currency})\s?)?(?P<b>{amount})(?:,-)?(?:\s?(?P<sb>{scale}))?)?"
    )
    unit_names = _alternation(list(units))
    unit = (
        rf"{NO_DIGIT_BEFORE}(?P<a>{NUMBER}|\d+\.\d{{1,2}}(?!\d))(?:\s?[-–]\s?(?P<b>{NUMBER}))?\s?"
        rf"(?P<unit>{unit_names})(?![\w²³])"
    )
    per_unit = rf"(?:(?<=\s)per\s+|(?<=\w)/)(?P<unit>{unit_names})(?![\w²³/])"
    spelled_unit = (
        rf"\b(?P<number>{NUMBER_WORDS})\s(?P<unit>{_alternation([u for u in units if len(u) > 1])})"
        r"(?![\w²³/])"
    )
    acronym = rf"(?<![\w])(?:{_alternation(list(acronyms))})(?![\w])"
    roman = (
        rf"(?i:\b(?P<context>{_alternation(list(roman_contexts))}))\s+"
        r"(?P<roman>[IVXLCDM]+)\b(?:(?P<slash>/)(?=\w)|(?![\w/-]))"
    )
    one_source = rf"(?:{_alternation(sources)}|[A-Za-z0-9]+(?:\.[A-Za-z]{{2,4}}){{1,2}})"
    source = rf"{one_source}(?:\s?/\s?{one_source})*"  # a wire credit: (Antara/PRNewswire)
    city = r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}"
    dash = r"\s*[-–—](?:\s?[-–—])*\s*"
    dateline = (
        rf"^(?:(?P<city>{city}(?:,\s*{city})?)\s*(?:,\s*(?i:{source})|\(\s*(?i:{source})\s*\))"
        rf"|(?i:{source})\s*,\s*(?P<city2>{city})|(?i:{source})){dash}"
    )
    return Lexicon(
        abbreviations=abbreviations,
        currencies=currencies,
        units=units,
        acronyms=acronyms,
        roman_contexts={k.lower(): v for k, v in roman_contexts.items()},
        abbreviation_pattern=re.compile(abbreviation),
        degree_pattern=re.compile(degree_chain),
        money_pattern=re.compile(money),
        unit_pattern=re.compile(unit),
        per_unit_pattern=re.compile(per_unit),
        spelled_unit_pattern=re.compile(spelled_unit),
        glued_word_pattern=re.compile(
            # "15menit", "tahun2019": a number glued to a word of 3+ letters (not a unit)
            rf"(?<=\d)(?=[a-z]{{3,}})(?!(?:{_alternation([*units, *SCALES])})(?:an)?\b)"
            r"|(?<=[a-z]{3})(?=\d+(?:[^\w.]|$|\.(?![A-Za-z])))"
        ),
        unit_slash_pattern=re.compile(
            rf"\b(?P<unit>{_alternation([*units.values(), *currencies.values()])})"
            r"(?P<rest>(?:\s?/\s?[a-z]+\b)+)"
        ),
        acronym_pattern=re.compile(acronym),
        roman_pattern=re.compile(roman),
        dateline_pattern=re.compile(dateline),
        ranks=ranks,
        rank_pattern=re.compile(_rank_chain(ranks)),
    )


def _rank_chain(ranks: dict[str, tuple[str, str]]) -> str:
    """A rank and what may follow it before the name: "Irjen Pol", "Mayjen TNI (Purn)",
    "Laksma TNI (P)", "Kolonel Inf.". Single-letter corps only in brackets."""
    rank = _alternation([w for w, (_, kind) in ranks.items() if kind.startswith("rank")])
    corps = [w for w, (_, kind) in ranks.items() if kind == "corps"]
    words = _alternation([c for c in corps if len(c) > 1])
    letters = _alternation([c for c in corps if len(c) == 1])
    link = rf"TNI(?:[- ]A[DLU])?|Polri|\((?:Purn\.?|purnawirawan|{letters})\)|(?:{words})\.?"
    return (
        rf"(?<![\w.])(?P<rank>{rank})\.?(?P<chain>(?:\s+(?:{link})(?![\w'’-]))*)"
        r"(?![\w'’-])"
    )
