"""Stages for the calendar and the clock: dates (17/10, 2024-01-02, 5 Okt), "No. 5/2023",
and times (pukul 10.00, 08.00-12.00)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.text.normalize.patterns import (
    DASH,
    NO_DIGIT_AFTER,
    NO_DIGIT_BEFORE,
    NUMBER,
    NUMBER_WORDS,
    SCORE_CUES,
)
from bot.text.normalize.spoken import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    cardinal,
    fraction,
    read_date,
    read_time,
    spell_number,
)

WEEKDAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
DAY_PARTS = r"(?:\s+(?:pagi|siang|sore|petang|malam|dini hari))?"

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
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ENGLISH_DATE = re.compile(
    rf"\b(?:(?P<d>\d{{1,2}})\s+(?P<mon>{'|'.join(ENGLISH_MONTHS)})"
    rf"|(?P<mon2>{'|'.join(ENGLISH_MONTHS)})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)"
    r"(?=\s+(?:19|20)\d\d\b|\s*[-–—,)]|\s*$)"
)
"""A dateline from an English press release: "17 February 2017", "February 17, 2017"."""
DASHED_DATE = re.compile(
    r"(?<![\w/.,-])(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>(?:19|20)\d\d)(?![\w/-]|[.,]\d)"
)
"""A date with dashes, day first: "12-3-1990"."""
NUMBER_OF_YEAR = re.compile(r"(?<![\d/.,])(?P<n>\d{1,4})/(?P<y>\d{4}|\d{2})(?![\d/])")
SLASHED_NUMBERS = re.compile(rf"{NO_DIGIT_BEFORE}(?P<a>{NUMBER})/(?P<b>{NUMBER}){NO_DIGIT_AFTER}")


def read_dates(text: str) -> str:
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
    text = DASHED_DATE.sub(dated("", ""), text)
    text = ENGLISH_DATE.sub(_english_date, text)
    text = FULL_DATE.sub(dated("", ""), text)
    text = CUED_DATE.sub(lambda m: _cued_date(m), text)
    text = ABBREVIATED_MONTH.sub(
        lambda m: f"{cardinal(int(m['d']))} {MONTHS[MONTH_ABBREVIATIONS[m['mon']] - 1]}", text
    )
    text = NUMBER_OF_YEAR.sub(_read_number_of_year, text)
    return SLASHED_NUMBERS.sub(_slashed_numbers, text)


def _slashed_numbers(match: re.Match[str]) -> str:
    """What no date rule took: "1/3" is a fraction ("sepertiga"), "24/7" a ratio."""
    a, b = match["a"], match["b"]
    plain = a.isdigit() and b.isdigit() and not a.startswith("0") and not b.startswith("0")
    if plain and (spoken := fraction(int(a), int(b))):
        return spoken
    return f"{spell_number(a)} per {spell_number(b)}"


def _english_date(match: re.Match[str]) -> str:
    month = ENGLISH_MONTHS.index(match["mon"] or match["mon2"])
    return f"{cardinal(int(match['d'] or match['d2']))} {MONTHS[month]}"


def _cued_date(match: re.Match[str]) -> str:
    spoken = read_date(int(match.group("d")), int(match.group("m")))
    return match.group() if spoken is None else match.group("lead") + spoken


def _read_number_of_year(match: re.Match[str]) -> str:
    """ "5/2023" -> "lima tahun dua ribu dua puluh tiga"; "2024/2025" -> "... per ..."."""
    number, year = match.group("n"), match.group("y")
    if len(number) == 4 and 1900 <= int(number) <= 2100:
        if len(year) == 2 and int(year) == (int(number) + 1) % 100:  # a season: 2018/19
            return f"{cardinal(int(number))}-{cardinal(int(number[:2] + year))}"
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


DATE_BEFORE = re.compile(
    rf"(?:\b(?:{'|'.join(MONTHS)})(?:\s+(?:{NUMBER_WORDS}|\d{{4}}))*|\b{WEEKDAYS})"
    r"\s*[,|–—-]?\s*\)?\s*[,|–—-]?\s*$"
)
"""A date just before a time: "17 Oktober 2016 13:16 WIB" is said "... pukul tiga belas ..."."""
CLOCK_WORD_BEFORE = re.compile(r"\b(?:pukul|pkl\.?|jam)\s+$", re.IGNORECASE)


def read_times(text: str) -> str:
    """ "pukul 10.00" -> "pukul sepuluh"; "08.00-12.00" -> "delapan sampai dua belas".

    A bare "1.25" is a time only after a cue ("pukul", "sejak") or before a zone or part of
    the day ("WIB", "pagi"), or as a range of two times. "13:15" (two digits on each side of a
    colon) is a time too, unless a score cue comes before it ("skor 21:19").
    """

    def read(match: re.Match[str]) -> str:
        found = match.group()
        is_time = (
            match.group("h2")
            or (
                ":" in found
                and len(match.group("h")) == 2
                and not SCORE_CUES.search(text, max(0, match.start() - 40), match.start())
            )
            # Only the words just before matter; searching from 0 made long texts quadratic.
            or TIME_BEFORE.search(text, max(0, match.start() - 40), match.start())
            or TIME_AFTER.match(text, match.end())
        )
        if not is_time:
            return found
        spoken = read_time(match.group("h"), match.group("m"))
        before = text[max(0, match.start() - 80) : match.start()]
        if DATE_BEFORE.search(before) and not CLOCK_WORD_BEFORE.search(before):
            spoken = "pukul " + spoken
        if match.group("h2"):
            spoken += " sampai " + read_time(match.group("h2"), match.group("m2"))
        return spoken

    return TIME.sub(read, text)
