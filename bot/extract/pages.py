"""Multi-page articles: find the link to the next page or to the one-page view, check that a
later page is the same story, join the pages (the pipeline fetches).

A link counts as the next page only when it points to the same article (same host, same path
once the page suffix is removed — "?page=2", "?p=2", "/2", "/halaman-2", "-2.html" — same
query once page parameters are removed) and to page N + 1, or is a rel=next link on the same
host to a later page number. That keeps "Berita selanjutnya" (the next *story*) from being
read as page 2; `same_story` (title match) guards whatever gets through.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

from bot.extract.blocks import clean_space
from bot.extract.html import parse_html
from bot.extract.rules import host_of, load_rules
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
        target = same_article(element.get("href"), need_exact=False) or _explicit_next(
            element.get("href"), base, url, current
        )
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


def _explicit_next(href: str | None, base: str, url: str, current: int) -> str | None:
    """A rel=next target on the same host whose URL numbers a later page, even in another
    form than this page's ("/read/123/judul" → "/read/123?page=2"); the pipeline still checks
    that its title matches (same_story)."""
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    target = _absolute(href, base)
    if urlsplit(target).scheme not in {"http", "https"} or host_of(target) != host_of(url):
        return None
    number = page_number(target)
    return target if number is not None and number > current else None


_SINGLE_TEXT = re.compile(
    r"^((tampilkan|lihat|baca)\s+(semua|seluruh)(\s+halaman)?|(baca|lihat|tampilkan)\s+"
    r"(dalam|di)\s+satu\s+halaman|satu halaman|single page|view (as )?single page|view all|"
    r"show all( pages)?|read (the )?(full|whole) (story|article) on one page)\s*[»›>]*$",
    re.IGNORECASE,
)
_SINGLE_QUERY = re.compile(
    r"(^|&)(page|halaman|hal|p)=(all|semua|full)(&|$)|(^|&)(single|showall|all|full)=(1|true|yes)"
    r"(&|$)",
    re.IGNORECASE,
)


_VIEW_PARAMS = frozenset({"single", "showall", "all", "full", "view"})


def _without_view_params(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in _VIEW_PARAMS
    ]
    return page_key(urlunsplit(parts._replace(query=urlencode(query))))


def single_page_link(html: str | HtmlElement, url: str) -> str | None:
    """The article's own one-page view when the page links to it ("Tampilkan semua halaman",
    "Baca dalam satu halaman", "View all", `?page=all`, `?single=1`), same article only."""
    if not url or page_number(url) is None:
        return None
    root = parse_html(html) if isinstance(html, str) else html
    base = _base_href(root, url)
    key = page_key(url)
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        target = _absolute(href, base)
        if _without_view_params(target) != key or target == url:
            continue
        label = clean_space(anchor.text_content()) or clean_space(anchor.get("title", ""))
        if _SINGLE_TEXT.match(label) or _SINGLE_QUERY.search(urlsplit(target).query):
            return target
    return None


TITLE_MIN_OVERLAP = 0.6
"""Later pages must share this share of the first page's title words (page markers removed)."""

_PAGE_MARK = re.compile(
    r"\b(halaman|hal\.?|page|bagian|part)\s*\d+(\s*(dari|of|/)\s*\d+)?|\(\d+\)|[-|:]\s*\d+\s*$",
    re.IGNORECASE,
)
_TITLE_WORD = re.compile(r"\w+")


def _title_words(title: str) -> set[str]:
    return set(_TITLE_WORD.findall(_PAGE_MARK.sub(" ", title).casefold()))


def same_story(first: Article, later: Article) -> bool:
    """The guard on every later page: its title matches the first page's (page markers such
    as "Halaman 2" ignored), or, without a title, it repeats a paragraph of the first page."""
    mine, theirs = _title_words(first.title), _title_words(later.title)
    if mine and theirs:
        return len(mine & theirs) >= TITLE_MIN_OVERLAP * min(len(mine), len(theirs))
    seen = {clean_space(paragraph).casefold() for paragraph in first.paragraphs}
    return any(clean_space(paragraph).casefold() in seen for paragraph in later.paragraphs)


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
