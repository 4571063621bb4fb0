"""Split one paragraph into sentences without breaking "Rp1,5 juta", "dr. Ani", "(17/10)" or "S.H.".

A rule splitter (no Indonesian model exists offline; see the notes). A boundary can only fall
between two whitespace-separated words, so decimals (3,5), times (10.00), thousands (1.250.000),
dates (17/10) and domains (Kompas.com) are never cut. The word before must end with . ! ? or an
ellipsis (closing quotes and brackets may follow). Then:

1. Titles and words that always precede something (Jl., No., Prof., Dr., dr., Hj., Kab., Rp.,
   Mr., ...) never end a sentence.
2. Ambiguous endings (dll., dsb., tsb., dkk., Tbk., Jr., U.S., degrees such as S.H. or M.Si.,
   initials like "B.") end a sentence only when a capitalised common sentence starter follows
   ("Namun", "Ia", "The", ...).
3. Otherwise a sentence ends when the next word opens one: a capital, a digit, an opening quote
   or bracket, a hashtag; or a lowercase letter after a bare "." "?" "!" (a missing capital),
   but not after a closing quote ("Kenapa?" tanya dia) nor after an ellipsis.

Measured on IndoSum dev.01 by `bench/sentences.py`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

_ENDING = re.compile(r"(?:[.!?…]|\.\.\.)[\"'”’»)\]]*$")
_OPENING = re.compile(r"^[\"'“‘«(\[]*[A-Z0-9\u00c0-\u00de]|^[(\[#]")
_LEADING_PUNCT = "\"'“‘«([{"
_CLOSING_PUNCT = "\"'”’»)]}"
_QUOTES = ("\"", "'", "”", "’", "»")
_DOTTED = re.compile(r"^(?:[A-Za-z]{1,4}\.){2,}$")  # S.H. M.Si. U.S. a.n. Ph.D.


def _read_words(name: str) -> frozenset[str]:
    """One lowercase word per line from a lexicon file; '#' starts a comment."""
    text = files("bot.text.lexicon").joinpath(name).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(word.lower() for word in words if word)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(never-final abbreviations, ambiguous abbreviations, sentence starters), loaded once."""
    return (
        _read_words("abbreviations_nonfinal.tsv"),
        _read_words("abbreviations_ambiguous.tsv"),
        _read_words("sentence_starters.tsv"),
    )


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences: stripped, in order, together holding every word.

    Newlines count as spaces.

    >>> split_sentences("Rapat di Jl. Sudirman No. 5 selesai pukul 10.00 WIB. Prof. Ani pulang.")
    ['Rapat di Jl. Sudirman No. 5 selesai pukul 10.00 WIB.', 'Prof. Ani pulang.']
    """
    words = text.split()
    if not words:
        return []
    sentences: list[str] = []
    start = 0
    for index in range(len(words) - 1):
        if _ends_sentence(words, index):
            sentences.append(" ".join(words[start : index + 1]))
            start = index + 1
    sentences.append(" ".join(words[start:]))
    return sentences


def _ends_sentence(words: list[str], index: int) -> bool:
    """Whether a sentence ends after `words[index]` (a following word exists)."""
    word, following = words[index], words[index + 1]
    if not _ENDING.search(word):
        return False
    opens = bool(_OPENING.match(following))
    # "Kenapa?" tanya dia. / "Pergi," katanya: a closing quote before a lowercase word is a
    # speech tag, not a new sentence; a bare "?" or "." before lowercase is a missing capital.
    lower_start = following[:1].islower() and not word.endswith(_QUOTES)
    core = word.lstrip(_LEADING_PUNCT).rstrip(_CLOSING_PUNCT)
    if core.endswith("…") or core.endswith(".."):
        return opens  # an ellipsis before lowercase continues the sentence
    if not core.endswith("."):
        return opens or lower_start  # ! ? are not used in abbreviations
    stem = core[:-1]
    nonfinal, ambiguous, starters = _lexicon()
    lowered = stem.lower()
    if lowered in nonfinal and word.endswith("."):
        return False
    if lowered in ambiguous or (len(stem) == 1 and stem.isalpha()) or _DOTTED.match(core):
        return following[:1].isupper() and _starter(following) in starters
    return opens or lower_start


def _starter(word: str) -> str:
    """The next word as it appears in the starters list (lowercase, without quotes or commas)."""
    return word.lstrip(_LEADING_PUNCT).rstrip(",;:").lower()
