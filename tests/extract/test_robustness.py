"""Whatever the page, extraction answers with an Article or an ExtractionError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ExtractionError
from bot.extract import extract_article, next_page_url

_TAGS = ["p", "div", "span", "a", "br", "h1", "li", "ul", "table", "td", "figure", "script",
         "article", "img", "b"]  # fmt: skip
_WORDS = st.sampled_from(
    ["Jakarta", "KOMPAS.com", "-", "Baca", "juga:", "Editor:", "pemerintah", "yang", "dan",
     "ADVERTISEMENT", "©", "Halaman", "2", "Selanjutnya", "banjir", ".", "\u00a0", "<", "&amp;"]
)  # fmt: skip


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = ["<html><head><title>", " ".join(draw(st.lists(_WORDS, max_size=6))), "</title>"]
    if draw(st.booleans()):
        parts.append('<meta property="og:type" content="article">')
    parts.append("</head><body>")
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(st.sampled_from(_TAGS))
        text = " ".join(draw(st.lists(_WORDS, max_size=30)))
        closing = "" if draw(st.booleans()) else f"</{tag}>"  # unbalanced markup too
        parts.append(f'<{tag} class="{draw(st.sampled_from(["", "caption", "share", "x"]))}">')
        parts.append(text + closing)
    return "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    html=html_pages(),
    url=st.sampled_from(["", "https://www.kompas.com/read/1/x", "http://127.0.0.1/a"]),
)
def test_extraction_never_fails_unexpectedly(html: str, url: str) -> None:
    try:
        article = extract_article(html, url)
    except ExtractionError:
        return
    assert article.paragraphs
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in article.paragraphs)
    assert "\x01" not in article.text and "\x02" not in article.text


@settings(max_examples=30, deadline=None)
@given(
    html=html_pages(), url=st.sampled_from(["", "https://x.id/read/berita-panjang", "not a url"])
)
def test_next_page_never_fails(html: str, url: str) -> None:
    found = next_page_url(html, url)
    assert found is None or found.startswith("http")
