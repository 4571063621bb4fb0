"""Hypothesis strategies for hostile input: news-like text, broken HTML, disguised hosts."""

from __future__ import annotations

import ipaddress

from hypothesis import strategies as st

# -- text ------------------------------------------------------------------------------------

NEWS_TOKENS = (
    "Jakarta",
    "KOMPAS.com",
    "Pemerintah",
    "yang",
    "dan",
    "di",
    "Rp",
    "Rp1,5",
    "juta",
    "miliar",
    "25%",
    "17/10",
    "17/10/2024",
    "10.00",
    "WIB",
    "pukul",
    "Jl.",
    "No.",
    "dr.",
    "Prof.",
    "H.",
    "Sp.PD",
    "km/jam",
    "kg",
    "°C",
    "ke-3",
    "ke-XII",
    "-5",
    "1.000.000",
    "3,14",
    "(17/10)",
    "—",
    "–",
    "-",
    "...",
    "…",
    "!",
    "?",
    ".",
    ",",
    ";",
    ":",
    '"',
    "“",
    "”",
    "'",
    "(",
    ")",
    "[",
    "]",
    "#HUT77",
    "@jokowi",
    "https://x.id/a?b=1",
    "a@b.co.id",
    "0812-3456-7890",
    "M 5,6",
    "IV",
    "2024-10-17",
    "Senin",
    "Januari",
    "s.d.",
    "s/d",
    "x",
    "×",
    "1/2",
    "½",
    "²",
    "٣",
    "𝟗",
    "\u00a0",
    "\u200b",
    "\t",
    "\n",
    "  ",
    "ABRI",
    "TNI",
    "DPR-RI",
    "COVID-19",
    "PT.",
    "Tbk.",
)

news_words = st.sampled_from(NEWS_TOKENS)
any_char_words = st.text(min_size=1, max_size=12)
"""Any Unicode (no surrogates): control characters, combining marks, RTL, emoji."""


@st.composite
def news_text(draw: st.DrawFn, max_words: int = 60) -> str:
    """A sentence-ish string of Indonesian news tokens, digits and random Unicode."""
    words = draw(st.lists(st.one_of(news_words, news_words, any_char_words), max_size=max_words))
    glue = draw(st.sampled_from([" ", "", "  ", "\n"]))
    return glue.join(words)


numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"\A[0-9]{1,40}([.,][0-9]{1,40}){0,6}\Z"),
)
"""Digit strings of every length and grouping, including absurd ones."""

texts = st.one_of(st.text(max_size=300), news_text(), numbers)
huge_texts = st.one_of(
    st.builds(lambda text, n: (text + " ") * n, news_text(), st.integers(20, 100)),
    st.builds(lambda word, n: (word + " ") * n, news_words, st.integers(1_000, 4_000)),
    st.builds(lambda digits, n: digits * n, numbers, st.integers(100, 400)),
    st.builds(lambda char, n: char * n, st.characters(), st.integers(5_000, 20_000)),
)
"""A few thousand words or tens of thousands of characters: long but quick to generate."""

# -- HTML ------------------------------------------------------------------------------------

TAGS = (
    "p",
    "div",
    "span",
    "a",
    "br",
    "h1",
    "h2",
    "li",
    "ul",
    "table",
    "tr",
    "td",
    "figure",
    "figcaption",
    "script",
    "style",
    "article",
    "main",
    "img",
    "b",
    "i",
    "section",
    "noscript",
    "iframe",
    "svg",
    "math",
    "template",
    "title",
    "meta",
    "head",
    "body",
    "html",
    "form",
)
ATTRIBUTES = (
    'class="content"',
    'class="caption"',
    'class="share"',
    'id="main"',
    'property="og:type" content="article"',
    'itemprop="articleBody"',
    'lang="id"',
    'href="/berita/2"',
    'rel="next"',
    'style="display:none"',
    "hidden",
    'x="<>"',
    'charset="bogus"',
    "",
)
HTML_DEBRIS = (
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml ?>",
    "&",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&nbsp",
    "\x00",
    "\ufeff",
    "<!DOCTYPE html>",
    '"',
    "'",
    "=",
)


@st.composite
def html_fragment(draw: st.DrawFn, depth: int = 0) -> str:
    """A random, often unbalanced, tree of tags with news words."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 4 if depth < 2 else 2))):
        choice = draw(st.integers(0, 9))
        if choice < 4:
            pieces.append(draw(news_text(max_words=25)))
        elif choice < 5:
            pieces.append(draw(st.sampled_from(HTML_DEBRIS)))
        else:
            tag = draw(st.sampled_from(TAGS))
            attribute = draw(st.sampled_from(ATTRIBUTES))
            inner = draw(html_fragment(depth=depth + 1)) if depth < 4 else ""
            closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>"]))
            pieces.append(f"<{tag} {attribute}>{inner}{closing}")
    return "".join(pieces)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """A page around a random fragment, sometimes with a real-looking article inside."""
    title = draw(news_text(max_words=8))
    story = ""
    if draw(st.booleans()):
        sentence = draw(st.sampled_from(STORY_SENTENCES))
        story = "".join(f"<p>{sentence}</p>" for _ in range(draw(st.integers(1, 12))))
    head = draw(st.sampled_from(["", '<meta property="og:type" content="article">']))
    return (
        f"<html><head><title>{title}</title>{head}</head><body>"
        f"{draw(html_fragment())}<article>{story}</article>{draw(html_fragment())}</body></html>"
    )


STORY_SENTENCES = (
    "Pemerintah Kota Bandung meresmikan taman baca baru di kawasan Cicendo pada Senin (17/10) "
    "pagi, dan taman itu terbuka untuk umum setiap hari mulai pukul 08.00 WIB.",
    "Wali Kota mengatakan taman baca tersebut dibangun dengan biaya Rp1,5 miliar agar anak-anak "
    "dan warga lanjut usia punya tempat membaca yang nyaman.",
)


@st.composite
def deep_html(draw: st.DrawFn) -> str:
    """Nesting from a few levels to far past libxml2's 256, closed or not."""
    depth = draw(st.integers(1, 3_000))
    tag = draw(st.sampled_from(["div", "b", "span", "table", "a", "p", "li", "font"]))
    closed = draw(st.booleans())
    story = "<p>" + " ".join(STORY_SENTENCES) * 3 + "</p>"
    return (
        f"<html><body>{f'<{tag}>' * depth}{story}{f'</{tag}>' * depth if closed else ''}"
        "</body></html>"
    )


@st.composite
def wide_html(draw: st.DrawFn) -> str:
    """Thousands of sibling elements (a comment section, a huge list)."""
    count = draw(st.integers(500, 3_000))
    item = draw(
        st.sampled_from(
            [
                "<span>x</span>",
                "<p>kata",
                "<li>butir",
                "<a href='/x'>t</a>",
                "<br>",
                "<div>Warga menyambut baik.</div>",
                "<td>sel",
            ]
        )
    )
    story = "".join(f"<p>{sentence}</p>" for sentence in STORY_SENTENCES * 3)
    return f"<html><body><article>{story}{item * count}</article></body></html>"


@st.composite
def mutated(draw: st.DrawFn, document: str) -> str:
    """A real page, cut, spliced and sprinkled with debris (malformed but realistic)."""
    text = document
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = min(len(text), start + draw(st.integers(0, 5_000)))
        action = draw(st.integers(0, 3))
        if action == 0:
            text = text[:start] + text[end:]
        elif action == 1:
            text = text[:start] + draw(st.sampled_from(HTML_DEBRIS)) * 50 + text[start:]
        elif action == 2:
            text = text[:start]
        else:
            text = text[:start] + text[start:end] * 3 + text[end:]
    return text


# -- hosts -----------------------------------------------------------------------------------

PRIVATE_V4_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)


@st.composite
def private_v4(draw: st.DrawFn) -> ipaddress.IPv4Address:
    network = draw(st.sampled_from(PRIVATE_V4_NETWORKS))
    offset = draw(st.integers(0, network.num_addresses - 1))
    return network[offset]


@st.composite
def public_v4(draw: st.DrawFn) -> ipaddress.IPv4Address:
    """Globally routable unicast IPv4 (by Python's own tables, independent of the guard's)."""
    address = ipaddress.IPv4Address(draw(st.integers(0, 2**32 - 1)))
    if not address.is_global or address.is_multicast or address.is_reserved:
        address = ipaddress.IPv4Address("8.8.8.8")
    return address


def v4_spellings(address: ipaddress.IPv4Address) -> list[str]:
    """The ways a URL host can spell one IPv4 address (WHATWG / inet_aton forms and IPv6)."""
    value = int(address)
    a, b, c, d = address.packed
    v4 = str(address)
    return [
        v4,
        f"{v4}.",
        str(value),
        hex(value),
        f"0{value:o}",
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{a}.{b}.{(c << 8) | d}",
        f"{hex(a)}.{hex(b)}.{hex(c)}.{hex(d)}",
        f"0{a:o}.0{b:o}.0{c:o}.0{d:o}",
        v4.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")),
        v4.replace(".", "。"),
        f"[::ffff:{v4}]",
        f"[::ffff:{value >> 16:x}:{value & 0xFFFF:x}]",
        f"[0:0:0:0:0:ffff:{v4}]",
        f"[64:ff9b::{v4}]",
        f"[2002:{value >> 16:x}:{value & 0xFFFF:x}::1]",
    ]
