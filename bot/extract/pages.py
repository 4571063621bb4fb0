"""Multi-page articles: find the link to the next page, join the pages (the pipeline fetches).

A link counts as the next page only when it points to the same article (same host, same path
once the page suffix is removed, same query once page parameters are removed) and to page
N + 1. That keeps "Berita selanjutnya" (the next *story*) from being read as page 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

from bot.extract.blocks import clean_space
from bot.extract.html import parse_html
from bot.extract.rules import load_rules
from bot.extract.urls import page_key, page_number
from bot.models import Article

MAX_PAGES = 10
"""The pipeline follows at most this many pages of one article."""

_NEXT_TEXT = re.compile(
    r"^(halaman\s+)?(selanjutnya|berikutnya|next|lanjut|lanjutkan)(\s+(halaman|page|»|›|>))?"
    r"\s*[»›>→]*$|^[»›>→]$|^next\s+page\s*[»›>→]*$",
    re.IGNORECASE,
)
_PAGE_TEXT = re.compile(r"^(halaman|hal\.?|page)?\s*(\d{1,2})$", re.IGNORECASE)


def _absolute(href: str, base: str) -> str:
    parts = urlsplit(urljoin(base, href.strip()))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _base_href(root: HtmlElement, url: str) -> str:
    for href in root.xpath("//base/@href"):
        return urljoin(url, str(href))
    return url


def next_page_url(html: str | HtmlElement, url: str) -> str | None:
    """The next page of the same multi-page article ("Halaman 2", "Selanjutnya", "Next",
    rel=next), or None on the last page, a single-page view (`page=all`) or an unrelated link."""
    if not url:
        return None
    current = page_number(url)
    if current is None:
        return None
    root = parse_html(html) if isinstance(html, str) else html
    base = _base_href(root, url)
    key = page_key(url)
    wanted = current + 1

    def same_article(href: str | None, need_exact: bool) -> str | None:
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            return None
        target = _absolute(href, base)
        if urlsplit(target).scheme not in {"http", "https"} or page_key(target) != key:
            return None
        number = page_number(target)
        if number is None or number <= current or (need_exact and number != wanted):
            return None
        return target

    # 1. rel="next" (link or anchor) and the site's own next-page selectors
    rule = load_rules().rule_for(url)
    explicit = root.xpath("//link[@rel='next']|//a[contains(concat(' ', @rel, ' '), ' next ')]")
    for selector in rule.next_page if rule else ():
        explicit.extend(selector(root))
    for element in explicit:
        target = same_article(element.get("href"), need_exact=False)
        if target:
            return target
    # 2. anchors reading "Selanjutnya"/"Next"/"»" or the next page number
    for anchor in root.iter("a"):
        text = clean_space(anchor.text_content())
        label = text or clean_space(anchor.get("title", "") or anchor.get("aria-label", ""))
        page_text = _PAGE_TEXT.match(label)
        if page_text and int(page_text.group(2)) == wanted:
            target = same_article(anchor.get("href"), need_exact=True)
        elif _NEXT_TEXT.match(label):
            target = same_article(anchor.get("href"), need_exact=False)
        else:
            continue
        if target:
            return target
    return None


def join_pages(pages: Sequence[Article]) -> Article:
    """One article from its pages in order; paragraphs already read on an earlier page
    (a repeated lead, a footer note) are dropped. Metadata comes from the first page."""
    if not pages:
        raise ValueError("join_pages needs at least one page")
    first = pages[0]
    seen: set[str] = set()
    paragraphs: list[str] = []
    for page in pages:
        on_this_page: set[str] = set()
        for paragraph in page.paragraphs:
            key = clean_space(paragraph).casefold()
            if key in seen:
                continue
            on_this_page.add(key)
            paragraphs.append(paragraph)
        seen |= on_this_page
    extractors = list(dict.fromkeys(page.extractor for page in pages if page.extractor))
    return replace(
        first,
        paragraphs=tuple(paragraphs),
        author=first.author or next((page.author for page in pages if page.author), ""),
        published=first.published or next((p.published for p in pages if p.published), None),
        extractor="+".join(extractors),
    )
