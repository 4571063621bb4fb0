"""Stages for numbers: phones, money, ordinals and Roman numerals, measures and units,
ranges and scores, then every number left."""

from __future__ import annotations

import re

from bot.text.normalize.patterns import (
    DASH,
    NO_DIGIT_AFTER,
    NO_DIGIT_BEFORE,
    NUMBER,
    SCORE_CUES,
)
from bot.text.normalize.spoken import (
    SCALES,
    cardinal,
    digits,
    fraction,
    ordinal,
    spell_letters,
    spell_number,
)
from bot.text.normalize.tables import Lexicon

PHONE = re.compile(
    r"(?<![\w+.,/])(?:\+\d{1,3}|\(\+?\d{2,4}\)|0\d{1,4})(?:[ -]?\d{2,5}){1,4}(?![\w]|[.,/]\d)"
)


def read_phones(text: str) -> str:
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


def read_money(text: str, lex: Lexicon) -> str:
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


ORDINAL = re.compile(r"\b(?P<ke>[Kk]e)-(?P<n>\d{1,3}(?:\.\d{3})*|[IVXLCDM]+)(?![\w-]|[.,]\d)")
ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
NAMED_ROMAN = re.compile(
    r"\b(?P<word>[A-Z][a-z]+)\s(?P<roman>[IVX]{2,5})(?![\w/-]|[.,]\w|\s+[A-Z])"
)
"""A numeral II-XX after a capitalised word and not before another: "Wilayah Pembangunan III",
"Jalan Lebak Bulus Dalam II", "Battlefront II" (I, V and X alone are letters; L, C, D, M make
words; "Cinema XXI" is a brand; "Carl XVI Gustaf", "Philip II Arena" are left to the voice)."""
MONARCH = re.compile(
    r"\b(?:Raja|Ratu|Sultan|Paus|Kaisar|Pangeran|Putri|Tsar|King|Queen|Pope|Prince)\b[^.;:!?]{0,30}$"
)
"""A monarch's or pope's name takes an ordinal: "Raja Abdullah II" -> "Abdullah kedua"."""


def read_ordinals(text: str, lex: Lexicon) -> str:
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

    def read_named_roman(match: re.Match[str]) -> str:
        value = _roman_value(match.group("roman"))
        if not 1 < value <= 20:
            return match.group()
        monarch = MONARCH.search(text, 0, match.end("word"))
        return f"{match.group('word')} {ordinal(value) if monarch else cardinal(value)}"

    text = ORDINAL.sub(read_ordinal, text)
    text = lex.roman_pattern.sub(read_roman, text)
    return NAMED_ROMAN.sub(read_named_roman, text)


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


ENGLISH_DECIMAL = re.compile(
    r"(?<![\d.,])(?P<whole>\d{1,3})\.(?P<part>\d{1,2})"
    r"(?=\s?(?:%|persen\b|ribu\b|juta\b|miliar\b|triliun\b))"
)
"""A decimal written with a point: "3.5 juta", "1.5%" (1.500 would be thousands; 3.5 cannot be)."""


NUMBER_HYPHEN_WORD = re.compile(r"(?<=\d)-(?=[a-z]{3,})(?!an\b)")
"""A number joined to its noun: "13-megapixel", "12-core" (not "1990-an")."""
MATCH_MINUTE = re.compile(
    r"(?P<open>\((?:[A-Z][\w-]*\s){0,3})(?P<n>\d{1,3})['’](?=(?:,\s?\d{1,3}['’])*\))"
)
"""A goal's minute in a match report, alone or after the scorer in brackets: "Mariyanto (16')",
"(Dedik 58')"; not "(lagu 'Cinta 2')"."""
APERTURE = re.compile(
    r"(?<!\w)[fƒ]/(?P<n>\d{1,2}(?:[.,]\d)?)(?:\s?[-–]\s?(?P<m>\d{1,2}(?:[.,]\d)?))?\b"
)
"""A camera's aperture: "f/2.2", a zoom's range "f/3.5–5.6"."""
ZERO_LED_LIST = re.compile(r"(?<![\d.,])(?P<a>0\d+),(?=0\d+(?![\d.,]))")
"""Numbers with a leading zero joined by a comma are a list ("RW 08,09"): a decimal's whole
part never starts with a zero digit followed by another digit."""


def read_english_decimals(text: str) -> str:
    """ "3.5 juta" -> "3,5 juta", so the money, percent and number stages read "tiga koma lima";
    also other forms a number takes in tech and sports news: "f/2.2", "13-megapixel", "(58')"."""
    text = ENGLISH_DECIMAL.sub(r"\g<whole>,\g<part>", text)
    text = APERTURE.sub(_read_aperture, text)
    text = ZERO_LED_LIST.sub(r"\g<a>, ", text)
    text = NUMBER_HYPHEN_WORD.sub(" ", text)
    return MATCH_MINUTE.sub(r"\g<open>menit ke-\g<n>", text)


def _read_aperture(match: re.Match[str]) -> str:
    spoken = "ef " + match["n"].replace(".", ",")
    return spoken + (" sampai " + match["m"].replace(".", ",") if match["m"] else "")


REFERENCE_CODE = re.compile(
    r"(?<![\w/])(?=[\w./-]*\d)(?=[\w./-]*[A-Z])"
    r"[\w-]+(?:\.[\w-]+)*(?:/[\w-]+(?:\.[\w-]+)*){2,}(?![\w/])"
)
"""A letter or regulation number: "059/TUA/IV/2017", "06/M-DAG/PER/1/2015"."""


def read_reference_codes(text: str) -> str:
    """ "059/TUA/IV/2017" -> "nol lima sembilan garis miring TUA garis miring empat garis miring
    dua ribu tujuh belas": numbers with a leading zero digit by digit, years and other numbers as
    numbers, Roman months as numbers, letters left for the acronym stage and the voice."""

    def segment(part: str) -> str:
        if "." in part:  # "POJK.07"
            return " titik ".join(segment(piece) for piece in part.split("."))
        if part.isdigit():
            return digits(part) if part.startswith("0") else spell_number(part)
        value = _roman_value(part) if len(part) <= 4 else 0
        return cardinal(value) if 0 < value <= 12 else part

    return REFERENCE_CODE.sub(
        lambda m: " garis miring ".join(segment(p) for p in m.group().split("/")), text
    )


NEGATIVE = re.compile(r"(?:(?<=^)|(?<=[\s(=]))[-−](?=\d)")
PERCENT = re.compile(
    rf"{NO_DIGIT_BEFORE}(?P<a>{NUMBER})(?:{DASH}(?P<b>{NUMBER}))?\s?(?:%|persen\b)"
)
TIMES = re.compile(rf"{NO_DIGIT_BEFORE}(?P<a>{NUMBER})\s?[x×]\s?(?P<b>{NUMBER})?(?![\w])")
RANGE = re.compile(rf"(?<![\w.,/-])(?P<a>{NUMBER})\s?[-–]\s?(?P<b>{NUMBER})(?![\w/-]|[.,]\d)")
MAGNITUDE = re.compile(rf"\bM\s?(?P<a>\d+,\d+){NO_DIGIT_AFTER}")


def read_measures(text: str, lex: Lexicon) -> str:
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


def read_spelled_units(text: str, lex: Lexicon) -> str:
    """Units after numbers already in words ("satu per dua kg"), and "kilogram/ekor" -> per."""
    text = lex.spelled_unit_pattern.sub(lambda m: f"{m['number']} {lex.units[m['unit']]}", text)
    return lex.unit_slash_pattern.sub(lambda m: m["unit"] + m["rest"].replace("/", " per "), text)


def _read_range(match: re.Match[str]) -> str:
    """ "1998-2003" -> "... sampai ..."; a score "2-1" or "122 - 119" -> "dua-satu"; a season
    "2004 - 05" -> "dua ribu empat-dua ribu lima"."""
    first, second = match.group("a"), match.group("b")
    if not (first.isdigit() and second.isdigit()):
        return f"{spell_number(first)} sampai {spell_number(second)}"
    if _is_season(first, second):
        return f"{cardinal(int(first))}-{cardinal(int(first[:2] + second[-2:]))}"
    # A range is written low to high; high to low below a thousand is a score.
    zero_led = len(second) > 1 and second[0] == "0"  # "2004 - 05" that is not a season
    falling = int(first) < 1000 and int(first) >= int(second) and not zero_led
    if falling or SCORE_CUES.search(match.string, 0, match.start()) or _in_results(match):
        return f"{cardinal(int(first))}-{cardinal(int(second))}"
    return f"{spell_number(first)} sampai {spell_number(second)}"


SCORE_LIST_BEFORE = re.compile(r"\d{1,3}\s?[-–]\s?\d{1,3},\s?$")
SCORE_LIST_AFTER = re.compile(r",\s?\d{1,3}\s?[-–]\s?\d{1,3}(?!\d)")
TEAM_BEFORE = re.compile(r"\b(?P<w>[A-Z][a-z]{2,})\s$")
TEAM_AFTER = re.compile(r"\s(?P<w>[A-Z][a-z]{2,})\b")
NOT_TEAMS = frozenset(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember "
    "Pasal Ayat Bab Halaman Tahun Nomor Juz Surat Jalan Km Kilometer Pukul Jam".split()
)


def _in_results(match: re.Match[str]) -> bool:
    """A pair in a list of game scores ("19-21, 21-19, 15-21") or between two teams in a
    results table ("Atlanta Hawks 104-111 Detroit Pistons")."""
    text, start, end = match.string, match.start(), match.end()
    if SCORE_LIST_BEFORE.search(text, max(0, start - 12), start) or SCORE_LIST_AFTER.match(
        text, end
    ):
        return True
    before = TEAM_BEFORE.search(text, max(0, start - 30), start)
    after = TEAM_AFTER.match(text, end)
    return bool(before and after) and not {before["w"], after["w"]} & NOT_TEAMS


def _is_season(first: str, second: str) -> bool:
    """ "2004 - 05", "2017-18": a year and the next year's last two digits (a four-digit
    "2017-2018" stays a range, "sampai")."""
    if len(first) != 4 or not 1900 <= int(first) <= 2099 or len(second) != 2:
        return False
    return int(second) == (int(first) + 1) % 100


DECADE = re.compile(rf"{NO_DIGIT_BEFORE}(?P<n>{NUMBER})(?:\s?-\s?)?an\b")
H_DAY = re.compile(r"\bH(?P<sign>[-+])(?P<n>\d{1,3})\b")
LETTERS_DIGITS = re.compile(
    r"(?<!\w)(?P<l>[A-Z]{1,3}|[A-Za-z]{2,})-?(?P<d>\d{1,4})(?![\w]|[.,]\d|\.[A-Za-z])"
)
DIGITS_LETTER = re.compile(r"(?<![\w.,])(?P<d>\d+)(?P<l>[A-Z])(?![\w])")
RATIO = re.compile(r"(?<![\d.,])(?P<a>\d+):(?P<b>\d+)(?![\d])")
VERSION = re.compile(r"(?<![\d.,])\d+(?:\.\d+)+(?![\d]|[.,]\d)")
SHORT_YEAR = re.compile(r"(?<!\w)['’‘](?=\d\d(?:-?an)?\b)")  # the '90s, ’98
ANY_NUMBER = re.compile(rf"(?<![A-Za-z]){NO_DIGIT_BEFORE}{NUMBER}")  # not in Liputan6.com
FRACTIONS = {"½": fraction(1, 2), "¼": fraction(1, 4), "¾": fraction(3, 4)}
"""Fraction signs, said as "1/2", "1/4" and "3/4" are."""
BRACKETED_ITEM = re.compile(
    r"\b(?P<w>ayat|huruf|angka|butir|poin|nomor)\s+\((?P<n>\d{1,3}|[a-z])\)"  # ayat (3)
)


AGE_AFTER_NAME = re.compile(
    r"\b(?P<name>(?:ber)?inisial\s+[A-Za-z](?:[A-Za-z. ]{0,12}[A-Za-z.])?|[A-Z][a-z]{2,20})"
    r" \((?P<n>[1-9]\d?)\)"
)
"""The press writes a person's age in brackets after the name, or after the initials of a suspect
or a minor: "Faisal (37)", "berinisial D (16)", "inisial AS (24)"."""


def read_numbers(text: str) -> str:
    """Every number left: ages, decades, codes (G20, MH370, 5G), versions, ratios, plain numbers."""
    text = BRACKETED_ITEM.sub(r"\g<w> \g<n>", text)
    text = AGE_AFTER_NAME.sub(lambda m: f"{m['name']} ({cardinal(int(m['n']))} tahun)", text)
    text = SHORT_YEAR.sub("", text)
    text = DECADE.sub(lambda m: spell_number(m.group("n")) + "an", text)
    text = H_DAY.sub(
        lambda m: f"ha {'min' if m['sign'] == '-' else 'plus'} {cardinal(int(m['n']))}", text
    )
    text = LETTERS_DIGITS.sub(_read_code, text)
    text = DIGITS_LETTER.sub(lambda m: f"{spell_number(m['d'])} {spell_letters(m['l'])}", text)
    text = RATIO.sub(lambda m: f"{spell_number(m['a'])} banding {spell_number(m['b'])}", text)
    text = VERSION.sub(_read_version, text)
    for sign, spoken in FRACTIONS.items():
        text = text.replace(sign, f" {spoken}")
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
