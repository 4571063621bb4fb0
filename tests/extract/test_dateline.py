"""Datelines: the place is kept in ordinary capitals, the outlet is never spoken."""

from __future__ import annotations

import pytest

from bot.extract.dateline import rewrite_dateline, split_dateline


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "JAKARTA, KOMPAS.com - Menteri Yuddy menginginkan",
            "Jakarta – Menteri Yuddy menginginkan",
        ),
        ("LHOKSEUMAWE, KOMPAS.com – Penyidik Polres", "Lhokseumawe – Penyidik Polres"),
        ("BANDA ACEH, KOMPAS.com — Hujan deras", "Banda Aceh – Hujan deras"),
        ("Jakarta (ANTARA) - PT Astra Otoparts", "Jakarta – PT Astra Otoparts"),
        ("Mataram, NTB (ANTARA News) - Sebanyak 29", "Mataram, NTB – Sebanyak 29"),
        ("REPUBLIKA.CO.ID, JAKARTA -- Aktris Marcella", "Jakarta – Aktris Marcella"),
        ("TEMPO.CO, Jakarta - Organisasi Kesehatan", "Jakarta – Organisasi Kesehatan"),
        ("Liputan6.com, Jakarta - Indonesia memasuki", "Jakarta – Indonesia memasuki"),
        ("Jakarta, CNN Indonesia -- Presiden Joko", "Jakarta – Presiden Joko"),
        ("TRIBUNNEWS.COM, JAKARTA - Wakil Ketua", "Jakarta – Wakil Ketua"),
        ("jpnn.com, JAKARTA - Ketua Umum", "Jakarta – Ketua Umum"),
        ("TANGERANG - Program pengentasan", "Tangerang – Program pengentasan"),
        ("Jakarta - Galaxy S6 Edge", "Jakarta – Galaxy S6 Edge"),
        ("KOMPAS.com - Pernahkah Anda", "Pernahkah Anda"),
        ("VIVA.co.id – Pianis cilik Indonesia", "Pianis cilik Indonesia"),
        ("Suara.com - Aktris senior", "Aktris senior"),
    ],
)
def test_dateline_keeps_the_place_and_drops_the_outlet(paragraph: str, expected: str) -> None:
    assert rewrite_dateline([paragraph, "Paragraf kedua."]) == [expected, "Paragraf kedua."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Presiden Joko Widodo - yang baru tiba - langsung meninjau lokasi.",
        "Sabtu-Minggu lalu hujan turun sepanjang hari.",
        "Ini adalah - menurut dia - keputusan terbaik.",
        "Harga naik 10-12 persen.",
    ],
)
def test_sentences_with_dashes_are_not_datelines(paragraph: str) -> None:
    assert split_dateline(paragraph) is None
    assert rewrite_dateline([paragraph]) == [paragraph]


def test_a_dateline_alone_in_its_block_joins_the_next_paragraph() -> None:
    assert rewrite_dateline(["JAKARTA, KOMPAS.com -", "Menteri datang."]) == [
        "Jakarta – Menteri datang."
    ]


def test_only_the_first_paragraph_is_rewritten() -> None:
    paragraphs = ["Pembuka berita.", "JAKARTA - kutipan di tengah"]
    assert rewrite_dateline(paragraphs) == paragraphs
