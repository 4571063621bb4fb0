"""Forms the press writes that are not plain numbers: neighbourhood units (RT 03/RW 05), legal
"jo", business quarters (Q3, kuartal III-2024), ordinals written with a space ("ke 30"),
service and emergency numbers ("hubungi 112"), codes such as "10p", and words split by a
spaced hyphen in tokenized text ("non - stop", "tetangga - tetangganya").

Each function rewrites its form into one the later stages read (or into words), so the order in
`normalize_text` matters and is noted on each function.
"""

from __future__ import annotations

import re

from bot.text.normalize.spoken import cardinal, digits, spell_letters

RT_RW = re.compile(
    r"\b(?P<rt>RT)\.?\s?(?P<a>\d{1,3})\s?(?:/\s?(?:(?P<rw>RW)\.?\s?)?|\s(?P<rw2>RW)\.?\s?)"
    r"(?P<b>\d{1,3})(?![\d/])"
)
RT_RW_JOINED = re.compile(r"\bRT\s?/\s?RW\.?\s?(?P<a>\d{1,3})\s?/\s?(?P<b>\d{1,3})(?![\d/])")


def read_neighbourhood(text: str) -> str:
    """ "RT 03/RW 05", "RT 03/05", "RT/RW 03/05" -> "RT 03, RW 05" (before dates read "03/05").

    The numbers keep their written zeros, so the number stage reads them digit by digit.
    """
    if "RT" not in text:
        return text
    text = RT_RW_JOINED.sub(r"RT \g<a>, RW \g<b>", text)
    return RT_RW.sub(r"RT \g<a>, RW \g<b>", text)


JUNCTO = re.compile(
    r"(?<=[\w)])\s+jo\.?\s+(?=(?:[Pp]asal|UU\b|[Uu]ndang|[Aa]yat|KUH|[Pp]eraturan|Perpres|"
    r"Perppu|Permen|Perma|PP\b|\d))"
)
"""Legal "jo" (juncto) between two references: "Pasal 2 jo Pasal 55 KUHP"."""


WIRE_CREDIT = re.compile(r"\s?/(?:PR ?Newswire|Business Wire|GLOBE NEWSWIRE|AsiaNet)[^/]{0,20}/")
"""A press-release credit between slashes: "March 3, 2018 /PRNewswire/ --"."""


def drop_wire_credit(text: str) -> str:
    """ "/PRNewswire/" is a distribution credit, not read (like the outlet in a dateline)."""
    return WIRE_CREDIT.sub("", text) if "/" in text else text


def read_juncto(text: str) -> str:
    """ "Pasal 2 jo Pasal 18" -> "Pasal 2 juncto Pasal 18" (as lawyers and newsreaders say)."""
    return JUNCTO.sub(" juncto ", text) if "jo" in text else text


QUARTER_CODE = re.compile(
    r"(?<![\w-])Q(?P<q>[1-4])(?P<year>(?:\s?[-/]\s?|\s|['’])(?:19|20)?\d\d(?!\d))?(?![\w-])"
)
BUSINESS_WORDS = re.compile(
    r"\b(?:laba|rugi|pendapatan|penjualan|kinerja|ekonomi|pertumbuhan|kuartal|triwulan|"
    r"semester|keuangan|saham|emiten|investor|produk domestik|PDB|GDP|inflasi|ekspor|impor|"
    r"earnings|revenue|profit)\b",
    re.IGNORECASE,
)
QUARTER_ROMAN = re.compile(
    r"(?i:\b(?P<w>kuartal|triwulan|semester|caturwulan))\s+(?P<r>I{1,3}|IV|[1-4])"
    r"\s?[-/]\s?(?P<y>(?:19|20)\d\d)\b"
)


def read_quarters(text: str) -> str:
    """ "kuartal III-2024" -> "kuartal III 2024"; "Q3 2024" or "laba Q3" -> "kuartal 3".

    A bare "Q2" is a quarter only near a business word or before a year: in a race report
    it is the second qualifying session and is spelled ("ki dua"). Run before dates and
    Roman numerals, which then read "kuartal III 2024" as "kuartal tiga dua ribu dua puluh
    empat".
    """
    text = QUARTER_ROMAN.sub(r"\g<w> \g<r> \g<y>", text)
    if "Q" not in text:
        return text

    def read(match: re.Match[str]) -> str:
        window = text[max(0, match.start() - 60) : match.end() + 60]
        if not (match.group("year") or BUSINESS_WORDS.search(window)):
            return match.group()
        year = match.group("year")
        if year:
            year = year.strip(" -/'’")
            year = year if len(year) == 4 else f"20{year}"
            return f"kuartal {match.group('q')} {year}"
        return f"kuartal {match.group('q')}"

    return QUARTER_CODE.sub(read, text)


ORDER_WORDS = (
    r"(?:yang|hari|pekan|minggu|bulan|tahun|abad|menit|babak|putaran|laga|pertandingan|gol|"
    r"peringkat|urutan|posisi|juara|HUT|ulang tahun|perayaan|anak|cucu|kali|generasi|edisi|"
    r"seri|jilid|angkatan|periode|tahap|gelombang|lantai|sesi|set|gim|kongres|muktamar|"
    r"sidang|rapat|pemilu|presiden|kepala|ketua|dies natalis|festival|pekan raya|lap|etape|"
    r"musim|tingkat|nomor urut|ranking|rangking|start|finis|finish)"
)
SPACED_ORDINAL = re.compile(
    rf"(?P<pre>\b(?i:{ORDER_WORDS})\s+)(?P<ke>[Kk]e)(?:\s|\s?-\s)(?P<n>\d{{1,3}})"
    r"(?![\d.,]\d|\s?%|\s?persen)(?!\s?-)"
)
FINAL_ORDINAL = re.compile(
    r"\b(?P<ke>[Kk]e)(?:\s|\s-\s)(?P<n>\d{1,3})(?=\s*(?:[.,;:!?)\"”]|$|dan\b|di\b|dari\b))"
)


def join_spaced_ordinals(text: str) -> str:
    """ "perayaan ke 30" and "posisi ke - 21" -> "ke-30", read by the ordinal stage as
    "ketiga puluh". Only after a word of order ("ulang tahun ke 30") or before a pause ("finis
    ke 5."): "ekspor ke 30 negara" is a destination, not a rank."""
    if "e " not in text:
        return text
    text = SPACED_ORDINAL.sub(r"\g<pre>\g<ke>-\g<n>", text)
    return FINAL_ORDINAL.sub(r"\g<ke>-\g<n>", text)


SERVICE_NUMBER = re.compile(
    r"(?P<cue>\b(?:[Hh]ubungi|[Mm]enghubungi|[Tt]elepon|[Mm]enelepon|[Tt]elp\.?|[Hh]otline|"
    r"[Cc]all [Cc]enter|[Pp]usat [Pp]anggilan|[Nn]omor (?:darurat|telepon|pengaduan|layanan)|"
    r"[Ll]ayanan (?:darurat|pengaduan)|[Nn]omor panggilan darurat)"
    r"(?:\s+(?:di|ke|nomor|layanan|darurat|pengaduan|polisi|ambulans))*\s+)"
    r"(?P<n>\d{3,5})(?P<more>(?:\s*(?:,|atau|dan|/)\s*\d{3,5}|\s\d{3,4}(?!\s?[a-z]))*)(?![\d.,-]\d)"
)


def read_service_numbers(text: str) -> str:
    """ "Hubungi 112 atau 110" -> "Hubungi satu satu dua atau satu satu nol": a service or
    emergency number after a call word is read digit by digit, as it is dialled."""

    def read(match: re.Match[str]) -> str:
        rest = re.sub(r"\d+", lambda m: digits(m.group()), match.group("more"))
        return match.group("cue") + digits(match.group("n")) + rest.replace("/", " atau ")

    return SERVICE_NUMBER.sub(read, text)


NUMBER_LETTER = re.compile(r"(?<![\w.,])(?P<n>\d{1,4})(?P<l>[a-z])(?![\w])")
SPACED_SLASH_CODES = re.compile(r"(?<=\d[a-z])\s?/\s?(?=\d{1,4}[a-z]\b)")


def read_number_letter_codes(text: str, units: dict[str, str]) -> str:
    """ "10p / 11p" -> "sepuluh pe, sebelas pe": a number with one lowercase letter that is not
    a unit (a resolution, a grade, a house number "12a"). Run after units."""

    def read(match: re.Match[str]) -> str:
        if match.group("l") in units:
            return match.group()
        return f"{cardinal(int(match.group('n')))} {spell_letters(match.group('l'))}"

    text = SPACED_SLASH_CODES.sub(", ", text)
    return NUMBER_LETTER.sub(read, text)


HYPHEN_PREFIX = (
    r"(?:non|anti|pro|pra|pasca|pan|multi|semi|eks|ex|sub|super|ultra|inter|trans|neo|"
    r"co|self|e|on|off|full|half|re|pre|post|mid|all)"
)
SPACED_HYPHEN_WORD = re.compile(
    rf"\b(?P<a>{HYPHEN_PREFIX}|(?P<w>[a-z]{{2,}}))\s-\s(?P<b>(?(w)(?P=w)[a-z]*|[a-z]+))\b",
    re.IGNORECASE,
)


DETACHED_CLITIC = re.compile(r"(?<=[A-Za-z])\s+-(?=(?:nya|ku|mu)\b)")
"""A clitic written apart from a (foreign) word: "follower -nya" -> "follower-nya"."""


def join_spaced_hyphens(text: str) -> str:
    """ "non - stop" -> "non-stop", "tetangga - tetangganya" -> "tetangga-tetangganya": a
    tokenizer's spaces around a word hyphen (a prefix, or a repeated word), not a pause; and
    "follower -nya" -> "follower-nya" (the hyphen PUEBI writes after a foreign word)."""
    if " -" in text:
        text = DETACHED_CLITIC.sub("-", text)
    return SPACED_HYPHEN_WORD.sub(r"\g<a>-\g<b>", text) if " - " in text else text
