"""Turn written Indonesian news text into what a newsreader says: numbers, money, dates, titles.

Pure: text in, text out. The reading tables are TSV files in `lexicon/`, loaded once. The stages
run in this order; each leaves only words behind, so no later stage re-reads its output:

 1. links and e-mail addresses ("tautan", "alamat email"); the outlet in a dateline is dropped
 2. academic degrees after names are dropped; dotted abbreviations and titles are expanded
 3. hashtags and mentions; phone numbers digit by digit in groups
 4. money (amount, scale, currency name), dates, clock times
 5. ordinals (ke-2), Roman numerals after context words (Perang Dunia II, abad XXI)
 6. percentages, units, "3 x 24 jam", ranges (1998-2003) and scores (2-1)
 7. acronyms from the curated list, then every remaining number
 8. initials, symbols (&, ±, /, spaced dashes) and spacing

Anything not understood passes through unchanged, and the output normalizes to itself: real
sentences need one pass, and words glued to signs ("9WIB@Jl.") get more (at most three).
Readings decided for the whole product: WIB/WITA/WIT are read in full (Waktu Indonesia Barat,
Tengah, Timur); degrees after names (S.H., M.Si.) are dropped; listed initialisms are spelled
with Indonesian letter names (DPR -> de pe er), other acronyms are left to the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from num2words import num2words

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
MONTH_ABBREVIATIONS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Agu": 8, "Agt": 8, "Agus": 8,
    "Ags": 8, "Sep": 9, "Sept": 9, "Okt": 10, "Nov": 11, "Des": 12,
}  # fmt: skip
LETTERS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        "a be ce de e ef ge ha i je ka el em en o pe ki er es te u ve we eks ye zet".split(),
        strict=True,
    )
)
WEEKDAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
DAY_PARTS = r"(?:\s+(?:pagi|siang|sore|petang|malam|dini hari))?"
# Titles and roles after which "H." is "Haji", not a middle initial.
NAME_LEADERS = frozenset(
    "Profesor Doktor dokter Insinyur Doktorandus Doktoranda Kiai Bapak Ibu Pak Bu Saudara Saudari "
    "Tuan Nyonya Bupati Gubernur Wali Wakil Ketua Kepala Camat Lurah Menteri Presiden Direktur "
    "Almarhum Almarhumah Ustaz Ustad Syekh Habib Jenderal Kolonel Mayor Kapten".split()
)
SCORE_CUES = re.compile(
    r"\b(?:skor|menang|kalah|imbang|unggul|tertinggal|takluk|tekuk|ditekuk|dikalahkan|"
    r"mengalahkan|membantai|dibantai|agregat|berakhir|set|gim|laga)\b[^.,;]{0,15}$",
    re.IGNORECASE,
)

# An Indonesian number: 1.250.000 (dots for thousands), 3,5 (comma for decimals), 2024.
NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?!\d)|\d+)(?:,\d+(?![.,]?\d))?"
NO_DIGIT_BEFORE = r"(?<![\d])(?<!\d[.,])"
NO_DIGIT_AFTER = r"(?![\d]|[.,]\d)"
NUMBER_WORDS = (
    r"(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|"
    r"seratus|ratus|seribu|ribu|juta|miliar|triliun|setengah|seperempat|perempat)"
)
DIGIT = re.compile(r"\d")
ROMAN_WORD = re.compile(r"\b[IVXLC]+\b")
ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
DASH = r"\s?(?:-|–|sampai|hingga|s\.d\.|s/d)\s?"
MAX_PASSES = 3
SCALES = {
    "ribu": "ribu", "rb": "ribu", "juta": "juta", "jt": "juta", "miliar": "miliar",
    "milyar": "miliar", "triliun": "triliun", "thousand": "ribu", "million": "juta",
    "billion": "miliar", "trillion": "triliun",
}  # fmt: skip


# -- number words ----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def cardinal(value: int) -> str:
    """1250000 -> "satu juta dua ratus lima puluh ribu"; negatives say "minus"."""
    if value < 0:
        return f"minus {cardinal(-value)}"
    if value >= 10**15:
        return digits(str(value))
    return str(num2words(value, lang="id"))


def ordinal(value: int) -> str:
    """2 -> "kedua", 21 -> "kedua puluh satu", 1 -> "pertama"."""
    return str(num2words(value, lang="id", to="ordinal"))


def digits(text: str) -> str:
    """Read each digit: "0812" -> "nol delapan satu dua"."""
    return " ".join(DIGITS[int(c)] for c in text if c.isdigit())


MAX_SPOKEN_DIGITS = 15
"""Longest whole number read as a numeral (999 triliun); longer ones are read digit by digit."""


def spell_number(text: str, *, english: bool = False) -> str:
    """Read one written number: "1.250.000", "3,5", "0,25", "007" (digit by digit).

    With `english=True` the separators may be English ("91,000", "10.50"), as in foreign
    currency amounts.
    """
    whole, fraction = _split_number(text, english=english)
    leading_zero = len(whole) > 1 and whole.startswith("0")
    # Beyond trillions nobody says the number: a code or an ID is read digit by digit.
    too_long = len(whole) > MAX_SPOKEN_DIGITS
    words = digits(whole) if leading_zero or too_long else cardinal(int(whole))
    fraction = fraction.rstrip("0")
    return f"{words} koma {digits(fraction)}" if fraction else words


def _split_number(text: str, *, english: bool) -> tuple[str, str]:
    """("1250", "5") for "1.250,5": the whole part's digits and the fraction's digits."""
    decimal_mark = ""
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text:
        groups = text.split(",")
        english_thousands = english and len(groups[1]) == 3 and groups[0] != "0"
        decimal_mark = "" if len(groups) > 2 or english_thousands else ","
    elif "." in text and not all(len(g) == 3 for g in text.split(".")[1:]):
        decimal_mark = "."  # 1.250.000 keeps "" (thousands); 10.50 is a decimal
    whole, fraction = text.rsplit(decimal_mark, 1) if decimal_mark else (text, "")
    return re.sub(r"\D", "", whole), fraction


def spell_letters(text: str) -> str:
    """Spell with Indonesian letter names: "DPR" -> "de pe er"."""
    return " ".join(LETTERS.get(c.lower(), c) for c in text if c.isalnum())


def read_date(day: int, month: int, year: str | None = None) -> str | None:
    """"tujuh belas Oktober dua ribu dua puluh tiga", or None if it is not a calendar date."""
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    spoken = f"{cardinal(day)} {MONTHS[month - 1]}"
    if year:
        short = int(year)
        full_year = short if len(year) == 4 else short + (2000 if short < 50 else 1900)
        spoken += f" {cardinal(full_year)}"
    return spoken


def read_time(hours: str, minutes: str) -> str:
    """("10", "00") -> "sepuluh"; ("07", "05") -> "tujuh nol lima"; ("14", "30") -> "empat
    belas tiga puluh". No "tepat" for whole hours, as newsreaders say "pukul sepuluh"."""
    spoken = cardinal(int(hours))
    if minutes == "00":
        return spoken
    if minutes.startswith("0"):
        return f"{spoken} nol {DIGITS[int(minutes[1])]}"
    return f"{spoken} {cardinal(int(minutes))}"


# -- reading tables --------------------------------------------------------------------------


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

    dotted = [a for a in abbreviations if a.endswith(".") or "/" in a]
    bare = [a for a in abbreviations if a not in dotted]
    abbreviation = (
        rf"(?<![\w.@/])(?:{_alternation(dotted)}|(?:{_alternation(bare)})(?![\w.'’-]))"
    )
    degree = (
        rf"(?:{_alternation([d for d in degrees if '.' in d])}"
        r"|Sp\.\s?[A-Z][A-Za-z]{0,3}\.?)(?:-[A-Z]{2,5})?(?:\s?\(K\))?"
    )
    any_degree = rf"(?:{degree}|(?:{_alternation(degrees)})(?:-[A-Z]{{2,5}})?(?:\s?\(K\))?)"
    degree_chain = (
        rf"(?P<name>[A-Z][\w'’-]*)(?P<chain>(?:\s*,\s*{any_degree}|\s+{degree})+)"
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
    source = rf"(?:{_alternation(sources)}|[A-Za-z0-9]+(?:\.[A-Za-z]{{2,4}}){{1,2}})"
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
    )


# -- the stages ------------------------------------------------------------------------------

URL = re.compile(
    r"\b(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|id|net|org|co|io|tv|info)/\S*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?:\b(?:[Ee]-?mail|surel)\s+)?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
TRAILING_PUNCTUATION = ".,;:!?)]\"'”’"


def _replace_links(text: str, url_word: str, email_word: str) -> str:
    """URLs and e-mail addresses are not spelled out; a word stands in for them."""
    text = EMAIL.sub(email_word, text)

    def link(match: re.Match[str]) -> str:
        found = match.group()
        kept = found.rstrip(TRAILING_PUNCTUATION)
        return url_word + found[len(kept) :]

    return URL.sub(link, text)


def _drop_dateline(text: str, lex: Lexicon) -> str:
    """ "JAKARTA, KOMPAS.com - Presiden ..." -> "Jakarta, Presiden ..." (the outlet is not read)."""
    match = lex.dateline_pattern.match(text)
    if not match:
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


def _drop_degrees(text: str, lex: Lexicon) -> str:
    """ "Ahmad, S.H., M.Si., mengatakan" -> "Ahmad, mengatakan"."""

    def drop(match: re.Match[str]) -> str:
        name = match.group("name")
        ends_sentence = match.group("chain").endswith(".") and _is_sentence_end(text, match.end())
        return name + ("." if ends_sentence else "")

    return lex.degree_pattern.sub(drop, text)


def _expand_abbreviations(text: str, lex: Lexicon) -> str:
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


HAJI = re.compile(r"(?<![\w.])H\.(?=\s*[A-Z])")


def _read_haji(match: re.Match[str]) -> str:
    """ "H." before a name is "Haji"; between two names ("Arry H. Reksodiputro") an initial."""
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
    return "H." if is_initial else "Haji"


HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
MENTION = re.compile(r"(?<![\w@])@(\w(?:[\w.]*\w)?)")
CAMEL_BOUNDARY = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)|_"
)


def _read_tags(text: str) -> str:
    """ "#IndonesiaMaju" -> "tagar Indonesia Maju"; "@jokowi" -> "jokowi"."""
    text = HASHTAG.sub(lambda m: "tagar " + CAMEL_BOUNDARY.sub(" ", m.group(1)), text)
    text = re.sub(r"\b([Tt]agar|[Hh]ashtag) tagar\b", r"\1", text)
    return MENTION.sub(lambda m: re.sub(r"[._]", " ", m.group(1)), text)


PHONE = re.compile(
    r"(?<![\w+.,/])(?:\+\d{1,3}|\(\+?\d{2,4}\)|0\d{1,4})(?:[ -]?\d{2,5}){1,4}(?![\w]|[.,/]\d)"
)


def _read_phones(text: str) -> str:
    """ "0812-3456-7890" -> "nol delapan satu dua, tiga empat lima enam, ..." (9+ digits only)."""

    def read(match: re.Match[str]) -> str:
        found = match.group()
        if sum(c.isdigit() for c in found) < 9:
            return found
        spoken = []
        for group in re.findall(r"\+?\d+", found):
            pieces = [digits(piece) for piece in _digit_groups(group.lstrip("+"))]
            if group.startswith("+"):
                pieces[0] = f"plus {pieces[0]}"
            spoken.extend(pieces)
        return ", ".join(spoken)

    return PHONE.sub(read, text)


def _digit_groups(number: str) -> list[str]:
    """Split into groups of at most four digits, shorter ones first: 5551234 -> 555, 1234."""
    count = -(-len(number) // 4)
    sizes = [len(number) // count] * count
    for i in range(len(number) % count):
        sizes[-1 - i] += 1
    groups, start = [], 0
    for size in sizes:
        groups.append(number[start : start + size])
        start += size
    return groups


def _read_money(text: str, lex: Lexicon) -> str:
    """ "Rp5 miliar" -> "lima miliar rupiah"; "US$1,2 juta" -> "satu koma dua juta dolar AS"."""

    def amount(number: str, scale: str | None, english: bool) -> str:
        if scale:
            word = SCALES.get(scale.removesuffix("an"), scale.removesuffix("an"))
            word += "an" if scale.endswith("an") else ""
            return f"{spell_number(number, english=english and scale.islower())} {word}"
        return spell_number(number, english=english)

    def read(match: re.Match[str]) -> str:
        name = lex.currencies[match.group("cur")]
        english = name != "rupiah"
        spoken = amount(match.group("a"), match.group("sa"), english)
        if match.group("b"):
            spoken += " sampai " + amount(match.group("b"), match.group("sb"), english)
        already_named = re.match(rf"\s+{name.split()[0]}\b", text[match.end() :])
        return spoken if already_named else f"{spoken} {name}"

    return lex.money_pattern.sub(read, text)


DATE_AFTER_WEEKDAY = re.compile(
    rf"(?P<lead>\b{WEEKDAYS}{DAY_PARTS})\s*,?\s*\(\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
    r"(?:/(?P<y>\d{4}|\d{2}))?\s*\)"
)
DATE_IN_BRACKETS = re.compile(r"\(\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?\s*\)")
FULL_DATE = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")
CUED_DATE = re.compile(
    rf"(?P<lead>\b(?:tanggal|pada|sejak|hingga|sampai|mulai|per|{WEEKDAYS}),?\s+)"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])"
)
ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
ABBREVIATED_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{'|'.join(MONTH_ABBREVIATIONS)})\.?(?![\w])"
)
NUMBER_OF_YEAR = re.compile(r"(?<![\d/.,])(?P<n>\d{1,4})/(?P<y>\d{4}|\d{2})(?![\d/])")
SLASHED_NUMBERS = re.compile(rf"{NO_DIGIT_BEFORE}(?P<a>{NUMBER})/(?P<b>{NUMBER}){NO_DIGIT_AFTER}")


def _read_dates(text: str) -> str:
    """ "Selasa (17/10)" -> "Selasa, tujuh belas Oktober"; 2/1/2024; regulation "No. 5/2023"."""

    def dated(lead: str, separator: str) -> Callable[[re.Match[str]], str]:
        def read(match: re.Match[str]) -> str:
            spoken = read_date(int(match.group("d")), int(match.group("m")), match["y"])
            if spoken is None:
                return match.group()
            return (match.group("lead") + separator if lead else separator) + spoken

        return read

    text = DATE_AFTER_WEEKDAY.sub(dated("lead", ", "), text)
    text = DATE_IN_BRACKETS.sub(dated("", ", "), text)
    text = ISO_DATE.sub(dated("", ""), text)
    text = FULL_DATE.sub(dated("", ""), text)
    text = CUED_DATE.sub(lambda m: _cued_date(m), text)
    text = ABBREVIATED_MONTH.sub(
        lambda m: f"{cardinal(int(m['d']))} {MONTHS[MONTH_ABBREVIATIONS[m['mon']] - 1]}", text
    )
    text = NUMBER_OF_YEAR.sub(_read_number_of_year, text)
    return SLASHED_NUMBERS.sub(lambda m: f"{spell_number(m['a'])} per {spell_number(m['b'])}", text)


def _cued_date(match: re.Match[str]) -> str:
    spoken = read_date(int(match.group("d")), int(match.group("m")))
    return match.group() if spoken is None else match.group("lead") + spoken


def _read_number_of_year(match: re.Match[str]) -> str:
    """ "5/2023" -> "lima tahun dua ribu dua puluh tiga"; "2024/2025" -> "... per ..."."""
    number, year = match.group("n"), match.group("y")
    if len(number) == 4 and 1900 <= int(number) <= 2100:
        if len(year) == 2:
            year = number[:2] + year
        return f"{cardinal(int(number))} per {cardinal(int(year))}"
    if len(year) != 4 or not 1900 <= int(year) <= 2100:
        return match.group()
    return f"{spell_number(number)} tahun {cardinal(int(year))}"


CLOCK = r"(?P<{h}>[01]?\d|2[0-4])[.:](?P<{m}>[0-5]\d)"
TIME = re.compile(
    r"(?<![\w.,:])" + CLOCK.format(h="h", m="m")
    + rf"(?:{DASH}" + CLOCK.format(h="h2", m="m2") + r")?(?![\d]|[.,:]\d)"
)  # fmt: skip


TIME_BEFORE = re.compile(
    r"\b(?:pukul|pkl\.?|jam|sejak|hingga|sampai|mulai|antara|sekitar|dari|tiap|setiap|pada|"
    r"hari|pagi|siang|sore|malam)\s+$",
    re.IGNORECASE,
)
TIME_AFTER = re.compile(r"\s*(?:WIB|WITA|Wita|WIT|waktu|pagi|siang|sore|petang|malam|dini)\b")


def _read_times(text: str) -> str:
    """ "pukul 10.00" -> "pukul sepuluh"; "08.00-12.00" -> "delapan sampai dua belas".

    A bare "1.25" is a time only after a cue ("pukul", "sejak") or before a zone or part of
    the day ("WIB", "pagi"), or as a range of two times.
    """

    def read(match: re.Match[str]) -> str:
        is_time = (
            match.group("h2")
            # Only the words just before matter; searching from 0 made long texts quadratic.
            or TIME_BEFORE.search(text, max(0, match.start() - 40), match.start())
            or TIME_AFTER.match(text, match.end())
        )
        if not is_time:
            return match.group()
        spoken = read_time(match.group("h"), match.group("m"))
        if match.group("h2"):
            spoken += " sampai " + read_time(match.group("h2"), match.group("m2"))
        return spoken

    return TIME.sub(read, text)


ORDINAL = re.compile(r"\b(?P<ke>[Kk]e)-(?P<n>\d{1,3}(?:\.\d{3})*|[IVXLCDM]+)(?![\w-]|[.,]\d)")


def _read_ordinals(text: str, lex: Lexicon) -> str:
    """ "ke-2" -> "kedua"; "ke-IV" -> "keempat"; "Perang Dunia II" -> "Perang Dunia kedua"."""

    def read_ordinal(match: re.Match[str]) -> str:
        written = match.group("n")
        value = int(written.replace(".", "")) if written[0].isdigit() else _roman_value(written)
        if not value:
            return match.group()
        spoken = ordinal(value)
        return spoken.capitalize() if match.group("ke") == "Ke" else spoken

    def read_roman(match: re.Match[str]) -> str:
        value = _roman_value(match.group("roman"))
        if not value:
            return match.group()
        context = match.group("context")
        kind = lex.roman_contexts[" ".join(context.lower().split())]
        spoken = ordinal(value) if kind == "ordinal" else cardinal(value)
        return f"{context} {spoken}" + (" " if match.group("slash") else "")

    text = ORDINAL.sub(read_ordinal, text)
    return lex.roman_pattern.sub(read_roman, text)


def _roman_value(numeral: str) -> int:
    """Value of a well-formed Roman numeral up to 399, else 0 (a lone C or L is a letter)."""
    if numeral in ("", "C", "L") or not ROMAN.fullmatch(numeral):
        return 0
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for current, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = values[current]
        total += -value if following and values[following] > value else value
    return total


NEGATIVE = re.compile(r"(?:(?<=^)|(?<=[\s(=]))[-−](?=\d)")
PERCENT = re.compile(
    rf"{NO_DIGIT_BEFORE}(?P<a>{NUMBER})(?:{DASH}(?P<b>{NUMBER}))?\s?(?:%|persen\b)"
)
TIMES = re.compile(rf"{NO_DIGIT_BEFORE}(?P<a>{NUMBER})\s?[x×]\s?(?P<b>{NUMBER})?(?![\w])")
RANGE = re.compile(
    rf"(?<![\w.,/-])(?P<a>{NUMBER})\s?[-–]\s?(?P<b>{NUMBER})(?![\w/-]|[.,]\d)"
)
MAGNITUDE = re.compile(rf"\bM\s?(?P<a>\d+,\d+){NO_DIGIT_AFTER}")


def _read_measures(text: str, lex: Lexicon) -> str:
    """Percentages, units, "3 x 24 jam", magnitudes, ranges and scores."""

    def span(match: re.Match[str]) -> str:
        spoken = spell_number(match.group("a"))
        return spoken + (f" sampai {spell_number(match.group('b'))}" if match.group("b") else "")

    text = NEGATIVE.sub("minus ", text)
    text = PERCENT.sub(lambda m: span(m) + " persen", text)
    text = lex.unit_pattern.sub(lambda m: f"{span(m)} {lex.units[m.group('unit')]}", text)
    text = TIMES.sub(
        lambda m: f"{spell_number(m['a'])} kali" + (f" {spell_number(m['b'])}" if m["b"] else ""),
        text,
    )
    text = MAGNITUDE.sub(lambda m: f"magnitudo {spell_number(m['a'])}", text)
    return RANGE.sub(_read_range, text)


def _read_spelled_units(text: str, lex: Lexicon) -> str:
    """Units after numbers already in words ("satu per dua kg"), and "kilogram/ekor" -> per."""
    text = lex.spelled_unit_pattern.sub(lambda m: f"{m['number']} {lex.units[m['unit']]}", text)
    return lex.unit_slash_pattern.sub(lambda m: m["unit"] + m["rest"].replace("/", " per "), text)


def _read_range(match: re.Match[str]) -> str:
    """ "1998-2003" -> "... sampai ..."; a score "2-1" -> "dua-satu"."""
    first, second = match.group("a"), match.group("b")
    if not (first.isdigit() and second.isdigit()):
        return f"{spell_number(first)} sampai {spell_number(second)}"
    small_and_falling = int(first) < 100 and int(first) >= int(second)
    if small_and_falling or SCORE_CUES.search(match.string, 0, match.start()):
        return f"{cardinal(int(first))}-{cardinal(int(second))}"
    return f"{spell_number(first)} sampai {spell_number(second)}"


def _read_acronyms(text: str, lex: Lexicon) -> str:
    """Listed acronyms: "DPR" -> "de pe er", "WIB" -> "Waktu Indonesia Barat", "NATO" -> "Nato"."""

    def read(match: re.Match[str]) -> str:
        reading = lex.acronyms[match.group()]
        return spell_letters(match.group()) if reading == "*" else reading

    return lex.acronym_pattern.sub(read, text)


DECADE = re.compile(rf"{NO_DIGIT_BEFORE}(?P<n>{NUMBER})-?an\b")
H_DAY = re.compile(r"\bH(?P<sign>[-+])(?P<n>\d{1,3})\b")
LETTERS_DIGITS = re.compile(
    r"(?<!\w)(?P<l>[A-Z]{1,3}|[A-Za-z]{2,})-?(?P<d>\d{1,4})(?![\w]|[.,]\d|\.[A-Za-z])"
)
DIGITS_LETTER = re.compile(r"(?<![\w.,])(?P<d>\d+)(?P<l>[A-Z])(?![\w])")
RATIO = re.compile(r"(?<![\d.,])(?P<a>\d+):(?P<b>\d+)(?![\d])")
VERSION = re.compile(r"(?<![\d.,])\d+(?:\.\d+)+(?![\d]|[.,]\d)")
SHORT_YEAR = re.compile(r"(?<!\w)['’‘](?=\d\d(?:-?an)?\b)")  # the '90s, ’98
ANY_NUMBER = re.compile(rf"(?<![A-Za-z]){NO_DIGIT_BEFORE}{NUMBER}")  # not in Liputan6.com
FRACTIONS = {"½": "setengah", "¼": "seperempat", "¾": "tiga perempat"}
BRACKETED_ITEM = re.compile(
    r"\b(?P<w>ayat|huruf|angka|butir|poin|nomor)\s+\((?P<n>\d{1,3}|[a-z])\)"  # ayat (3)
)


def _read_numbers(text: str) -> str:
    """Every number left: decades, codes (G20, MH370, 5G), versions, ratios, plain numbers."""
    text = BRACKETED_ITEM.sub(r"\g<w> \g<n>", text)
    text = SHORT_YEAR.sub("", text)
    text = DECADE.sub(lambda m: spell_number(m.group("n")) + "an", text)
    text = H_DAY.sub(
        lambda m: f"ha {'min' if m['sign'] == '-' else 'plus'} {cardinal(int(m['n']))}", text
    )
    text = LETTERS_DIGITS.sub(_read_code, text)
    text = DIGITS_LETTER.sub(lambda m: f"{spell_number(m['d'])} {spell_letters(m['l'])}", text)
    text = RATIO.sub(lambda m: f"{spell_number(m['a'])} banding {spell_number(m['b'])}", text)
    text = VERSION.sub(_read_version, text)
    for fraction, spoken in FRACTIONS.items():
        text = text.replace(fraction, f" {spoken}")
    return ANY_NUMBER.sub(_read_plain_number, text)


def _read_code(match: re.Match[str]) -> str:
    """ "U-23" -> "u dua puluh tiga", "MH370" -> "em ha tiga tujuh nol", "Covid-19"."""
    letters, number = match.group("l"), match.group("d")
    if not (letters.isupper() and len(letters) <= 3):
        return f"{letters} {spell_number(number)}"  # iPhone15, tahun2019
    spoken_number = digits(number) if len(number) > 2 else spell_number(number)
    return f"{spell_letters(letters)} {spoken_number}"


def _read_version(match: re.Match[str]) -> str:
    """ "4.0" -> "empat titik nol"; "2.5.4" -> "dua titik lima titik empat"."""
    parts = match.group().split(".")
    if len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
        return spell_number(match.group())  # thousands: 1.250.000
    if len(parts) == 2:
        return f"{spell_number(parts[0])} titik {digits(parts[1])}"
    return " titik ".join(spell_number(p) for p in parts)


def _read_plain_number(match: re.Match[str]) -> str:
    return spell_number(match.group())


INITIALS = re.compile(r"(?<!\w)(?:[A-Z]\.){2,}|(?<!\w)[A-Z]\.(?=\s+[A-Z])")
SPACED_DASH = re.compile(r"\s+[-–—](?:\s?[-–—])*\s+|(?<=\w)\s*--\s*(?=\w)|^\s*[-–—]+\s*")
# Signs read as words; "#" and "@" left here had nothing to read after them.
SIGNS = {"&": " dan ", "±": " kurang lebih ", "%": " persen ", "°": " derajat ", "#": " ", "@": " "}
WORD_SLASH = re.compile(r"(?<=[A-Za-z])/(?=[A-Za-z])")


def _read_symbols(text: str) -> str:
    """Initials lose their dot; &, ±, word/word and spaced dashes are read or become pauses."""
    text = INITIALS.sub(
        lambda m: m.group().replace(".", " ") + ("." if _is_sentence_end(text, m.end()) else ""),
        text,
    )
    if "/" in text:
        text = WORD_SLASH.sub(" atau ", text.replace("dan/atau", "dan atau"))
    for sign, spoken in SIGNS.items():
        if sign in text:
            text = text.replace(sign, spoken)
    if "-" in text or "–" in text or "—" in text:
        text = SPACED_DASH.sub(", ", text)
    return text


def _tidy(text: str) -> str:
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
        return _tidy(_replace_links(text, "link", "email address"))
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
        text = _replace_links(text, "tautan", "alamat email")
    text = _drop_dateline(text, lex)
    if has_digit:
        text = lex.glued_word_pattern.sub(" ", text)
    text = _drop_degrees(text, lex)
    text = _expand_abbreviations(text, lex)
    if "#" in text or "@" in text:
        text = _read_tags(text)
    if has_digit:
        text = _read_phones(text)
        text = _read_money(text, lex)
        text = _read_dates(text)
        text = _read_times(text)
    if has_digit or ROMAN_WORD.search(text):
        text = _read_ordinals(text, lex)
    if has_digit:
        text = _read_measures(text, lex)
    if "/" in text or "per " in text:
        text = lex.per_unit_pattern.sub(lambda m: f" per {lex.units[m.group('unit')]}", text)
    text = _read_acronyms(text, lex)
    if has_digit or any(fraction in text for fraction in FRACTIONS):
        text = _read_numbers(text)
        text = _read_spelled_units(text, lex)
    text = _read_symbols(text)
    return _tidy(text)
