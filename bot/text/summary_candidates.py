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


_DAYS = "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday"  # noqa: E501
_MONTHS = (
    "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
    "january|february|march|june|july|august|october|december|"
    "jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|sept|okt|oct|nov|des|dec"
)
# What a timestamp line is made of: dates, times, zones and the words around them.
_TIMESTAMP_PART = re.compile(
    rf"""\b(?:{_DAYS}|{_MONTHS}|wib|wita|wit|gmt|utc|pukul|jam|menit|detik|hari|minggu|bulan|tahun|
        yang|lalu|ago|hours?|minutes?|days?|diperbarui|diperbaharui|dipublikasikan|diterbitkan|
        terbit|tayang|diunggah|update[d]?|published|posted|modified|dibuat|am|pm)\b|\d+""",
    re.IGNORECASE | re.VERBOSE,
)
_HAS_TIME_OR_DATE = re.compile(
    rf"\d{{1,2}}[:.]\d{{2}}|\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}}|\b(?:{_MONTHS})\b|\b(?:{_DAYS})\b"
    r"|\b(?:yang\s+lalu|ago)\b",
    re.IGNORECASE,
)
_CRUMB_SEPARATOR = re.compile(r"\s*(?:>|»|›|→|\|)\s*")
_CRUMB_START = re.compile(r"^\W*(home|beranda|index|indeks|news|berita)\s*(?:>|»|›|/|\|)", re.I)
# "Oleh: Andi Saputra", "Penulis Rina | Editor Budi", "By John Doe": a byline, names only.
_BYLINE = re.compile(
    r"^\W*(?:ditulis\s+oleh|oleh|by|penulis|reporter|wartawan|editor|redaktur|kontributor|"
    r"penyunting|liputan)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_BYLINE_ROLE = re.compile(r"\b(?:editor|penulis|reporter|redaktur|penyunting)\s*:?", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'-]*|[A-Z]{1,4}\.?|dan|and|&|\||,|/|-|–|:)$")
_NAVIGATION = re.compile(
    r"""^\W*(?:
        klik\b | click\b | tap\b | bagikan\b | share\b | komentar\b | tulis\s+komentar |
        comments?\b | ikuti\s+(?:kami|kanal|berita|update|perkembangan|akun|juga) | follow\s+us |
        unduh\s+aplikasi | download\s+(?:aplikasi|app) | dapatkan\s+(?:update|berita|info) |
        berita\s+terkait | artikel\s+terkait | berita\s+lainnya | artikel\s+lainnya |
        terpopuler\b | populer\b | rekomendasi\b | selengkapnya\b | baca\s+selengkapnya |
        lanjut(?:kan)?\s+(?:baca|membaca) | halaman\s+(?:selanjutnya|berikutnya|sebelumnya|\d) |
        next\s+page | previous\s+page | kembali\s+ke | back\s+to | tags?\s*: | topik\s*: |
        kata\s+kunci\s*: | keywords?\s*: | subscribe\b | berlangganan\b | gabung\b | join\b |
        load\s+more | tampilkan\s+(?:lebih|semua) | lihat\s+(?:semua|selengkapnya|lainnya)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
NAVIGATION_MAX_WORDS = 12
FURNITURE_MAX_WORDS = 24
"""Timestamps, breadcrumbs, bylines and navigation are short lines; longer ones are not checked."""
"""A navigation cue opens a short line; a long sentence opening with "Klik" is still read."""


def is_timestamp(line: str) -> bool:
    """True for a line that is only a date and/or time ("Senin, 27 Maret 2017 | 10:15 WIB",
    "Diperbarui 5 menit yang lalu"): nothing but dates, times and their words."""
    if not _HAS_TIME_OR_DATE.search(line):
        return False
    rest = _TIMESTAMP_PART.sub(" ", line)
    return len(_WORD.findall(rest)) == 0


def is_breadcrumb(line: str) -> bool:
    """True for a navigation trail ("Home > Berita > Nasional", "Bola » Liga Inggris")."""
    if line.rstrip().endswith((".", "!", "?", '"', "”")):
        return False
    parts = [p for p in _CRUMB_SEPARATOR.split(line) if p.strip()]
    short = all(len(_WORD.findall(p)) <= 4 for p in parts)
    return short and (len(parts) >= 2 or bool(_CRUMB_START.match(line))) and len(parts) <= 8


def is_byline(line: str) -> bool:
    """True for a byline or credit line with names only ("Oleh: Andi Saputra",
    "Penulis: Rina | Editor: Budi"), not a sentence that opens with "Oleh karena itu"."""
    match = _BYLINE.match(line.strip().rstrip("."))
    if not match:
        return False
    rest = _BYLINE_ROLE.sub(" ", match["rest"])
    words = rest.replace(",", " , ").replace("|", " | ").split()
    return 0 < len(words) <= 8 and all(_NAME_WORD.match(w) for w in words)


def is_navigation(line: str) -> bool:
    """True for a short navigation or sharing line ("Klik di sini", "Bagikan artikel ini",
    "Berita terkait", "Tags: banjir, Jakarta")."""
    return bool(_NAVIGATION.match(line)) and len(_WORD.findall(line)) <= NAVIGATION_MAX_WORDS


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
    quote_opener: int | None = None
    """For a sentence that opens inside a quote: the position of the candidate where the quote
    opened (-1 when that sentence is not a candidate); it may be read only after that one."""


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
    """True for lines never read as a summary: "Baca juga", credits, sign-offs, fragments,
    timestamps, breadcrumbs, bylines and navigation."""
    words = len(_WORD.findall(sentence))
    return bool(
        _BOILERPLATE.match(sentence)
        or _SIGN_OFF.match(sentence)
        or _CREDIT_LINE.match(sentence)
        or words < 3
        or (
            words <= FURNITURE_MAX_WORDS
            and (
                is_timestamp(sentence)
                or is_breadcrumb(sentence)
                or is_byline(sentence)
                or is_navigation(sentence)
            )
        )
    )


_QUOTE_MARK = re.compile(r"[\"“”]")


def quote_marks(sentence: str) -> list[bool]:
    """Each double quote of a sentence as True (opens) or False (closes). Curly quotes say which;
    a straight one opens at the start or after a space or bracket, before a non-space."""
    marks = []
    for match in _QUOTE_MARK.finditer(sentence):
        mark, at = match.group(), match.start()
        if mark != '"':
            marks.append(mark == "“")
            continue
        before = sentence[at - 1] if at else " "
        after = sentence[at + 1] if at + 1 < len(sentence) else " "
        marks.append((before.isspace() or before in "([{") and not after.isspace())
    return marks


def collect_candidates(sentences: Sequence[Sequence[str]], language: str = "id") -> list[Candidate]:
    """Clean the sentences and keep those that may be read as a summary."""
    cues = cues_for(language)
    candidates: list[Candidate] = []
    for paragraph_index, paragraph in enumerate(sentences):
        kept = 0
        open_quote: int | None = None  # where the quote still open at this point began
        for source_index, raw in enumerate(paragraph):
            text = " ".join(raw.split())
            undated = strip_dateline(text) if not candidates else text
            cleaned = _TRAILING_CREDIT.sub("", undated)
            marks = quote_marks(cleaned)
            opener = open_quote
            if opener is None and marks and not marks[0]:
                opener = -1  # closes a quote opened before this paragraph: no opener to read
            if marks and marks[0]:
                opener = None  # opens its own quote
            open_quote = _quote_left_open(marks, open_quote, len(candidates))
            if not cleaned or is_boilerplate(cleaned):
                if open_quote == len(candidates):
                    open_quote = -1  # the quote opened in a line that is never read
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
                    quote_opener=opener,
                )
            )
            kept += 1
    return candidates


def _quote_left_open(marks: Sequence[bool], open_quote: int | None, here: int) -> int | None:
    """After a sentence with these quote marks: where the quote still open began, if any."""
    for opens in marks:
        if opens and open_quote is None:
            open_quote = here
        elif not opens:
            open_quote = None
    return open_quote


def cues_for(language: str) -> Cues:
    """The cue openings of a language ("id-ID" → Indonesian; Indonesian when unknown)."""
    return _CUES.get(language.split("-")[0].lower(), _CUES["id"])


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscores)."""
    return [w.lower() for w in _WORD.findall(text)]


def _is_dateline_word(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit() or "." in word or word.startswith("detik")
