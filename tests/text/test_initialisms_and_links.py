"""The spelling rule for unlisted capitals and the reading of web and e-mail addresses."""

from __future__ import annotations

import pytest

from bot.text.normalize.contacts import say_email, say_host, say_link
from bot.text.normalize.initialisms import is_word_like, read_unlisted_capitals


@pytest.mark.parametrize("token", ["PAUD", "SIMAK", "HUT", "KEK", "POLRI", "NASA", "ISIS", "BOS"])
def test_tokens_shaped_like_words_are_said_as_words(token: str) -> None:
    assert is_word_like(token)
    assert read_unlisted_capitals(f"kata {token} kata") == f"kata {token.capitalize()} kata"


@pytest.mark.parametrize(
    ("token", "spelled"),
    [
        ("KSP", "ka es pe"),  # no vowel
        ("BSSN", "be es es en"),
        ("CMNP", "ce em en pe"),
        ("PHU", "pe ha u"),  # "ph" opens no Indonesian word
        ("MUI", "em u i"),  # two vowels in a row
        ("MU", "em u"),  # two letters are always spelled
    ],
)
def test_other_tokens_are_spelled(token: str, spelled: str) -> None:
    assert not is_word_like(token)
    assert read_unlisted_capitals(f"oleh {token}.") == f"oleh {spelled}."


def test_roman_numerals_and_shouted_function_words_are_left() -> None:
    assert read_unlisted_capitals("Perang Dunia II usai") == "Perang Dunia II usai"
    assert read_unlisted_capitals("POLISI TANGKAP BUPATI DI SUMUT") == (
        "POLISI TANGKAP BUPATI DI Sumut"
    )


def test_a_host_is_read_label_by_label() -> None:
    assert say_host("www.kemensos.go.id") == "we we we titik kemensos titik go titik i de"
    assert say_host("kpu.go.id") == "ka pe u titik go titik i de"
    assert say_host("CNNIndonesia.com") == "CNN Indonesia titik com"


def test_a_short_link_is_read_and_a_tracking_link_is_named_by_its_site() -> None:
    assert say_link("https://www.kemensos.go.id/daftar") == (
        "we we we titik kemensos titik go titik i de garis miring daftar"
    )
    assert say_link("https://news.detik.com/berita/d-3456789/judul?utm_source=x") == (
        "tautan ke news titik detik titik com"
    )


def test_an_email_address_is_read_as_one() -> None:
    assert say_email("info_pelanggan", "pln.co.id") == (
        "info garis bawah pelanggan et pe el en titik co titik i de"
    )
