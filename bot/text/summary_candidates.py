"""Which sentences may be read as a summary (pure): the candidates the summarizer chooses from.

Whitespace is collapsed, the leading dateline ("Jakarta, CNN Indonesia --") and glued photo
credits are stripped, and lines never worth reading first are dropped: "Baca juga", photo credits,
sign-offs such as "(rsa)". Each candidate says where it stood and whether it is a question or opens
mid-thought ("Dia juga mengatakan ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
OPEN_QUOTES = "\"“'‘«"
_DASHES = r"(?:--|-|–|—)"
# Place and/or outlet, then a dash with a space on at least one side: "Suara.com -",
# "Wamena (ANTARA News) -", "JUARA.NET, TOKYO -", "JAKARTA (Pos Kota) –Presiden".
_DATELINE = re.compile(
    r"^\s*(?P<head>[^\s.!?\"“”'‘-][^!?\"“”]{0,60}?)"
    rf"(?:\s+{_DASHES}\s*|\s*{_DASHES}\s+|\s*(?:--|–|—)\s*$)"
)
_BOILERPLATE = re.compile(
    r"""^\W*(
        baca(\s|_)*juga | simak(\s+juga|\s+video)? | lihat\s+juga | tonton(\s+juga)? | saksikan\b |
        sumber\s*: | foto\s*: | video\s*: | editor\s*: | penulis\s*: | reporter\s*: | pewarta\s*: |
        laporan\s+(wartawan|reporter|koresponden) | advertisement | scroll\s+to | read\s+more |
        see\s+also | also\s+read | related\s*: | photo\s*: | image\s*: | credit\s*: | getty\s+images
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# "(rsa)", "[ PageSix.com ]", "(Antara)": a bracketed sign-off on its own line.
_SIGN_OFF = re.compile(r"^[\[(][^\])]{1,40}[\])]\s*\.?$")
# "ANTARA FOTO/Wahyu Putro A", "REUTERS/Joshua Roberts": a caption credit on its own line.
_CREDIT_LINE = re.compile(
    r"^\W*(antara\s+foto|foto|photo|reuters|afp|ap|getty|dok|istimewa|shutterstock)\b[^.!?]{0,60}/",
    re.IGNORECASE,
)
# A credit glued to the end of a sentence: "... di Jakarta. (Foto: Dok. Humas)".
_TRAILING_CREDIT = re.compile(
    r"\s*[\[(](foto|photo|dok|ist|istimewa|sumber|source)\b[^\])]{0,80}[\])]\s*$", re.IGNORECASE
)


def _alternatives(phrases: str) -> str:
    """Comma-separated phrases → a regex alternation, longest first."""
    words = sorted((p.strip() for p in phrases.split(",")), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + r")\b"


def _openings(phrases: str, after: str = "") -> re.Pattern[str]:
    """Sentences opening with one of `phrases`, optionally after one of `after` ("Namun, ia")."""
    prefix = rf"(?:{_alternatives(after)},?\s+)?" if after else ""
    return re.compile("^" + prefix + _alternatives(phrases), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cues:
    """Sentence openings that point back to something said before."""

    connectives: re.Pattern[str]
    """Openings that continue a thought ("Namun", "Selain itu"): a model feature only."""
    pronouns: re.Pattern[str]
    """Openings whose subject is elsewhere ("Dia", "Hal ini"): never the first sentence chosen."""


_CONNECTIVES_ID = (
    "itu, ini, selain itu, sementara itu, namun, tetapi, tapi, akan tetapi, meski demikian,"
    " meskipun demikian, oleh karena itu, karena itu, untuk itu, dengan demikian, kemudian, lalu,"
    " selanjutnya, lebih lanjut, sebelumnya, sedangkan, padahal, bahkan, jadi, nah, pasalnya,"
    " tak hanya itu, tidak hanya itu, di sisi lain, adapun, dan, atau, juga"
)
_CONNECTIVES_EN = (
    "however, but, and, also, meanwhile, moreover, furthermore, still, instead, so, then, that, yet"
)
_CUES = {
    "id": Cues(
        connectives=_openings(_CONNECTIVES_ID),
        pronouns=_openings(
            "dia, ia, mereka, beliau, hal ini, hal itu, hal tersebut, menurutnya, menurut dia,"
            " katanya, kata dia, ujarnya, dirinya",
            after=_CONNECTIVES_ID,
        ),
    ),
    "en": Cues(
        connectives=_openings(_CONNECTIVES_EN),
        pronouns=_openings(
            "he, she, they, it, this, these, those, his, her, their", after=_CONNECTIVES_EN
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may go into the summary, with where it stood in the article."""

    text: str
    position: int
    """Index among the article's usable sentences (boilerplate skipped)."""
    paragraph: int
    source_index: int
    """Index of the raw sentence within its paragraph (maps back to training labels)."""
    in_paragraph: int
    """Index among the usable sentences of its paragraph."""
    had_dateline: bool
    is_question: bool
    opens_mid_thought: bool
    """Starts with a pronoun, "Hal ini" or a lower-case word: needs an earlier sentence chosen."""


def strip_dateline(sentence: str) -> str:
    """Remove a leading dateline ("Jakarta, CNN Indonesia --", "Suara.com -"); a bare one → ""."""
    match = _DATELINE.match(sentence)
    if not match:
        return sentence
    head = match.group("head")
    words = [w for w in re.split(r"[\s,()]+", head) if w]
    if not words or len(words) > 6 or not all(_is_dateline_word(w) for w in words):
        return sentence
    # One strong sign of an outlet or a capitalised place, so "Real Madrid - Barcelona" stays.
    has_outlet = any(mark in head for mark in "(,.")
    if not (has_outlet or any(len(w) > 2 and w.isupper() for w in words)):
        return sentence
    rest = sentence[match.end() :]
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in OPEN_QUOTES):
        return sentence
    return rest


def is_boilerplate(sentence: str) -> bool:
    """True for lines never read as a summary: "Baca juga", credits, sign-offs, fragments."""
    return bool(
        _BOILERPLATE.match(sentence)
        or _SIGN_OFF.match(sentence)
        or _CREDIT_LINE.match(sentence)
        or len(_WORD.findall(sentence)) < 3
    )


def collect_candidates(sentences: Sequence[Sequence[str]], language: str = "id") -> list[Candidate]:
    """Clean the sentences and keep those that may be read as a summary."""
    cues = cues_for(language)
    candidates: list[Candidate] = []
    for paragraph_index, paragraph in enumerate(sentences):
        kept = 0
        for source_index, raw in enumerate(paragraph):
            text = " ".join(raw.split())
            undated = strip_dateline(text) if not candidates else text
            cleaned = _TRAILING_CREDIT.sub("", undated)
            if not cleaned or is_boilerplate(cleaned):
                continue
            opening = cleaned.lstrip(OPEN_QUOTES + " ")
            candidates.append(
                Candidate(
                    text=cleaned,
                    position=len(candidates),
                    paragraph=paragraph_index,
                    source_index=source_index,
                    in_paragraph=kept,
                    had_dateline=undated != text,
                    is_question=cleaned.rstrip(" \"”'’").endswith("?"),
                    opens_mid_thought=opening[:1].islower() or bool(cues.pronouns.match(opening)),
                )
            )
            kept += 1
    return candidates


def cues_for(language: str) -> Cues:
    """The cue openings of a language ("id-ID" → Indonesian; Indonesian when unknown)."""
    return _CUES.get(language.split("-")[0].lower(), _CUES["id"])


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscores)."""
    return [w.lower() for w in _WORD.findall(text)]


def _is_dateline_word(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit() or "." in word or word.startswith("detik")
