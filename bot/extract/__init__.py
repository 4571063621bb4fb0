"""Article extraction: HTML in, the speakable body and its metadata out (pure: no I/O, no clock).

extract_article(html, url)   → Article (raises NoArticle, GalleryPage, TextTooShort)
single_page_url(url)         → the portal's one-page view of an article (kompas ?page=all)
next_page_url(html, url)     → the next page of a multi-page article, or None
join_pages(pages)            → one Article from its pages, repeats dropped
canonical_url(html, url)     → <link rel=canonical>/og:url when same-site, AMP undone
"""

from bot.extract.body import extract_article
from bot.extract.pages import MAX_PAGES, join_pages, next_page_url
from bot.extract.urls import canonical_url, single_page_url

__all__ = [
    "MAX_PAGES",
    "canonical_url",
    "extract_article",
    "join_pages",
    "next_page_url",
    "single_page_url",
]
