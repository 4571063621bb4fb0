"""Datelines: keep the place, drop the outlet (pure text).

Decision (issue 3): a dateline opening the first paragraph is rewritten to the place name in
ordinary capitals followed by an en dash, and the outlet is never spoken:

    "JAKARTA, KOMPAS.com - Menteri …"            → "Jakarta – Menteri …"
    "Mataram, NTB (ANTARA News) - Sebanyak …"    → "Mataram, NTB – Sebanyak …"
    "REPUBLIKA.CO.ID, JAKARTA -- Aktris …"       → "Jakarta – Aktris …"
    "TANGERANG - Program …"                      → "Tangerang – Program …"
    "KOMPAS.com - Pernahkah …"  (no place)        → "Pernahkah …"

Why keep the place: it is news ("where"), and a listener hears it as a short lead-in, as radio
bulletins do. Why rewrite the capitals: TTS engines spell out all-caps words as letters.
"""

from __future__ import annotations

import re

# Outlet names as they appear in datelines (with or without a domain suffix).
_OUTLETS = (
    r"antara( news)?|kompas|detik(com)?|cnn indonesia|cnbc indonesia|viva( \w+)?|idn times|"
    r"kumparan(news|bisnis|bola|sport|tech|oto|mom|food|travel|woman|hits|plus)?|"
    r"tempo|republika|okezone|sindonews|suara|merdeka|tribun\w*|koran jakarta|beritasatu|"
    r"media indonesia|jawa ?pos|bisnis|investor|kontan|jpnn|liputan ?6|bola|kapanlagi|"
    r"reuters|afp|ap|xinhua|bernama|dpa|ant"
)
_DOMAIN = r"[\w-]+(\.[\w-]+)*\.(com|co\.id|co|id|net|org|news|tv)"
_OUTLET = re.compile(rf"^({_DOMAIN}|{_OUTLETS})$", re.IGNORECASE)

# The prefix before the first spaced dash ("-", "–", "—", "--") at the start of the paragraph.
_DATELINE = re.compile(
    r"^(?P<prefix>[^\n]{2,70}?)(\s+(--|[-–—])\s*|\s*(--|[-–—])\s+)(?P<rest>.*)$", re.DOTALL
)
_PARTS = re.compile(r"\s*[,(]\s*|\s*\)\s*")
_PLACE_WORD = re.compile(r"^[A-Z][\w'.-]*$")
MAX_PLACE_WORDS = 4


def _spoken_place(part: str) -> str:
    """ "BANDAR LAMPUNG" → "Bandar Lampung"; short all-caps words (NTB, DIY) stay acronyms."""
    words = []
    for word in part.split():
        if word.isupper() and len(word) > 3:
            word = word.capitalize()
        words.append(word)
    return " ".join(words)


def split_dateline(paragraph: str) -> tuple[str, str] | None:
    """("Jakarta", rest) when `paragraph` opens with a dateline, else None. Place may be ""."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    parts = [part for part in _PARTS.split(match.group("prefix").strip()) if part]
    places: list[str] = []
    outlets = 0
    for part in parts:
        if _OUTLET.match(part):
            outlets += 1
            continue
        words = part.split()
        if len(words) > MAX_PLACE_WORDS or not all(_PLACE_WORD.match(word) for word in words):
            return None
        places.append(part)
    if not outlets and (len(places) != 1 or len(places[0].split()) > 2):
        # without an outlet only a short place ("Jakarta -", "TANGERANG -") is a dateline
        return None
    return ", ".join(_spoken_place(place) for place in places), match.group("rest").strip()


def rewrite_dateline(paragraphs: list[str]) -> list[str]:
    """Apply the dateline decision above to the first paragraph (a lone dateline joins the next)."""
    if not paragraphs:
        return paragraphs
    found = split_dateline(paragraphs[0])
    if found is None:
        # "JAKARTA, KOMPAS.com -" alone in its own block
        found = split_dateline(paragraphs[0] + " ")
        if found is None or found[1]:
            return paragraphs
    place, rest = found
    following = paragraphs[1:]
    if not rest:
        if not following:
            return paragraphs
        rest, following = following[0], following[1:]
    first = f"{place} – {rest}" if place else rest
    return [first, *following]
