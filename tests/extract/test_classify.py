"""The block classifier: blocks of a page, its features, the shipped model's file."""

from __future__ import annotations

import lxml.html
import pytest

from bot.extract.blocks import LINK_END, LINK_START, page_blocks
from bot.extract.classify import (
    FEATURES,
    BlockModel,
    block_features,
    load_block_model,
    model_from_json,
)
from bot.extract.verdict import classify_blocks, continuation

PAGE = """<html><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/news">Berita</a></li>
<li><a href="/bola">Bola</a></li></ul></nav>
<article class="content-body"><p>Banjir merendam ratusan rumah warga di Kecamatan Dayeuhkolot,
Kabupaten Bandung, sejak Senin malam setelah hujan deras mengguncang kawasan itu.</p>
<div>Petugas gabungan mengevakuasi warga lanjut usia menggunakan perahu karet.<br><br>Posko
pengungsian didirikan di halaman kantor kecamatan dan masjid terdekat.</div></article>
<div class="related-news"><ul><li><a href="/a">Harga Beras Naik Lagi</a></li>
<li><a href="/b">Timnas Menang Tipis</a></li><li><a href="/c">KPK Periksa Pejabat</a></li>
</ul></div><footer><p>Hak cipta redaksi</p></footer></body></html>"""


def test_page_blocks_in_document_order_split_on_double_breaks() -> None:
    blocks = page_blocks(lxml.html.fromstring(PAGE))
    texts = [block.text for block in blocks]
    assert texts[0] == f"{LINK_START}Beranda{LINK_END}"
    assert any(text.startswith("Petugas gabungan") for text in texts)
    assert any(text.startswith("Posko pengungsian") for text in texts)
    assert texts[-1] == "Hak cipta redaksi"


def test_features_have_one_value_per_name_and_see_links_and_classes() -> None:
    blocks = page_blocks(lxml.html.fromstring(PAGE))
    rows = block_features(blocks, "Banjir di Bandung", [], [])
    assert all(len(row) == len(FEATURES) for row in rows)
    link_share = FEATURES.index("link_share")
    negative = FEATURES.index("neg_tokens")
    nav = rows[0]
    story = next(
        row for block, row in zip(blocks, rows, strict=True) if "Dayeuhkolot" in block.text
    )
    assert nav[link_share] == 1.0 and story[link_share] == 0.0
    related = next(row for b, row in zip(blocks, rows, strict=True) if "Harga Beras" in b.text)
    assert related[negative] == 1.0 and story[negative] == 0.0


def test_the_shipped_model_keeps_the_story_and_drops_menus_and_teasers() -> None:
    model = load_block_model()
    assert model is not None
    blocks = page_blocks(lxml.html.fromstring(PAGE))
    story = [block.text for block in blocks if block.element.xpath("ancestor::article")]
    verdict = classify_blocks(blocks, "Banjir di Bandung", story, story, story, model)
    assert verdict.story == story
    assert verdict.continued == story


def test_a_model_for_other_features_is_refused() -> None:
    model = BlockModel((0.0,) * len(FEATURES), (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))
    text = model.to_json("test").replace('"bias"', '"something_else"')
    with pytest.raises(ValueError, match="rebuild"):
        model_from_json(text)
    assert model_from_json(model.to_json("test")) == model


SPLIT = """<html><body><main><h1>Dayeuhkolot Terendam</h1>
<div class="article__content"><p>Banjir merendam ratusan rumah warga di Kecamatan Dayeuhkolot,
Kabupaten Bandung, sejak Senin malam setelah hujan deras mengguncang kawasan itu.</p>
<p>Petugas gabungan mengevakuasi warga lanjut usia menggunakan perahu karet.</p></div>
<div class="ad-slot"><p>ADVERTISEMENT</p></div>
<div class="article__content"><p>Posko pengungsian didirikan di halaman kantor kecamatan dan
masjid terdekat, dan dapur umum yang dikelola relawan melayani lebih dari seribu pengungsi
setiap hari, kata kepala badan penanggulangan bencana daerah kepada wartawan pada Selasa pagi
sambil meninjau gudang logistik.</p>
<p>Warga berharap tanggul sungai yang jebol di dua titik segera diperbaiki sebelum puncak musim
hujan bulan depan, karena banjir serupa sudah tiga kali merendam kampung mereka tahun ini dan
banyak keluarga belum sempat memperbaiki rumah.</p>
</div><div class="related-news"><ul><li><a href="/a">Harga Beras Naik Lagi</a></li>
<li><a href="/b">Timnas Menang Tipis</a></li><li><a href="/c">KPK Periksa Pejabat</a></li>
</ul></div></main></body></html>"""


def _continued(blocks, scores: dict[str, float]) -> list[str]:
    rows = block_features(blocks, "Banjir di Bandung", [], [])
    firsts = [block.text.split()[0] for block in blocks]
    values = [scores.get(word, 0.01) for word in firsts]
    keep = [value >= 0.5 for value in values]
    read = continuation(blocks, rows, values, keep)
    return [word for word, kept in zip(firsts, read, strict=True) if kept]


def test_a_story_split_by_an_ad_into_twin_containers_is_read_whole() -> None:
    # the model kept the first container only; the second has its tag and class
    blocks = page_blocks(lxml.html.fromstring(SPLIT))
    scores = {"Banjir": 0.99, "Petugas": 0.99, "ADVERTISEMENT": 0.06, "Posko": 0.06, "Warga": 0.05}
    assert _continued(blocks, scores) == ["Banjir", "Petugas", "Posko", "Warga"]
    scores["Posko"] = 0.01  # too doubtful: not read
    assert _continued(blocks, scores) == ["Banjir", "Petugas", "Warga"]


NESTED = """<html><body><article class="post"><h1>Banjir di Bandung</h1>
<p>Banjir merendam ratusan rumah warga di Kecamatan Dayeuhkolot, Kabupaten Bandung, sejak
Senin malam setelah hujan deras mengguncang kawasan itu.</p>
<p>Petugas gabungan mengevakuasi warga lanjut usia menggunakan perahu karet.</p>
<h3>Anda mungkin suka</h3><section>
<article class="post"><p>Harga beras naik lagi di pasar induk, pasokan berkurang.</p></article>
<article class="post"><p>Harga cabai turun setelah panen raya di Jawa Tengah dimulai.</p></article>
<article class="post"><p>Harga bawang stabil menjelang hari raya, kata pedagang.</p></article>
</section></article></body></html>"""


def test_posts_in_a_list_of_articles_are_other_stories() -> None:
    keep_all = BlockModel((5.0,) + (0.0,) * (len(FEATURES) - 1), (0.0,) * len(FEATURES),
                          (1.0,) * len(FEATURES))  # fmt: skip
    blocks = page_blocks(lxml.html.fromstring(NESTED))
    everything = [b.text for b in blocks]
    verdict = classify_blocks(blocks, "Banjir di Bandung", everything, everything, [], keep_all)
    assert not any("Harga" in text for text in verdict.continued)
    assert [text.split()[0] for text in verdict.story] == ["Banjir", "Banjir", "Petugas", "Anda"]
