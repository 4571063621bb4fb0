"""Title, site name, language, author and publication date from a page's tags (pure).

No clock: dates come only from the page (see dates.py); a date without a time zone is read
as WIB (UTC+7) on Indonesian pages and UTC elsewhere.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timezone

from htmldate import find_date
from lxml.html import HtmlElement

from bot.extract.blocks import clean_space, element_text
from bot.extract.dates import WIB, parse_datetime
from bot.extract.rules import SiteRule, host_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself (before the body is known)."""

    title: str
    site: str
    declared_language: str
    """From <html lang>, content-language or og:locale; "" when the page does not say."""
    author: str
    published: datetime | None
    marked_article: bool
    """The page calls itself an article (og:type, JSON-LD type, article:published_time)."""


def _meta_index(root: HtmlElement) -> dict[str, str]:
    """<meta name|property|itemprop=… content=…> as a dict (first non-empty value per key,
    keys lower-cased); built once per page instead of one XPath per name."""
    index: dict[str, str] = {}
    for element in root.iter("meta"):
        content = clean_space(element.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (element.get(attribute) or "").strip().lower()
            if key and key not in index:
                index[key] = content
    return index


def _meta(index: dict[str, str], *names: str) -> str:
    """First non-empty meta content among `names`."""
    for name in names:
        value = index.get(name.lower())
        if value:
            return value
    return ""


def _json_ld(root: HtmlElement) -> list[dict]:
    """Every JSON-LD object on the page, with @graph members flattened."""
    objects: list[dict] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(item, list):
                stack.extend(item)
    return objects


# --- site name and title --------------------------------------------------------------------


def site_name(index: dict[str, str], url: str, rule: SiteRule | None) -> str:
    """og:site_name, the site rule's name, application-name, or the host ("Example.com")."""
    name = _meta(index, "og:site_name", "application-name", "twitter:site")
    bare_domain = bool(re.fullmatch(r"(https?://)?[a-z0-9.-]+\.[a-z]{2,}/?", name))
    if name and not name.startswith("@") and len(name) <= 60 and not bare_domain:
        return name
    if rule is not None:
        return rule.name
    host = host_of(url)
    return host[:1].upper() + host[1:] if host else ""


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:•·»]+\s+|\s+::\s+|(?<=\w):\s+")


def _clean_title(title: str, site: str, host: str) -> str:
    """Drop the " - Kompas.com" / "| detikNews" parts that name the site, keep the headline."""
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    brand = {site.casefold(), host.casefold(), host.split(".")[0].casefold()}

    def is_site(part: str) -> bool:
        folded = part.casefold().strip()
        return folded in brand or any(
            b and b in folded and len(folded) <= len(b) + 12 for b in brand
        )

    kept = [part for part in parts if not is_site(part)]
    if not kept:
        return title
    if len(kept) == len(parts):
        return title
    return " - ".join(kept).strip()


def page_title(root: HtmlElement, index: dict[str, str], site: str, url: str) -> str:
    """og:title / twitter:title / <title> without the site's name; the first <h1> if none."""
    host = host_of(url)
    for raw in (
        _meta(index, "og:title", "twitter:title"),
        clean_space(root.findtext(".//title") or ""),
    ):
        if raw:
            return _clean_title(raw, site, host)
    for heading in root.iter("h1"):
        text = element_text(heading)
        if text:
            return text
    return ""


# --- language -------------------------------------------------------------------------------


def declared_language(root: HtmlElement, index: dict[str, str]) -> str:
    """Two-letter language the page declares ("in" is the old code for Indonesian)."""
    for raw in (
        root.get("lang", ""),
        root.get("xml:lang", ""),
        _meta(index, "content-language", "language", "dc.language"),
        _meta(index, "og:locale"),
    ):
        code = raw.strip().lower().replace("_", "-").split("-")[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            return "id" if code in {"in", "ind"} else code
    return ""


_ID_WORDS = frozenset(
    "yang dan di ini itu dengan untuk dari tidak akan dalam pada juga ke karena adalah bahwa "
    "mereka kata ada telah sudah atau oleh saat bisa kami kita tersebut sebagai lebih".split()
)
_EN_WORDS = frozenset(
    "the and of to is in that for it with was on are as be by this have from at which but "
    "they has were their been an would will not".split()
)
_WORD = re.compile(r"[a-z]+")


def guess_language(text: str) -> str:
    """ "id" or "en" by counting function words, "" when neither is clearly present."""
    words = _WORD.findall(text[:5000].lower())
    indonesian = sum(word in _ID_WORDS for word in words)
    english = sum(word in _EN_WORDS for word in words)
    if indonesian >= 5 and indonesian >= 2 * english:
        return "id"
    if english >= 5 and english >= 2 * indonesian:
        return "en"
    return ""


def choose_language(declared: str, body_text: str) -> str:
    """The declared language unless the body clearly reads as Indonesian or English.

    Templates often keep lang="en-US" on Indonesian sites; reading Indonesian with an English
    voice is worse than any other mistake here.
    """
    guessed = guess_language(body_text)
    if guessed and declared in {"", "id", "en", "ms"}:
        return guessed
    return declared or guessed or "id"


# --- author ---------------------------------------------------------------------------------

_BYLINE_PREFIX = re.compile(r"^(oleh|by|penulis|reporter|editor|author)\s*:?\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"https?:|www\.|@|\d|\.com|\.co\b|\.(txt|html?|php|info)\b|\b(admin|administrator|redaksi|"
    r"editor|staff|staf|newsroom|unknown|media|cyber|online|network|group|desk|team|tim|portal|"
    r"bureau|biro|press|reuters|antara|afp|wires?|contributor|kontributor)\b",
    re.IGNORECASE,
)


def _clean_author(raw: str, site: str) -> str:
    name = _BYLINE_PREFIX.sub("", clean_space(raw)).strip(" ,;|-")
    if not name or len(name) > 80 or len(name.split()) > 8 or _NOT_A_NAME.search(name):
        return ""
    brand = re.sub(r"\W", "", site.casefold().split(".")[0].split()[0]) if site.strip() else ""
    if brand and brand in re.sub(r"[^\w ]", "", name.casefold()).split():
        return ""  # "Kompas Cyber Media" is the publisher, not the writer
    return name


def page_author(root: HtmlElement, index: dict[str, str], site: str, json_ld: list[dict]) -> str:
    """A clean person's name from meta tags or JSON-LD, or ""."""
    candidates = [
        _meta(
            index,
            "author",
            "article:author",
            "dtk:author",
            "content_author",
            "byl",
            "sailthru.author",
            "parsely-author",
        )
    ]
    for item in json_ld:
        author = item.get("author")
        for entry in author if isinstance(author, list) else [author]:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                candidates.append(entry["name"])
            elif isinstance(entry, str):
                candidates.append(entry)
    for node in root.xpath("//*[@rel='author' or @itemprop='author']"):
        candidates.append(node.get("content") or element_text(node))
    for candidate in candidates:
        name = _clean_author(candidate or "", site)
        if name:
            return name
    return ""


# --- publication date -----------------------------------------------------------------------


def page_published(
    root: HtmlElement, index: dict[str, str], url: str, json_ld: list[dict], zone: timezone
) -> datetime | None:
    """Publication time from meta tags, JSON-LD or <time>, then htmldate's quick search."""
    candidates = [
        _meta(
            index,
            "article:published_time",
            "og:published_time",
            "datePublished",
            "publishdate",
            "pubdate",
            "publish-date",
            "publish_date",
            "dtk:publishdate",
            "content_PublishedDate",
            "article_date_original",
            "date",
            "dc.date.issued",
            "DC.date.issued",
            "sailthru.date",
            "parsely-pub-date",
            "tanggal",
        )
    ]
    for item in json_ld:
        value = item.get("datePublished") or item.get("dateCreated")
        if isinstance(value, str):
            candidates.append(value)
    candidates.extend(str(v) for v in root.xpath("//time[@datetime][1]/@datetime"))
    for candidate in candidates:
        value = parse_datetime(candidate, zone)
        if value is not None:
            return value
    try:
        # fixed bounds keep htmldate from consulting today's date (extraction stays pure)
        found = find_date(
            root,
            extensive_search=False,
            original_date=True,
            url=url or None,
            min_date="1995-01-01",
            max_date="2100-12-31",
        )
    except Exception as exc:  # htmldate is an optional helper: never fail extraction
        logger.warning("htmldate failed: %s", exc)
        return None
    return parse_datetime(found, zone) if found else None


_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenews",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "report",
        "posting",
        "liveblogposting",
    }
)


def marked_as_article(root: HtmlElement, index: dict[str, str], json_ld: list[dict]) -> bool:
    """True when the page's own tags say it is one article (not a front or section page)."""
    if _meta(index, "og:type").lower() in {"article", "news", "news_article"}:
        return True
    if _meta(index, "article:published_time"):
        return True
    for item in json_ld:
        kinds = item.get("@type")
        for kind in kinds if isinstance(kinds, list) else [kinds]:
            if isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES:
                return True
    return any(
        "article" in (value or "").lower() for value in root.xpath("//*[@itemtype]/@itemtype")
    )


def read_meta(root: HtmlElement, url: str, rule: SiteRule | None) -> PageMeta:
    """Everything the page's own tags tell; call before the tree is cleaned."""
    index = _meta_index(root)
    site = site_name(index, url, rule)
    json_ld = _json_ld(root)
    declared = declared_language(root, index)
    indonesian = declared == "id" or host_of(url).endswith(".id") or rule is not None
    return PageMeta(
        title=page_title(root, index, site, url),
        site=site,
        declared_language=declared,
        author=page_author(root, index, site, json_ld),
        published=page_published(root, index, url, json_ld, WIB if indonesian else UTC),
        marked_article=marked_as_article(root, index, json_ld),
    )
