"""HTML → paragraphs: block boundaries, line breaks, inline joins, skipped tags."""

from __future__ import annotations

import lxml.html

from bot.extract.blocks import LINK_END, LINK_START, paragraphs_of


def _paragraphs(html: str, **options: bool) -> list[str]:
    return paragraphs_of(lxml.html.fromstring(html), **options)


def test_blocks_split_and_inline_elements_join_without_spaces() -> None:
    html = "<div><p>Ka<b>mis</b> pagi</p><ul><li>satu</li><li>dua</li></ul>ekor</div>"
    assert _paragraphs(html) == ["Kamis pagi", "satu", "dua", "ekor"]


def test_one_br_is_a_line_two_end_the_paragraph() -> None:
    html = "<div>baris satu<br>baris dua<br><br>paragraf baru<br> <br>lagi</div>"
    assert _paragraphs(html) == ["baris satu\nbaris dua", "paragraf baru", "lagi"]


def test_source_newlines_and_nbsp_are_spaces_and_scripts_are_skipped() -> None:
    html = "<div><p>kata\nlain&nbsp;di sini</p><script>var x = 1;</script><style>p{}</style></div>"
    assert _paragraphs(html) == ["kata lain di sini"]


def test_links_are_marked_only_when_asked() -> None:
    html = '<div><p>Baca <a href="/x">ini</a></p></div>'
    assert _paragraphs(html) == ["Baca ini"]
    assert _paragraphs(html, mark_links=True) == [f"Baca {LINK_START}ini{LINK_END}"]


def test_a_block_inside_a_link_keeps_every_piece_marked() -> None:
    html = '<div><a href="/x"><div>Foto</div><h2>Judul berita lain</h2></a></div>'
    assert _paragraphs(html, mark_links=True) == [
        f"{LINK_START}Foto{LINK_END}",
        f"{LINK_START}Judul berita lain{LINK_END}",
    ]
