"""Stages on words and signs: links, datelines, degrees, abbreviations, "H.", tags, acronyms,
initials, symbols and spacing."""

from __future__ import annotations

import re

from bot.text.normalize.contacts import say_host
from bot.text.normalize.patterns import NUMBER_WORDS
from bot.text.normalize.spoken import spell_letters
from bot.text.normalize.tables import Lexicon

URL = re.compile(
    r"\b(?:https?://|www\.)\S+"
    # a path, not a photo credit: "kompas.com/read/..." but not "Liputan6.com/Immanuel Antonius"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|id|net|org|co|io|tv|info)/(?-i:(?![A-Z][a-z]))\S*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?:\b(?:[Ee]-?mail|surel)\s+)?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# A bare domain named in the text, usually an outlet: "kepada CNNIndonesia.com", "99.co".
DOMAIN = re.compile(
    r"(?<![\w.@/])(?P<name>[A-Za-z0-9][A-Za-z0-9-]*)"
    r"(?P<labels>(?:\.[a-z][a-z0-9-]{1,20}){0,2}(?:\.[a-z]{2,4}|\.[A-Z]{2,4}){1,2})"
    r"(?!\w|\.\w)"
)
TOP_LEVEL = {"com", "id", "net", "org", "co", "io", "tv", "info", "news", "asia", "biz", "me",
             "au", "uk", "sg", "my", "jp"}  # fmt: skip
TRAILING_PUNCTUATION = ".,;:!?)]\"'”’"


def replace_links(text: str, url_word: str, email_word: str) -> str:
    """URLs and e-mail addresses are not spelled out; a word stands in for them."""
    text = EMAIL.sub(email_word, text)

    def link(match: re.Match[str]) -> str:
        found = match.group()
        kept = found.rstrip(TRAILING_PUNCTUATION)
        return url_word + found[len(kept) :]

    return URL.sub(link, text)


def read_domains(text: str) -> str:
    """ "CNNIndonesia.com" -> "CNN Indonesia titik com", "bumn.go.id" -> "bumn titik go titik i de".

    The dot is read "titik"; two-letter country labels are spelled (id -> i de), the others said
    as words; a short site name that is an initialism written small is spelled ("kpu.go.id").
    Read here, not left to the engine, so gTTS and espeak-ng say the same thing.
    """

    def read(match: re.Match[str]) -> str:
        written = match.group("labels")
        top = written.rsplit(".", 1)[-1]
        if top.lower() not in TOP_LEVEL or not (top.islower() or top.isupper()):
            return match.group()  # Node.js, Detik.Com, S.Pd
        return say_host(match.group())

    # Most sentences have a dot only at their end; skip the costly pattern for them.
    return DOMAIN.sub(read, text) if DOMAIN_HINT.search(text) else text


DOMAIN_HINT = re.compile(r"[A-Za-z0-9]\.[A-Za-z]{2}")


PLACE_DASH = re.compile(
    r"^(?P<city>[A-Z]{4,}(?:\s[A-Z]{3,}){0,2})(?:\s*\([^()]{2,30}\))?\s*[-–—]\s+"
)
"""A dateline with the place in capitals, maybe an outlet: "JAKARTA (Pos Kota) – "."""


def drop_dateline(text: str, lex: Lexicon) -> str:
    """ "JAKARTA, KOMPAS.com - Presiden ..." -> "Jakarta, Presiden ..." (the outlet is not read);
    "TANGERANG - Program ..." -> "Tangerang, Program ..." (not an acronym such as "BPJS - ...")."""
    match = lex.dateline_pattern.match(text)
    if not match:
        place = PLACE_DASH.match(text)
        if place and not any(word in lex.acronyms for word in place["city"].split()):
            return f"{place['city'].title()}, {text[place.end() :]}"
        return text
    city = match.group("city") or match.group("city2")
    rest = text[match.end() :]
    if not city:
        return rest
    city = " ".join(w.capitalize() if len(w) > 3 and w.isupper() else w for w in city.split())
    return f"{city}, {rest}"


def _is_sentence_end(text: str, position: int) -> bool:
    """Nothing but closing quotes or brackets follows `position`."""
    return not text[position:].strip(" \"'”’)]")


def drop_degrees(text: str, lex: Lexicon) -> str:
    """ "Ahmad, S.H., M.Si., mengatakan" -> "Ahmad, mengatakan"."""

    def drop(match: re.Match[str]) -> str:
        name = match.group("name")
        ends_sentence = match.group("chain").endswith(".") and _is_sentence_end(text, match.end())
        return name + ("." if ends_sentence else "")

    return lex.degree_pattern.sub(drop, text)


def expand_abbreviations(text: str, lex: Lexicon) -> str:
    """Jl. -> Jalan, No. 5 -> nomor 5, dr. -> dokter, dll. -> dan lain-lain, H. -> Haji."""

    def expand(match: re.Match[str]) -> str:
        written = match.group()
        spoken, when = lex.abbreviations[written]
        following = text[match.end() :].lstrip()
        next_word = following.split(" ", 1)[0] if following else ""
        if when == "number" and not following[:1].isdigit():
            return written
        if when == "name" and not (following[:1].isupper() or next_word in lex.abbreviations):
            return written
        if written.endswith(".") and _is_sentence_end(text, match.end()):
            return spoken + "."
        return spoken

    text = lex.abbreviation_pattern.sub(expand, text)
    return HAJI.sub(_read_haji, text)


HAJI = re.compile(r"(?<![\w.])H(?:\.(?=\s*[A-Z])|(?=\s+[A-Z][a-z]))")
"""'H.' or a bare 'H' before a name: "H. Anies", "H Anies"."""
# Titles and roles after which "H." is "Haji", not a middle initial.
NAME_LEADERS = frozenset(
    "Profesor Doktor dokter Insinyur Doktorandus Doktoranda Kiai Bapak Ibu Pak Bu Saudara Saudari "
    "Tuan Nyonya Bupati Gubernur Wali Wakil Ketua Kepala Camat Lurah Menteri Presiden Direktur "
    "Almarhum Almarhumah Ustaz Ustad Syekh Habib Jenderal Kolonel Mayor Kapten".split()
)


def _read_haji(match: re.Match[str]) -> str:
    """ "H." before a name is "Haji"; between two names ("Arry H. Reksodiputro") an initial.
    A bare "H" is the same: "bersama H Anies" is "Haji", "Arry H Reksodiputro" an initial."""
    text = match.string
    before = text[: match.start()].split()
    after = text[match.end() :].split()
    previous = before[-1] if before else ""
    name = after[0] if after else ""
    after_name = after[1] if len(after) > 1 else ""
    is_initial = (
        previous[:1].isupper()
        and previous[-1:].isalpha()
        and previous not in NAME_LEADERS
        and (not name[-1:].isalpha() or not after_name[:1].isupper())
    )
    return match.group() if is_initial else "Haji"


HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
MENTION = re.compile(r"(?<![\w@])@(\w(?:[\w.]*\w)?)")
CAMEL_BOUNDARY = re.compile(
    # IndonesiaMaju, SaveKPK, detik20, GRAMMYs (a plural "s" stays on its acronym)
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])(?![A-Z]s\b)|(?<=\d)(?=[A-Za-z])"
    r"|(?<=[A-Za-z])(?=\d)|_"
)


def read_tags(text: str) -> str:
    """ "#IndonesiaMaju" -> "tagar Indonesia Maju"; "@jokowi" -> "jokowi"."""
    text = HASHTAG.sub(lambda m: "tagar " + CAMEL_BOUNDARY.sub(" ", m.group(1)), text)
    text = re.sub(r"\b([Tt]agar|[Hh]ashtag) tagar\b", r"\1", text)
    return MENTION.sub(lambda m: re.sub(r"[._]", " ", m.group(1)), text)


def read_acronyms(text: str, lex: Lexicon) -> str:
    """Listed acronyms: "DPR" -> "de pe er", "WIB" -> "Waktu Indonesia Barat", "NATO" -> "Nato"."""

    def read(match: re.Match[str]) -> str:
        reading = lex.acronyms[match.group()]
        return spell_letters(match.group()) if reading == "*" else reading

    if "/" in text:  # "ATR/BPN" is one office: a pause, before the letters become words
        text = ACRONYM_SLASH.sub(", ", text)
    return lex.acronym_pattern.sub(read, text)


ACRONYM_SLASH = re.compile(
    r"(?<=\b[A-Z]{2})/(?=[A-Z]{2,}\b)|(?<=[A-Z]{3})/(?=[A-Z]{2,}\b)|(?<=\(\d)/(?=[A-Z]{2,}\b)"
)
"""A slash between two initialisms ("ATR/BPN"), or a seed and a country code ("(1/JPN)")."""


INITIALS = re.compile(r"(?<!\w)(?:[A-Z]\.){2,}|(?<!\w)[A-Z]\.(?=\s+[A-Z])")
SPACED_DASH = re.compile(r"\s+[-–—](?:\s?[-–—])*\s+|(?<=\w)\s*--\s*(?=\w)|^\s*[-–—]+\s*")
# Signs read as words; "#" and "@" left here had nothing to read after them; trademark signs
# ("KapanLagi.com®") are not read.
SIGNS = {
    "&": " dan ", "±": " kurang lebih ", "%": " persen ", "°": " derajat ", "+": " plus ",
    "#": " ", "@": " ", "*": " ", "~": " ", "|": ", ", "®": " ", "™": " ",
}  # fmt: skip
# "kabupaten/kota", "instansi/ BUMN": "atau"; between names ("REUTERS/Danny Moloshok",
# "ATR/BPN", a photo credit) only a pause.
RATE_SLASH = re.compile(
    r"(?<=\w)/(?=(?:hari|minggu|pekan|bulan|tahun|jam|menit|detik|orang|kepala|ekor|unit|porsi|"
    r"malam|liter|meter)\b)"
)
"""An amount per time or head: "Rp 64,3 triliun/tahun" -> "per tahun"."""
WORD_SLASH = re.compile(r"(?<=[a-z])/ ?(?=[a-z]|[A-Z]{2,}\b)")
NAME_SLASH = re.compile(r"(?<=[A-Za-z0-9]) ?/ ?(?=[A-Z][a-z])|(?<=[A-Z]) ?/ ?(?=[A-Z]{2,}\b)")
"""Also with a space on both sides: "(REUTERS / Danny Moloshok)", "ANTARA FOTO / Sigid"."""
CODE_SLASH = re.compile(r"(?<=\w)/(?=\w)")
"""What is left: a reference number ("059/TUA/IV/2017") is read with "garis miring"."""


ABOUT = re.compile(rf"(?<!sekitar)(?<!sekitar )~ ?(?=\d|{NUMBER_WORDS})")
"""A tilde before a number means "about": "~5 km" (after "sekitar" it is silent)."""


WORD_UNDERSCORE = re.compile(r"(?<=[A-Za-z])_+(?=[A-Za-z])")
"""An underscore joining words left by a page template ("Baca_Juga") is a space, not a sign."""


def read_symbols(text: str) -> str:
    """Initials lose their dot; & ± + word/word and spaced dashes are read or become pauses;
    asterisks (footnotes, "F***") and tildes are not read."""
    text = INITIALS.sub(
        lambda m: m.group().replace(".", " ") + ("." if _is_sentence_end(text, m.end()) else ""),
        text,
    )
    if "/" in text:
        text = RATE_SLASH.sub(" per ", text)
        text = WORD_SLASH.sub(" atau ", text.replace("dan/atau", "dan atau"))
        text = NAME_SLASH.sub(", ", text)
        text = CODE_SLASH.sub(" garis miring ", text)
    if "~" in text:
        text = ABOUT.sub("sekitar ", text)
    if "_" in text:
        text = WORD_UNDERSCORE.sub(" ", text)
    for sign, spoken in SIGNS.items():
        if sign in text:
            text = text.replace(sign, spoken)
    if "-" in text or "–" in text or "—" in text:
        text = SPACED_DASH.sub(", ", text)
    return text


def tidy(text: str) -> str:
    """One space between words, none before punctuation, no empty or doubled pauses."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?)\]”’])", r"\1", text)
    text = re.sub(r"([(\[“‘])\s+", r"\1", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",\s*([.;:!?])", r"\1", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    text = re.sub(r",(?=[^\s\d\"'”’)\]])", ", ", text)
    return " ".join(text.split())
