"""Reading rules for bot.text.normalize: the golden table plus property tests."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text.normalize import lexicon, normalize_text, spell_number

GOLDEN = Path(__file__).with_name("golden_normalize.tsv")
GOLDEN_ROUND_TWO = Path(__file__).with_name("golden_normalize_round2.tsv")
GOLDEN_AUDIT = Path(__file__).with_name("golden_normalize_audit.tsv")


def _golden_rows(path: Path, prefix: str) -> list[pytest.param]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        written, spoken = line.split("\t")
        rows.append(pytest.param(written, spoken, id=f"{prefix}{number}"))
    return rows


FIRST_ROWS = _golden_rows(GOLDEN, "line")
ROUND_TWO_ROWS = _golden_rows(GOLDEN_ROUND_TWO, "round2-line")
AUDIT_ROWS = _golden_rows(GOLDEN_AUDIT, "audit-line")
GOLDEN_ROWS = FIRST_ROWS + ROUND_TWO_ROWS + AUDIT_ROWS


def test_golden_table_is_large_enough() -> None:
    assert len(FIRST_ROWS) >= 200
    assert len(ROUND_TWO_ROWS) >= 150
    assert len(AUDIT_ROWS) >= 20


@pytest.mark.parametrize(("written", "spoken"), GOLDEN_ROWS)
def test_golden_reading(written: str, spoken: str) -> None:
    assert normalize_text(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), GOLDEN_ROWS)
def test_spoken_form_is_a_fixed_point(written: str, spoken: str) -> None:
    assert normalize_text(spoken) == spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        ("1.250.000", "satu juta dua ratus lima puluh ribu"),
        ("3,05", "tiga koma nol lima"),
        ("2,50", "dua koma lima"),
        ("0,0", "nol"),
        ("1000000000", "satu miliar"),
        ("5000000000000", "lima triliun"),
        ("0812", "nol delapan satu dua"),
        (
            "12345678901234567890",
            "satu dua tiga empat lima enam tujuh delapan sembilan nol "
            "satu dua tiga empat lima enam tujuh delapan sembilan nol",
        ),
    ],
)
def test_spell_number(number: str, spoken: str) -> None:
    assert spell_number(number) == spoken


def test_english_separators_only_when_asked() -> None:
    assert spell_number("91,000", english=True) == "sembilan puluh satu ribu"
    assert spell_number("91,000") == "sembilan puluh satu"
    assert spell_number("10.50", english=True) == "sepuluh koma lima"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("  Mr. Smith paid $5 on 17/10.  ", "en", "Mr. Smith paid $5 on 17/10."),
        ("See https://example.com/x for details.", "en", "See link for details."),
        ("Rp5 miliar", "en-US", "Rp5 miliar"),
        ("Rp5 miliar", "id-ID", "lima miliar rupiah"),
        ("", "id", ""),
        (" \n\t ", "id", ""),
    ],
)
def test_language_and_blank_input(text: str, language: str, expected: str) -> None:
    assert normalize_text(text, language) == expected


def test_sentence_final_abbreviation_keeps_its_full_stop() -> None:
    assert normalize_text("Ia membeli buku, pena, dll.") == "Ia membeli buku, pena, dan lain-lain."
    assert normalize_text('"Buku, pena, dll."') == '"Buku, pena, dan lain-lain."'


def test_output_has_no_dotted_abbreviation_or_slash_date() -> None:
    """What gTTS would cut at (a dotted abbreviation) or spell out (a slash date) is gone."""
    text = (
        "Rapat di Jl. Sudirman No. 5, Kab. Bogor, Selasa (17/10) pukul 10.00 WIB dihadiri "
        "Prof. Dr. H. Ahmad, S.H., M.Si., dr. Ani, Ir. Budi, dll. dengan biaya Rp 45.000,-."
    )
    spoken = normalize_text(text)
    assert not re.search(r"\b\w{1,4}\.\s+\S", spoken)
    assert not re.search(r"\d", spoken)
    assert "/" not in spoken


# -- property tests ------------------------------------------------------------------------------


def _lexicon_words() -> set[str]:
    """Every word the tables rewrite, lowercased (these may legitimately change)."""
    lex = lexicon()
    words: set[str] = set()
    for table in (lex.abbreviations, lex.units, lex.acronyms, lex.currencies):
        for key in table:
            words.update(re.findall(r"[a-z]+", key.lower()))
    for name in ("news_sources.tsv", "roman_contexts.tsv"):
        text = files("bot.text.lexicon").joinpath(name).read_text(encoding="utf-8")
        words.update(re.findall(r"[a-z]+", text.lower()))
    return words


# "ke" joins its number as an ordinal ("yang ke 5" -> "yang kelima"), "jo" between two legal
# references is "juncto": rules may rewrite them too.
REWRITTEN_WORDS = _lexicon_words() | {"x", "an", "per", "tagar", "ke", "jo"}
plain_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9).filter(
    lambda w: w not in REWRITTEN_WORDS
)

_numbers = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**13).map(str),
    st.integers(min_value=1000, max_value=10**12).map(lambda n: f"{n:,}".replace(",", ".")),
    st.builds(lambda a, b: f"{a},{b}", st.integers(0, 999), st.integers(0, 99)),
    st.builds(lambda a, b: f"{a}.{b:02d}", st.integers(0, 24), st.integers(0, 59)),
)
_fixed_tokens = st.sampled_from(
    [
        "Rp5 miliar", "Rp 5.000,-", "US$320", "€5", "RM 20", "25%", "5 %", "(17/10)",
        "Selasa (17/10)", "2/1/2024", "pukul 10.00 WIB", "14.30 WITA", "ke-2", "ke-IV",
        "Perang Dunia II", "abad XXI", "12 km", "37,5°C", "80 km/jam", "3 x 24 jam", "2-1",
        "1998-2003", "0812-3456-7890", "(021) 5551234", "Jl.", "No. 5", "Prof.", "Dr.", "dr.",
        "H.", "Hj.", "S.H.,", "M.Si.", "dll.", "DPR", "WIB", "Covid-19", "G20", "U-23",
        "https://kompas.com/a", "a@b.co", "#SaveKPK", "@jokowi", "&", "±", "/", "-", "–", "--",
        ",", ".", "(", ")", '"', "'", "?", "!", ":", ";", "1990-an", "2024/2025", "½", "°",
        "B.J.", "JAKARTA, KOMPAS.com -", "I", "V", "Senin", "kuartal", "tingkat", "menang",
        "KSP", "PAUD", "MUI", "Mayjen TNI (Purn)", "Irjen Pol", "AKBP", "H", "RT 03/RW 05", "ke 30",
        "ke", "yang", "Q3", "III-2024", "eselon", "kemensos.go.id", "www.kpu.go.id/data",
        "humas@kemensos.go.id", "hubungi", "112", "Rp 2,5 T", "jo", "Pasal", "122 - 119",
        "2004 - 05", "non - stop", "12-3-1990", "17 February 2017", "13:16", "Kav.", "10p",
        "/PRNewswire/",
    ]
)  # fmt: skip
_tokens = st.one_of(plain_words, plain_words.map(str.capitalize), _numbers, _fixed_tokens)
news_like = st.lists(_tokens, min_size=1, max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(normalize_text(text), str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(plain_words, _numbers, _fixed_tokens), min_size=1, max_size=14))
def test_never_drops_a_plain_word(tokens: list[str]) -> None:
    """Words with no digit or symbol survive, in order, whatever surrounds them."""
    text = " ".join(tokens)
    spoken_words = re.findall(r"[A-Za-z]+", normalize_text(text).lower())
    expected = [t for t in tokens if re.fullmatch(r"[a-z]+", t) and t not in REWRITTEN_WORDS]
    position = 0
    for word in expected:
        assert word in spoken_words[position:], (word, text)
        position = spoken_words.index(word, position) + 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like)
def test_idempotent_on_news_like_text(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=60))
def test_idempotent_on_ascii_text(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
