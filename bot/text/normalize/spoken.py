"""How numbers, dates, times and letters are said: the words a newsreader uses for them."""

from __future__ import annotations

import re
from functools import lru_cache

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
# Scale words after an amount, as written -> as said ("Rp5 jt" -> "lima juta rupiah").
SCALES = {
    "ribu": "ribu", "rb": "ribu", "juta": "juta", "jt": "juta", "miliar": "miliar",
    "milyar": "miliar", "triliun": "triliun", "thousand": "ribu", "million": "juta",
    "billion": "miliar", "trillion": "triliun", "T": "triliun", "M": "miliar",
}  # fmt: skip
"""After "Rp", "T" and "M" are the press's short forms of triliun and miliar ("Rp 2,5 T")."""


@lru_cache(maxsize=4096)
def cardinal(value: int) -> str:
    """1250000 -> "satu juta dua ratus lima puluh ribu"; negatives say "minus"."""
    if value < 0:
        return f"minus {cardinal(-value)}"
    if value >= 10**15:
        return digits(str(value))
    return str(num2words(value, lang="id"))


def fraction(numerator: int, denominator: int) -> str | None:
    """A common fraction as Indonesian says it: 1/2 "setengah", 1/3 "sepertiga", 3/4 "tiga
    perempat". None for what is more often a ratio, rating or code: a denominator over 10, and
    tenths above one ("8/10" is a rating, "dua per sepuluh" is kept for it)."""
    if not 0 < numerator < denominator <= 10 or (denominator == 10 and numerator > 1):
        return None
    if (numerator, denominator) == (1, 2):
        return "setengah"
    if numerator == 1:
        return "seper" + cardinal(denominator)
    return f"{cardinal(numerator)} per{cardinal(denominator)}"


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
    """ "tujuh belas Oktober dua ribu dua puluh tiga", or None if it is not a calendar date."""
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
