"""Metadata for the reply: title, site name, language, author, publication date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.extract.dates import WIB, parse_datetime
from bot.extract.html import parse_html
from bot.extract.meta import choose_language, guess_language, read_meta
from bot.extract.rules import load_rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-10-17T10:15:00+07:00", datetime(2023, 10, 17, 10, 15, tzinfo=WIB)),
        ("2023-10-17T03:15:00Z", datetime(2023, 10, 17, 3, 15, tzinfo=UTC)),
        ("2023/10/17 10:15:11", datetime(2023, 10, 17, 10, 15, 11, tzinfo=WIB)),
        ("2015-11-04 21:04:00", datetime(2015, 11, 4, 21, 4, tzinfo=WIB)),
        ("17-10-2023 10.15 WIB", datetime(2023, 10, 17, 10, 15, tzinfo=WIB)),
        (
            "Selasa, 17 Oktober 2023 10:15 WITA",
            datetime(2023, 10, 17, 10, 15, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("17 Agu 2023", datetime(2023, 8, 17, tzinfo=WIB)),
        ("2023-10-17", datetime(2023, 10, 17, tzinfo=WIB)),
    ],
)
def test_dates_are_read_with_their_zone_or_as_wib(text: str, expected: datetime) -> None:
    value = parse_datetime(text, WIB)
    assert value == expected
    assert value is not None and value.tzinfo is not None


@pytest.mark.parametrize("text", ["", "kemarin sore", "32/13/2023", "1850-01-01"])
def test_unreadable_dates_give_none(text: str) -> None:
    assert parse_datetime(text, WIB) is None


def _meta(
    head: str,
    url: str = "https://nasional.kompas.com/read/2023/10/17/1/x",
    html_attrs: str = 'lang="id"',
):
    root = parse_html(
        f"<html {html_attrs}><head>{head}</head><body><h1>Judul H1</h1></body></html>"
    )
    return read_meta(root, url, load_rules().rule_for(url))


def test_title_loses_the_site_name_and_site_comes_from_og() -> None:
    meta = _meta(
        "<title>DPR Setujui RUU APBN - Kompas.com</title>"
        '<meta property="og:site_name" content="KOMPAS.com">'
    )
    assert meta.title == "DPR Setujui RUU APBN"
    assert meta.site == "KOMPAS.com"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            '<meta property="og:title" content="KapanLagi.com: Brandon Salim Makin Dekat">',
            "Brandon Salim Makin Dekat",
        ),
        (
            "<title>Harga Beras Turun | Republika Online</title>"
            '<meta property="og:site_name" content="Republika Online">',
            "Harga Beras Turun",
        ),
        ("<title>Tanya Jawab: Apa Itu APBN?</title>", "Tanya Jawab: Apa Itu APBN?"),
        ("", "Judul H1"),
    ],
)
def test_titles(head: str, title: str) -> None:
    url = "https://www.kapanlagi.com/showbiz/x.html" if "KapanLagi" in head else "https://x.id/a"
    assert _meta(head, url).title == title


def test_site_name_falls_back_to_the_rule_then_the_host() -> None:
    assert _meta('<meta property="og:site_name" content="kompas.com">').site == "Kompas.com"
    assert _meta("", "https://www.warta-desa.id/berita/1").site == "Warta-desa.id"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Nur Imansyah", "Nur Imansyah"),
        ("Oleh: Maya Sofia", "Maya Sofia"),
        ("Kompas Cyber Media", ""),
        ("Tim Redaksi", ""),
        ("https://www.facebook.com/kompascom", ""),
        ("humans.txt", ""),
    ],
)
def test_author_only_when_it_is_a_clean_name(author: str, expected: str) -> None:
    site = '<meta property="og:site_name" content="KOMPAS.com">'
    head = f'{site}<meta name="author" content="{author}">'
    assert _meta(head).author == expected


def test_published_from_json_ld_and_marked_as_article() -> None:
    head = (
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
        '"datePublished": "2023-10-17T10:15:00+07:00", "author": {"name": "Budi Santoso"}}]}'
        "</script>"
    )
    meta = _meta(head)
    assert meta.published == datetime(2023, 10, 17, 10, 15, tzinfo=WIB)
    assert meta.author == "Budi Santoso"
    assert meta.marked_article


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [('lang="id-ID"', "id"), ('lang="in"', "id"), ('lang="en-US"', "en"), ("", "")],
)
def test_declared_language(attrs: str, expected: str) -> None:
    assert _meta("", html_attrs=attrs).declared_language == expected


INDONESIAN = "Pemerintah akan menaikkan anggaran yang ada untuk perlindungan sosial dan juga bantuan pangan karena harga beras di pasar tidak turun."  # noqa: E501
ENGLISH = "The government will raise the budget for social protection and food aid, which has been cut by the parliament, as prices were not falling."  # noqa: E501


def test_language_guess_overrides_a_template_lang_attribute() -> None:
    assert guess_language(INDONESIAN) == "id"
    assert guess_language(ENGLISH) == "en"
    assert choose_language("en", INDONESIAN) == "id"
    assert choose_language("id", ENGLISH) == "en"
    assert choose_language("pt", "Ele disse que o governo vai aumentar") == "pt"
    assert choose_language("", "") == "id"
