"""Turn written Indonesian news text into what a newsreader says: numbers, money, dates, titles.

Pure: text in, text out. The reading tables are TSV files in `bot/text/lexicon/`, loaded once
(tables.py); how numbers, dates and letters are said is in spoken.py. The stages (contacts.py,
words.py, titles.py, forms.py, numbers.py, dates.py, initialisms.py) run in this order; each
leaves only words behind, so no later stage re-reads its output:

 1. web and e-mail addresses read out (contacts.py); the outlet or wire credit in a dateline is
    dropped; other domains are read ("Kompas.com" -> "Kompas titik com")
 2. academic degrees after names are dropped; TNI/Polri ranks and corps said in full; dotted
    abbreviations and titles are expanded; legal "jo"; words split by a spaced hyphen joined
 3. hashtags and mentions; RT/RW; service and phone numbers digit by digit; quarters (Q3,
    kuartal III-2024); ordinals written with a space; reference numbers segment by segment
 4. money (amount, scale, currency name), dates, clock times ("pukul" after a date)
 5. ordinals (ke-2), Roman numerals after context words (Perang Dunia II, eselon II)
 6. percentages, units, "3 x 24 jam", ranges (1998-2003), scores (2-1, 122 - 119), seasons
 7. acronyms from the curated list, every remaining number, then the capital tokens nobody listed
    (spelled, or said as words when shaped like one: initialisms.py)
 8. initials, symbols (&, ±, /, |, spaced dashes) and spacing

Anything not understood passes through unchanged, and the output normalizes to itself: real
sentences need one pass, and words glued to signs ("9WIB@Jl.") get more (at most three).
Readings decided for the whole product: WIB/WITA/WIT are read in full (Waktu Indonesia Barat,
Tengah, Timur); degrees after names (S.H., M.Si.) are dropped; ranks are said in full (Irjen ->
Inspektur Jenderal); initialisms are spelled with Indonesian letter names (DPR -> de pe er), a
word-like acronym is said as a word (PAUD -> Paud); a long tracking link is "tautan ke" its site.
"""

from __future__ import annotations

import re

from bot.text.normalize.contacts import read_links
from bot.text.normalize.dates import read_dates, read_times
from bot.text.normalize.forms import (
    drop_wire_credit,
    join_spaced_hyphens,
    join_spaced_ordinals,
    read_juncto,
    read_neighbourhood,
    read_number_letter_codes,
    read_quarters,
    read_service_numbers,
)
from bot.text.normalize.initialisms import read_unlisted_capitals
from bot.text.normalize.numbers import (
    FRACTIONS,
    read_english_decimals,
    read_measures,
    read_money,
    read_numbers,
    read_ordinals,
    read_phones,
    read_reference_codes,
    read_spelled_units,
)
from bot.text.normalize.spoken import spell_number
from bot.text.normalize.tables import Lexicon, lexicon
from bot.text.normalize.titles import read_ranks
from bot.text.normalize.words import (
    drop_dateline,
    drop_degrees,
    expand_abbreviations,
    read_acronyms,
    read_domains,
    read_symbols,
    read_tags,
    replace_links,
    tidy,
)

__all__ = ["lexicon", "normalize_text", "spell_number"]

DIGIT = re.compile(r"\d")
ROMAN_WORD = re.compile(r"\b[IVXLC]+\b")
MAX_PASSES = 3


def normalize_text(text: str, language: str = "id") -> str:
    """The spoken form of one sentence or line.

    Indonesian gets the full treatment; other languages only lose URLs and extra spaces.

    >>> normalize_text("Harga naik 25% menjadi Rp45.000 per kg pada Selasa (17/10).")
    'Harga naik dua puluh lima persen menjadi empat puluh lima ribu rupiah per kilogram pada Selasa, tujuh belas Oktober.'
    """  # noqa: E501
    text = " ".join(text.split())
    if not text:
        return ""
    if language.split("-")[0].lower() != "id":
        return tidy(replace_links(text, "link", "email address"))
    lex = lexicon()
    # The stages leave nothing for a second pass on real text; words glued to symbols
    # ("9WIB@Jl.") can expose new ones, so repeat until nothing changes (rarely more than once).
    for _ in range(MAX_PASSES):
        spoken = _normalize_once(text, lex)
        if spoken == text:
            break
        text = spoken
    return text


def _normalize_once(text: str, lex: Lexicon) -> str:
    """One pass of every stage, in order.

    Stages that need a digit or a sign are skipped when the text has none (most sentences):
    that took a 1,000-word article from 23 ms to 9 ms (bench/sentences.py).
    """
    has_digit = DIGIT.search(text) is not None
    if "/" in text or "@" in text or "www" in text:
        text = read_links(drop_wire_credit(text))
    text = drop_dateline(text, lex)
    if "." in text:
        text = read_domains(text)
    if has_digit:
        text = lex.glued_word_pattern.sub(" ", text)
    text = drop_degrees(text, lex)
    text = read_ranks(text, lex)
    text = expand_abbreviations(text, lex)
    text = join_spaced_hyphens(read_juncto(text))
    if "#" in text or "@" in text:
        text = read_tags(text)
    if has_digit:
        text = read_neighbourhood(text)
        text = read_service_numbers(read_phones(text))
        text = read_english_decimals(text)
        text = read_quarters(text)
        text = join_spaced_ordinals(text)
        if "/" in text:
            text = read_reference_codes(text)
        text = read_money(text, lex)
        text = read_dates(text)
        text = read_times(text)
    if has_digit or ROMAN_WORD.search(text):
        text = read_ordinals(text, lex)
    if has_digit:
        text = read_measures(text, lex)
        text = read_number_letter_codes(text, lex.units)
    if "/" in text or "per " in text:
        text = lex.per_unit_pattern.sub(lambda m: f" per {lex.units[m.group('unit')]}", text)
    text = read_acronyms(text, lex)
    if has_digit or any(fraction in text for fraction in FRACTIONS):
        text = read_numbers(text)
        text = read_spelled_units(text, lex)
    text = read_unlisted_capitals(text)
    text = read_symbols(text)
    return tidy(text)
