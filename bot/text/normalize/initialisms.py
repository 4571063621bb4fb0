"""Capital tokens nobody listed: spell an initialism, say a word-like acronym as a word.

The curated table (acronyms.tsv) is read first; this stage decides for the rest. A token of
2-5 capital letters is "word-like" when it splits into Indonesian syllables, each a vowel (or
the diphthong ai/au/oi) with an onset a word may start with and at most one closing consonant
(or "ng"), and no vowel stands alone after the first syllable: PAUD, SIMAK, HUT, KEK are said as
words; BSSN, KSP, PHU, CMNP (no vowel, or a cluster no word has) and MUI, BEI (two vowels in a
row, which acronyms spell) are spelled with Indonesian letter names. Two-letter tokens are
always spelled. Where a newsreader says a word-like acronym letter by letter (ITE, TOD) the
table says so; the rule is the default, not the last word.

Roman numerals of I, V and X (II, XIV) are left for the Roman-numeral stage and the voice,
and a line with two or more long words in capitals (a shouted headline) keeps its short
function words ("DI", "KE"). Two or more capital words of three letters or more in a row, each
with a vowel and one of four letters or more, are a title or a phrase in capitals, not a string
of initialisms: "film HEART BEAT" -> "film Heart Beat" (found by bench/normalize_audit.py;
listed initialisms were read by the table before this stage, so "DPR RI" never gets here).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.text.normalize.spoken import spell_letters

CAPITAL_TOKEN = re.compile(r"(?<![\w.@/])(?<!\d-)[A-Z]{2,5}(?![\w@/]|[.'’][A-Za-z0-9])")
ROMAN_NUMERAL = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")  # II, XIV; not MD, XL, CC
VOWEL = "(?:ai|au|oi|[aeiou])"
ONSET = "(?:ng|ny|kh|sy|tr|pr|kr|br|gr|dr|pl|bl|kl|fl|sl|st|sp|sk|sw|[bcdfghjklmnpqrstvwxyz])"
CODA = "(?:ng|[bcdfghjklmnpqrstvwxyz])"
# First syllable may open on its vowel (ASEAN, OPEC); later ones need a consonant onset,
# and a coda is taken only when no vowel follows it directly (PO-LRI fails, POL-RI passes).
SYLLABLE = rf"{VOWEL}(?:{CODA}(?![aeiou]))?"
WORD_LIKE = re.compile(rf"{ONSET}?{SYLLABLE}(?:{ONSET}{SYLLABLE})*")
CAPITAL_WORD = re.compile(r"\b[A-Z]{2,}\b")
LONG_CAPITAL_WORD = re.compile(r"\b[A-Z]{6,}\b")
CAPITAL_RUN = re.compile(r"(?<![\w.@/-])[A-Z]{3,}(?: [A-Z]{3,})+(?![\w@/-]|[.'’][A-Za-z0-9])")
"""Capital words in a row: "HEART BEAT", "THE BIG BANG"."""
HAS_VOWEL = re.compile(r"[AEIOU]")


@lru_cache(maxsize=4096)
def is_word_like(token: str) -> bool:
    """True when an all-capital token reads as an Indonesian word: PAUD, SIMAK; not BSSN, MUI."""
    return len(token) > 2 and WORD_LIKE.fullmatch(token.lower()) is not None


def read_initialism(token: str) -> str:
    """ "KSP" -> "ka es pe"; "SIMAK" -> "Simak"."""
    return token.capitalize() if is_word_like(token) else spell_letters(token)


def read_unlisted_capitals(text: str) -> str:
    """Every capital token left after the table: spelled, or said as a word.

    >>> read_unlisted_capitals("Kepala KSP dan Ketua PAUD")
    'Kepala ka es pe dan Ketua Paud'
    """
    if CAPITAL_WORD.search(text) is None:
        return text
    # Two long words in capitals make a shouted line; counted on words this stage never
    # changes, so a second pass decides the same.
    shouted = len(LONG_CAPITAL_WORD.findall(text)) >= 2
    phrases = [
        match.span()
        for match in CAPITAL_RUN.finditer(text)
        if _is_capital_phrase(match.group().split())
    ]

    def read(match: re.Match[str]) -> str:
        token = match.group()
        if ROMAN_NUMERAL.fullmatch(token) or (shouted and len(token) == 2):
            return token
        if any(start <= match.start() < end for start, end in phrases):
            return token.capitalize()
        return read_initialism(token)

    return CAPITAL_TOKEN.sub(read, text)


def _is_capital_phrase(words: list[str]) -> bool:
    """Words in capitals, not initialisms: each has a vowel, one has four letters or more,
    none is a Roman numeral ("HEART BEAT"; not "BSSN KSP", "PSS XII")."""
    return all(
        HAS_VOWEL.search(word) and not ROMAN_NUMERAL.fullmatch(word) for word in words
    ) and any(len(word) >= 4 for word in words)
