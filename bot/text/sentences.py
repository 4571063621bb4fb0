"""Split one paragraph into sentences without breaking "Rp1,5 juta", "dr. Ani", "(17/10)" or "S.H.".

A rule splitter (no Indonesian model exists offline; see the notes). A space lost after a
sentence end ("Selasa (5/12).Pada babak", "811.Angka kematian") is put back first; then a
boundary can only fall between two whitespace-separated words, so decimals (3,5), times (10.00),
thousands (1.250.000), dates (17/10) and domains (Kompas.com) are never cut. The word before
must end with . ! ? or an ellipsis (closing quotes and brackets may follow). Then:

1. Titles and words that always precede something (Jl., No., Prof., Dr., dr., Hj., Kab., Rp.,
   Mr., ...) never end a sentence.
2. Ambiguous endings (dll., dsb., tsb., dkk., Tbk., Jr., U.S., degrees such as S.H. or M.Si.,
   initials like "B.") end a sentence only when a capitalised common sentence starter follows
   ("Namun", "Ia", "The", ...).
3. Otherwise a sentence ends when the next word opens one: a capital, a digit, an opening quote
   or bracket, a hashtag; or a lowercase letter after a bare "." "?" "!" (a missing capital).
   After a closing quote only a verb of saying does ("Kenapa?" | tanya dia): PUEBI would keep
   the tag in the sentence, but IndoSum, which the summary model learned from, splits it off,
   and the listener hears the same pause either way. A title ('"Apa Kabar?" yang') never splits.
4. A three-dot ellipsis never ends a sentence; PUEBI ends one with four dots ("tahu....").
5. Nothing ends inside a short bracket ("(Uu. C003)") or a chain of short dotted names
   ("Si. Se. Sa"), and "[…]" (words left out of a quote) is not an end.

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
_QUOTES = ('"', "'", "”", "’", "»")
_DOTTED = re.compile(r"^(?:[A-Za-z]{1,4}\.){2,}$")  # S.H. M.Si. U.S. a.n. Ph.D.
_SHORT_CAPITAL_DOTTED = re.compile(r"^[A-Z][a-z]?\.")  # one link of "Si. Se. Sa" or "A. B."
_OMISSION = re.compile(r"^[\"'“‘«]*[(\[](?:…|\.\.\.)[)\]]")  # "[…]" or "(...)": words left out
_OPEN_BRACKETS = "(["
_CLOSE_BRACKETS = ")]"
_SHORT_BRACKET_WORDS = 3
# "kemarin.Pada", "(5/12).Pada", "811.Angka": a lowercase letter, digit or closing bracket, then
# . ! or ?, then a capitalised word of 3+ letters. Not "Kompas.com", "Ph.D", "PT.LEN", "Detik.Com".
_LOST_SPACE = re.compile(
    r"(?<=[a-z0-9)\]])(?<!\.[a-z])([.!?])(?=(?!(?:Com|Net|Org|Co)\b)[A-Z][a-z]{2,})"
)


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


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    """Verbs of saying, each also with -nya: "kata", "katanya"."""
    stems = _read_words("speech_verbs.tsv")
    return stems | {stem + "nya" for stem in stems}


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences: stripped, in order, together holding every word.

    Newlines count as spaces; a space lost after a sentence end is put back
    (`restore_lost_spaces`), so words glued there come out as two.

    >>> split_sentences("Rapat di Jl. Sudirman No. 5 selesai pukul 10.00 WIB. Prof. Ani pulang.")
    ['Rapat di Jl. Sudirman No. 5 selesai pukul 10.00 WIB.', 'Prof. Ani pulang.']
    """
    words = restore_lost_spaces(text).split()
    if not words:
        return []
    sentences: list[str] = []
    start = 0
    for index in range(len(words) - 1):
        if _ends_sentence(words, index) and not _inside_short_bracket(words, start, index):
            sentences.append(" ".join(words[start : index + 1]))
            start = index + 1
    sentences.append(" ".join(words[start:]))
    return sentences


def restore_lost_spaces(text: str) -> str:
    """Put back the space lost after a sentence end: "2017).Pada babak" -> "2017). Pada babak"."""
    return _LOST_SPACE.sub(r"\1 ", text)


def _ends_sentence(words: list[str], index: int) -> bool:
    """Whether a sentence ends after `words[index]` (a following word exists)."""
    word, following = words[index], words[index + 1]
    if not _ENDING.search(word) or _OMISSION.match(word):
        return False
    opens = bool(_OPENING.match(following))
    # A bare "?" or "." before lowercase is a missing capital. After a closing quote, lowercase
    # starts a new sentence only as a speech tag ("Kenapa?" tanya dia), IndoSum's convention;
    # '"Apa Kabar?" yang ...' is a title inside the sentence.
    if word.endswith(_QUOTES):
        lower_start = following.rstrip(".,;:!?").lower() in _speech_verbs()
    else:
        lower_start = following[:1].islower()
    core = word.lstrip(_LEADING_PUNCT).rstrip(_CLOSING_PUNCT)
    if core.endswith(("....", "….")):
        return opens  # PUEBI: an ellipsis that ends a sentence takes a fourth dot
    if core.endswith(("…", "..")):
        return False  # a three-dot ellipsis marks words left out or a pause, not an end
    if not core.endswith("."):
        return opens or lower_start  # ! ? are not used in abbreviations
    stem = core[:-1]
    nonfinal, ambiguous, starters = _lexicon()
    lowered = stem.lower()
    if lowered in nonfinal and word.endswith("."):
        return False
    if (
        lowered in ambiguous
        or (len(stem) == 1 and stem.isalpha())
        or _DOTTED.match(core)
        or _in_short_dotted_chain(words, index)
    ):
        return following[:1].isupper() and _starter(following) in starters
    return opens or lower_start


def _in_short_dotted_chain(words: list[str], index: int) -> bool:
    """Whether words[index] is a link of a chain of short dotted names: "Si. Se. Sa", "Ny. Hj."."""
    if not _SHORT_CAPITAL_DOTTED.fullmatch(words[index]):
        return False
    before = words[index - 1] if index > 0 else ""
    return bool(
        _SHORT_CAPITAL_DOTTED.fullmatch(before) or _SHORT_CAPITAL_DOTTED.match(words[index + 1])
    )


def _inside_short_bracket(words: list[str], start: int, index: int) -> bool:
    """Whether a bracket opened in this sentence is still open and closes a few words later.

    "(Uu. C003)" and "(lihat hlm. 5)" are one aside, not two sentences.
    """
    sentence = "".join(words[start : index + 1])
    depth = sum(sentence.count(c) for c in _OPEN_BRACKETS) - sum(
        sentence.count(c) for c in _CLOSE_BRACKETS
    )
    if depth <= 0:
        return False
    ahead = words[index + 1 : index + 1 + _SHORT_BRACKET_WORDS]
    return any(c in word for word in ahead for c in _CLOSE_BRACKETS)


def _starter(word: str) -> str:
    """The next word as it appears in the starters list (lowercase, without quotes or commas)."""
    return word.lstrip(_LEADING_PUNCT).rstrip(",;:").lower()
