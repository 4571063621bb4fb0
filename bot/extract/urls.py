"""URL helpers for articles: canonical form, single-page variant, page numbers (pure)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

from bot.extract.html import parse_html
from bot.extract.rules import host_of, load_rules

# Second-level labels under which registrations happen (kompas.co.id is not a thing, but
# republika.co.id, bbc.co.uk and folha.com.br are).
_SECOND_LEVEL = frozenset({"co", "com", "or", "ac", "go", "net", "org", "web", "my", "sch", "gov"})

PAGE_PARAMS = ("page", "halaman", "hal", "p", "paged", "pg", "showpage", "pagenum", "pagenumber")
"""Query parameters that number the pages of one article."""

_PAGE_PATH = re.compile(r"(?:/(?:page|halaman|hal)[/-]?(\d{1,2})|/(\d{1,2}))/?$", re.IGNORECASE)
# "judul-berita-2.html": a page number before the file extension
_PAGE_SUFFIX = re.compile(r"-(\d{1,2})(\.(?:html?|php|aspx?|shtml))$", re.IGNORECASE)
# A bare "/2" only numbers pages after an article slug ("/d-7012345/judul-berita/2"), never
# after a short section name ("/news/12" is article 12, not page 12 of /news).
_SLUG = re.compile(r"[a-z].*[-_.].*|.*[-_.].*[a-z]", re.IGNORECASE)
_AMP_PATH = re.compile(r"/amp/?$|/amp(?=/)", re.IGNORECASE)
_AMP_PARAMS = frozenset({"amp", "outputtype", "_amp", "amp_js_v", "usqp"})


def site_of(url: str) -> str:
    """The registrable domain: "nasional.kompas.com" → "kompas.com", "x.republika.co.id" →
    "republika.co.id"."""
    host = host_of(url)
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(url: str, other: str) -> bool:
    """True when both URLs are http(s) on the same registrable domain."""
    return (
        urlsplit(url).scheme in {"http", "https"}
        and urlsplit(other).scheme in {"http", "https"}
        and bool(site_of(url))
        and site_of(url) == site_of(other)
    )


def _link_value(root: HtmlElement, xpath: str) -> str:
    for value in root.xpath(xpath):
        value = str(value).strip()
        if value:
            return value
    return ""


def canonical_url(html: str | HtmlElement, url: str) -> str:
    """`<link rel=canonical>` or og:url when it is a same-site http(s) URL, AMP mapped back to
    the original when detectable, else `url`."""
    root = parse_html(html) if isinstance(html, str) else html
    for xpath in (
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href",
        "//meta[@property='og:url']/@content",
    ):
        candidate = _link_value(root, xpath)
        if not candidate:
            continue
        candidate = urljoin(url, candidate) if url else candidate
        if not url or same_site(candidate, url):
            return _strip_amp(candidate) if urlsplit(candidate).scheme in {"http", "https"} else url
    return _strip_amp(url) if url else url


def _strip_amp(url: str) -> str:
    """Remove AMP markers we can undo without guessing: "/amp" path suffix, "?amp=1"."""
    parts = urlsplit(url)
    path = _AMP_PATH.sub("", parts.path) or "/"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in _AMP_PARAMS
    ]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), parts.fragment))


def single_page_url(url: str) -> str:
    """The single-page variant of `url` from the site table (kompas `?page=all`), else `url`."""
    rule = load_rules().rule_for(url)
    if rule is None or not rule.single_page:
        return url
    parts = urlsplit(url)
    wanted = dict(rule.single_page)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in wanted and key.lower() not in PAGE_PARAMS
    ]
    query.extend(wanted.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _split_page_path(path: str) -> tuple[str, int | None]:
    suffix = _PAGE_SUFFIX.search(path)
    if suffix and int(suffix.group(1)) >= 2:
        return path[: suffix.start()] + suffix.group(2), int(suffix.group(1))
    match = _PAGE_PATH.search(path)
    if not match:
        return path.rstrip("/"), None
    base = path[: match.start()].rstrip("/")
    if match.group(2) is not None:
        last = base.rsplit("/", 1)[-1]
        if len(last) < 8 or not _SLUG.fullmatch(last):
            return path.rstrip("/"), None
    return base, int(match.group(1) or match.group(2))


def page_key(url: str) -> tuple[str, str, str]:
    """What stays the same across the pages of one article: host, path without the page
    suffix, query without page parameters."""
    parts = urlsplit(url)
    path, _ = _split_page_path(parts.path)
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in PAGE_PARAMS
    )
    return host_of(url), path, urlencode(query)


def page_number(url: str) -> int | None:
    """The page this URL shows: 1 when unnumbered, None for "all pages" (page=all)."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in PAGE_PARAMS:
            if value.isdigit():
                return int(value)
            if value.lower() in {"all", "semua", "full"}:
                return None
    _, number = _split_page_path(parts.path)
    return number if number is not None else 1
