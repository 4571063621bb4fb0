"""Article extraction: HTML in, the speakable body and its metadata out (pure: no I/O, no clock).

extract_article(html, url)   → Article (raises NoArticle, GalleryPage, TextTooShort)
single_page_url(url)         → the portal's one-page view of an article (kompas ?page=all)
next_page_url(html, url)     → the next page of a multi-page article, or None
join_pages(pages)            → one Article from its pages, repeats dropped
same_story(first, later)     → a later page's title matches the first's (pagination guard)
single_page_link(html, url)  → the page's own link to its one-page view, or None
canonical_url(html, url)     → <link rel=canonical>/og:url when same-site, AMP undone
extract_readable(html, url)  → extract_article, with paywall/login pages raised as Paywall
"""

from bot.errors import ExtractionError
from bot.extract.body import extract_article
from bot.extract.pages import MAX_PAGES, join_pages, next_page_url, same_story, single_page_link
from bot.extract.paywall import check_paywall
from bot.extract.urls import canonical_url, single_page_url
from bot.models import Article

__all__ = [
    "MAX_PAGES",
    "canonical_url",
    "extract_article",
    "extract_readable",
    "join_pages",
    "next_page_url",
    "same_story",
    "single_page_link",
    "single_page_url",
]


def extract_readable(html: str, url: str = "") -> Article:
    """`extract_article`, with a paywall or login page named as such instead of 'no article'."""
    try:
        article = extract_article(html, url)
    except ExtractionError as exc:
        check_paywall(html, None, exc)
        raise
    check_paywall(html, article, None)
    return article
