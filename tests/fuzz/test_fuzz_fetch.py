"""Fetch-side pure helpers on garbage: charset decoding, link cleaning, HTML shape, inflating."""

from __future__ import annotations

import re
import zlib
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import FetchError, InvalidLink, TooLarge
from bot.fetch.http import _BodyDecoder, decode_html
from bot.fetch.limits import MAX_DEPTH, MAX_ELEMENTS, measure_html
from bot.fetch.urls import clean_url, is_tracking_parameter
from tests.fuzz import time_limit
from tests.fuzz.strategies import html_pages

FAST = settings(max_examples=150, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])

charsets = st.one_of(
    st.sampled_from(
        [
            "utf-8",
            "UTF-8",
            "iso-8859-1",
            "windows-1252",
            "utf-16",
            "utf-16-be",
            "utf-32",
            "cp037",
            "shift_jis",
            "gb18030",
            "big5",
            "koi8-r",
            "idna",
            "punycode",
            "unicode_escape",
            "raw_unicode_escape",
            "utf-7",
            "undefined",
            "hex",
            "base64",
            "rot13",
            "zlib",
            "bogus",
            "x-user-defined",
            "",
        ]
    ),
    st.text(max_size=20),
)
bodies = st.one_of(
    st.binary(max_size=3_000),
    st.builds(
        lambda page, encoding: page.encode(encoding, errors="replace"),
        html_pages(),
        st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "gb18030"]),
    ),
)
XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@settings(max_examples=100, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, charset=charsets, meta=st.booleans(), meta_charset=charsets)
def test_decode_html_always_gives_parseable_text(body, charset, meta, meta_charset) -> None:  # type: ignore[no-untyped-def]
    if meta:
        body = f'<meta charset="{meta_charset}">'.encode("utf-8", "replace") + body
    with time_limit(5):
        html = decode_html(body, f"text/html; charset={charset}")
    assert isinstance(html, str)
    assert not XML_INCOMPATIBLE.search(html)
    if body.isascii() and b"<" in body[:1024]:
        assert "<" in html[:1024]  # no charset may turn an ASCII page into mojibake


@FAST
@given(
    url=st.one_of(
        st.text(max_size=200),
        st.builds(
            lambda host, query: f"https://{host}/berita?{query}#x",
            st.from_regex(r"\A[A-Za-z0-9.-]{1,30}\Z"),
            st.text(max_size=100),
        ),
    )
)
def test_clean_url_answers_or_refuses(url: str) -> None:
    with time_limit(2):
        try:
            cleaned = clean_url(url)
        except InvalidLink:
            return
    try:
        query = urlsplit(cleaned).query
    except ValueError:  # malformed (e.g. "http://[::1"): passed on for the guard, only trimmed
        assert cleaned.strip() == cleaned and cleaned in url
        return
    assert not any(is_tracking_parameter(name) for name, _ in parse_qsl(query))
    assert clean_url(cleaned) == cleaned  # cleaning twice changes nothing


@settings(max_examples=80, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.one_of(html_pages(), st.text(max_size=3_000)))
def test_measure_html_is_quick_and_bounded(html: str) -> None:
    with time_limit(2):
        shape = measure_html(html)
    assert 0 <= shape.depth <= shape.elements <= shape.tags <= html.count("<")
    assert shape.elements <= MAX_ELEMENTS + 1 and shape.depth <= MAX_DEPTH + 1


@settings(max_examples=60, deadline=2_000)
@given(
    body=st.binary(max_size=2_000),
    coding=st.sampled_from(["gzip", "deflate", "x-gzip", "", "identity", "br", "gzip, gzip"]),
    compress=st.booleans(),
    pieces=st.integers(1, 7),
    cap=st.integers(1, 5_000),
)
def test_body_decoder_never_exceeds_its_cap(body, coding, compress, pieces, cap) -> None:  # type: ignore[no-untyped-def]
    if compress and coding in ("gzip", "x-gzip"):
        body = zlib.compress(body, wbits=16 + zlib.MAX_WBITS)
    elif compress and coding == "deflate":
        body = zlib.compress(body)
    try:
        decoder = _BodyDecoder(coding, cap)
        step = max(1, len(body) // pieces)
        out = b"".join(decoder.feed(body[i : i + step]) for i in range(0, len(body), step))
    except TooLarge:
        return
    except FetchError:
        assert coding in ("br", "gzip, gzip") or not compress
        return
    assert len(out) <= cap
