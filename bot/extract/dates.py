"""Dates as Indonesian pages write them → timezone-aware datetimes (pure: no clock)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from bot.extract.blocks import clean_space

WIB = timezone(timedelta(hours=7), "WIB")
_ZONES = {"WIB": 7, "WITA": 8, "WIT": 9, "GMT": 0, "UTC": 0, "Z": 0}

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop"),
            ("desember", "december", "des", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})[-/.](?P<y2>\d{4})"
)
_WORD_DATE = re.compile(r"(?P<d>\d{1,2})\s+(?P<month>[a-z]+)\.?,?\s+(?P<y>\d{4})", re.IGNORECASE)
_TIME = re.compile(r"(?P<h>\d{1,2})[:.](?P<min>\d{2})(?:[:.](?P<s>\d{2}))?")
_ZONE = re.compile(
    r"(?P<sign>[+-])(?P<zh>\d{2}):?(?P<zm>\d{2})$|\b(?P<name>WIB|WITA|WIT|GMT|UTC|Z)\b"
)


def parse_datetime(text: str, default_zone: timezone = UTC) -> datetime | None:
    """Read ISO 8601, "2023/10/17 10:00:00", "17-10-2023 10.00 WIB" or "17 Oktober 2023"."""
    raw = clean_space(text)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        value = None
    if value is None:
        numeric = _NUMERIC_DATE.search(raw)
        worded = _WORD_DATE.search(raw)
        try:
            if numeric:
                year = int(numeric.group("y") or numeric.group("y2"))
                month = int(numeric.group("m") or numeric.group("m2"))
                day = int(numeric.group("d") or numeric.group("d2"))
                rest = raw[numeric.end() :]
            elif worded and worded.group("month").lower() in _MONTHS:
                year, day = int(worded.group("y")), int(worded.group("d"))
                month = _MONTHS[worded.group("month").lower()]
                rest = raw[worded.end() :]
            else:
                return None
            clock = _TIME.search(rest)
            hour, minute, second = (
                (int(clock.group("h")), int(clock.group("min")), int(clock.group("s") or 0))
                if clock
                else (0, 0, 0)
            )
            value = datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
        zone = _ZONE.search(rest.strip())
        if zone:
            if zone.group("name"):
                hours = _ZONES[zone.group("name").upper()]
                value = value.replace(tzinfo=timezone(timedelta(hours=hours)))
            else:
                sign = -1 if zone.group("sign") == "-" else 1
                offset = timedelta(hours=int(zone.group("zh")), minutes=int(zone.group("zm")))
                value = value.replace(tzinfo=timezone(sign * offset))
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_zone)
    if not 1990 <= value.year <= 2100:
        return None
    return value
